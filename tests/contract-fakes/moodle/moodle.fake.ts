/**
 * A fake Moodle REST web service (CONTRACTS.md 2.4), node:http only.
 *
 * Reproduces the awkward parts: one endpoint `/webservice/rest/server.php`; `$_GET` and `$_POST`
 * merged; PHP bracket params (JSON bodies are not parsed); `moodlewsrestformat` defaults to xml;
 * errors are HTTP 200 `{exception, errorcode, message}`; `enrol_manual_enrol_users` answers the
 * literal body `null`, runs its batch as one transaction and throws at the first error; users the
 * caller cannot see are silently omitted; hidden courses are filtered.
 * Switches: `mode` = 'ok' | 'unavailable' (503) | 'rateLimited' (429) | 'hang' (never answers).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parsePhpParams, type PhpValue } from './php-params.js';

export interface MoodleUser {
  id: number;
  username: string;
  firstname: string;
  lastname: string;
  email: string;
  idnumber: string;
  /** false = the web-service user cannot see this user (silently omitted from lookups). */
  visibleToCaller?: boolean;
}

export interface MoodleCourse {
  id: number;
  shortname: string;
  fullname: string;
  idnumber: string;
  categoryid: number;
  visible?: boolean;
  /** false = the course has no manual enrolment instance (`wsnoinstance`). */
  manualEnrol?: boolean;
}

export interface MoodleCall {
  wsfunction: string;
  params: Record<string, PhpValue>;
  contentType: string;
}

export type MoodleMode = 'ok' | 'unavailable' | 'rateLimited' | 'hang';

/** Role ids the web-service user may assign (student 5, teacher 3/4, manager 1). */
const ASSIGNABLE_ROLES = new Set([1, 3, 4, 5]);

type Exception = { exception: string; errorcode: string; message: string };

class MoodleException extends Error {
  constructor(readonly body: Exception) {
    super(body.message);
  }
}

const invalidParameter = (detail: string) =>
  new MoodleException({ exception: 'invalid_parameter_exception', errorcode: 'invalidparameter', message: `Invalid parameter value detected (${detail})` });

export class MoodleFake {
  /** Valid tokens; tokens in `tokensWithoutRestCapability` lack `webservice/rest:use`. */
  readonly tokens = new Set<string>(['moodle-token']);
  readonly tokensWithoutRestCapability = new Set<string>();
  users: MoodleUser[] = [];
  courses: MoodleCourse[] = [];
  /** key `${userid}:${courseid}` → role id. */
  readonly enrolments = new Map<string, number>();
  /** `enrol_manual_enrol_users` entries received per `${userid}:${courseid}` (applied or not). */
  readonly enrolCalls = new Map<string, number>();
  readonly calls: MoodleCall[] = [];
  mode: MoodleMode = 'ok';
  #server: Server | null = null;

  get url(): string {
    const addr = this.#server?.address() as AddressInfo | null;
    if (!addr) throw new Error('moodle fake not started');
    return `http://127.0.0.1:${addr.port}`;
  }

  /** Convenience seed: a few users (one invisible) and courses (one hidden, one without manual enrol). */
  seed(): this {
    this.users = [
      { id: 2, username: 'lilei', firstname: 'Lei', lastname: 'Li', email: 'li.lei@example.com', idnumber: 'E102938' },
      { id: 3, username: 'hanmeimei', firstname: 'Meimei', lastname: 'Han', email: 'han.meimei@example.com', idnumber: 'E102939' },
      { id: 4, username: 'hidden', firstname: 'Hidden', lastname: 'User', email: 'hidden@example.com', idnumber: 'E999999', visibleToCaller: false },
    ];
    this.courses = [
      { id: 10, shortname: 'OBJ-101', fullname: 'Customer objection handling', idnumber: 'OBJ-101', categoryid: 1 },
      { id: 11, shortname: 'NEG-201', fullname: 'Negotiation', idnumber: 'NEG-201', categoryid: 1 },
      { id: 12, shortname: 'OLD-001', fullname: 'Retired course', idnumber: 'OLD-001', categoryid: 2, visible: false },
      { id: 13, shortname: 'SELF-001', fullname: 'Self enrol only', idnumber: 'SELF-001', categoryid: 2, manualEnrol: false },
    ];
    return this;
  }

