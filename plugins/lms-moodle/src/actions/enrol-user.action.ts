import { ConnectorError, defineAction, type ActionContext } from '@coachflow/connector-sdk';
import { callMoodle } from '../client/moodle.client.js';
import { coursesByField, enrolledCourseIds, usersByField } from '../client/moodle.lookups.js';

export interface EnrolUserInput {
  /** Employee number, matched against the Moodle user's `idnumber`. */
  employeeId?: string;
  userId?: number;
  courseIdnumber?: string;
  courseId?: number;
  /** Moodle role id; 5 = student. */
  roleId?: number;
}

export interface EnrolUserOutput {
  enrolled: true;
  userId: number;
  courseId: number;
  /** True when the user was already enrolled before this step's (last) attempt; nothing was sent. */
  alreadyEnrolled: boolean;
}

async function resolveUserId(ctx: ActionContext, input: EnrolUserInput): Promise<number> {
  const [field, value] = input.userId !== undefined ? (['id', String(input.userId)] as const) : (['idnumber', input.employeeId ?? ''] as const);
  const users = await usersByField(ctx, field, value);
  // Users the token cannot see are omitted by Moodle, so "not found" may also mean "not visible".
  if (users.length === 0) throw ConnectorError.nonRetryable('USER_NOT_FOUND', `no Moodle user visible with ${field} ${value}`);
  if (users.length > 1) throw ConnectorError.nonRetryable('USER_AMBIGUOUS', `${users.length} Moodle users have ${field} ${value}`);
  return (users[0] as { id: number }).id;
}

async function resolveCourseId(ctx: ActionContext, input: EnrolUserInput): Promise<number> {
  const [field, value] = input.courseId !== undefined ? (['id', String(input.courseId)] as const) : (['idnumber', input.courseIdnumber ?? ''] as const);
  const courses = await coursesByField(ctx, field, value);
  if (courses.length === 0) throw ConnectorError.nonRetryable('COURSE_NOT_FOUND', `no visible Moodle course with ${field} ${value}`);
  if (courses.length > 1) throw ConnectorError.nonRetryable('COURSE_AMBIGUOUS', `${courses.length} Moodle courses have ${field} ${value}`);
  return (courses[0] as { id: number }).id;
}

/**
 * Enrols an employee in a course through the manual enrolment plugin. Idempotent on (user, course):
 * an existing enrolment is reported as success without calling Moodle again, so a retry after a lost
 * answer (same idempotency key) never enrols twice.
 */
export const enrolUser = defineAction<EnrolUserInput, EnrolUserOutput>({
  displayName: { 'zh-CN': '报名课程', en: 'Enrol in course' },
  description: { 'zh-CN': '按工号和课程编号在 Moodle 中手动报名', en: 'Enrol a user (by employee number) in a Moodle course (by idnumber) with manual enrolment' },
  input: {
    type: 'object',
    properties: {
      employeeId: { type: 'string', minLength: 1, title: 'Employee number (Moodle idnumber)' },
      userId: { type: 'integer', minimum: 1, title: 'Moodle user id' },
      courseIdnumber: { type: 'string', minLength: 1, title: 'Course idnumber' },
      courseId: { type: 'integer', minimum: 1, title: 'Moodle course id' },
      roleId: { type: 'integer', minimum: 1, default: 5, title: 'Role id (5 = student)' },
    },
    anyOf: [{ required: ['employeeId'] }, { required: ['userId'] }],
    allOf: [{ anyOf: [{ required: ['courseIdnumber'] }, { required: ['courseId'] }] }],
  },
  output: {
    type: 'object',
    properties: { enrolled: { const: true }, userId: { type: 'integer' }, courseId: { type: 'integer' }, alreadyEnrolled: { type: 'boolean' } },
  },
  sends: ['employeeId', 'userId', 'courseIdnumber', 'courseId', 'roleId'],
  async run(ctx, input) {
    if (input.userId === undefined && !input.employeeId) throw ConnectorError.nonRetryable('INVALID_INPUT', 'employeeId or userId is required');
    if (input.courseId === undefined && !input.courseIdnumber) throw ConnectorError.nonRetryable('INVALID_INPUT', 'courseIdnumber or courseId is required');
    const roleId = input.roleId ?? 5;
    if (!Number.isInteger(roleId) || roleId < 1) throw ConnectorError.nonRetryable('INVALID_INPUT', 'roleId must be a positive integer');
    const userId = await resolveUserId(ctx, input);
    const courseId = await resolveCourseId(ctx, input);
    if ((await enrolledCourseIds(ctx, userId)).has(courseId)) {
      ctx.logger.info('moodle: already enrolled', { userId, courseId, idempotencyKey: ctx.idempotencyKey });
      return { enrolled: true, userId, courseId, alreadyEnrolled: true };
    }
    const result = await callMoodle(ctx, 'enrol_manual_enrol_users', { enrolments: [{ roleid: roleId, userid: userId, courseid: courseId }] });
    if (result !== null) throw ConnectorError.nonRetryable('BAD_RESPONSE', 'Moodle enrol_manual_enrol_users answered something other than null');
    ctx.logger.info('moodle: enrolled', { userId, courseId, roleId, idempotencyKey: ctx.idempotencyKey });
    return { enrolled: true, userId, courseId, alreadyEnrolled: false };
  },
});
