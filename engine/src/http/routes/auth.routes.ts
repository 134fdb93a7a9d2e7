/**
 * Sign-in for people. The designer's sign-in page calls POST /api/v1/auth/sign-in with
 * `{email, password}` and sends the returned token as `Authorization: Bearer <token>` on every
 * other call; GET /api/v1/auth/me says who is signed in (roles, employee, locale).
 */
import { UserError } from '@coachflow/model';
import type { RouteSpec } from '../route.types.js';
import { SIGNED_IN } from '../../auth/access.js';
import { RateLimitedError } from '../../auth/auth.service.js';
import { clientOf, principalOf } from './people.shared.js';

export const authRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/v1/auth/sign-in',
    operationId: 'signIn',
    summary: 'Sign in with email and password: an opaque bearer token (valid 8 h by default). Failed sign-ins are limited per account and per IP (429 with Retry-After).',
    tag: 'auth',
    access: { public: 'signing in is how a caller gets a token' },
    body: {
      type: 'object',
      required: ['email', 'password'],
      additionalProperties: false,
      properties: { email: { type: 'string', minLength: 3, maxLength: 200 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
    },
    responses: { 200: 'Signed in: { token, expiresAt, user }', 401: 'Wrong email or password', 429: 'Too many failed sign-ins (Retry-After)' },
    async handler(req) {
      const b = req.body as { email: string; password: string };
      try {
        return { body: await req.services.auth.signIn(b.email, b.password, clientOf(req)) };
      } catch (e) {
        if (e instanceof RateLimitedError) req.koa.set('Retry-After', String(e.retryAfterSeconds));
        throw e;
      }
    },
  },
  {
    method: 'post',
    path: '/api/v1/auth/sign-out',
    operationId: 'signOut',
    summary: 'End the current sign-in session (its token stops working)',
    tag: 'auth',
    access: { roles: SIGNED_IN, note: 'the caller’s own session' },
    responses: { 204: 'Signed out' },
    async handler(req) {
      await req.services.auth.signOut(principalOf(req), clientOf(req));
      return { status: 204, body: null };
    },
  },
  {
    method: 'get',
    path: '/api/v1/auth/me',
    operationId: 'whoAmI',
    summary: 'The signed-in user or token: roles, linked employee, locale',
    tag: 'auth',
    access: { roles: SIGNED_IN, note: 'the caller only' },
    responses: { 200: 'The caller' },
    async handler(req) {
      const p = principalOf(req);
      if (p.kind === 'token') return { body: { kind: 'token', id: p.id, name: p.name, roles: p.roles, groups: p.groups } };
      const user = await req.services.auth.getUser(p.id);
      const employee = user.employeeId ? await req.services.directory.getEmployee(user.employeeId) : null;
      return { body: { kind: 'user', ...user, employee: employee ? { id: employee.id, name: employee.name, managerId: employee.managerId, teamId: employee.teamId, departmentId: employee.departmentId } : null } };
    },
  },
  {
    method: 'put',
    path: '/api/v1/auth/me',
    operationId: 'updateMe',
    summary: 'Change your own locale, or your password (with the current one)',
    tag: 'auth',
    access: { roles: SIGNED_IN, note: 'the caller only' },
    body: {
      type: 'object',
      additionalProperties: false,
      properties: { locale: { type: 'string', enum: ['zh-CN', 'en'] }, currentPassword: { type: 'string', maxLength: 200 }, newPassword: { type: 'string', maxLength: 200 } },
    },
    responses: { 200: 'Updated', 400: 'Wrong current password or weak new one' },
    async handler(req) {
      const patch = (req.body ?? {}) as { locale?: 'zh-CN' | 'en'; currentPassword?: string; newPassword?: string };
      if (patch.locale === undefined && patch.newPassword === undefined) throw UserError.badRequest('EMPTY_PATCH', 'send locale and/or currentPassword + newPassword');
      return { body: await req.services.auth.updateSelf(principalOf(req), patch, clientOf(req)) };
    },
  },
];
