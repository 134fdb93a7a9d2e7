/**
 * Performs the core's database effects inside the run's transaction: tasks, approvals, timers,
 * notifications and action calls are rows written atomically with the new run state. Only the
 * connector call itself happens outside (see action-executor.ts).
 */
import type { Knex } from '@mikro-orm/mysql';
import type { Effect, ExecutionState } from '../../core/types.js';
import { insertedId, toJson } from '../../persistence/json.js';
import { insertRow } from '../../persistence/fast-sql.js';
import type { DirectoryService } from '../directory.service.js';
import type { Job } from '../../queue/job-queue.port.js';
import { openExternalApproval } from '../external-approvals/open-external-approval.js';
import { admitCappedTask } from '../../guardrails/load-cap.store.js';

export interface RunRow {
  id: number;
  workflowId: number;
  employeeId: string | null;
}

export async function performDbEffects(
  trx: Knex,
  run: RunRow,
  state: ExecutionState,
  effects: Effect[],
  directory: DirectoryService,
  now: number,
): Promise<Job[]> {
  const jobs: Job[] = [];
  for (const effect of effects) {
    switch (effect.type) {
      case 'createTask': {
        const [assigneeId] = await directory.resolveAssignees(effect.assignee, state.context, trx);
        const taskId = await insertRow(trx, 'task', {
          run_id: run.id,
          workflow_id: run.workflowId,
          node_id: effect.nodeId,
          step_seq: effect.stepSeq,
          employee_id: run.employeeId,
          title: effect.title.slice(0, 500),
          description: effect.description,
          assignee_ref: toJson(effect.assignee),
          assignee_id: assigneeId ?? null,
          status: 'open',
          priority: effect.priority,
          form: effect.form,
          evidence: toJson(effect.evidence),
          result: null,
          completed_by: null,
          due_at: effect.dueAt ? Date.parse(effect.dueAt) : null,
          created_at: now,
          completed_at: null,
        });
        // Manager load cap (guardrails/load-cap.store.ts): over the cap the task is queued, not in the inbox.
        if (effect.loadCap && assigneeId) await admitCappedTask(trx, { taskId, runId: run.id, workflowId: run.workflowId, nodeId: effect.nodeId, assigneeId, loadCap: effect.loadCap, evidence: effect.evidence }, now);
        break;
      }
      case 'createApproval': {
        const approvers: string[] = [];
        for (const ref of effect.approvers) {
          for (const id of await directory.resolveAssignees(ref, state.context, trx)) if (!approvers.includes(id)) approvers.push(id);
        }
        const approvalId = insertedId(await trx('approval').insert({
          run_id: run.id,
          workflow_id: run.workflowId,
          node_id: effect.nodeId,
          step_seq: effect.stepSeq,
          employee_id: run.employeeId,
          title: effect.title.slice(0, 500),
          description: effect.description,
          mode: effect.mode,
          quorum: effect.quorum,
          max_rejections: effect.maxRejections ?? null,
          // Routed to Feishu / DingTalk: nobody decides it in the inbox (external-approvals/).
          approvers: toJson(effect.external ? [] : approvers),
          decisions: toJson([]),
          status: 'pending',
          // The external system runs its own reminders and timeouts: no inbox SLA or escalation.
          sla_ms: effect.external ? null : effect.slaMs,
          escalate_to: effect.external ? null : toJson(effect.escalateTo),
          evidence: toJson(effect.evidence),
          created_at: now,
          decided_at: null,
        }));
        if (effect.external) await openExternalApproval(trx, { approvalId, runId: run.id, nodeId: effect.nodeId, stepSeq: effect.stepSeq, request: effect.external }, now);
        break;
      }
      case 'scheduleTimer':
        await trx('timer').insert({
          run_id: run.id,
          node_id: effect.nodeId,
          step_seq: effect.stepSeq,
          purpose: effect.purpose,
          fire_at: Date.parse(effect.at),
          fired: false,
          created_at: now,
        });
        break;
      case 'notify': {
        const recipients: string[] = [];
        for (const ref of effect.to) recipients.push(...(await directory.resolveAssignees(ref, state.context, trx)));
        const rows = (recipients.length ? recipients : [null]).map((recipientId) => ({
          run_id: run.id,
          node_id: effect.nodeId,
          channel: effect.channel,
          recipient_id: recipientId,
          title: effect.title.slice(0, 500),
          body: effect.body,
          // In-app notifications are delivered by being stored; mail and IM wait for a sender.
          status: effect.channel === 'inapp' ? (recipientId ? 'delivered' : 'undeliverable') : 'pending',
          attempts: 0,
          created_at: now,
          read_at: null,
        }));
        await trx('notification').insert(rows);
        break;
      }
      case 'runAction': {
        const callId = insertedId(
          await trx('action_call').insert({
            run_id: run.id,
            node_id: effect.nodeId,
            step_seq: effect.stepSeq,
            connector: effect.connector,
            action: effect.action,
            input: toJson(effect.input),
            attempt: effect.attempt,
            idempotency_key: effect.idempotencyKey,
            timeout_ms: effect.timeoutMs,
            status: 'pending',
            dispatches: 0,
            lease_until: null,
            result: null,
            created_at: now,
            finished_at: null,
          }),
        );
        jobs.push({ name: 'action', id: `action:${callId}:0`, ref: callId });
        break;
      }
      case 'cancelWaits':
        await trx('task').where({ run_id: run.id, node_id: effect.nodeId, status: 'open' }).update({ status: 'cancelled' });
        await trx('approval').where({ run_id: run.id, node_id: effect.nodeId, status: 'pending' }).update({ status: 'cancelled' });
        await trx('timer').where({ run_id: run.id, node_id: effect.nodeId, fired: false }).update({ fired: true });
        await trx('action_call').where({ run_id: run.id, node_id: effect.nodeId, status: 'pending' }).update({ status: 'cancelled', finished_at: now });
        break;
      case 'runFinished':
        break;
    }
  }
  return jobs;
}
