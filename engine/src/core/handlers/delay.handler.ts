/**
 * delay: waits for a duration, or until the date the `until` rule returns (ISO string or epoch ms),
 * by scheduling a `delay` timer (step `waiting`). A date in the past still schedules a timer at that
 * date: the adapter fires due timers at once. `timerFired` → output `{firedAt}`, handle `out`.
 */
import { parseDuration } from '@coachflow/model';
import type { NodeHandler } from '../handler.types.js';
import { eventNotApplicable, NodeError } from '../node-error.js';
import { evaluate } from '../rule-eval.js';

/** Reads the date a `until` rule returned: an ISO-8601 string or epoch milliseconds. */
export function toDate(value: unknown): Date {
  const date = typeof value === 'number' || typeof value === 'string' ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) {
    throw new NodeError(`until must give an ISO-8601 date or epoch milliseconds, got ${JSON.stringify(value)}`);
  }
  return date;
}

/** Handler of the delay node. */
export const delayHandler: NodeHandler<'delay'> = {
  accepts: ['timerFired'],
  enter(node, ctx) {
    const { duration, until } = node.config;
    let at: Date;
    if (duration !== undefined) {
      const ms = parseDuration(duration);
      if (ms === null) throw new NodeError(`duration is not a supported ISO-8601 duration: ${JSON.stringify(duration)}`);
      at = new Date(ctx.now.getTime() + ms);
    } else if (until !== undefined) {
      at = toDate(evaluate(until, ctx.data));
    } else {
      throw new NodeError('a delay needs a duration or an until rule');
    }
    const iso = at.toISOString();
    return {
      kind: 'wait',
      status: 'waiting',
      input: { until: iso },
      effects: [{ type: 'scheduleTimer', nodeId: node.id, stepSeq: ctx.stepSeq, at: iso, purpose: 'delay' }],
    };
  },
  resume(node, step, event, ctx) {
    if (event.type !== 'timerFired' || event.purpose !== 'delay') throw eventNotApplicable('delay', node.id, `${event.type}`);
    if (step.status !== 'waiting') return { kind: 'ignore', reason: 'unexpectedForStatus' };
    return { kind: 'done', handle: 'out', output: { firedAt: ctx.nowIso } };
  },
};
