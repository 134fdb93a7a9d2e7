import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuditStore } from '@/stores/audit.store';
import { useMeStore } from '@/stores/me.store';
import { useSessionStore } from '@/stores/session.store';
import { fail, FakeEngine, meUser, reply } from './support/fake-engine';

const ENTRY = (id: number) => ({ id, seq: id, at: '2026-02-20T10:00:00Z', actor: { type: 'user', id: '1', name: 'a@b.c', onBehalfOf: null, ip: null }, action: 'workflow.publish', target: { type: 'workflow', id: '3' }, before: null, after: null, details: null, prevHash: '0', hash: '1' });

describe('audit log', () => {
  let engine: FakeEngine;
  beforeEach(() => {
    setActivePinia(createPinia());
    engine = new FakeEngine()
      .on('GET /api/v1/audit', (c) => (c.query.get('cursor') ? { items: [ENTRY(1)], nextCursor: null } : { items: [ENTRY(3), ENTRY(2)], nextCursor: '2' }))
      .on('GET /api/v1/audit/verify', { ok: false, entries: 3, headSeq: 3, broken: { seq: 2, id: 2, reason: 'hash_mismatch' } });
    vi.stubGlobal('fetch', engine.fetch);
    const session = useSessionStore();
    session.token = 'tok';
    session.user = meUser({ roles: ['hr_admin'], employeeId: null }) as never;
  });
  afterEach(() => vi.unstubAllGlobals());

  it('filters, pages on and verifies the chain', async () => {
    const audit = useAuditStore();
    await audit.load({ actionPrefix: 'workflow.', actorType: 'user', from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' });
    const q = engine.calls[0]?.query;
    expect(Object.fromEntries(q ?? [])).toEqual({ actionPrefix: 'workflow.', actorType: 'user', from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z', limit: '100' });
    await audit.loadMore();
    expect(engine.calls[1]?.query.get('cursor')).toBe('2');
    expect(engine.calls[1]?.query.get('actionPrefix')).toBe('workflow.');
    expect(audit.items.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(audit.nextCursor).toBeNull();
    const v = await audit.verify();
    expect(v.broken?.seq).toBe(2);
  });
});

describe('about me', () => {
  let engine: FakeEngine;
  beforeEach(() => {
    setActivePinia(createPinia());
    engine = new FakeEngine()
      .on('GET /api/v1/me/runs', { items: [{ id: 5, workflowId: 1, version: 1, status: 'succeeded', startedAt: 'x' }] })
      .on('GET /api/v1/me/tasks', { items: [] })
      .on('GET /api/v1/me/approvals', { items: [] })
      .on('GET /api/v1/me/objections', { items: [] })
      .on('GET /api/v1/runs/5/explanation', { summary: { 'zh-CN': '因为连续 3 周低于预期', en: 'Because 3 weeks below range' } })
      .on('POST /api/v1/me/objections', (c) => reply(201, { id: 9, status: 'open', ...(c.body as object) }))
      .on('GET /api/v1/me/export', { exportedAt: 'x', employee: { id: 'E9003' } });
    vi.stubGlobal('fetch', engine.fetch);
    const session = useSessionStore();
    session.token = 'tok';
    session.user = meUser({ roles: ['employee'], employeeId: 'E9003' }) as never;
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads what is about me, explains a run once, files an objection and exports my data', async () => {
    const me = useMeStore();
    await me.load();
    expect(me.runs).toHaveLength(1);
    await me.explain('5');
    await me.explain('5');
    expect(engine.callsTo('GET /api/v1/runs/5/explanation')).toHaveLength(1);
    await me.object({ kind: 'objection', subjectType: 'run', subjectId: '5', text: '数据有误' });
    expect(engine.callsTo('POST /api/v1/me/objections')[0]?.body).toEqual({ kind: 'objection', subjectType: 'run', subjectId: '5', text: '数据有误' });
    expect(me.objections).toHaveLength(1);
    expect(JSON.parse(await me.exportText())).toEqual({ exportedAt: 'x', employee: { id: 'E9003' } });
  });

  it('keeps an explanation error (e.g. 404) for the row, and retries later', async () => {
    engine.on('GET /api/v1/runs/5/explanation', fail(404, 'NOT_FOUND'));
    const me = useMeStore();
    await me.explain('5');
    expect(me.explanations['5']).toHaveProperty('error');
    await me.explain('5');
    expect(engine.callsTo('GET /api/v1/runs/5/explanation')).toHaveLength(2);
  });
});