  enrolCallCount(userId: number, courseId: number): number {
    return this.enrolCalls.get(`${userId}:${courseId}`) ?? 0;
  }

  async start(port = 0): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((ok) => this.#server?.listen(port, '127.0.0.1', ok));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
    this.#server = null;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (this.mode === 'hang') return; // never answers; stop() closes the socket
    if (this.mode === 'unavailable') return send(res, 503, 'text/html', '<h1>Service Unavailable</h1>');
    if (this.mode === 'rateLimited') return send(res, 429, 'text/html', '<h1>Too Many Requests</h1>', { 'retry-after': '1' });
    const url = new URL(req.url ?? '/', 'http://moodle.local');
    if (url.pathname !== '/webservice/rest/server.php') return send(res, 404, 'text/html', 'Not found');
    const contentType = String(req.headers['content-type'] ?? '');
    // The stock REST server merges $_GET and $_POST; PHP only fills $_POST from form bodies.
    const pairs: [string, string][] = [...url.searchParams.entries()];
    if (req.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
      pairs.push(...new URLSearchParams(Buffer.concat(chunks).toString('utf8')).entries());
    }
    const params = parsePhpParams(pairs);
    const format = params.moodlewsrestformat === 'json' ? 'json' : 'xml';
    const wsfunction = typeof params.wsfunction === 'string' ? params.wsfunction : '';
    this.calls.push({ wsfunction, params, contentType });
    let result: unknown;
    try {
      result = this.#dispatch(params, wsfunction);
    } catch (e) {
      if (!(e instanceof MoodleException)) throw e;
      result = e.body;
    }
    if (format === 'xml') {
      // Only the shape matters: the connector always asks for json.
      return send(res, 200, 'application/xml; charset=utf-8', `<?xml version="1.0" encoding="UTF-8" ?>\n<RESPONSE>${escapeXml(JSON.stringify(result))}</RESPONSE>\n`);
    }
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify(result));
  }

  #dispatch(params: Record<string, PhpValue>, wsfunction: string): unknown {
    const token = params.wstoken;
    if (typeof token !== 'string' || !this.tokens.has(token)) {
      throw new MoodleException({ exception: 'moodle_exception', errorcode: 'invalidtoken', message: 'Invalid token - token not found' });
    }
    if (this.tokensWithoutRestCapability.has(token)) {
      throw new MoodleException({ exception: 'webservice_access_exception', errorcode: 'accessexception', message: 'Access control exception' });
    }
    switch (wsfunction) {
      case 'core_user_get_users_by_field':
        return this.#usersByField(params);
      case 'core_course_get_courses_by_field':
        return this.#coursesByField(params);
      case 'core_enrol_get_users_courses':
        return this.#usersCourses(params);
      case 'enrol_manual_enrol_users':
        return this.#enrol(params);
      default:
        throw new MoodleException({ exception: 'dml_missing_record_exception', errorcode: 'invalidrecord', message: "Can't find data record in database table external_functions." });
    }
  }

  #usersByField(params: Record<string, PhpValue>): unknown {
    const field = params.field;
    if (typeof field !== 'string' || !['id', 'idnumber', 'username', 'email'].includes(field)) throw invalidParameter('field');
    const values = params.values;
    if (!Array.isArray(values) || !values.every((v): v is string => typeof v === 'string')) throw invalidParameter('values');
    if (field === 'id' && !values.every((v) => /^\d+$/.test(v))) throw invalidParameter('Invalid external api parameter: the value is "' + values.join(',') + '"');
    return this.users
      .filter((u) => u.visibleToCaller !== false && values.includes(String(u[field as 'id' | 'idnumber' | 'username' | 'email'])))
      .map((u) => ({ id: u.id, username: u.username, firstname: u.firstname, lastname: u.lastname, fullname: `${u.firstname} ${u.lastname}`, email: u.email, idnumber: u.idnumber }));
  }

  #coursesByField(params: Record<string, PhpValue>): unknown {
    const field = typeof params.field === 'string' ? params.field : '';
    const value = typeof params.value === 'string' ? params.value : '';
    if (!['', 'id', 'ids', 'shortname', 'idnumber', 'category'].includes(field)) throw invalidParameter('field');
    const visible = this.courses.filter((c) => c.visible !== false);
    const matches = visible.filter((c) => {
      switch (field) {
        case '':
          return true;
        case 'id':
          return String(c.id) === value;
        case 'ids':
          return value.split(',').includes(String(c.id));
        case 'shortname':
          return c.shortname === value;
        case 'idnumber':
          return c.idnumber === value;
        default:
          return String(c.categoryid) === value;
      }
    });
    return {
      courses: matches.map((c) => ({ id: c.id, shortname: c.shortname, fullname: c.fullname, displayname: c.fullname, categoryid: c.categoryid, idnumber: c.idnumber, visible: 1, format: 'topics', summary: '', summaryformat: 1 })),
      warnings: [],
    };
  }

  #usersCourses(params: Record<string, PhpValue>): unknown {
    const userid = Number(params.userid);
    if (!Number.isInteger(userid)) throw invalidParameter('userid');
    return this.courses
      .filter((c) => this.enrolments.has(`${userid}:${c.id}`))
      .map((c) => ({ id: c.id, shortname: c.shortname, fullname: c.fullname, displayname: c.fullname, idnumber: c.idnumber, visible: c.visible === false ? 0 : 1 }));
  }

  #enrol(params: Record<string, PhpValue>): null {
    const list = params.enrolments;
    if (!Array.isArray(list) || list.length === 0) throw invalidParameter('enrolments');
    const parsed = list.map((e) => {
      if (typeof e !== 'object' || Array.isArray(e)) throw invalidParameter('enrolments');
      const [roleid, userid, courseid] = [e.roleid, e.userid, e.courseid].map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN));
      if (!Number.isInteger(roleid) || !Number.isInteger(userid) || !Number.isInteger(courseid)) throw invalidParameter('Missing required key in single structure: roleid/userid/courseid');
      return { roleid: roleid as number, userid: userid as number, courseid: courseid as number };
    });
    for (const e of parsed) {
      const key = `${e.userid}:${e.courseid}`;
      this.enrolCalls.set(key, (this.enrolCalls.get(key) ?? 0) + 1);
    }
    // One delegated transaction: validate everything first, throw at the first error, apply nothing.
    for (const e of parsed) {
      const course = this.courses.find((c) => c.id === e.courseid);
      if (!course) throw invalidParameter('Context does not exist');
      if (!ASSIGNABLE_ROLES.has(e.roleid)) {
        throw new MoodleException({ exception: 'moodle_exception', errorcode: 'wsusercannotassign', message: `You don't have the permission to assign this role (${e.roleid}) to this user (${e.userid}) in this course(${e.courseid}).` });
      }
      if (course.manualEnrol === false) {
        throw new MoodleException({ exception: 'moodle_exception', errorcode: 'wsnoinstance', message: `Manual enrolment plugin instance doesn't exist or is disabled for the course (id = ${e.courseid})` });
      }
      if (!this.users.some((u) => u.id === e.userid)) {
        throw new MoodleException({ exception: 'coding_exception', errorcode: 'codingerror', message: 'Coding error detected, it must be fixed by a programmer: User ID does not exist or is deleted!' });
      }
    }
    // Enrolling an already enrolled user updates the enrolment in place: a no-op success.
    for (const e of parsed) this.enrolments.set(`${e.userid}:${e.courseid}`, e.roleid);
    return null;
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, ...headers });
  res.end(body);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
