/**
 * Coaching record templates (GROW, 5R, BEST, quick review) with bilingual labels and the guiding
 * prompts of the field material, plus the conclusion fields every record shares (training, rotation,
 * PIP, promotion assessment, up to three follow-up actions). The task form renders from this; the
 * coaching-record API validates with {@link validateCoachingForm}.
 */
import type { FormTemplate } from '@coachflow/model';

/** zh-CN and English text. */
export interface BilingualText {
  'zh-CN': string;
  en: string;
}

/** Input type of a form field. */
export type CoachingFieldType = 'textarea' | 'text' | 'date' | 'employee' | 'boolean' | 'training' | 'rotation' | 'pip' | 'followUps';

/** One field of a template or of the shared conclusions. */
export interface CoachingFieldDef {
  key: string;
  type: CoachingFieldType;
  required: boolean;
  label: BilingualText;
  /** Guiding question shown to the manager. */
  prompt: BilingualText;
  maxLength?: number;
}

/** A coaching template. */
export interface CoachingTemplateDef {
  id: FormTemplate;
  name: BilingualText;
  description: BilingualText;
  fields: CoachingFieldDef[];
  /** Shared conclusion fields, stored under `conclusions` in the form data. */
  conclusionFields: CoachingFieldDef[];
}

const text = (key: string, zh: string, en: string, pZh: string, pEn: string, required = true): CoachingFieldDef => ({
  key,
  type: 'textarea',
  required,
  label: { 'zh-CN': zh, en },
  prompt: { 'zh-CN': pZh, en: pEn },
  maxLength: 4000,
});

/** Most follow-up actions per record ("每次对话的行动计划不宜超过3条"). */
export const MAX_FOLLOW_UPS = 3;

/** Conclusion fields shared by all templates; these are what start follow-up workflows. */
export const CONCLUSION_FIELDS: CoachingFieldDef[] = [
  {
    key: 'training',
    type: 'training',
    required: false,
    label: { 'zh-CN': '安排专项培训', en: 'Arrange training' },
    prompt: { 'zh-CN': '需要提升的能力项是什么?(如:客户异议处理)', en: 'Which competency should the training build? (e.g. customer objection handling)' },
  },
  {
    key: 'rotation',
    type: 'rotation',
    required: false,
    label: { 'zh-CN': '建议轮岗锻炼', en: 'Suggest rotation' },
    prompt: { 'zh-CN': '轮岗的方向和理由是什么?', en: 'Towards which role, and why?' },
  },
  {
    key: 'pip',
    type: 'pip',
    required: false,
    label: { 'zh-CN': '进入绩效改进计划(PIP)', en: 'Enter performance improvement plan (PIP)' },
    prompt: { 'zh-CN': '进入PIP的依据(需附事实与数据)', en: 'Reason for the PIP (with facts and data)' },
  },
  {
    key: 'promotionAssessment',
    type: 'boolean',
    required: false,
    label: { 'zh-CN': '准备晋升评估', en: 'Prepare promotion assessment' },
    prompt: { 'zh-CN': '是否发起晋升评估?', en: 'Start a promotion assessment?' },
  },
  {
    key: 'followUps',
    type: 'followUps',
    required: false,
    label: { 'zh-CN': '行动计划', en: 'Follow-up actions' },
    prompt: {
      'zh-CN': '不超过3条,每条写明责任人和完成日期;至少1条是本周可以完成的微行动。',
      en: 'At most 3, each with an owner and a due date; at least one micro-action doable within a week.',
    },
  },
];

