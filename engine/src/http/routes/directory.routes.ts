import { UserError } from '@coachflow/model';
import type { RouteSpec } from '../route.types.js';
import { recordAudit } from '../../audit/audit.js';
import { auditActor } from '../../auth/auth.service.js';
import { toEmployee, upsertEmployees, type EmployeeInput } from '../../app/directory.service.js';
import { HR, PEOPLE, pathEmployee } from '../../auth/subjects.js';

const str = (max: number) => ({ type: ['string', 'null'] as Array<'string' | 'null'>, maxLength: max });

export const directoryRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/employees',
    operationId: 'listEmployees',
    summary: 'Employees of the directory',
    tag: 'directory',
    access: { roles: PEOPLE, listItem: (e) => ({ about: [e.id as string] }) },
    query: { type: 'object', additionalProperties: false, properties: { managerId: { type: 'string', maxLength: 64 }, limit: { type: 'string', pattern: '^[0-9]{1,5}$' } } },
    responses: { 200: 'Employees' },
    async handler({ services, query, auth }) {
      const q = services.db.knex('employee').orderBy('id').limit(Math.min(Number(query.limit ?? 1000), 10000));
      if (query.managerId) q.where('manager_id', query.managerId);
      // A manager sees their reporting line and themselves; others only themselves.
      if (auth.reach !== 'all') q.whereIn('id', [auth.principal?.employeeId ?? '', ...(auth.reach === 'team' ? await auth.reports() : [])]);
      return { body: { items: ((await q) as Array<Record<string, unknown>>).map(toEmployee) } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/employees/:id',
    operationId: 'getEmployee',
    summary: 'One employee',
    tag: 'directory',
    access: { roles: PEOPLE, subject: pathEmployee() },
    responses: { 200: 'The employee', 404: 'Not found' },
    async handler({ services, params }) {
      const e = await services.directory.getEmployee(params.id as string);
      if (!e) throw UserError.notFound('employee', params.id as string);
      return { body: e };
    },
  },
  {
    method: 'put',
    path: '/api/v1/employees',
    operationId: 'upsertEmployees',
    summary: 'Insert or update employees (delta sync)',
    tag: 'directory',
    access: { roles: HR },
    body: {
      type: 'object',
      required: ['employees'],
      additionalProperties: false,
      properties: {
        employees: {
          type: 'array',
          maxItems: 10000,
          items: {
            type: 'object',
            required: ['id', 'name'],
            additionalProperties: false,
            properties: {
              id: { type: 'string', minLength: 1, maxLength: 64 },
              name: { type: 'string', minLength: 1, maxLength: 200 },
              email: str(200),
              jobFamily: str(64),
              level: str(16),
              location: str(100),
              status: { type: 'string', enum: ['active', 'inactive', 'on_leave'] },
              managerId: str(64),
              departmentId: str(64),
              teamId: str(64),
              hrbpId: str(64),
              locale: { type: 'string', enum: ['zh-CN', 'en'] },
              extra: { type: 'object' },
            },
          },
        },
      },
    },
    responses: { 200: 'Upserted count', 400: 'Invalid body' },
    async handler({ services, body, auth, koa }) {
      const employees = (body as { employees: EmployeeInput[] }).employees;
      // The change and its audit entry commit together.
      const n = await services.db.knex.transaction(async (trx) => {
        const upserted = await upsertEmployees(trx, employees);
        await recordAudit(trx, { actor: auditActor(auth.principal, koa.ip), action: 'directory.upsert', target: { type: 'directory', id: 'employees' }, details: { upserted, ids: employees.slice(0, 200).map((e) => e.id) } });
        return upserted;
      });
      return { body: { upserted: n } };
    },
  },
];
