/**
 * "Why did this run happen?" — for a run: the event and what produced it (the KPI readings, the
 * goal's progress history, the coaching record reference, the drift analysis figures), the trigger
 * filter and every rule evaluated on the path with the variables it read and their values, the
 * pinned workflow version, and one sentence in zh-CN and in English.
 */
import { UserError } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import type { RuleEvaluation } from '../core/types.js';
import { fromJson, fromJsonOrNull } from '../persistence/json.js';
import { toHistoryItem } from './strategy-drift.service.js';

type Row = Record<string, unknown>;

export interface RunExplanation {
  run: { id: number; status: string; startedAt: string; employeeId: string | null };
  workflow: { id: number; name: string | null; version: number; versionId: number; publishedAt: string | null };
  event: { id: number; type: string; idempotencyKey: string; occurredAt: string; receivedAt: string; payload: Record<string, unknown> };
  /** What produced the event, by kind. */
  source: Record<string, unknown> & { kind: string };
  /** The trigger's filter rule, the variables it read and the result; null when the trigger has no filter. */
  triggerFilter: RuleEvaluation | null;
  /** Every rule evaluated on the path so far, in order. */
  rules: Array<{ nodeId: string; kind: string } & RuleEvaluation>;
  /** The path taken: node ids in order with the handle left by. */
  path: Array<{ nodeId: string; kind: string; status: string; handle: string | null }>;
  summary: { 'zh-CN': string; en: string };
}

const iso = (v: unknown) => new Date(Number(v)).toISOString();
const fmt = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 100) / 100) : v === null || v === undefined ? '—' : String(v));
const bound = (v: unknown, zh: boolean) => (v === null || v === undefined ? (zh ? '不限' : 'open') : fmt(v));

function ruleText(e: RuleEvaluation | null): string {
  if (!e) return '';
  const vars = Object.entries(e.variables).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ');
  return `${JSON.stringify(e.rule)}${vars ? ` (${vars})` : ''}`;
}

export class RunExplanationService {
  constructor(private readonly knex: Knex) {}

  async explain(runId: number): Promise<RunExplanation> {
    const db = this.knex;
    const run = (await db('run as r').leftJoin('workflow as w', 'w.id', 'r.workflow_id').where('r.id', runId).select('r.*', 'w.name as workflow_name').first()) as Row | undefined;
    if (!run) throw UserError.notFound('run', runId);
    const [event, version, start, steps] = await Promise.all([
      db('event').where({ id: run.event_id }).first() as Promise<Row | undefined>,
      db('workflow_version').where({ id: run.version_id }).first('published_at', 'definition') as Promise<Row | undefined>,
      db('run_input').where({ run_id: runId, type: 'start' }).orderBy('id').first('payload') as Promise<Row | undefined>,
      db('step').where({ run_id: runId }).orderBy('seq').select('node_id', 'kind', 'status', 'handle', 'evaluations') as Promise<Row[]>,
    ]);
    if (!event) throw UserError.notFound('event of run', runId);
    const payload = fromJson<Record<string, unknown>>(event.payload);
    const startPayload = fromJsonOrNull<{ filter?: RuleEvaluation | null }>(start?.payload);
    // The filter decision is the trigger step's first evaluation (runs start inside the ingestion
    // transaction); older runs kept it on their start input.
    const definition = fromJsonOrNull<{ nodes?: Array<{ kind: string; config?: { filter?: unknown } }> }>(version?.definition);
    const filterRule = definition?.nodes?.find((n) => n.kind === 'trigger')?.config?.filter;
    const triggerStep = steps.find((st) => String(st.kind) === 'trigger');
    const fromStep = filterRule !== undefined && filterRule !== null ? (fromJsonOrNull<RuleEvaluation[]>(triggerStep?.evaluations) ?? []).find((e) => JSON.stringify(e.rule) === JSON.stringify(filterRule)) : undefined;
    const triggerFilter = startPayload?.filter ?? fromStep ?? null;
    const rules: RunExplanation['rules'] = [];
    for (const s of steps) {
      for (const e of fromJsonOrNull<RuleEvaluation[]>(s.evaluations) ?? []) rules.push({ nodeId: String(s.node_id), kind: String(s.kind), ...e });
    }
    const employeeId = typeof payload.employeeId === 'string' ? payload.employeeId : null;
    const employee = employeeId ? ((await db('employee').where({ id: employeeId }).first('id', 'name')) as Row | undefined) : undefined;
    const who = employee ? String(employee.name) : (employeeId ?? '');
    const type = String(event.type);
    const source = await this.#source(type, payload);
    const explanation: RunExplanation = {
      run: { id: Number(run.id), status: String(run.status), startedAt: iso(run.started_at), employeeId: (run.employee_id as string | null) ?? null },
      workflow: { id: Number(run.workflow_id), name: (run.workflow_name as string | null) ?? null, version: Number(run.version), versionId: Number(run.version_id), publishedAt: version ? iso(version.published_at) : null },
      event: { id: Number(event.id), type, idempotencyKey: String(event.idempotency_key), occurredAt: iso(event.occurred_at), receivedAt: iso(event.received_at), payload },
      source,
      triggerFilter,
      rules,
      path: steps.map((s) => ({ nodeId: String(s.node_id), kind: String(s.kind), status: String(s.status), handle: (s.handle as string | null) ?? null })),
      summary: { 'zh-CN': '', en: '' },
    };
    explanation.summary = this.#sentences(explanation, who, payload);
    return explanation;
  }

