/**
 * Message templates in zh-CN and en; the recipient's locale (their user account's, else the
 * directory's) picks the language. `{{name}}` placeholders are filled from the variables.
 */
export type Locale = 'zh-CN' | 'en';

export type NotificationKind =
  | 'task.assigned'
  | 'task.reminder'
  | 'task.escalated'
  | 'task.reassigned'
  | 'approval.requested'
  | 'approval.escalated'
  | 'objection.filed'
  | 'objection.answered'
  | 'digest';

interface Text {
  title: string;
  body: string;
}

export const TEMPLATES: Record<NotificationKind, Record<Locale, Text>> = {
  'task.assigned': {
    'zh-CN': { title: '新任务:{{title}}', body: '你有一项新任务「{{title}}」,截止 {{due}}。请在 Coachflow 收件箱中处理。' },
    en: { title: 'New task: {{title}}', body: 'You have a new task "{{title}}", due {{due}}. Open your Coachflow inbox to work on it.' },
  },
  'task.reminder': {
    'zh-CN': { title: '任务即将到期:{{title}}', body: '任务「{{title}}」将于 {{due}} 到期,请尽快完成。' },
    en: { title: 'Task due soon: {{title}}', body: 'The task "{{title}}" is due {{due}}. Please complete it soon.' },
  },
  'task.escalated': {
    'zh-CN': { title: '任务已逾期并升级:{{title}}', body: '{{assignee}} 的任务「{{title}}」已于 {{due}} 逾期,现升级给你({{level}} 级)。你可以在收件箱中跟进、转派或代为完成。' },
    en: { title: 'Overdue task escalated: {{title}}', body: 'The task "{{title}}" of {{assignee}} was due {{due}} and is escalated to you (level {{level}}). You can follow up, reassign or complete it from your inbox.' },
  },
  'task.reassigned': {
    'zh-CN': { title: '任务已转派给你:{{title}}', body: '{{by}} 将任务「{{title}}」转派给你。原因:{{reason}}' },
    en: { title: 'Task reassigned to you: {{title}}', body: '{{by}} reassigned the task "{{title}}" to you. Reason: {{reason}}' },
  },
  'approval.requested': {
    'zh-CN': { title: '待你审批:{{title}}', body: '审批「{{title}}」等待你的决定{{sla}}。请登录 Coachflow 审批(打开链接不会做出任何决定)。' },
    en: { title: 'Approval needed: {{title}}', body: 'The approval "{{title}}" waits for your decision{{sla}}. Sign in to Coachflow to decide (opening a link never decides anything).' },
  },
  'approval.escalated': {
    'zh-CN': { title: '审批超时升级:{{title}}', body: '审批「{{title}}」已超过 SLA,{{approver}} 尚未决定,现升级给你。你可以代为审批。' },
    en: { title: 'Approval escalated: {{title}}', body: 'The approval "{{title}}" passed its SLA without a decision from {{approver}} and is escalated to you. You may decide on their behalf.' },
  },
  'objection.filed': {
    'zh-CN': { title: '员工异议:{{employee}}', body: '{{employee}} 对「{{subject}}」提出了{{kind}}:{{text}}' },
    en: { title: 'Employee objection: {{employee}}', body: '{{employee}} filed a {{kind}} about "{{subject}}": {{text}}' },
  },
  'objection.answered': {
    'zh-CN': { title: '你的{{kind}}已有答复', body: 'HRBP 答复了你关于「{{subject}}」的{{kind}}:{{response}}' },
    en: { title: 'Your {{kind}} was answered', body: 'Your HRBP answered your {{kind}} about "{{subject}}": {{response}}' },
  },
  digest: {
    'zh-CN': { title: '战略执行偏差摘要({{period}})', body: '{{summary}}' },
    en: { title: 'Strategy drift digest ({{period}})', body: '{{summary}}' },
  },
};

/** Words used inside variables, per locale. */
export const WORDS: Record<Locale, Record<string, string>> = {
  'zh-CN': { objection: '异议', comment: '评论', noDue: '无截止日期', slaPrefix: ',SLA 截止 ', mailFooter: '—— 本邮件由 Coachflow 自动发送。', noDrift: '本期没有战略偏差信号。' },
  en: { objection: 'objection', comment: 'comment', noDue: 'no due date', slaPrefix: ', SLA until ', mailFooter: '— Sent automatically by Coachflow.', noDrift: 'No strategy-drift signals in this period.' },
};

export function localeOf(value: unknown): Locale {
  return value === 'en' || (typeof value === 'string' && value.toLowerCase().startsWith('en')) ? 'en' : 'zh-CN';
}

export function fill(template: string, vars: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, k: string) => (vars[k] === undefined || vars[k] === null ? '' : String(vars[k])));
}

export function render(kind: NotificationKind, locale: Locale, vars: Record<string, unknown>): Text {
  const t = TEMPLATES[kind][locale];
  return { title: fill(t.title, vars).slice(0, 500), body: fill(t.body, vars) };
}

/** A date for people, in their locale (UTC, minutes). */
export function formatDate(ms: number | null, locale: Locale): string {
  if (ms === null || !Number.isFinite(ms)) return WORDS[locale].noDue as string;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
