/**
 * The node catalogue: for every node kind its palette group, display texts, outgoing handles,
 * whether the run waits there, and the JSON Schema of its config.
 */
import type { JsonSchema } from './json-schema.types.js';
import { NODE_CONFIG_SCHEMAS } from './node-config-schemas.js';
import type { NodeKind, NodeKindInfo } from './node-kinds.js';
import { isNodeKind } from './node-kinds.js';
import { DEFAULT_HANDLE } from './workflow.types.js';

/** A catalogue entry: the kind's description plus its config schema. */
export type NodeCatalogueEntry = NodeKindInfo & { configSchema: JsonSchema };

/** Handle taken by a switch node when no case matches. */
export const SWITCH_DEFAULT_HANDLE = 'default';

const OUT = [DEFAULT_HANDLE] as const;

/** Every node kind of the palette. */
export const NODE_CATALOGUE: Record<NodeKind, NodeCatalogueEntry> = {
  trigger: {
    kind: 'trigger',
    group: 'triggers',
    displayName: { 'zh-CN': '触发器', en: 'Trigger' },
    description: { 'zh-CN': '选择启动流程的 HR 信号，可附加过滤规则', en: 'The HR signal that starts the workflow, with an optional filter rule' },
    handles: OUT,
    waits: false,
    configSchema: NODE_CONFIG_SCHEMAS.trigger,
  },
  condition: {
    kind: 'condition',
    group: 'logic',
    displayName: { 'zh-CN': '条件判断', en: 'Condition' },
    description: { 'zh-CN': '按 JSON-logic 规则走“是”或“否”分支', en: 'Follows the true or false branch of a JSON-logic rule' },
    handles: ['true', 'false'],
    waits: false,
    configSchema: NODE_CONFIG_SCHEMAS.condition,
  },
  switch: {
    kind: 'switch',
    group: 'logic',
    displayName: { 'zh-CN': '多路分支', en: 'Switch' },
    description: { 'zh-CN': '按顺序匹配多个规则，第一个成立的分支生效，否则走默认分支', en: 'Ordered cases; the first true case wins, otherwise the default branch' },
    handles: null,
    waits: false,
    configSchema: NODE_CONFIG_SCHEMAS.switch,
  },
  set: {
    kind: 'set',
    group: 'logic',
    displayName: { 'zh-CN': '设置变量', en: 'Set variables' },
    description: { 'zh-CN': '用 JSON-logic 计算变量，供后续节点读取（vars.*）', en: 'Computes named variables for later nodes (vars.*)' },
    handles: OUT,
    waits: false,
    configSchema: NODE_CONFIG_SCHEMAS.set,
  },
  task: {
    kind: 'task',
    group: 'people',
    displayName: { 'zh-CN': '人工任务', en: 'Task' },
    description: { 'zh-CN': '给直线经理、隔级上级、HRBP 等派发带截止日期、表单和证据的任务', en: 'A human task with due date, form and evidence for a resolved assignee' },
    handles: OUT,
    waits: true,
    configSchema: NODE_CONFIG_SCHEMAS.task,
  },
  approval: {
    kind: 'approval',
    group: 'people',
    displayName: { 'zh-CN': '审批', en: 'Approval' },
    description: { 'zh-CN': '顺序或并行审批链，支持 SLA 与超时升级', en: 'Sequential or parallel approval chain with SLA and escalation' },
    handles: ['approved', 'rejected'],
    waits: true,
    configSchema: NODE_CONFIG_SCHEMAS.approval,
  },
  action: {
    kind: 'action',
    group: 'connectors',
    displayName: { 'zh-CN': '连接器动作', en: 'Connector action' },
    description: { 'zh-CN': '调用外部系统（学习平台、人才市场、审批系统、HTTP）', en: 'Calls a connector action (LMS, talent mobility, approvals, HTTP)' },
    handles: OUT,
    waits: true,
    configSchema: NODE_CONFIG_SCHEMAS.action,
  },
  notify: {
    kind: 'notify',
    group: 'notifications',
    displayName: { 'zh-CN': '通知', en: 'Notify' },
    description: { 'zh-CN': '站内信、邮件或 IM 通知个人或角色', en: 'In-app, mail or IM message to people or roles' },
    handles: OUT,
    waits: false,
    configSchema: NODE_CONFIG_SCHEMAS.notify,
  },
  delay: {
    kind: 'delay',
    group: 'flow',
    displayName: { 'zh-CN': '等待', en: 'Delay' },
    description: { 'zh-CN': '等待一段时间或到指定时间后继续（重启不丢失）', en: 'Waits for a duration or until a date (survives restarts)' },
    handles: OUT,
    waits: true,
    configSchema: NODE_CONFIG_SCHEMAS.delay,
  },
  end: {
    kind: 'end',
    group: 'flow',
    displayName: { 'zh-CN': '结束', en: 'End' },
    description: { 'zh-CN': '以指定结果结束本次运行', en: 'Ends the run with an outcome' },
    handles: [],
    waits: false,
    configSchema: NODE_CONFIG_SCHEMAS.end,
  },
};

/**
 * The outgoing handles of a node: the kind's static handles, or for a switch one handle per case id
 * (in order, without duplicates) followed by `default`. Unknown kinds have no handles.
 */
export function handlesOf(node: { kind: unknown; config?: unknown }): string[] {
  if (!isNodeKind(node.kind)) return [];
  const entry = NODE_CATALOGUE[node.kind];
  if (entry.handles) return [...entry.handles];
  return [...switchCaseIds(node.config), SWITCH_DEFAULT_HANDLE];
}

/** Case ids of a switch config, in order, without duplicates; tolerant of malformed configs. */
export function switchCaseIds(config: unknown): string[] {
  const ids: string[] = [];
  if (typeof config !== 'object' || config === null) return ids;
  const cases: unknown = (config as { cases?: unknown }).cases;
  if (!Array.isArray(cases)) return ids;
  for (const c of cases as unknown[]) {
    const id = typeof c === 'object' && c !== null ? (c as { id?: unknown }).id : undefined;
    if (typeof id === 'string' && id !== SWITCH_DEFAULT_HANDLE && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
