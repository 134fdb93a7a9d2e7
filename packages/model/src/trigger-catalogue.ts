/**
 * The trigger catalogue: every event type with its display texts, payload schema and an example.
 * Payloads about one employee carry `employeeId`; the engine resolves `employee`, `manager` and
 * `org` from the directory with it. Payloads carry their evidence (readings, history, decisions).
 */
import type { TriggerInfo, TriggerType } from './triggers.js';
import type { PayloadSpec } from './trigger-payloads/payload.types.js';
import { GOAL_AT_RISK, KPI_DEVIATION } from './trigger-payloads/performance.payloads.js';
import { COACHING_RECORDED, PIP_ENTERED, PIP_EXITED, ROTATION_SUGGESTED, TRAINING_REQUESTED } from './trigger-payloads/coaching.payloads.js';
import { APPROVAL_DECIDED, SCHEDULE, STRATEGY_DRIFT, TASK_COMPLETED, WEBHOOK } from './trigger-payloads/system.payloads.js';

function info(type: TriggerType, zh: [string, string], en: [string, string], spec: PayloadSpec): TriggerInfo {
  return {
    type,
    displayName: { 'zh-CN': zh[0], en: en[0] },
    description: { 'zh-CN': zh[1], en: en[1] },
    payload: spec.payload,
    example: spec.example,
  };
}

/** Every trigger type, keyed by type. */
export const TRIGGER_CATALOGUE: Record<TriggerType, TriggerInfo> = {
  'kpi.deviation': info(
    'kpi.deviation',
    ['KPI 偏离预期区间', '关键指标读数超出预期区间，附当前连续偏离周期数及其读数'],
    ['KPI off its expected range', 'A KPI reading is outside its expected range, with the current streak and its readings'],
    KPI_DEVIATION,
  ),
  'goal.at_risk': info(
    'goal.at_risk',
    ['目标进度风险', '目标/关键结果连续 N 个周期停滞，或预测无法达成'],
    ['Goal at risk', 'A goal or key result stalls or is forecast to miss its target for N periods'],
    GOAL_AT_RISK,
  ),
  'coaching.recorded': info(
    'coaching.recorded',
    ['辅导记录已保存', '一条辅导记录（GROW、5R、BEST、三问快速复盘）保存，附辅导结论'],
    ['Coaching recorded', 'A coaching record (GROW, 5R, BEST, quick review) was saved, with its conclusions'],
    COACHING_RECORDED,
  ),
  'pip.entered': info(
    'pip.entered',
    ['进入绩效改进计划', '员工进入绩效改进计划（PIP）'],
    ['PIP entered', 'An employee enters a performance improvement plan'],
    PIP_ENTERED,
  ),
  'pip.exited': info(
    'pip.exited',
    ['退出绩效改进计划', '员工结束绩效改进计划（PIP），附结果'],
    ['PIP exited', 'An employee leaves a performance improvement plan, with the outcome'],
    PIP_EXITED,
  ),
  'rotation.suggested': info(
    'rotation.suggested',
    ['建议轮岗', '辅导结论或 HR 建议员工轮岗锻炼'],
    ['Rotation suggested', 'A coaching conclusion or HR suggests a rotation'],
    ROTATION_SUGGESTED,
  ),
  'training.requested': info(
    'training.requested',
    ['培训需求', '辅导结论或 HR 提出针对某项能力的专项培训'],
    ['Training requested', 'A coaching conclusion or HR asks for training on a competency'],
    TRAINING_REQUESTED,
  ),
  'strategy.drift': info(
    'strategy.drift',
    ['战略执行偏差', '定期分析发现战略目标偏离：无人认领、关联目标风险占比超阈值、执行阻力信号累积'],
    ['Strategy drift', 'The periodic analysis finds an objective drifting: unowned, too many linked goals at risk, obstacles piling up'],
    STRATEGY_DRIFT,
  ),
  'task.completed': info(
    'task.completed',
    ['任务已完成', '流程派发的人工任务已完成，可串联后续流程'],
    ['Task completed', 'A task created by a workflow was completed, so workflows can chain'],
    TASK_COMPLETED,
  ),
  'approval.decided': info(
    'approval.decided',
    ['审批已决定', '流程发起的审批已通过或驳回'],
    ['Approval decided', 'An approval started by a workflow was approved or rejected'],
    APPROVAL_DECIDED,
  ),
  schedule: info('schedule', ['定时触发', '按 cron 表达式定时启动'], ['Schedule', 'Starts on a cron schedule'], SCHEDULE),
  webhook: info(
    'webhook',
    ['Webhook', '外部系统推送签名的 JSON 数据'],
    ['Webhook', 'An external system posts a signed JSON payload'],
    WEBHOOK,
  ),
};

/** Whether the trigger's payload is about one employee (so `employee`, `manager`, `org` resolve). */
export function triggerHasEmployee(type: TriggerType): boolean {
  return TRIGGER_CATALOGUE[type].payload.properties?.employeeId !== undefined;
}
