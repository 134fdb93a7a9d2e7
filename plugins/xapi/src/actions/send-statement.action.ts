import { ConnectorError, defineAction } from '@coachflow/connector-sdk';
import { lrsCredentials, lrsRequest, statusError } from '../client/lrs.client.js';
import { statementIdFor } from '../client/statement-id.js';
import { buildStatement, VERBS, type Statement, type VerbName } from '../client/statement.js';

export interface SendStatementInput {
  employeeId: string;
  verb: VerbName;
  courseId: string;
  courseName?: string;
}

export interface SendStatementOutput {
  statementId: string;
  /** True when the LRS already held this statement (a retry of the same step). */
  duplicate: boolean;
}

const sameStatement = (stored: unknown, sent: Statement): boolean => {
  if (typeof stored !== 'object' || stored === null) return false;
  const s = stored as Record<string, unknown>;
  return JSON.stringify([s.actor, s.verb, s.object]) === JSON.stringify([sent.actor, sent.verb, sent.object]);
};

/**
 * Records a learning event for an employee in the LRS. The statement id is derived from the
 * idempotency key, so retries reuse it: the LRS answers 200 (or 409 for some LRSs, then the stored
 * statement is compared) and nothing is stored twice.
 */
export const sendStatement = defineAction<SendStatementInput, SendStatementOutput>({
  displayName: { 'zh-CN': '发送学习记录 (xAPI)', en: 'Send xAPI statement' },
  input: {
    type: 'object',
    required: ['employeeId', 'verb', 'courseId'],
    properties: {
      employeeId: { type: 'string', minLength: 1, title: 'Employee number (account name)' },
      verb: { type: 'string', enum: Object.keys(VERBS) },
      courseId: { type: 'string', minLength: 1, title: 'Course id or activity IRI' },
      courseName: { type: 'string', title: 'Course name' },
    },
  },
  output: { type: 'object', properties: { statementId: { type: 'string', format: 'uuid' }, duplicate: { type: 'boolean' } } },
  sends: ['employeeId', 'verb', 'courseId', 'courseName'],
  async run(ctx, input) {
    if (!input.employeeId || !input.courseId) throw ConnectorError.nonRetryable('INVALID_INPUT', 'employeeId and courseId are required');
    if (!(input.verb in VERBS)) throw ConnectorError.nonRetryable('INVALID_INPUT', `verb must be one of ${Object.keys(VERBS).join(', ')}`);
    const { homePage } = lrsCredentials(ctx);
    const statement = buildStatement({ id: statementIdFor(ctx.idempotencyKey), homePage, employeeId: input.employeeId, verb: input.verb, courseId: input.courseId, courseName: input.courseName });
    const res = await lrsRequest(ctx, 'POST', '/statements', statement);
    if (res.status === 200) {
      if (!Array.isArray(res.body) || res.body[0] !== statement.id) throw ConnectorError.nonRetryable('BAD_RESPONSE', 'the LRS did not echo the statement id');
      return { statementId: statement.id, duplicate: false };
    }
    if (res.status === 409) {
      // Either a retry on an LRS that 409s every repeat, or the key was reused for other content.
      const stored = await lrsRequest(ctx, 'GET', `/statements?statementId=${statement.id}`);
      if (stored.status === 200 && sameStatement(stored.body, statement)) return { statementId: statement.id, duplicate: true };
      throw ConnectorError.nonRetryable('CONFLICT', `the LRS holds a different statement with id ${statement.id} (idempotency key reused for other content)`);
    }
    throw statusError(res.status, res.body);
  },
});
