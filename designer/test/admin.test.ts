import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '@/i18n';
import CredentialsForm from '@/panels/CredentialsForm.vue';
import { parseMetrics, summarizeMetrics, useAdminStore } from '@/stores/admin.store';
import { useSessionStore } from '@/stores/session.store';
import { fail, FakeEngine, meUser, reply } from './support/fake-engine';

const METRICS = `# HELP coachflow_runs_started_total Runs started
# TYPE coachflow_runs_started_total counter
coachflow_runs_started_total 12
coachflow_runs_finished_total{status="succeeded"} 9
coachflow_runs_finished_total{status="failed"} 2
coachflow_events_ingested_total{duplicate="false"} 14
coachflow_events_ingested_total{duplicate="true"} 3
coachflow_queue_jobs{state="waiting"} 4
coachflow_queue_jobs{state="active"} 1
coachflow_step_duration_seconds_bucket{kind="task",le="0.5"} 3
`;

describe('IT administration', () => {
  let engine: FakeEngine;
  beforeEach(() => {
    setActivePinia(createPinia());
    engine = new FakeEngine();
    vi.stubGlobal('fetch', engine.fetch);
    const session = useSessionStore();
    session.token = 'tok';
    session.user = meUser({ roles: ['it_admin'], employeeId: null }) as never;
    i18n.global.locale.value = 'en';
  });
  afterEach(() => vi.unstubAllGlobals());

  it('reads queue depth and run counters from the Prometheus metrics', () => {
    const s = summarizeMetrics(parseMetrics(METRICS));
    expect(s).toEqual({ queue: { waiting: 4, active: 1 }, queueUp: true, runsStarted: 12, runsFinished: { succeeded: 9, failed: 2 }, eventsIngested: 14 });
    expect(summarizeMetrics(parseMetrics('coachflow_queue_up 0')).queueUp).toBe(false);
  });

  it('loads health from /readyz (a 503 is "not ready", not an error) and /metrics at the engine root', async () => {
    engine
      .on('GET /readyz', reply(503, { status: 'not ready', database: true, queue: { kind: 'bull', reachable: false } }))
      .on('GET /api/v1/outbox', { items: [{ id: 1 }, { id: 2 }] });
    const admin = useAdminStore();
    // /metrics answers Prometheus text, not JSON
    vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => (String(input) === '/metrics' ? new Response(METRICS, { status: 200 }) : engine.fetch(input, init)));
    await admin.loadHealth();
    expect(admin.ready).toMatchObject({ status: 'not ready', queue: { reachable: false } });
    expect(admin.health?.queue).toEqual({ waiting: 4, active: 1 });
    expect(admin.failedDeliveries).toBe(2);
    expect(engine.callsTo('GET /api/v1/outbox')[0]?.query.get('status')).toBe('failed');
  });

  it('shows a new API token once and never keeps its secret', async () => {
    engine.on('POST /api/v1/tokens', (c) => reply(201, { id: 4, name: 'HRIS', prefix: 'cf_t_ab', roles: ['hr_admin'], groups: null, createdAt: 'x', expiresAt: null, revokedAt: null, lastUsedAt: null, token: 'cf_t_abSECRET', ...(c.body as object) }));
    engine.on('DELETE /api/v1/tokens/4', { id: 4, revokedAt: '2026-02-21T00:00:00Z' });
    const admin = useAdminStore();
    const secret = await admin.addToken({ name: 'HRIS', roles: ['hr_admin'], expiresInDays: 30 });
    expect(secret).toBe('cf_t_abSECRET');
    expect(engine.callsTo('POST /api/v1/tokens')[0]?.body).toEqual({ name: 'HRIS', roles: ['hr_admin'], expiresInDays: 30 });
    expect(JSON.stringify(admin.tokens)).not.toContain('SECRET');
    await admin.revoke('4');
    expect(admin.tokens[0]?.revokedAt).toBeTruthy();
  });

  it('installs a plugin from a tarball path and reloads the list; install errors reach the view', async () => {
    engine
      .on('POST /api/v1/plugins', (c) => reply(201, { plugin: { id: 'acme', connectorId: 'acme', version: '1.0.0', problems: [] }, replaced: null, restartRequired: false, spec: (c.body as { spec: string }).spec }))
      .on('GET /api/v1/plugins', { items: [{ id: 'acme', connectorId: 'acme', version: '1.0.0', sourceKind: 'tarball', source: '/tmp/acme.tgz', enabled: true, active: true, problems: [], installedAt: null }] })
      .on('GET /api/v1/catalogue/connectors', { items: {}, problems: [] });
    const admin = useAdminStore();
    await admin.install('  /tmp/acme.tgz ');
    expect(engine.callsTo('POST /api/v1/plugins')[0]?.body).toEqual({ spec: '/tmp/acme.tgz' });
    expect(admin.plugins).toHaveLength(1);
    engine.on('POST /api/v1/plugins', fail(422, 'INVALID_PLUGIN', 'not a plugin'));
    await expect(admin.install('/tmp/x.tgz')).rejects.toMatchObject({ status: 422 });
  });

  it('credentials are write-only: set/not set per field, secret values never shown, saving sends every field', async () => {
    const w = mount(CredentialsForm, {
      props: {
        connectorId: 'lms-moodle',
        declared: { baseUrl: { secret: false, required: true }, token: { secret: true, required: true }, note: { secret: false, required: false } },
        current: { connectorId: 'lms-moodle', revision: 2, updatedAt: null, updatedBy: null, fields: { baseUrl: { set: true, secret: false, required: true, value: 'https://lms.example' }, token: { set: true, secret: true, required: true } } },
      },
      global: { plugins: [i18n] },
    });
    expect(w.find('[data-test="cred-set-token"]').text()).toBe('Set (hidden)');
    expect(w.find('[data-test="cred-unset-note"]').exists()).toBe(true);
    const input = (name: string) => w.find(`input[data-test="cred-${name}"], [data-test="cred-${name}"] input`);
    const token = input('token');
    expect((token.element as HTMLInputElement).value).toBe('');
    expect((token.element as HTMLInputElement).type).toBe('password');
    expect((input('baseUrl').element as HTMLInputElement).value).toBe('https://lms.example');
    // the secret must be entered again: saving replaces every field
    expect(w.find('[data-test="cred-save"]').attributes('disabled')).toBeDefined();
    await token.setValue('s3cret');
    await w.find('form').trigger('submit');
    expect(w.emitted('save')?.at(-1)?.[0]).toEqual({ baseUrl: 'https://lms.example', token: 's3cret' });
  });
});
