/**
 * task: creates a human task (rendered title/description, due date, evidence) and waits
 * (step `waiting`). `taskCompleted` → output `{taskId, completedBy, completedAt, data}`, handle `out`.
 */
import { parseDuration } from '@coachflow/model';
import { renderTemplate } from '@coachflow/rules';
import { evidenceOf } from '../evidence.js';
import type { NodeHandler } from '../handler.types.js';
import { eventNotApplicable, NodeError } from '../node-error.js';

/** `now + duration`, or null without a duration. Throws a NodeError on a malformed duration. */
export function dueDate(now: Date, duration: string | undefined, field: string): string | null {
  if (duration === undefined) return null;
  const ms = parseDuration(duration);
  if (ms === null) throw new NodeError(`${field} is not a supported ISO-8601 duration: ${JSON.stringify(duration)}`);
  return new Date(now.getTime() + ms).toISOString();
}

/** Handler of the task node. */
export const taskHandler: NodeHandler<'task'> = {
  accepts: ['taskCompleted'],
  enter(node, ctx) {
    const { config } = node;
    const title = renderTemplate(config.title, ctx.data);
    const description = config.description === undefined ? '' : renderTemplate(config.description, ctx.data);
    const dueAt = dueDate(ctx.now, config.dueIn, 'dueIn');
    const priority = config.priority ?? 'normal';
    const form = config.form ?? null;
    return {
      kind: 'wait',
      status: 'waiting',
      input: { title, description, assignee: config.assignee, dueAt, priority, form },
      effects: [
        {
          type: 'createTask',
          nodeId: node.id,
          stepSeq: ctx.stepSeq,
          title,
          description,
          assignee: config.assignee,
          dueAt,
          priority,
          form,
          evidence: evidenceOf(ctx.state),
          ...(config.loadCap ? { loadCap: config.loadCap } : {}),
        },
      ],
    };
  },
  resume(_node, step, event, ctx) {
    if (event.type !== 'taskCompleted') throw eventNotApplicable('task', step.nodeId, event.type);
    if (step.status !== 'waiting') return { kind: 'ignore', reason: 'unexpectedForStatus' };
    const { taskId, completedBy, data } = event;
    return { kind: 'done', handle: 'out', output: { taskId, completedBy, completedAt: ctx.nowIso, data } };
  },
};
