/**
 * @coachflow/plugin-lms-moodle — Moodle LMS connector (findUser, findCourses, enrolUser).
 *
 * ```ts
 * import moodle from '@coachflow/plugin-lms-moodle';
 * await moodle.actions.enrolUser.run(ctx, { employeeId: 'E102938', courseIdnumber: 'OBJ-101' });
 * ```
 */
export { default } from './lms-moodle.connector.js';
export type { EnrolUserInput, EnrolUserOutput } from './actions/enrol-user.action.js';
export type { FindCoursesInput } from './actions/find-courses.action.js';
export type { FindUserInput } from './actions/find-user.action.js';
export type { MoodleCourse, MoodleUser } from './client/moodle.lookups.js';
