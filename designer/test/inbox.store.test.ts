import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useInboxStore } from '@/stores/inbox.store';
import { useSessionStore } from '@/stores/session.store';
import { fail, FakeEngine, meUser } from './support/fake-engine';

const TASK = { id: 11, runId: 5, nodeId: 'coach', employeeId: 'E9003', title: '辅导 李雷', assigneeId: 'E9001', status: 'open', form: 'GROW', evidence: {}, createdAt: '2026-02-20T10:00:00Z', dueAt: '2026-02-27T10:00:00Z' };
const APPROVAL = { id: 21, runId: 6, nodeId: 'approve', employeeId: 'E9003', title: '李雷 的轮岗申请', mode: 'sequential', quorum: null, approvers: ['E9001', 'E9002'], decisions: [], status: 'pending', createdAt: '2026-02-20T10:00:00Z', waitingFor: ['E9001'] };

describe('inbox store', () => {
  let engine: FakeEngine;
  beforeEach(() => {
    setActivePinia(createPinia());
    engine = new FakeEngine()
      .on('GET /api/v1/inbox', (c) => ({ tasks: c.query.get('filter') === 'overdue' ? [] : [TASK], approvals: [APPROVAL], counts: { open: 1, dueSoon: 0, overdue: 0, approvals: 1 } }))
      .on('POST /api/v1/tasks/11/complete', { ...TASK, status: 'completed' })
      .on('POST /api/v1/tasks/11/claim', { ...TASK, claimedBy: 'E9001' })
      .on('POST /api/v1/tasks/11/reassign', { ...TASK, assigneeId: 'E9004' })
      .on('POST /api/v1/approvals/21/decisions', (c) => ({ ...APPROVAL, decisions: [{ by: 'E9001', decision: (c.body as { decision: string }).decision, at: 'x' }], waitingFor: ['E9002'] }))
      .on('POST /api/v1/delegations', (c) => ({ id: 1, delegatorId: 'E9001', revokedAt: null, ...(c.body as object) }))
      .on('DELETE /api/v1/delegations/1', { id: 1, delegatorId: 'E9001', delegateId: 'E9004', revokedAt: '2026-02-21T00:00:00Z' });
    vi.stubGlobal('fetch', engine.fetch);
    const session = useSessionStore();
    session.token = 'tok';
    session.user = meUser() as never;
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads the inbox with a filter and the due-soon window', async () => {
    const inbox = useInboxStore();
    await inbox.load('overdue');
    expect(engine.calls[0]?.query.get('filter')).toBe('overdue');
    expect(engine.calls[0]?.query.get('dueSoonHours')).toBe('72');
    expect(inbox.filter).toBe('overdue');
    expect(inbox.tasks).toEqual([]);
    expect(inbox.approvals).toHaveLength(1);
    expect(inbox.counts).toEqual({ open: 1, dueSoon: 0, overdue: 0, approvals: 1 });
  });

  it('completes a task as the signed-in person with only the form data', async () => {
    const inbox = useInboxStore();
    await inbox.load();
    await inbox.complete('11', { goal: 'g' });
    const call = engine.callsTo('POST /api/v1/tasks/11/complete')[0];
    expect(call?.body).toEqual({ data: { goal: 'g' } });
    expect(call?.headers.authorization).toBe('Bearer tok');
    expect(inbox.tasks).toEqual([]);
    expect(inbox.counts.open).toBe(0);
  });

  it('claims, and reassigns with a reason', async () => {
    const inbox = useInboxStore();
    await inbox.load();
    await inbox.claim('11');
    expect(inbox.tasks[0]?.claimedBy).toBe('E9001');
    await inbox.reassign('11', 'E9004', 'on leave next week');
    expect(engine.callsTo('POST /api/v1/tasks/11/reassign')[0]?.body).toEqual({ to: 'E9004', reason: 'on leave next week' });
    expect(inbox.tasks).toEqual([]);
  });

  it('approves with a comment; the approval leaves the inbox when it is no longer my turn', async () => {
    const inbox = useInboxStore();
    await inbox.load();
    await inbox.decide('21', 'approved', '  good fit  ');
    expect(engine.callsTo('POST /api/v1/approvals/21/decisions')[0]?.body).toEqual({ decision: 'approved', comment: 'good fit' });
    expect(inbox.approvals).toEqual([]);
    expect(inbox.counts.approvals).toBe(0);
  });

  it('keeps a conflict (already decided) as an error for the view', async () => {
    engine.on('POST /api/v1/approvals/21/decisions', fail(409, 'APPROVAL_DECIDED', 'already decided'));
    const inbox = useInboxStore();
    await inbox.load();
    await expect(inbox.decide('21', 'rejected', 'no')).rejects.toMatchObject({ status: 409 });
    expect(inbox.approvals).toHaveLength(1);
    expect(inbox.busy).toBe(false);
  });

  it('sets up and ends an absence delegation', async () => {
    const inbox = useInboxStore();
    await inbox.delegate({ delegateId: 'E9004', endsAt: '2026-03-01T00:00:00.000Z', reason: 'holiday' });
    expect(engine.callsTo('POST /api/v1/delegations')[0]?.body).toEqual({ delegateId: 'E9004', endsAt: '2026-03-01T00:00:00.000Z', reason: 'holiday' });
    expect(inbox.delegations).toHaveLength(1);
    await inbox.revoke('1');
    expect(inbox.delegations[0]?.revokedAt).toBeTruthy();
  });
});
