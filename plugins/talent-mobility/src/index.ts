/**
 * @coachflow/plugin-talent-mobility — rotation requests in an internal talent marketplace.
 *
 * ```ts
 * import talent, { verifyWebhook, parseWebhook } from '@coachflow/plugin-talent-mobility';
 * if (!verifyWebhook(rawBody, req.headers['x-signature'], creds.webhookSecret)) return 401;
 * const event = parseWebhook(rawBody); // dedupe on event.eventId, then resume the waiting run
 * ```
 */
export { default } from './talent-mobility.connector.js';
export { verifyWebhook } from './webhook/verify-webhook.js';
export { parseWebhook, type RotationStatusChangedEvent } from './webhook/parse-webhook.js';
export { ROTATION_STATUSES, type RotationStatus } from './client/talent.client.js';
export type { CreateRotationRequestInput, CreateRotationRequestOutput } from './actions/create-rotation-request.action.js';
