/**
 * Demo coaching records (GROW, 5R, BEST, quick review) with answers in the field's vocabulary,
 * conclusions (training, rotation, PIP, promotion, follow-ups) and obstacle themes. Plants the
 * drift signal: records in East China about objective 1 keep citing 资源不足 (resource shortage).
 */
import type { FormTemplate } from '@coachflow/model';
import type { CoachingConclusions, CoachingRecord, ObstacleTheme } from '../coaching-record.js';
import type { Employee, Org } from '../org.js';
import { addPeriods, periodStartDate } from '../period.js';
import type { Rng } from './prng.js';

const ANSWERS: Record<FormTemplate, Record<string, string[]>> = {
  GROW: {
    goal: ['本季度把大客户成交数从1个提升到3个', '下个月新客户拜访转化率提升到25%', '把平均工单解决时长降到12小时以内', '按时交付率回到90%以上', '两个月内独立负责一个重点客户'],
    reality: ['初次接触后很难推进到深度需求沟通', '拜访次数不少,但转化率比团队平均略低', '每天被临时需求打断,专注时间不足2小时', '对新产品线还不熟悉,回答客户问题需要反复确认'],
    options: ['提前做有针对性的行业洞察报告', '邀请产品同事一起参与客户会议,增强专业度', '每次拜访前在系统里列3个关键问题', '和资深同事做一次模拟拜访演练'],
    will: ['先挑两个重点客户,下周前做出简版行业洞察报告', '本周先试一次拜访前提纲,下周一起看效果', '从明天起每天上午留出2小时专注时间'],
  },
  '5R': {
    result: ['下个月新客户拜访转化率从15%提高到25%左右', '季度内续约3家流失预警客户', '迭代交付延期次数降到每月1次以内'],
    resource: ['参加“高效销售沟通”内部课程;下周与资深同事做1次模拟拜访演练', '需要售前工程师支持两次方案讲解', '申请测试环境资源,提前做联调'],
    responsible: ['员工负责制定拜访前提纲并在系统中记录;经理负责安排课程名额和陪练', '员工主责,客户成功经理协助'],
    review: [],
    risk: ['拜访准备时间被其他紧急任务挤占;提前在系统里标记冲突任务,由经理协调优先级', '客户预算冻结导致推迟签约;准备分阶段方案'],
  },
  BEST: {
    behaviour: ['过去两周,有3次项目里交付比原计划晚了1天', '最近4周的周报有2次没有按时提交', '上周客户会议上没有回应客户提出的价格异议'],
    effect: ['团队后续测试环节被压缩,大家加班去补进度', '管理层无法及时掌握项目风险', '客户对方案的信心下降'],
    seek: ['你自己怎么看这几次延迟?当时遇到了什么情况?', '你觉得主要原因可能是什么?'],
    target: ['一起想想有什么办法能更早识别风险', '下次会议前先准备好价格异议的应对要点'],
  },
  QUICK_REVIEW: {
    wentWell: ['完成了两个重点客户的方案汇报;主动梳理了风险清单;帮助新人熟悉流程', '工单积压清零,客户满意度回升'],
    toImprove: ['关键障碍是跨部门排期冲突,尝试过提前一周预约但效果有限', '客户异议处理还不够自信'],
    nextStep: ['接下来两周优先改善拜访后的当天复盘', '先把需求评审提前到迭代开始前'],
  },
};

const RESOURCE_SHORTAGE_REALITY = ['华东区售前资源不足,重点客户方案排不上', '资源不足:重点客户联合服务小组一直没人牵头', '预算和人手都不够,重点客户只能轮流跟进'];
const COMPETENCIES = ['客户异议处理 Customer objection handling', '大客户谈判 Key-account negotiation', '项目管理 Project management', '数据分析 Data analysis', '跨部门沟通 Cross-team communication'];
const BACKGROUND_THEMES: ObstacleTheme[] = ['skill_gap', 'priority_conflict', 'cross_team_collaboration', 'process_constraint', 'unclear_goal'];