/** The four templates, keyed by id. */
export const COACHING_TEMPLATES: Record<FormTemplate, CoachingTemplateDef> = {
  GROW: {
    id: 'GROW',
    name: { 'zh-CN': 'GROW 教练对话', en: 'GROW coaching conversation' },
    description: { 'zh-CN': '目标–现状–方案–行动意愿:通过提问让员工自己找到答案。', en: 'Goal – Reality – Options – Will: questions that let the employee find the answer.' },
    fields: [
      text('goal', '目标', 'Goal', '你想达成什么?如果只看下一个月,你最想在这个目标上看到什么变化?', 'What do you want to achieve? Looking at the next month only, what change do you most want to see?'),
      text('reality', '现状', 'Reality', '现在实际情况怎样?阻碍你的主要难点是什么?', 'Where are you now? What is the main obstacle?'),
      text('options', '方案', 'Options', '你有哪些可能的做法?如果不考虑现实限制,你能想到哪些办法?', 'What could you do? Without constraints, which options do you see?'),
      text('will', '行动意愿', 'Will', '你愿意先从哪一步开始?准备什么时候开始?', 'Which step will you take first, and when?'),
    ],
    conclusionFields: CONCLUSION_FIELDS,
  },
  '5R': {
    id: '5R',
    name: { 'zh-CN': '5R 行动模板', en: '5R action plan' },
    description: { 'zh-CN': '固化“对话的最后5分钟”:成果、资源、责任人、复盘节点、风险。', en: 'The last five minutes of a conversation: result, resources, owner, review, risk.' },
    fields: [
      text('result', '目标成果', 'Result', '要看到什么具体结果?', 'What concrete result should we see?'),
      text('resource', '关键资源', 'Resource', '需要什么支持?', 'What support is needed?'),
      text('responsible', '责任人', 'Responsible', '谁主责,谁协助?', 'Who owns it, who helps?'),
      {
        key: 'review',
        type: 'date',
        required: true,
        label: { 'zh-CN': '复盘时间', en: 'Review date' },
        prompt: { 'zh-CN': '什么时候一起看看进展?', en: 'When do we look at progress together?' },
      },
      text('risk', '主要风险与预案', 'Risk', '可能的阻碍是什么?准备怎样应对?', 'What could get in the way, and how will we respond?'),
    ],
    conclusionFields: CONCLUSION_FIELDS,
  },
  BEST: {
    id: 'BEST',
    name: { 'zh-CN': 'BEST 反馈', en: 'BEST feedback' },
    description: { 'zh-CN': '描述行为–说明影响–征求看法–商定未来,结合数据减少防御。', en: 'Behaviour – Effect – Seek – Target, with data, to reduce defensiveness.' },
    fields: [
      text('behaviour', '行为', 'Behaviour', '描述可观察的行为(引用一到两个具体事实)', 'Describe the observable behaviour (one or two concrete facts)'),
      text('effect', '影响', 'Effect', '这一行为带来了什么影响?', 'What effect did the behaviour have?'),
      text('seek', '征询', 'Seek', '你自己怎么看?当时遇到了什么情况?', 'How do you see it? What happened at the time?'),
      text('target', '目标', 'Target', '我们一起想想,未来怎样改进?', 'Together: how do we improve from here?'),
    ],
    conclusionFields: CONCLUSION_FIELDS,
  },
  QUICK_REVIEW: {
    id: 'QUICK_REVIEW',
    name: { 'zh-CN': '快闪复盘(三问)', en: 'Quick review (three questions)' },
    description: { 'zh-CN': '每月15–20分钟的一对一快闪复盘。', en: 'A monthly 15–20 minute one-to-one review.' },
    fields: [
      text('wentWell', '做得好的', 'What went well', '这段时间你最满意的三件事是什么?', 'Which three things are you most satisfied with?'),
      text('toImprove', '需改进的', 'To improve', '你遇到的一个关键障碍是什么?你自己尝试过哪些解决办法?', 'What was one key obstacle, and what did you try?'),
      text('nextStep', '下一步', 'Next step', '接下来两周,你最想优先改善的一点是什么?', 'What one thing do you want to improve first in the next two weeks?'),
    ],
    conclusionFields: CONCLUSION_FIELDS,
  },
};