  async #source(type: string, p: Record<string, unknown>): Promise<RunExplanation['source']> {
    const db = this.knex;
    switch (type) {
      case 'kpi.deviation': {
        const kpi = (p.kpi ?? {}) as { id?: string };
        const readings = Array.isArray(p.readings) ? (p.readings as Array<{ period: string }>) : [];
        const stored = kpi.id && typeof p.employeeId === 'string' && readings.length
          ? ((await db('kpi_reading').where({ employee_id: p.employeeId, kpi_id: kpi.id }).whereIn('period', readings.map((r) => r.period)).orderBy('period').select('period', 'value', 'target', 'import_id', 'received_at')) as Row[])
          : [];
        return {
          kind: 'kpi_readings',
          kpi: p.kpi,
          direction: p.direction,
          streak: p.streak,
          streakStart: p.streakStart ?? readings[0]?.period ?? null,
          range: p.range,
          readings,
          stored: stored.map((r) => ({ period: String(r.period), value: Number(r.value), target: r.target === null ? null : Number(r.target), importId: r.import_id === null ? null : Number(r.import_id), receivedAt: iso(r.received_at) })),
        };
      }
      case 'goal.at_risk': {
        const goal = (p.goal ?? {}) as { id?: string };
        const row = goal.id ? ((await db('goal').where({ id: goal.id }).first()) as Row | undefined) : undefined;
        return { kind: 'goal_history', goal: p.goal, reason: p.reason, periods: p.periods, progress: p.progress, forecast: p.forecast, target: p.target, deadline: p.deadline, history: p.history, goalExists: Boolean(row) };
      }
      case 'coaching.recorded':
      case 'training.requested':
      case 'rotation.suggested':
      case 'pip.entered':
      case 'pip.exited': {
        const recordId = (p.recordId ?? p.sourceRecordId) as string | undefined;
        const row = recordId ? ((await db('coaching_record').where({ id: recordId }).first('id', 'template', 'employee_id', 'manager_id', 'date', 'source', 'task_id', 'conclusions')) as Row | undefined) : undefined;
        return {
          kind: 'coaching_record',
          // the reference and the conclusions; the notes stay in the record
          record: row ? { id: String(row.id), template: row.template, employeeId: row.employee_id, managerId: row.manager_id, date: row.date, source: row.source, taskId: row.task_id === null ? null : Number(row.task_id), conclusions: fromJson(row.conclusions) } : recordId ? { id: recordId } : null,
          ...(p.pipId ? { pipId: p.pipId } : {}),
        };
      }
      case 'strategy.drift': {
        const id = Number(p.analysisId);
        const row = Number.isFinite(id) ? ((await db('drift_analysis').where({ id }).first()) as Row | undefined) : undefined;
        return { kind: 'drift_analysis', objective: p.objective, ownerIds: p.ownerIds, measures: p.measures, trend: p.trend, threshold: p.threshold, reasons: p.reasons ?? null, analysis: row ? toHistoryItem(row) : null };
      }
      case 'task.completed':
        return { kind: 'task', taskId: p.taskId, runId: p.runId, completedBy: p.completedBy, form: p.form ?? null };
      case 'approval.decided':
        return { kind: 'approval', approvalId: p.approvalId, runId: p.runId, outcome: p.outcome, decisions: p.decisions };
      default:
        return { kind: 'event', payload: p };
    }
  }

  #sentences(x: RunExplanation, who: string, p: Record<string, unknown>): { 'zh-CN': string; en: string } {
    const wf = x.workflow.name ?? `#${x.workflow.id}`;
    let zh: string;
    let en: string;
    switch (x.event.type) {
      case 'kpi.deviation': {
        const kpi = (p.kpi ?? {}) as { name?: string; unit?: string };
        const range = (p.range ?? {}) as { low?: number | null; high?: number | null };
        const readings = (Array.isArray(p.readings) ? p.readings : []) as Array<{ period: string; value: number }>;
        const below = p.direction === 'below';
        const first = readings[0]?.period ?? String(p.period);
        const list = readings.map((r) => `${r.period}: ${fmt(r.value)}`).join(', ');
        zh = `${who} 的「${kpi.name ?? ''}」连续 ${fmt(p.streak)} 个周期${below ? '低于' : '高于'}预期区间（${first} 至 ${String(p.period)}；区间 ${bound(range.low, true)}–${bound(range.high, true)}${kpi.unit ? ` ${kpi.unit}` : ''}；读数 ${list}）`;
        en = `${who}'s KPI "${kpi.name ?? ''}" was ${below ? 'below' : 'above'} its expected range for ${fmt(p.streak)} consecutive period(s) (${first} to ${String(p.period)}; range ${bound(range.low, false)}–${bound(range.high, false)}${kpi.unit ? ` ${kpi.unit}` : ''}; readings ${list})`;
        break;
      }
      case 'goal.at_risk': {
        const g = (p.goal ?? {}) as { title?: string };
        const stalled = p.reason === 'stalled';
        zh = `${who} 的目标「${g.title ?? ''}」${stalled ? `已连续 ${fmt(p.periods)} 个周期没有进展` : `按当前进度预测到截止日只能完成 ${fmt(p.forecast)}（目标 ${fmt(p.target)}）`}，当前进度 ${fmt(p.progress)}`;
        en = `${who}'s goal "${g.title ?? ''}" ${stalled ? `has made no progress for ${fmt(p.periods)} period(s)` : `is forecast to reach ${fmt(p.forecast)} of ${fmt(p.target)} by its deadline`} (progress ${fmt(p.progress)})`;
        break;
      }
      case 'strategy.drift': {
        const o = (p.objective ?? {}) as { title?: string };
        const m = (p.measures ?? {}) as { goalsAtRiskShare?: number; unownedKeyResults?: number; obstacleThemes?: Array<{ theme: string; count: number }> };
        const share = `${Math.round((m.goalsAtRiskShare ?? 0) * 100)}%`;
        const top = m.obstacleThemes?.[0];
        zh = `战略目标「${o.title ?? ''}」出现执行偏差：关联目标中 ${share} 处于风险（阈值 ${Math.round(Number(p.threshold ?? 0) * 100)}%），${fmt(m.unownedKeyResults ?? 0)} 个关键结果无人认领${top ? `，辅导记录中「${top.theme}」被提及 ${top.count} 次` : ''}`;
        en = `strategic objective "${o.title ?? ''}" is drifting: ${share} of its linked goals are at risk (threshold ${Math.round(Number(p.threshold ?? 0) * 100)}%), ${fmt(m.unownedKeyResults ?? 0)} key result(s) unowned${top ? `, coaching records cite "${top.theme}" ${top.count} times` : ''}`;
        break;
      }
      case 'coaching.recorded':
        zh = `${who} 的 ${String(p.template)} 辅导记录 ${String(p.recordId)} 已保存`;
        en = `a ${String(p.template)} coaching record (${String(p.recordId)}) for ${who} was saved`;
        break;
      case 'training.requested':
        zh = `辅导结论要求为 ${who} 安排「${String(p.competency)}」专项培训`;
        en = `a coaching conclusion asked for training on "${String(p.competency)}" for ${who}`;
        break;
      case 'rotation.suggested':
        zh = `辅导结论建议 ${who} 轮岗（${String(p.reason)}）`;
        en = `a coaching conclusion suggested a rotation for ${who} (${String(p.reason)})`;
        break;
      case 'pip.entered':
        zh = `${who} 进入绩效改进计划 ${String(p.pipId)}（${String(p.reason)}）`;
        en = `${who} entered performance improvement plan ${String(p.pipId)} (${String(p.reason)})`;
        break;
      case 'pip.exited':
        zh = `${who} 结束绩效改进计划 ${String(p.pipId)}，结果：${String(p.outcome ?? '')}`;
        en = `${who} left performance improvement plan ${String(p.pipId)} (${String(p.outcome ?? '')})`;
        break;
      default:
        zh = `收到 ${x.event.type} 事件`;
        en = `a ${x.event.type} event arrived`;
    }
    const filterZh = x.triggerFilter ? `；触发条件 ${ruleText(x.triggerFilter)} 成立` : '；该流程的触发器没有过滤条件';
    const filterEn = x.triggerFilter ? `; the trigger filter ${ruleText(x.triggerFilter)} passed` : '; the trigger has no filter';
    return {
      'zh-CN': `运行 #${x.run.id}（流程「${wf}」第 ${x.workflow.version} 版）由事件 ${x.event.type} #${x.event.id} 启动：${zh}${filterZh}。`,
      en: `Run #${x.run.id} of workflow "${wf}" (version ${x.workflow.version}) started because event ${x.event.type} #${x.event.id} reported that ${en}${filterEn}.`,
    };
  }
}
