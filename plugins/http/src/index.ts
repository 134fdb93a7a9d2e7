/**
 * @coachflow/plugin-http — generic HTTP request connector with an SSRF guard.
 *
 * ```ts
 * import http from '@coachflow/plugin-http';
 * await http.actions.sendRequest.run(ctx, { method: 'POST', url: 'https://hooks.example.com/x', body: { a: 1 } });
 * ```
 */
export { default } from './http.connector.js';
export { createSendRequest, MAX_RESPONSE_BYTES, type SendRequestInput, type SendRequestOptions, type SendRequestOutput } from './actions/send-request.action.js';
export { classifyAddress, parseIp, type AddressClass } from './client/ip-address.js';
export { isAllowlisted, parseAllowlist, type Allowlist } from './client/allowlist.js';
export { checkTarget, type HostLookup } from './client/target-guard.js';
