/**
 * @coachflow/plugin-xapi — sends xAPI statements (assigned / registered / completed) to an LRS.
 *
 * ```ts
 * import xapi from '@coachflow/plugin-xapi';
 * await xapi.actions.sendStatement.run(ctx, { employeeId: 'E102938', verb: 'assigned', courseId: 'OBJ-101' });
 * ```
 */
export { default } from './xapi.connector.js';
export { statementIdFor, STATEMENT_ID_NAMESPACE } from './client/statement-id.js';
export { activityIri, buildStatement, VERBS, type Statement, type VerbName } from './client/statement.js';
export type { SendStatementInput, SendStatementOutput } from './actions/send-statement.action.js';