function dateIn(rng: Rng, week: string): string {
  const start = Date.parse(`${periodStartDate(week)}T00:00:00Z`);
  return new Date(start + rng.int(0, 4) * 86_400_000).toISOString().slice(0, 10);
}
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function answers(rng: Rng, template: FormTemplate, date: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, pool] of Object.entries(ANSWERS[template])) out[key] = key === 'review' ? plusDays(date, 14) : rng.pick(pool);
  return out;
}

function conclusions(rng: Rng, e: Employee, date: string, template: FormTemplate): CoachingConclusions {
  const c: CoachingConclusions = {};
  if (rng.chance(0.3)) c.training = { competency: rng.pick(COMPETENCIES) };
  if (rng.chance(0.08)) c.rotation = { suggested: true, reason: '拓展客户视角,建议轮岗到客户成功部锻炼' };
  if (template === 'BEST' && rng.chance(0.15)) c.pip = { enter: true, reason: '连续多周关键指标低于预期区间,已两次辅导未改善' };
  if (rng.chance(0.05)) c.promotionAssessment = true;
  const n = rng.int(1, 3);
  const actions = ['本周先挑一个客户按新方法拜访一次', '下次一对一前整理数据变化', '与资深同事完成一次模拟演练'];
  c.followUps = Array.from({ length: n }, (_, i) => ({
    action: actions[i] ?? '跟进',
    ownerId: i === 1 && e.managerId ? e.managerId : e.id,
    dueDate: plusDays(date, i === 0 ? rng.int(2, 7) : rng.int(8, 21)),
  }));
  return c;
}

/** Generates the coaching records (about 0.6 per employee) over `weeks` weeks ending at `endWeek`. */
export function generateCoachingRecords(rng: Rng, org: Org, weeks: number, endWeek: string): CoachingRecord[] {
  const startWeek = addPeriods(endWeek, -(weeks - 1));
  const members = org.employees.filter((e) => e.roles.length === 1 && e.managerId && e.departmentId);
  const templates: FormTemplate[] = ['GROW', 'GROW', '5R', 'BEST', 'QUICK_REVIEW', 'QUICK_REVIEW'];
  const records: CoachingRecord[] = [];
  const objectiveFor = (e: Employee): string | undefined =>
    e.jobFamily === 'customer_success' && rng.chance(0.3) ? 'OBJ-2' : e.jobFamily === 'engineering' && rng.chance(0.3) ? 'OBJ-3' : undefined;
  const push = (e: Employee, week: string, template: FormTemplate, themes: ObstacleTheme[], objectiveId: string | undefined, data?: Record<string, string>) => {
    const date = dateIn(rng, week);
    records.push({
      id: '',
      template,
      employeeId: e.id,
      managerId: e.managerId as string,
      date,
      region: e.region,
      departmentId: e.departmentId as string,
      ...(objectiveId ? { objectiveId } : {}),
      data: { ...answers(rng, template, date), ...data },
      conclusions: conclusions(rng, e, date, template),
      obstacleThemes: themes,
    });
  };

  const count = Math.round(org.employees.length * 0.6);
  for (let i = 0; i < count; i++) {
    const e = rng.pick(members);
    const themes = rng.chance(0.5) ? [rng.pick(BACKGROUND_THEMES)] : [];
    push(e, addPeriods(startWeek, rng.int(0, weeks - 1)), rng.pick(templates), themes, objectiveFor(e));
  }
  // The drift signal: East China sales/CS coaching in the last 8 weeks keeps citing resource shortage.
  const east = members.filter((e) => e.region === 'east_china' && (e.jobFamily === 'sales' || e.jobFamily === 'customer_success'));
  for (let i = 0; i < 9 && east.length > 0; i++) {
    const e = rng.pick(east);
    const themes: ObstacleTheme[] = i % 3 === 0 ? ['resource_shortage', 'process_constraint'] : ['resource_shortage'];
    push(e, addPeriods(endWeek, -rng.int(0, Math.min(7, weeks - 1))), 'GROW', themes, 'OBJ-1', { reality: rng.pick(RESOURCE_SHORTAGE_REALITY) });
  }
  records.sort((a, b) => a.date.localeCompare(b.date) || a.employeeId.localeCompare(b.employeeId));
  records.forEach((r, i) => {
    r.id = `CR${String(i + 1).padStart(4, '0')}`;
  });
  return records;
}
