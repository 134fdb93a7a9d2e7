import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConnectorError } from '@coachflow/connector-sdk';
import moodle from '../src/index.js';
import { MoodleFake } from '../../../tests/contract-fakes/moodle/moodle.fake.js';
import { makeCtx } from './ctx.js';

let fake: MoodleFake;
let creds: Record<string, string>;

beforeEach(async () => {
  fake = await new MoodleFake().seed().start();
  creds = { baseUrl: `${fake.url}/`, token: 'moodle-token' };
});
afterEach(async () => {
  await fake.stop();
});

async function failure(p: Promise<unknown>): Promise<{ code: string; retryable: boolean; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isConnectorError(e)) return { code: e.code, retryable: e.retryable, message: e.message };
    throw e;
  }
  throw new Error('expected the action to fail');
}

describe('lms-moodle declaration', () => {
  it('declares its credentials, actions and what leaves the system', () => {
    expect(moodle.id).toBe('lms-moodle');
    expect(Object.keys(moodle.actions)).toEqual(['findUser', 'findCourses', 'enrolUser']);
    expect(moodle.credentials?.token?.secret).toBe(true);
    expect(moodle.actions.enrolUser.sends).toContain('employeeId');
  });
});

describe('findUser', () => {
  it('finds by employee number with PHP bracket params over a form body', async () => {
    const { ctx } = makeCtx(creds);
    const out = await moodle.actions.findUser.run(ctx, { field: 'idnumber', value: 'E102938' });
    expect(out.user).toMatchObject({ id: 2, idnumber: 'E102938', fullname: 'Lei Li' });
    const call = fake.calls.at(-1);
    expect(call?.contentType).toContain('application/x-www-form-urlencoded');
    expect(call?.params).toMatchObject({ wsfunction: 'core_user_get_users_by_field', moodlewsrestformat: 'json', field: 'idnumber', values: ['E102938'] });
  });
  it('answers null for a user the token cannot see (silently omitted by Moodle)', async () => {
    const { ctx } = makeCtx(creds);
    expect(await moodle.actions.findUser.run(ctx, { field: 'idnumber', value: 'E999999' })).toEqual({ user: null, matches: 0 });
  });
  it('maps invalidtoken (HTTP 200 exception) to a non-retryable AUTH error', async () => {
    const { ctx } = makeCtx({ ...creds, token: 'wrong' });
    expect(await failure(moodle.actions.findUser.run(ctx, { field: 'email', value: 'li.lei@example.com' }))).toMatchObject({ code: 'AUTH', retryable: false });
  });
  it('maps accessexception to AUTH and never puts the token in the message', async () => {
    fake.tokensWithoutRestCapability.add('moodle-token');
    const { ctx } = makeCtx(creds);
    const f = await failure(moodle.actions.findUser.run(ctx, { field: 'username', value: 'lilei' }));
    expect(f).toMatchObject({ code: 'AUTH', retryable: false });
    expect(f.message).not.toContain('moodle-token');
  });
  it('maps invalidparameter to non-retryable', async () => {
    const { ctx } = makeCtx(creds);
    expect(await failure(moodle.actions.findUser.run(ctx, { field: 'id', value: 'abc' }))).toMatchObject({ code: 'INVALID_PARAMETER', retryable: false });
  });
});

describe('findCourses', () => {
  it('finds by idnumber and hides hidden courses', async () => {
    const { ctx } = makeCtx(creds);
    expect((await moodle.actions.findCourses.run(ctx, { field: 'idnumber', value: 'OBJ-101' })).courses).toEqual([
      { id: 10, shortname: 'OBJ-101', fullname: 'Customer objection handling', idnumber: 'OBJ-101', categoryid: 1 },
    ]);
    expect((await moodle.actions.findCourses.run(ctx, { field: 'idnumber', value: 'OLD-001' })).courses).toEqual([]);
    expect((await moodle.actions.findCourses.run(ctx, { field: 'category', value: '1' })).courses.map((c) => c.id)).toEqual([10, 11]);
  });
});

