/** Typed wrappers over the Moodle look-up functions the actions share. */
import { ConnectorError, type ActionContext } from '@coachflow/connector-sdk';
import { callMoodle } from './moodle.client.js';

/** The user fields the connector keeps (Moodle may return more; they are dropped). */
export interface MoodleUser {
  id: number;
  username?: string;
  fullname: string;
  email?: string;
  idnumber?: string;
}

export interface MoodleCourse {
  id: number;
  shortname: string;
  fullname: string;
  idnumber?: string;
  categoryid?: number;
}

export type UserField = 'id' | 'idnumber' | 'username' | 'email';
export type CourseField = 'id' | 'idnumber' | 'shortname' | 'category';

function asRecords(body: unknown, what: string): Record<string, unknown>[] {
  if (!Array.isArray(body)) throw ConnectorError.nonRetryable('BAD_RESPONSE', `Moodle ${what}: expected a list`);
  return body.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Users matching `field = value`; users the token cannot see are silently absent (Moodle behaviour). */
export async function usersByField(ctx: ActionContext, field: UserField, value: string): Promise<MoodleUser[]> {
  const body = await callMoodle(ctx, 'core_user_get_users_by_field', { field, values: [value] });
  return asRecords(body, 'core_user_get_users_by_field').map((u) => ({
    id: Number(u.id),
    username: str(u.username),
    fullname: str(u.fullname) ?? '',
    email: str(u.email),
    idnumber: str(u.idnumber),
  }));
}

export async function coursesByField(ctx: ActionContext, field: CourseField, value: string): Promise<MoodleCourse[]> {
  const body = await callMoodle(ctx, 'core_course_get_courses_by_field', { field, value });
  const courses = typeof body === 'object' && body !== null && 'courses' in body ? body.courses : undefined;
  return asRecords(courses, 'core_course_get_courses_by_field').map((c) => ({
    id: Number(c.id),
    shortname: str(c.shortname) ?? '',
    fullname: str(c.fullname) ?? '',
    idnumber: str(c.idnumber),
    categoryid: typeof c.categoryid === 'number' ? c.categoryid : undefined,
  }));
}

/** Ids of the courses a user is enrolled in. */
export async function enrolledCourseIds(ctx: ActionContext, userId: number): Promise<Set<number>> {
  const body = await callMoodle(ctx, 'core_enrol_get_users_courses', { userid: userId });
  return new Set(asRecords(body, 'core_enrol_get_users_courses').map((c) => Number(c.id)));
}
