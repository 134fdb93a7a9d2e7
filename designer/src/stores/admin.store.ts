/**
 * IT administration: connector plugins (install from a tarball/folder path or an npm spec, enable,
 * disable, remove), connector credentials (write-only: which fields are set, never secret values),
 * API tokens (created and shown once, revoked), and system health (readiness, queue depth and run
 * counters from the metrics, failed deliveries).
 */
import type { Role } from '@coachflow/model';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import {
  createToken,
  deleteCredentials,
  getCredentials,
  installPlugin,
  listOutbox,
  listPlugins,
  listTokens,
  metricsText,
  putCredentials,
  readiness,
  removePlugin,
  revokeToken,
  setPluginEnabled,
} from '@/api/admin.api';
import type { ConnectorCatalogueResponse } from '@/api/api.types';
import { getConnectorCatalogue } from '@/api/catalogue.api';
import type { ApiTokenView, CredentialsView, InstallResult, PluginInfo, Readiness } from '@/api/people.types';
import { useSessionStore } from './session.store';

/** Roles an API token may carry (systems, not people). */
export const TOKEN_ROLES: readonly Role[] = ['hr_admin', 'it_admin', 'executive'];

/** One sample of the Prometheus text format. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (comments skipped; histogram buckets kept as samples). */
export function parseMetrics(text: string): MetricSample[] {
  const out: MetricSample[] = [];
  for (const line of text.split('\n')) {
    const l = line.trim();
    if (!l || l.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+([^\s]+)/.exec(l);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const pair of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1] as string] = (pair[2] as string).replace(/\\(.)/g, '$1');
    const value = Number(m[4]);
    if (Number.isFinite(value)) out.push({ name: m[1] as string, labels, value });
  }
  return out;
}

/** The figures the health page shows. */
export interface HealthSummary {
  queue: Record<string, number>;
  queueUp: boolean;
  runsStarted: number;
  runsFinished: Record<string, number>;
  eventsIngested: number;
}

export function summarizeMetrics(samples: readonly MetricSample[]): HealthSummary {
  const sum = (name: string, pred: (l: Record<string, string>) => boolean = () => true) => samples.filter((s) => s.name === name && pred(s.labels)).reduce((a, s) => a + s.value, 0);
  const queue: Record<string, number> = {};
  for (const s of samples.filter((x) => x.name === 'coachflow_queue_jobs')) queue[s.labels.state ?? 'unknown'] = s.value;
  const runsFinished: Record<string, number> = {};
  for (const s of samples.filter((x) => x.name === 'coachflow_runs_finished_total')) runsFinished[s.labels.status ?? 'unknown'] = (runsFinished[s.labels.status ?? 'unknown'] ?? 0) + s.value;
  return {
    queue,
    queueUp: !samples.some((s) => s.name === 'coachflow_queue_up' && s.value === 0),
    runsStarted: sum('coachflow_runs_started_total'),
    runsFinished,
    eventsIngested: sum('coachflow_events_ingested_total', (l) => l.duplicate !== 'true'),
  };
}

export const useAdminStore = defineStore('admin', () => {
  const session = useSessionStore();
  const plugins = ref<PluginInfo[]>([]);
  const catalogue = ref<ConnectorCatalogueResponse>({ items: {} });
  const tokens = ref<ApiTokenView[]>([]);
  const credentials = ref<CredentialsView | null>(null);
  const ready = ref<Readiness | null>(null);
  const health = ref<HealthSummary | null>(null);
  const failedDeliveries = ref<number | null>(null);
  const healthCheckedAt = ref<string | null>(null);
  const loading = ref(false);
  const busy = ref(false);

  const connectorIds = computed(() => Object.keys(catalogue.value.items ?? {}).sort());

  async function act<T>(fn: () => Promise<T>): Promise<T> {
    busy.value = true;
    try {
      return await fn();
    } finally {
      busy.value = false;
    }
  }

  async function loadConnectors(): Promise<void> {
    loading.value = true;
    try {
      const [p, c] = await Promise.all([listPlugins(session.apiContext), getConnectorCatalogue(session.apiContext)]);
      plugins.value = p.items;
      catalogue.value = c;
    } finally {
      loading.value = false;
    }
  }

  const install = (spec: string): Promise<InstallResult> =>
    act(async () => {
      const r = await installPlugin(session.apiContext, spec.trim());
      await loadConnectors();
      return r;
    });

  const setEnabled = (id: string, enabled: boolean) =>
    act(async () => {
      const p = await setPluginEnabled(session.apiContext, id, enabled);
      plugins.value = plugins.value.map((x) => (x.id === p.id ? p : x));
      catalogue.value = await getConnectorCatalogue(session.apiContext);
    });

  const remove = (id: string) =>
    act(async () => {
      await removePlugin(session.apiContext, id);
      await loadConnectors();
    });

  async function loadCredentials(connectorId: string): Promise<CredentialsView> {
    credentials.value = null;
    const c = await getCredentials(session.apiContext, connectorId);
    credentials.value = c;
    return c;
  }

  /** PUT semantics: every field is replaced; an omitted field is cleared. */
  const saveCredentials = (connectorId: string, values: Record<string, string>) =>
    act(async () => {
      credentials.value = await putCredentials(session.apiContext, connectorId, values);
    });

  const clearCredentials = (connectorId: string) =>
    act(async () => {
      await deleteCredentials(session.apiContext, connectorId);
      credentials.value = await getCredentials(session.apiContext, connectorId).catch(() => null);
    });

  async function loadTokens(): Promise<void> {
    loading.value = true;
    try {
      tokens.value = (await listTokens(session.apiContext)).items;
    } finally {
      loading.value = false;
    }
  }

  /** Creates a token and returns its secret (shown once; the store never keeps it). */
  const addToken = (body: { name: string; roles: Role[]; groups?: string[]; expiresInDays?: number }) =>
    act(async () => {
      const { token, ...view } = await createToken(session.apiContext, body);
      tokens.value = [view, ...tokens.value];
      return token;
    });

  const revoke = (id: string) =>
    act(async () => {
      const after = await revokeToken(session.apiContext, id);
      tokens.value = tokens.value.map((t) => (String(t.id) === id ? { ...t, ...after } : t));
    });

  async function loadHealth(): Promise<void> {
    loading.value = true;
    try {
      const [r, m, f] = await Promise.all([
        readiness(session.apiContext).catch(() => null),
        metricsText(session.apiContext).catch(() => null),
        listOutbox(session.apiContext, 'failed', 200).catch(() => null),
      ]);
      ready.value = r;
      health.value = m === null ? null : summarizeMetrics(parseMetrics(m));
      failedDeliveries.value = f ? f.items.length : null;
      healthCheckedAt.value = new Date().toISOString();
    } finally {
      loading.value = false;
    }
  }

  return {
    plugins, catalogue, tokens, credentials, ready, health, failedDeliveries, healthCheckedAt, loading, busy, connectorIds,
    loadConnectors, install, setEnabled, remove, loadCredentials, saveCredentials, clearCredentials, loadTokens, addToken, revoke, loadHealth,
  };
});
