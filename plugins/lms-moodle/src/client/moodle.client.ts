/**
 * The Moodle REST web-service client: POSTs form-encoded PHP bracket params to
 * `{baseUrl}/webservice/rest/server.php` and turns Moodle's HTTP-200 `{exception, errorcode}`
 * answers and transport failures into ConnectorErrors that say whether a retry can help.
 */
import { ConnectorError, type ActionContext } from '@coachflow/connector-sdk';
import { toPhpForm, type FormValue } from './php-form.js';

/** Moodle error codes a retry can fix (database hiccups); everything else is final. */
const TRANSIENT_ERRORCODES = new Set(['dmlreadexception', 'dmlwriteexception', 'dbconnectionfailed', 'dmltransactionexception']);

export interface MoodleException {
  exception: string;
  errorcode: string;
  message: string;
}

function isMoodleException(body: unknown): body is MoodleException {
  return typeof body === 'object' && body !== null && 'exception' in body && 'errorcode' in body;
}

export function moodleCredentials(ctx: ActionContext): { baseUrl: string; token: string } {
  const baseUrl = ctx.credentials.baseUrl?.trim().replace(/\/+$/, '');
  const token = ctx.credentials.token;
  if (!baseUrl || !token) throw ConnectorError.nonRetryable('CREDENTIALS_MISSING', 'lms-moodle needs the baseUrl and token credentials');
  return { baseUrl, token };
}

/** Calls one web-service function and returns its decoded JSON result (`null` for enrol calls). */
export async function callMoodle(ctx: ActionContext, wsfunction: string, params: Record<string, FormValue>): Promise<unknown> {
  const { baseUrl, token } = moodleCredentials(ctx);
  const body = toPhpForm({ wstoken: token, wsfunction, moodlewsrestformat: 'json', ...params });
  let res: Response;
  try {
    res = await ctx.fetch(`${baseUrl}/webservice/rest/server.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
      signal: ctx.signal,
    });
  } catch (e) {
    if (ctx.signal.aborted) throw ConnectorError.retryable('TIMEOUT', `Moodle ${wsfunction} did not answer in time`);
    throw ConnectorError.retryable('NETWORK', `Moodle unreachable: ${e instanceof Error ? e.message : String(e)}`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch {
    throw ConnectorError.retryable(ctx.signal.aborted ? 'TIMEOUT' : 'NETWORK', `Moodle ${wsfunction}: the answer was cut off`);
  }
  if (res.status === 429 || res.status >= 500) throw ConnectorError.retryable(`HTTP_${res.status}`, `Moodle answered HTTP ${res.status} to ${wsfunction}`);
  if (res.status !== 200) throw ConnectorError.nonRetryable(`HTTP_${res.status}`, `Moodle answered HTTP ${res.status} to ${wsfunction} (check baseUrl)`);
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    throw ConnectorError.nonRetryable('BAD_RESPONSE', `Moodle ${wsfunction} did not answer JSON (is the REST protocol enabled?)`);
  }
  if (isMoodleException(decoded)) throw mapException(wsfunction, decoded);
  return decoded;
}

function mapException(wsfunction: string, e: MoodleException): ConnectorError {
  const msg = `Moodle ${wsfunction}: ${e.errorcode}: ${e.message}`;
  if (e.errorcode === 'invalidtoken' || e.errorcode === 'accessexception') return ConnectorError.nonRetryable('AUTH', msg);
  if (e.errorcode === 'nopermissions' || e.exception === 'required_capability_exception') return ConnectorError.nonRetryable('FORBIDDEN', msg);
  if (e.errorcode === 'invalidparameter') return ConnectorError.nonRetryable('INVALID_PARAMETER', msg);
  if (TRANSIENT_ERRORCODES.has(e.errorcode)) return ConnectorError.retryable('MOODLE_TRANSIENT', msg);
  return ConnectorError.nonRetryable(`MOODLE_${e.errorcode.toUpperCase()}`, msg);
}