/** One validation finding; `warning`s are recommendations and do not block saving. */
export interface CoachingFormIssue {
  field: string;
  code: 'required' | 'too_long' | 'invalid_type' | 'invalid_date' | 'unknown_field' | 'too_many_follow_ups' | 'no_action_within_week';
  message: string;
  severity: 'error' | 'warning';
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar date `YYYY-MM-DD` (2026-02-31 and 2026-13-01 are not). */
export function isCalendarDate(v: unknown): v is string {
  if (typeof v !== 'string' || !DATE_RE.test(v)) return false;
  const ms = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v;
}
const isDate = isCalendarDate;
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates coaching form data: template fields at the top level, conclusions under `conclusions`,
 * and an optional `date` (the conversation date, `YYYY-MM-DD`) used to check that at least one
 * follow-up is due within 7 days (a warning, as the form recommends).
 * @returns the issues; empty when valid. Errors block saving, warnings do not.
 */
export function validateCoachingForm(template: CoachingTemplateDef | FormTemplate, data: Record<string, unknown>): CoachingFormIssue[] {
  const def = typeof template === 'string' ? COACHING_TEMPLATES[template] : template;
  const issues: CoachingFormIssue[] = [];
  const err = (field: string, code: CoachingFormIssue['code'], message: string, severity: 'error' | 'warning' = 'error') =>
    issues.push({ field, code, message, severity });
  const known = new Set([...def.fields.map((f) => f.key), 'conclusions', 'date']);
  for (const key of Object.keys(data)) if (!known.has(key)) err(key, 'unknown_field', `unknown field for ${def.id}`);

  for (const f of def.fields) {
    const v = data[f.key];
    if (v === undefined || v === null || v === '') {
      if (f.required) err(f.key, 'required', `${f.label.en} is required`);
      continue;
    }
    if (f.type === 'date') {
      if (!isDate(v)) err(f.key, 'invalid_date', `${f.label.en} must be a date (YYYY-MM-DD)`);
    } else if (typeof v !== 'string') {
      err(f.key, 'invalid_type', `${f.label.en} must be text`);
    } else if (!isText(v) && f.required) {
      err(f.key, 'required', `${f.label.en} is required`);
    } else if (f.maxLength !== undefined && v.length > f.maxLength) {
      err(f.key, 'too_long', `${f.label.en} is longer than ${f.maxLength} characters`);
    }
  }
  if (data.date !== undefined && !isDate(data.date)) err('date', 'invalid_date', 'date must be YYYY-MM-DD');

  const c = data.conclusions;
  if (c === undefined) return issues;
  if (!isObject(c)) {
    err('conclusions', 'invalid_type', 'conclusions must be an object');
    return issues;
  }
  const conclusionKeys = new Set(CONCLUSION_FIELDS.map((f) => f.key));
  for (const key of Object.keys(c)) if (!conclusionKeys.has(key)) err(`conclusions.${key}`, 'unknown_field', 'unknown conclusion');
  if (c.training !== undefined && c.training !== null && !(isObject(c.training) && isText(c.training.competency))) {
    err('conclusions.training.competency', 'required', 'training needs a competency');
  }
  if (c.rotation !== undefined && c.rotation !== null) {
    if (!isObject(c.rotation) || typeof c.rotation.suggested !== 'boolean') err('conclusions.rotation', 'invalid_type', 'rotation needs suggested: boolean');
    else if (c.rotation.suggested && !isText(c.rotation.reason)) err('conclusions.rotation.reason', 'required', 'a rotation suggestion needs a reason');
  }
  if (c.pip !== undefined && c.pip !== null) {
    if (!isObject(c.pip) || typeof c.pip.enter !== 'boolean') err('conclusions.pip', 'invalid_type', 'pip needs enter: boolean');
    else if (c.pip.enter && !isText(c.pip.reason)) err('conclusions.pip.reason', 'required', 'entering a PIP needs a reason with facts');
  }
  if (c.promotionAssessment !== undefined && typeof c.promotionAssessment !== 'boolean') {
    err('conclusions.promotionAssessment', 'invalid_type', 'promotionAssessment must be a boolean');
  }
  if (c.followUps !== undefined) {
    if (!Array.isArray(c.followUps)) {
      err('conclusions.followUps', 'invalid_type', 'followUps must be a list');
      return issues;
    }
    if (c.followUps.length > MAX_FOLLOW_UPS) err('conclusions.followUps', 'too_many_follow_ups', `at most ${MAX_FOLLOW_UPS} follow-up actions`);
    c.followUps.forEach((a: unknown, i) => {
      const at = `conclusions.followUps[${i}]`;
      if (!isObject(a)) return err(at, 'invalid_type', 'a follow-up must be an object');
      if (!isText(a.action)) err(`${at}.action`, 'required', 'action is required');
      if (!isText(a.ownerId)) err(`${at}.ownerId`, 'required', 'owner is required');
      if (!isDate(a.dueDate)) err(`${at}.dueDate`, a.dueDate === undefined ? 'required' : 'invalid_date', 'due date (YYYY-MM-DD) is required');
    });
    if (isDate(data.date) && c.followUps.length > 0) {
      const start = Date.parse(`${data.date}T00:00:00Z`);
      const soon = c.followUps.some((a: unknown) => isObject(a) && isDate(a.dueDate) && Date.parse(`${a.dueDate}T00:00:00Z`) - start <= 7 * 86_400_000);
      if (!soon) err('conclusions.followUps', 'no_action_within_week', 'recommended: one micro-action due within a week', 'warning');
    }
  }
  return issues;
}
