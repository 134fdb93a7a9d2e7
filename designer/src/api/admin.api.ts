/** IT administration: connector plugins, credentials (write-only), API tokens, system health. */
import type { ApiTokenView, CreateTokenBody, CredentialsView, InstallResult, PluginInfo, Readiness } from './people.types';
import { request, toQuery, type ApiContext } from './http';

const enc = encodeURIComponent;

export function listPlugins(ctx: ApiContext): Promise<{ items: PluginInfo[] }> {
  return request(ctx, 'GET', '/plugins');
}

/** `spec`: an absolute folder or .tgz path on the engine host, or an npm spec (name@version). */
export function installPlugin(ctx: ApiContext, spec: string): Promise<InstallResult> {
  return request(ctx, 'POST', '/plugins', { spec });
}

export function setPluginEnabled(ctx: ApiContext, id: string, enabled: boolean): Promise<PluginInfo> {
  return request(ctx, 'POST', `/plugins/${enc(id)}/${enabled ? 'enable' : 'disable'}`);
}

export function removePlugin(ctx: ApiContext, id: string): Promise<unknown> {
  return request(ctx, 'DELETE', `/plugins/${enc(id)}`);
}

export function getCredentials(ctx: ApiContext, connectorId: string): Promise<CredentialsView> {
  return request(ctx, 'GET', `/connectors/${enc(connectorId)}/credentials`);
}

/** Replaces every field (omitted fields are cleared); the answer shows which are set, never secrets. */
export function putCredentials(ctx: ApiContext, connectorId: string, values: Record<string, string>): Promise<CredentialsView> {
  return request(ctx, 'PUT', `/connectors/${enc(connectorId)}/credentials`, { values });
}

export function deleteCredentials(ctx: ApiContext, connectorId: string): Promise<void> {
  return request(ctx, 'DELETE', `/connectors/${enc(connectorId)}/credentials`);
}

export function listTokens(ctx: ApiContext): Promise<{ items: ApiTokenView[] }> {
  return request(ctx, 'GET', '/tokens');
}

/** The answer carries `token` once: it is never shown again. */
export function createToken(ctx: ApiContext, body: CreateTokenBody): Promise<ApiTokenView & { token: string }> {
  return request(ctx, 'POST', '/tokens', body);
}

export function revokeToken(ctx: ApiContext, id: string): Promise<ApiTokenView> {
  return request(ctx, 'DELETE', `/tokens/${enc(id)}`);
}

/** GET /readyz (public probe): 503 is an answer ("not ready"), not an error. */
export function readiness(ctx: ApiContext): Promise<Readiness> {
  return request(ctx, 'GET', '/readyz', undefined, { root: true, accept: [503] });
}

/** GET /metrics: Prometheus text. */
export function metricsText(ctx: ApiContext): Promise<string> {
  return request(ctx, 'GET', '/metrics', undefined, { root: true, text: true });
}

/** Failed mail/IM deliveries (it_admin). */
export function listOutbox(ctx: ApiContext, status?: string, limit = 50): Promise<{ items: Array<{ id: number; channel: string; status: string; title: string; lastError: string | null; attempts: number; createdAt: string | null }>; nextCursor?: string | null }> {
  return request(ctx, 'GET', `/outbox${toQuery({ status, limit })}`);
}
