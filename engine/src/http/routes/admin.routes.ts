/** Administration: users and roles, API tokens, system settings (it_admin) and the audit log (hr_admin, it_admin). */
import { UserError } from '@coachflow/model';
import type { RouteSpec } from '../route.types.js';
import { listAudit, verifyAuditChain } from '../../audit/audit.js';
import { auditActor, type UserPatch } from '../../auth/auth.service.js';
import { ROLES, TOKEN_ROLES } from '../../auth/roles.js';
import { readSettings, SETTINGS_PATCH_SCHEMA, updateSettings, type SystemSettings } from '../../auth/settings.service.js';
import { clientOf, cursorParam, EMPLOYEE_ID, limitOf, limitParam, principalOf } from './people.shared.js';

const roleList = { type: 'array' as const, minItems: 1, maxItems: 5, items: { type: 'string' as const, enum: [...ROLES] } };
const ADMINS = { hr_admin: 'all' as const, it_admin: 'all' as const };
const IT = { it_admin: 'all' as const };

export const adminRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/users',
    operationId: 'listUsers',
    summary: 'Users with their roles and linked employees',
    tag: 'users',
    access: { roles: ADMINS },
    responses: { 200: 'Users' },
    async handler({ services }) {
      return { body: { items: await services.auth.listUsers() } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/users',
    operationId: 'createUser',
    summary: 'Create a user (password hashed with scrypt, never stored plain)',
    tag: 'users',
    access: { roles: IT },
    body: {
      type: 'object',
      required: ['email', 'password', 'roles'],
      additionalProperties: false,
      properties: {
        email: { type: 'string', minLength: 3, maxLength: 200 },
        name: { type: 'string', minLength: 1, maxLength: 200 },
        password: { type: 'string', minLength: 1, maxLength: 200 },
        roles: roleList,
        employeeId: { ...EMPLOYEE_ID, type: ['string', 'null'] as never },
        locale: { type: 'string', enum: ['zh-CN', 'en'] },
      },
    },
    responses: { 201: 'Created', 400: 'Invalid (weak password, unknown role or employee)', 409: 'Email taken' },
    async handler(req) {
      const b = req.body as { email: string; name?: string; password: string; roles: string[]; employeeId?: string | null; locale?: 'zh-CN' | 'en' };
      return { status: 201, body: await req.services.auth.createUser(b, auditActor(principalOf(req), clientOf(req).ip)) };
    },
  },
  {
    method: 'put',
    path: '/api/v1/users/:id',
    operationId: 'updateUser',
    summary: 'Change roles, status, locale, linked employee or password (audited with before/after)',
    tag: 'users',
    intParams: ['id'],
    access: { roles: IT },
    body: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 200 },
        roles: { ...roleList, minItems: 0 },
        employeeId: { type: ['string', 'null'] as never, maxLength: 64 },
        locale: { type: 'string', enum: ['zh-CN', 'en'] },
        status: { type: 'string', enum: ['active', 'disabled'] },
        password: { type: 'string', minLength: 1, maxLength: 200 },
      },
    },
    responses: { 200: 'Updated', 404: 'Not found' },
    async handler(req) {
      const patch = (req.body ?? {}) as UserPatch;
      if (Object.keys(patch).length === 0) throw UserError.badRequest('EMPTY_PATCH', 'name at least one field to change');
      return { body: await req.services.auth.updateUser(Number(req.params.id), patch, auditActor(principalOf(req), clientOf(req).ip)) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/tokens',
    operationId: 'listTokens',
    summary: 'API tokens for systems (never the token itself: it is shown once, at creation)',
    tag: 'tokens',
    access: { roles: IT },
    responses: { 200: 'Tokens' },
    async handler({ services }) {
      return { body: { items: await services.auth.listApiTokens() } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/tokens',
    operationId: 'createToken',
    summary: 'Create an API token scoped to roles (hr_admin, it_admin, executive) and optionally route groups; the answer carries the token once',
    tag: 'tokens',
    access: { roles: IT },
    body: {
      type: 'object',
      required: ['name', 'roles'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 200 },
        roles: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'string', enum: [...TOKEN_ROLES] } },
        groups: { type: 'array', maxItems: 50, items: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' } },
        expiresInDays: { type: 'integer', minimum: 1, maximum: 3650 },
      },
    },
    responses: { 201: 'Created: { token, … } (store it now; it is never shown again)' },
    async handler(req) {
      const b = req.body as { name: string; roles: string[]; groups?: string[]; expiresInDays?: number };
      return { status: 201, body: await req.services.auth.createApiToken(b, principalOf(req), clientOf(req)) };
    },
  },
  {
    method: 'delete',
    path: '/api/v1/tokens/:id',
    operationId: 'revokeToken',
    summary: 'Revoke an API token (it stops working at once)',
    tag: 'tokens',
    intParams: ['id'],
    access: { roles: IT },
    responses: { 200: 'Revoked', 404: 'Not found' },
    async handler(req) {
      return { body: await req.services.auth.revokeApiToken(Number(req.params.id), principalOf(req), clientOf(req)) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/settings',
    operationId: 'getSettings',
    summary: 'System settings: reminder and escalation timing, digest frequency',
    tag: 'settings',
    access: { roles: IT },
    responses: { 200: 'Settings' },
    async handler({ services }) {
      return { body: await readSettings(services.db.knex) };
    },
  },
  {
    method: 'put',
    path: '/api/v1/settings',
    operationId: 'updateSettings',
    summary: 'Change system settings (audited with before/after)',
    tag: 'settings',
    access: { roles: IT },
    body: SETTINGS_PATCH_SCHEMA,
    responses: { 200: 'Settings after the change' },
    async handler(req) {
      return { body: await updateSettings(req.services.db.knex, (req.body ?? {}) as Partial<SystemSettings>, auditActor(principalOf(req), clientOf(req).ip)) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/audit',
    operationId: 'listAudit',
    summary: 'The audit log, newest first: who (user, token, run, system; on behalf of), what, when, before/after',
    tag: 'audit',
    access: { roles: ADMINS },
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        action: { type: 'string', maxLength: 64 },
        actionPrefix: { type: 'string', maxLength: 64 },
        actorType: { type: 'string', enum: ['user', 'token', 'run', 'system'] },
        actorId: { type: 'string', maxLength: 64 },
        targetType: { type: 'string', maxLength: 64 },
        targetId: { type: 'string', maxLength: 100 },
        from: { type: 'string', format: 'date-time' },
        to: { type: 'string', format: 'date-time' },
        limit: limitParam,
        cursor: cursorParam,
      },
    },
    responses: { 200: 'A page of entries' },
    async handler({ services, query }) {
      const time = (v: string | undefined) => {
        if (v === undefined) return undefined;
        const t = Date.parse(v);
        if (!Number.isFinite(t)) throw UserError.badRequest('INVALID_QUERY', `not a date: ${v}`);
        return t;
      };
      return {
        body: await listAudit(services.db.knex, {
          limit: limitOf(query, 100, 500),
          ...(query.action ? { action: query.action } : {}),
          ...(query.actionPrefix ? { actionPrefix: query.actionPrefix } : {}),
          ...(query.actorType ? { actorType: query.actorType } : {}),
          ...(query.actorId ? { actorId: query.actorId } : {}),
          ...(query.targetType ? { targetType: query.targetType } : {}),
          ...(query.targetId ? { targetId: query.targetId } : {}),
          ...(query.from ? { from: time(query.from) as number } : {}),
          ...(query.to ? { to: time(query.to) as number } : {}),
          ...(query.cursor ? { cursor: Number(query.cursor) } : {}),
        }),
      };
    },
  },
  {
    method: 'get',
    path: '/api/v1/audit/verify',
    operationId: 'verifyAudit',
    summary: 'Re-computes the hash chain: ok, or the first entry that was modified, removed or reordered',
    tag: 'audit',
    access: { roles: ADMINS },
    responses: { 200: 'Verification result' },
    async handler({ services }) {
      return { body: await verifyAuditChain(services.db.knex) };
    },
  },
];
