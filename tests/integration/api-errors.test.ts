/**
 * Client mistakes get a 4xx with a machine-readable code and a human message — never a 5xx, never
 * a crash: malformed JSON, wrong media type, invalid UTF-8, oversized bodies, unknown fields,
 * prototype keys, invalid events, every validator code at publish, rules past the limits, stale
 * revisions. Runs in the mode of this test run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { ORG, actionDelayTaskWorkflow, kpiDeviation } from '../support/factories.js';

let cluster: EngineCluster;
const answers: number[] = [];

async function call(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  const a = await cluster.api(method, path, body, headers);
  answers.push(a.status);
  return a;
}

function expectError(a: { status: number; body: { error?: { code: string; message: string } } }, status: number, code: string) {
  expect(a.status).toBe(status);
  expect(a.body.error?.code).toBe(code);
  expect(a.body.error?.message.length).toBeGreaterThan(5);
}

beforeAll(async () => {
  cluster = await EngineCluster.start({ name: `errors-${MODE}` });
  await cluster.api('PUT', '/api/v1/employees', { employees: ORG });
});

afterAll(async () => {
  // The server stayed up and never answered 5xx to a client mistake.
  expect((await cluster.api('GET', '/healthz')).status).toBe(200);
  expect(answers.filter((s) => s >= 500)).toEqual([]);
  await cluster?.stop();
});

describe(`request hygiene (${MODE})`, () => {
  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    expectError(await call('POST', '/api/v1/events', '{"type": "kpi.deviation", ', { 'content-type': 'application/json' }), 400, 'MALFORMED_JSON');
  });
  it('a body that is not JSON → 415', async () => {
    expectError(await call('POST', '/api/v1/events', 'type=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
  it('invalid UTF-8 → 400 INVALID_UTF8', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    expectError(await call('POST', '/api/v1/events', bytes, { 'content-type': 'application/json' }), 400, 'INVALID_UTF8');
  });
  it('oversized body → 413 PAYLOAD_TOO_LARGE', async () => {
    const big = { type: 'webhook', idempotencyKey: 'big', payload: { source: 'x', body: { blob: 'x'.repeat(2 * 1024 * 1024) } } };
    expectError(await call('POST', '/api/v1/events', big), 413, 'PAYLOAD_TOO_LARGE');
  });
  it('unknown fields → 400 INVALID_BODY naming the field', async () => {
    const a = await call('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 'u1', payload: kpiDeviation('E9003', 1), extra: 1 });
    expectError(a, 400, 'INVALID_BODY');
    expect(a.body.error.message).toContain('unknown field "extra"');
  });
  it('prototype-pollution keys → 400 FORBIDDEN_KEY and no pollution', async () => {
    const raw = '{"type":"webhook","idempotencyKey":"p1","payload":{"source":"x","body":{"__proto__":{"polluted":true}}}}';
    expectError(await call('POST', '/api/v1/events', raw, { 'content-type': 'application/json' }), 400, 'FORBIDDEN_KEY');
    const raw2 = '{"type":"webhook","idempotencyKey":"p2","payload":{"source":"x","body":{"constructor":{"prototype":{"x":1}}}}}';
    expectError(await call('POST', '/api/v1/events', raw2, { 'content-type': 'application/json' }), 400, 'FORBIDDEN_KEY');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('wrong types, missing fields, unknown event types and invalid payloads → 400', async () => {
    expectError(await call('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 5, payload: {} }), 400, 'INVALID_BODY');
    expectError(await call('POST', '/api/v1/events', { type: 'kpi.deviation', payload: {} }), 400, 'INVALID_BODY');
    expectError(await call('POST', '/api/v1/events', { type: 'kpi.nope', idempotencyKey: 'k', payload: {} }), 400, 'UNKNOWN_EVENT_TYPE');
    const bad = await call('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 'k2', payload: { ...kpiDeviation('E9003', 3), streak: 'three' } });
    expectError(bad, 400, 'INVALID_PAYLOAD');
    expect(bad.body.error.details.problems[0].path).toBe('/streak');
    expectError(await call('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 'x'.repeat(500), payload: kpiDeviation('E9003', 3) }), 400, 'INVALID_BODY');
    expectError(await call('POST', '/api/v1/events'), 400, 'MISSING_BODY');
  });
  it('bad ids, unknown resources, unknown routes and query parameters', async () => {
    expectError(await call('GET', '/api/v1/runs/abc'), 400, 'INVALID_ID');
    expectError(await call('GET', '/api/v1/runs/99999999'), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
    expectError(await call('GET', '/api/v1/runs?status=exploded'), 400, 'INVALID_QUERY');
    expectError(await call('GET', '/api/v1/runs?limit=1&limit=2'), 400, 'INVALID_QUERY');
    expectError(await call('POST', '/api/v1/runs/99999999/retry'), 404, 'NOT_FOUND');
  });
});

describe(`workflow edits (${MODE})`, () => {
  it('a stale revision gets 409 with the current workflow, never a silent overwrite', async () => {
    const created = await call('POST', '/api/v1/workflows', { name: 'rev', definition: actionDelayTaskWorkflow() });
    const id = created.body.id;
    expect((await call('PUT', `/api/v1/workflows/${id}`, { revision: 1, name: 'first edit' })).status).toBe(200);
    const stale = await call('PUT', `/api/v1/workflows/${id}`, { revision: 1, name: 'second edit from an old tab' });
    expectError(stale, 409, 'REVISION_CONFLICT');
    expect(stale.body.error.details.current.revision).toBe(2);
    expect(stale.body.error.details.current.name).toBe('first edit');
    expect((await call('GET', `/api/v1/workflows/${id}`)).body.name).toBe('first edit');
  });

  it('bodies nested past the JSON depth limit are refused with 400 JSON_TOO_DEEP', async () => {
    const nested = `{"definition":{"nodes":[],"edges":[],"x":${'['.repeat(150)}1${']'.repeat(150)}}}`;
    expectError(await call('POST', '/api/v1/workflows/validate', nested, { 'content-type': 'application/json' }), 400, 'JSON_TOO_DEEP');
    const raw = '['.repeat(200000) + ']'.repeat(200000);
    expectError(await call('POST', '/api/v1/workflows/validate', raw, { 'content-type': 'application/json' }), 400, 'JSON_TOO_DEEP');
  });

  it('definitions over the node limit are refused at the edge', async () => {
    const nodes = Array.from({ length: 501 }, (_, i) => ({ id: `n${i}`, kind: 'end', config: {} }));
    expectError(await call('POST', '/api/v1/workflows', { name: 'huge', definition: { nodes, edges: [] } }), 400, 'INVALID_BODY');
  });

  type Def = { nodes: Array<Record<string, any>>; edges: Array<Record<string, any>> };
  const base = (): Def => structuredClone(actionDelayTaskWorkflow()) as unknown as Def;
  const node = (d: Def, id: string) => d.nodes.find((n) => n.id === id) as Record<string, any>;
  const mutate = (fn: (d: Def) => void) => () => {
    const d = base();
    fn(d);
    return d;
  };
  const deep = (n: number): unknown => (n === 0 ? { var: 'trigger.streak' } : { '!': [deep(n - 1)] });
  const CASES: Array<[string, () => Def]> = [
    ['INVALID_NODE', mutate((d) => d.nodes.push({ id: 'bad id!', kind: 'end', config: {} }))],
    ['DUPLICATE_NODE_ID', mutate((d) => d.nodes.push({ id: 'skip', kind: 'end', config: {} }))],
    ['UNKNOWN_NODE_KIND', mutate((d) => (node(d, 'skip').kind = 'finish'))],
    ['NO_TRIGGER', () => ({ nodes: [{ id: 'e', kind: 'end', config: {} }], edges: [] })],
    ['MULTIPLE_TRIGGERS', mutate((d) => { d.nodes.push({ id: 't2', kind: 'trigger', config: { event: 'kpi.deviation' } }); d.edges.push({ id: 'x', source: 't2', target: 'check' }); })],
    ['TRIGGER_HAS_INCOMING', mutate((d) => d.edges.push({ id: 'x', source: 'coach', target: 'trigger' }))],
    ['DUPLICATE_EDGE_ID', mutate((d) => ((d.edges[2] as Record<string, unknown>).id = 'e2'))],
    ['DANGLING_EDGE', mutate((d) => d.edges.push({ id: 'x', source: 'ghost', target: 'skip' }))],
    ['DUPLICATE_EDGE', mutate((d) => d.edges.push({ id: 'x', source: 'coach', target: 'done', sourceHandle: 'out' }))],
    ['UNKNOWN_HANDLE', mutate((d) => d.edges.push({ id: 'x', source: 'check', target: 'skip', sourceHandle: 'maybe' }))],
    ['HANDLE_FANOUT', mutate((d) => d.edges.push({ id: 'x', source: 'check', target: 'done', sourceHandle: 'false' }))],
    ['SELF_LOOP', mutate((d) => d.edges.push({ id: 'x', source: 'coach', target: 'coach' }))],
    ['CYCLE', mutate((d) => { d.edges = d.edges.filter((e) => e.id !== 'e6'); d.edges.push({ id: 'x', source: 'coach', target: 'record' }); })],
    ['UNREACHABLE_NODE', mutate((d) => d.nodes.push({ id: 'lonely', kind: 'end', config: {} }))],
    ['INVALID_CONFIG', mutate((d) => delete node(d, 'coach').config.assignee)],
    ['UNKNOWN_TRIGGER_TYPE', mutate((d) => (node(d, 'trigger').config.event = 'kpi.nope'))],
    ['INVALID_RULE', mutate((d) => (node(d, 'check').config.rule = { method: ['x', 'constructor'] }))],
    ['UNKNOWN_VARIABLE', mutate((d) => (node(d, 'check').config.rule = { '>=': [{ var: 'trigger.streakk' }, 3] }))],
    ['DUPLICATE_CASE_ID', mutate((d) => { node(d, 'check').kind = 'switch'; node(d, 'check').config = { cases: [{ id: 'true', rule: true }, { id: 'true', rule: false }] }; d.edges = d.edges.map((e) => (e.id === 'e3' ? { ...e, sourceHandle: 'default' } : e)); })],
    ['UNKNOWN_CONNECTOR', mutate((d) => (node(d, 'record').config.connector = 'no-such-connector'))],
    ['UNKNOWN_ACTION', mutate((d) => (node(d, 'record').config.action = 'noSuchAction'))],
    ['LIMIT_EXCEEDED', mutate((d) => (node(d, 'check').config.rule = deep(40)))],
    ['HIGH_IMPACT_WITHOUT_HUMAN', mutate((d) => (node(d, 'trigger').config.event = 'rotation.suggested'))],
  ];

  it.each(CASES)('publishing a definition with %s is refused with 422 and the issue on its node', async (code, make) => {
    const created = await call('POST', '/api/v1/workflows', { name: `bad ${code}`, definition: make() });
    expect(created.status).toBe(201); // drafts may be incomplete
    expect(created.body.issues.map((i: { code: string }) => i.code)).toContain(code);
    const published = await call('POST', `/api/v1/workflows/${created.body.id}/publish`, { note: 'try' });
    expectError(published, 422, 'WORKFLOW_INVALID');
    const issue = published.body.error.details.issues.find((i: { code: string }) => i.code === code);
    expect(issue).toBeDefined();
    expect(issue.message.length).toBeGreaterThan(5);
  });

  it('INVALID_DEFINITION and INVALID_EDGE (malformed shapes) are refused at the edge with 400; the validator reports them too', async () => {
    expectError(await call('POST', '/api/v1/workflows/validate', { definition: { nodes: 'x', edges: [] } }), 400, 'INVALID_BODY');
    const d = base();
    d.edges.push({ id: 'x', source: 5, target: 'done' });
    expectError(await call('POST', '/api/v1/workflows', { name: 'bad edge', definition: d }), 400, 'INVALID_BODY');
  });

  it('INVALID_DEFINITION (not a graph) is refused at the edge; DEAD_END is a warning that does not block publishing', async () => {
    expectError(await call('POST', '/api/v1/workflows/validate', { definition: { nodes: 'x', edges: [] } }), 400, 'INVALID_BODY');
    const d = base();
    d.edges = d.edges.filter((e) => e.id !== 'e6');
    d.nodes = d.nodes.filter((n) => n.id !== 'done');
    const v = await call('POST', '/api/v1/workflows/validate', { definition: d });
    expect(v.status).toBe(200);
    expect(v.body.issues.map((i: { code: string; severity: string }) => `${i.code}:${i.severity}`)).toContain('DEAD_END:warning');
    expect(v.body.publishable).toBe(true);
  });
});
