import { describe, expect, it } from 'vitest';
import { capacityOf, isoWeekOf, LoadCapModel, pctDeviation, priorityOf, rankQueued, severityOf } from './load-cap.js';

const DAY = 86_400_000;
const MONDAY = Date.parse('2026-11-16T00:00:00Z'); // 2026-W47

describe('load cap (pure)', () => {
  it('weeks are ISO weeks in UTC', () => {
    expect(isoWeekOf(MONDAY)).toBe('2026-W47');
    expect(isoWeekOf(MONDAY - 1)).toBe('2026-W46');
    expect(isoWeekOf(MONDAY + 7 * DAY - 1)).toBe('2026-W47');
    expect(isoWeekOf(Date.parse('2027-01-01T12:00:00Z'))).toBe('2026-W53');
  });

  it('severity of a KPI deviation is streak × |% beyond the crossed bound|', () => {
    expect(pctDeviation(30, { low: 40, high: 60 }, 'below')).toBeCloseTo(25);
    expect(pctDeviation(72, { low: 40, high: 60 }, 'above')).toBeCloseTo(20);
    expect(severityOf({ streak: 3, direction: 'below', value: 30, range: { low: 40, high: 60 } })).toBe(75);
    expect(severityOf({ streak: 4, direction: 'above', value: 72, range: { low: 40, high: 60 } })).toBe(80);
    // other signals: the streak, or 1
    expect(severityOf({ streak: 2 })).toBe(2);
    expect(severityOf({ employeeId: 'E1' })).toBe(1);
    expect(severityOf(null)).toBe(1);
    // an open bound gives no percentage: the streak counts
    expect(severityOf({ streak: 3, direction: 'above', value: 10, range: { low: 0, high: null } })).toBe(3);
  });

  it('priority grows by one point per day waited; ties go to the earlier, then the lower id', () => {
    expect(priorityOf({ severity: 10, queuedAt: MONDAY }, MONDAY + 2 * DAY)).toBeCloseTo(12);
    const q = [
      { id: 3, severity: 5, queuedAt: MONDAY },
      { id: 1, severity: 20, queuedAt: MONDAY + DAY },
      { id: 2, severity: 5, queuedAt: MONDAY },
      { id: 4, severity: 1, queuedAt: MONDAY - 30 * DAY },
    ];
    expect(rankQueued(q, MONDAY + DAY).map((t) => t.id)).toEqual([4, 1, 2, 3]);
  });

  it('capacity is the week quota left, bounded by the open cap', () => {
    expect(capacityOf({ perWeek: 3 }, 1, 100)).toBe(2);
    expect(capacityOf({ perWeek: 3, maxOpen: 2 }, 0, 1)).toBe(1);
    expect(capacityOf({ perWeek: 3, maxOpen: 2 }, 3, 0)).toBe(0);
  });

  it('the model queues over the cap, lets nobody overtake the queue, and releases by priority next week', () => {
    const m = new LoadCapModel({ perWeek: 2 });
    expect(m.offer({ id: 1, severity: 5 }, MONDAY)).toBe('open');
    expect(m.offer({ id: 2, severity: 5 }, MONDAY + DAY)).toBe('open');
    expect(m.offer({ id: 3, severity: 1 }, MONDAY + DAY)).toBe('queued');
    expect(m.offer({ id: 4, severity: 50 }, MONDAY + 2 * DAY)).toBe('queued');
    expect(m.offer({ id: 5, severity: 9 }, MONDAY + 3 * DAY)).toBe('queued');
    expect(m.release(MONDAY + 4 * DAY)).toEqual([]);
    const next = m.release(MONDAY + 7 * DAY);
    expect(next.map((r) => r.id)).toEqual([4, 5]);
    // a newcomer waits behind the queue even though the week still had room before the release
    expect(m.offer({ id: 6, severity: 100 }, MONDAY + 7 * DAY)).toBe('queued');
    expect(m.release(MONDAY + 14 * DAY).map((r) => r.id)).toEqual([6, 3]);
  });

  it('with maxOpen, completing a task frees a place within the week', () => {
    const m = new LoadCapModel({ perWeek: 5, maxOpen: 1 });
    expect(m.offer({ id: 1, severity: 1 }, MONDAY)).toBe('open');
    expect(m.offer({ id: 2, severity: 1 }, MONDAY)).toBe('queued');
    expect(m.release(MONDAY + DAY)).toEqual([]);
    m.complete(1);
    expect(m.release(MONDAY + DAY).map((r) => r.id)).toEqual([2]);
  });
});
