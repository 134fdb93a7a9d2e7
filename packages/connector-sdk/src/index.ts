/**
 * @coachflow/connector-sdk — what a connector plugin imports.
 *
 * ```ts
 * import { defineConnector, defineAction, ConnectorError } from '@coachflow/connector-sdk';
 * export default defineConnector({ id: 'lms-moodle', version: 1, displayName: { 'zh-CN': 'Moodle', en: 'Moodle' },
 *   actions: { enrolUser: defineAction({ displayName: …, input: {…}, async run(ctx, input) { … } }) } });
 * ```
 */
export { ConnectorError, isConnectorError } from './connector-error.js';
export {
  CONNECTOR_API_VERSION,
  defineAction,
  defineConnector,
  type ActionContext,
  type ActionDefinition,
  type ActionLogger,
  type ConnectorDefinition,
  type CredentialField,
  type LocalizedText,
  type Schema,
} from './define.js';