describe('enrolUser', () => {
  it('resolves employee and course, enrols (success body is literally null)', async () => {
    const { ctx } = makeCtx(creds);
    const out = await moodle.actions.enrolUser.run(ctx, { employeeId: 'E102938', courseIdnumber: 'OBJ-101' });
    expect(out).toEqual({ enrolled: true, userId: 2, courseId: 10, alreadyEnrolled: false });
    expect(fake.enrolments.get('2:10')).toBe(5);
    const enrolCall = fake.calls.find((c) => c.wsfunction === 'enrol_manual_enrol_users');
    expect(enrolCall?.params.enrolments).toEqual([{ roleid: '5', userid: '2', courseid: '10' }]);
  });
  it('enrols once when the step is run twice with the same idempotency key', async () => {
    const first = makeCtx(creds, { idempotencyKey: 'run-7:enrol' });
    const second = makeCtx(creds, { idempotencyKey: 'run-7:enrol' });
    await moodle.actions.enrolUser.run(first.ctx, { employeeId: 'E102938', courseIdnumber: 'OBJ-101' });
    const again = await moodle.actions.enrolUser.run(second.ctx, { employeeId: 'E102938', courseIdnumber: 'OBJ-101' });
    expect(again).toEqual({ enrolled: true, userId: 2, courseId: 10, alreadyEnrolled: true });
    expect(fake.enrolCallCount(2, 10)).toBe(1);
  });
  it('accepts Moodle ids and an explicit role', async () => {
    const { ctx } = makeCtx(creds);
    await moodle.actions.enrolUser.run(ctx, { userId: 3, courseId: 11, roleId: 4 });
    expect(fake.enrolments.get('3:11')).toBe(4);
  });
  it('reports an unknown or hidden course / invisible user as non-retryable not-found, without enrolling', async () => {
    const { ctx } = makeCtx(creds);
    expect(await failure(moodle.actions.enrolUser.run(ctx, { employeeId: 'E102938', courseIdnumber: 'NOPE' }))).toMatchObject({ code: 'COURSE_NOT_FOUND', retryable: false });
    expect(await failure(moodle.actions.enrolUser.run(ctx, { employeeId: 'E999999', courseIdnumber: 'OBJ-101' }))).toMatchObject({ code: 'USER_NOT_FOUND', retryable: false });
    expect(fake.enrolments.size).toBe(0);
  });
  it('maps the enrol exceptions Moodle throws (unassignable role, no manual instance)', async () => {
    const { ctx } = makeCtx(creds);
    expect(await failure(moodle.actions.enrolUser.run(ctx, { employeeId: 'E102938', courseIdnumber: 'OBJ-101', roleId: 99 }))).toMatchObject({ code: 'MOODLE_WSUSERCANNOTASSIGN', retryable: false });
    expect(await failure(moodle.actions.enrolUser.run(ctx, { employeeId: 'E102938', courseIdnumber: 'SELF-001' }))).toMatchObject({ code: 'MOODLE_WSNOINSTANCE', retryable: false });
  });
  it('requires a user and a course reference', async () => {
    const { ctx } = makeCtx(creds);
    expect(await failure(moodle.actions.enrolUser.run(ctx, { courseIdnumber: 'OBJ-101' }))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(fake.calls).toHaveLength(0);
  });
});

describe('transport failures are retryable', () => {
  it('503', async () => {
    fake.mode = 'unavailable';
    const { ctx } = makeCtx(creds);
    expect(await failure(moodle.actions.enrolUser.run(ctx, { employeeId: 'E102938', courseIdnumber: 'OBJ-101' }))).toMatchObject({ code: 'HTTP_503', retryable: true });
  });
  it('429', async () => {
    fake.mode = 'rateLimited';
    const { ctx } = makeCtx(creds);
    expect(await failure(moodle.actions.findUser.run(ctx, { field: 'idnumber', value: 'E102938' }))).toMatchObject({ code: 'HTTP_429', retryable: true });
  });
  it('a hanging server is cut by the step signal', async () => {
    fake.mode = 'hang';
    const { ctx } = makeCtx(creds, { timeoutMs: 150 });
    const started = Date.now();
    expect(await failure(moodle.actions.findUser.run(ctx, { field: 'idnumber', value: 'E102938' }))).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(Date.now() - started).toBeLessThan(2000);
  });
  it('connection refused', async () => {
    await fake.stop();
    const { ctx } = makeCtx(creds);
    expect(await failure(moodle.actions.findUser.run(ctx, { field: 'idnumber', value: 'E102938' }))).toMatchObject({ code: 'NETWORK', retryable: true });
    fake = await new MoodleFake().start();
  });
});

describe('the fake follows the stock REST server', () => {
  it('does not parse JSON bodies and defaults to xml', async () => {
    const res = await fetch(`${fake.url}/webservice/rest/server.php`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ wstoken: 'moodle-token', wsfunction: 'core_user_get_users_by_field' }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('xml');
    expect(await res.text()).toContain('invalidtoken');
  });
  it('merges query-string and form params', async () => {
    const res = await fetch(`${fake.url}/webservice/rest/server.php?wstoken=moodle-token&moodlewsrestformat=json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'wsfunction=enrol_manual_enrol_users&enrolments[0][roleid]=5&enrolments[0][userid]=2&enrolments[0][courseid]=999',
    });
    expect(await res.json()).toMatchObject({ exception: 'invalid_parameter_exception', errorcode: 'invalidparameter' });
  });
});
