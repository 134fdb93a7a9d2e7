/**
 * Identity: users (linked to directory employees, several roles each, a locale), sign-in with a
 * scrypt-hashed password giving an opaque session token (stored hashed, with an expiry), failed
 * sign-ins rate-limited per account and per IP, and API tokens for systems (created by it_admin,
 * scoped to roles and route groups, shown once, stored hashed, revocable). Every change and every
 * sign-in goes to the audit log.
 */
import { UserError } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { fromJson, fromJsonOrNull, insertedId, isUniqueViolation, toJson } from '../persistence/json.js';
import type { AuthConfig } from './auth-config.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import { isRole, TOKEN_ROLES, type Principal, type Role } from './roles.js';
import { API_TOKEN_PREFIX, hashToken, newToken, SESSION_PREFIX } from './tokens.js';
import { PrincipalCache } from './principal-cache.js';

type Row = Record<string, unknown>;
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());

export interface UserView {
  id: number;
  email: string;
  name: string;
  employeeId: string | null;
  roles: Role[];
  locale: 'zh-CN' | 'en';
  status: 'active' | 'disabled';
  createdAt: string | null;
  lastSignInAt: string | null;
}

export interface UserInput {
  email: string;
  name?: string;
  password: string;
  roles: string[];
  employeeId?: string | null;
  locale?: 'zh-CN' | 'en';
}

export interface UserPatch {
  name?: string;
  roles?: string[];
  employeeId?: string | null;
  locale?: 'zh-CN' | 'en';
  status?: 'active' | 'disabled';
  password?: string;
}

export interface ApiTokenView {
  id: number;
  name: string;
  prefix: string;
  roles: Role[];
  groups: string[] | null;
  createdBy: number | null;
  createdAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The request a sign-in came with (for the rate limit and the audit log). */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export class RateLimitedError extends UserError {
  constructor(readonly retryAfterSeconds: number) {
    super('TOO_MANY_SIGN_IN_ATTEMPTS', `too many failed sign-ins; try again in ${retryAfterSeconds} s`, 429, { retryAfterSeconds });
  }
}

export function toUser(row: Row): UserView {
  return {
    id: Number(row.id),
    email: String(row.email),
    name: String(row.name),
    employeeId: (row.employee_id as string | null) ?? null,
    roles: fromJson<string[]>(row.roles).filter(isRole),
    locale: row.locale === 'en' ? 'en' : 'zh-CN',
    status: row.status === 'disabled' ? 'disabled' : 'active',
    createdAt: iso(row.created_at),
    lastSignInAt: iso(row.last_sign_in_at),
  };
}

function toToken(row: Row): ApiTokenView {
  return {
    id: Number(row.id),
    name: String(row.name),
    prefix: String(row.prefix),
    roles: fromJson<string[]>(row.roles).filter(isRole),
    groups: fromJsonOrNull<string[]>(row.groups),
    createdBy: row.created_by === null || row.created_by === undefined ? null : Number(row.created_by),
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
  };
}

const normEmail = (email: string): string => email.trim().toLowerCase();

function checkRoles(roles: string[], allowed: readonly Role[] = ['hr_admin', 'it_admin', 'manager', 'executive', 'employee']): Role[] {
  const bad = roles.filter((r) => !isRole(r) || !allowed.includes(r));
  if (bad.length) throw UserError.badRequest('INVALID_ROLE', `unknown or not allowed role(s): ${bad.join(', ')} (allowed: ${allowed.join(', ')})`);
  return [...new Set(roles as Role[])];
}

/** The audit actor of a principal (who acted). */
export function auditActor(principal: Principal | null, ip?: string | null): AuditActor {
  if (!principal) return { type: 'system', id: null, ip: ip ?? null };
  return { type: principal.kind, id: String(principal.id), name: principal.kind === 'user' ? principal.email : principal.name, ip: ip ?? null };
}

export class AuthService {
  /** Validated principals, briefly (principal-cache.ts); cleared by every change below to users, sessions or tokens. */
  readonly #principals: PrincipalCache;

  constructor(
    private readonly knex: Knex,
    readonly config: AuthConfig,
  ) {
    this.#principals = new PrincipalCache(config.principalCacheMs ?? 0);
  }

  // ---- users ----

  async createUser(input: UserInput, by: AuditActor, now = Date.now()): Promise<UserView> {
    const email = normEmail(input.email);
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 200) throw UserError.badRequest('INVALID_EMAIL', 'email must look like name@domain');
    const problem = passwordProblem(input.password);
    if (problem) throw UserError.badRequest('WEAK_PASSWORD', problem);
    const roles = checkRoles(input.roles);
    if (roles.length === 0) throw UserError.badRequest('INVALID_ROLE', 'a user needs at least one role');
    if ((roles.includes('manager') || roles.includes('employee')) && !input.employeeId) {
      throw UserError.badRequest('EMPLOYEE_REQUIRED', 'the manager and employee roles need employeeId (the person in the directory)');
    }
    if (input.employeeId && !(await this.knex('employee').where({ id: input.employeeId }).first('id'))) {
      throw UserError.badRequest('UNKNOWN_EMPLOYEE', `employee ${input.employeeId} is not in the directory`);
    }
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.knex.transaction(async (trx) => {
        const id = insertedId(
          await trx('user').insert({
            email,
            name: (input.name ?? email).slice(0, 200),
            employee_id: input.employeeId ?? null,
            roles: toJson(roles),
            locale: input.locale ?? 'zh-CN',
            password_hash: passwordHash,
            status: 'active',
            created_at: now,
            updated_at: now,
            last_sign_in_at: null,
          }),
        );
        const user = toUser((await trx('user').where({ id }).first()) as Row);
        await recordAudit(trx, { actor: by, action: 'user.create', target: { type: 'user', id }, after: user, at: now });
        return user;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw UserError.conflict('USER_EXISTS', `a user with email ${email} exists`);
      throw e;
    }
  }

  async listUsers(): Promise<UserView[]> {
    return ((await this.knex('user').orderBy('id')) as Row[]).map(toUser);
  }

  async getUser(id: number): Promise<UserView> {
    const row = (await this.knex('user').where({ id }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('user', id);
    return toUser(row);
  }

  async findUserByEmail(email: string): Promise<UserView | null> {
    const row = (await this.knex('user').where({ email: normEmail(email) }).first()) as Row | undefined;
    return row ? toUser(row) : null;
  }

  async updateUser(id: number, patch: UserPatch, by: AuditActor): Promise<UserView> {
    const update: Row = { updated_at: Date.now() };
    if (patch.name !== undefined) update.name = patch.name.slice(0, 200);
    if (patch.roles !== undefined) update.roles = toJson(checkRoles(patch.roles));
    if (patch.locale !== undefined) update.locale = patch.locale;
    if (patch.status !== undefined) update.status = patch.status;
    if (patch.employeeId !== undefined) {
      if (patch.employeeId && !(await this.knex('employee').where({ id: patch.employeeId }).first('id'))) {
        throw UserError.badRequest('UNKNOWN_EMPLOYEE', `employee ${patch.employeeId} is not in the directory`);
      }
      update.employee_id = patch.employeeId;
    }
    if (patch.password !== undefined) {
      const problem = passwordProblem(patch.password);
      if (problem) throw UserError.badRequest('WEAK_PASSWORD', problem);
      update.password_hash = await hashPassword(patch.password);
    }
    this.#forget(); // also before: a request authenticated while the change commits is not kept past it
    const changed = await this.knex.transaction(async (trx) => {
      const row = (await trx('user').where({ id }).first()) as Row | undefined;
      if (!row) throw UserError.notFound('user', id);
      const before = toUser(row);
      await trx('user').where({ id }).update(update);
      const after = toUser((await trx('user').where({ id }).first()) as Row);
      // A disabled user or a changed password ends the user's sessions.
      if (patch.status === 'disabled' || patch.password !== undefined) await trx('auth_session').where({ user_id: id }).whereNull('revoked_at').update({ revoked_at: Date.now() });
      await recordAudit(trx, {
        actor: by,
        action: 'user.update',
        target: { type: 'user', id },
        before,
        after,
        ...(patch.password !== undefined ? { details: { passwordChanged: true } } : {}),
      });
      return after;
    });
    this.#forget();
    return changed;
  }

  /** The signed-in user changes their own locale or password (the current password is required for the latter). */
  async updateSelf(principal: Principal, patch: { locale?: 'zh-CN' | 'en'; currentPassword?: string; newPassword?: string }, client: ClientInfo): Promise<UserView> {
    if (principal.kind !== 'user') throw UserError.forbidden('API tokens have no profile');
    const row = (await this.knex('user').where({ id: principal.id }).first()) as Row;
    if (patch.newPassword !== undefined && !(await verifyPassword(patch.currentPassword ?? '', (row.password_hash as string | null) ?? null))) {
      throw UserError.badRequest('WRONG_PASSWORD', 'the current password is not right');
    }
    return this.updateUser(principal.id, { ...(patch.locale ? { locale: patch.locale } : {}), ...(patch.newPassword !== undefined ? { password: patch.newPassword } : {}) }, auditActor(principal, client.ip));
  }

  // ---- sign-in ----

  /** How long until a bucket may try again (0 when it may now). */
  async #retryAfter(buckets: string[], now: number): Promise<number> {
    const since = now - this.config.failureWindowMs;
    let wait = 0;
    for (const bucket of buckets) {
      const max = bucket.startsWith('ip:') ? this.config.maxFailuresPerIp : this.config.maxFailures;
      const rows = (await this.knex('sign_in_failure').where({ bucket }).andWhere('at', '>', since).orderBy('at', 'desc').limit(max).select('at')) as Row[];
      if (rows.length >= max) {
        const oldestCounted = Number(rows[rows.length - 1]?.at);
        wait = Math.max(wait, oldestCounted + this.config.failureWindowMs - now);
      }
    }
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  async signIn(emailInput: string, password: string, client: ClientInfo, now = Date.now()): Promise<{ token: string; expiresAt: string; user: UserView }> {
    const email = normEmail(emailInput).slice(0, 200);
    // What was typed as the email may be a password typed into the wrong field: the failure buckets
    // keep its hash, and the audit log keeps it only when it names an existing account.
    const accountBucket = `account:${hashToken(email)}`;
    const buckets = [accountBucket, ...(client.ip ? [`ip:${client.ip}`] : [])];
    const retryAfter = await this.#retryAfter(buckets, now);
    if (retryAfter > 0) throw new RateLimitedError(retryAfter);
    const row = (await this.knex('user').where({ email }).first()) as Row | undefined;
    const ok = await verifyPassword(password, (row?.password_hash as string | null) ?? null);
    if (!row || !ok || row.status !== 'active') {
      await this.knex.transaction(async (trx) => {
        await trx('sign_in_failure').insert(buckets.map((bucket) => ({ bucket, at: now })));
        await recordAudit(trx, {
          actor: { type: 'system', id: null, ip: client.ip },
          action: 'auth.sign_in_failed',
          target: row ? { type: 'user', id: Number(row.id) } : null,
          details: !row ? { reason: 'unknown_account' } : { email, reason: !ok ? 'wrong_password' : 'disabled' },
          at: now,
        });
      });
      throw new UserError('INVALID_CREDENTIALS', 'wrong email or password', 401);
    }
    const token = newToken(SESSION_PREFIX);
    const expiresAt = now + this.config.sessionTtlMs;
    const user = await this.knex.transaction(async (trx) => {
      await trx('auth_session').insert({
        token_hash: hashToken(token),
        user_id: row.id,
        created_at: now,
        expires_at: expiresAt,
        revoked_at: null,
        ip: client.ip?.slice(0, 64) ?? null,
        user_agent: client.userAgent?.slice(0, 300) ?? null,
      });
      await trx('user').where({ id: row.id }).update({ last_sign_in_at: now });
      await trx('sign_in_failure').where({ bucket: accountBucket }).delete();
      const u = toUser({ ...row, last_sign_in_at: now });
      await recordAudit(trx, { actor: { type: 'user', id: String(u.id), name: u.email, ip: client.ip }, action: 'auth.sign_in', target: { type: 'user', id: u.id }, at: now });
      return u;
    });
    return { token, expiresAt: new Date(expiresAt).toISOString(), user };
  }

  async signOut(principal: Principal, client: ClientInfo): Promise<void> {
    if (principal.kind !== 'user' || principal.sessionId === null) throw UserError.badRequest('NOT_A_SESSION', 'only a sign-in session can be signed out; revoke API tokens instead');
    await this.knex.transaction(async (trx) => {
      await trx('auth_session').where({ id: principal.sessionId }).update({ revoked_at: Date.now() });
      await recordAudit(trx, { actor: auditActor(principal, client.ip), action: 'auth.sign_out', target: { type: 'user', id: principal.id } });
    });
    this.#forget();
  }

  /** The principal of a bearer token, or null when it is unknown, expired, revoked or its user is disabled. */
  async authenticate(token: string, now = Date.now()): Promise<Principal | null> {
    if (token.length < 20 || token.length > 200) return null;
    const hash = hashToken(token);
    const cached = this.#principals.get(hash, now);
    if (cached) return cached;
    // Taken before the read: a change that clears the cache while the read is out is not undone by keeping its result.
    const generation = this.#generation;
    const principal = await this.#lookup(token, hash, now);
    if (principal && generation === this.#generation) this.#principals.set(hash, principal.principal, principal.expiresAt, now);
    return principal?.principal ?? null;
  }

  /** Bumped with every clear of the principal cache. */
  #generation = 0;

  /** After (and before) any change to users, sessions or tokens: no principal is reused past it. */
  #forget(): void {
    this.#principals.clear();
    this.#generation++;
  }

  async #lookup(token: string, hash: string, now: number): Promise<{ principal: Principal; expiresAt: number | null } | null> {
    if (token.startsWith(SESSION_PREFIX)) {
      const row = (await this.knex('auth_session as s')
        .join('user as u', 'u.id', 's.user_id')
        .where('s.token_hash', hash)
        .select('s.id as session_id', 's.expires_at', 's.revoked_at', 'u.*')
        .first()) as Row | undefined;
      if (!row || row.revoked_at !== null || Number(row.expires_at) <= now || row.status !== 'active') return null;
      const user = toUser(row);
      return {
        principal: { kind: 'user', id: user.id, name: user.name, email: user.email, employeeId: user.employeeId, roles: user.roles, locale: user.locale, groups: null, sessionId: Number(row.session_id) },
        expiresAt: Number(row.expires_at),
      };
    }
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const row = (await this.knex('api_token').where({ token_hash: hash }).first()) as Row | undefined;
      if (!row || row.revoked_at !== null || (row.expires_at !== null && Number(row.expires_at) <= now)) return null;
      const t = toToken(row);
      // last use, at most once a minute per token
      if (row.last_used_at === null || Number(row.last_used_at) < now - 60_000) await this.knex('api_token').where({ id: t.id }).update({ last_used_at: now });
      return {
        principal: { kind: 'token', id: t.id, name: t.name, email: null, employeeId: null, roles: t.roles.filter((r) => TOKEN_ROLES.includes(r)), locale: 'en', groups: t.groups, sessionId: null },
        // The next last-use write is due in a minute: the cached principal is not used past that.
        expiresAt: Math.min(row.expires_at === null ? Infinity : Number(row.expires_at), now + 60_000),
      };
    }
    return null;
  }

  // ---- API tokens ----

  async createApiToken(input: { name: string; roles: string[]; groups?: string[] | null; expiresInDays?: number }, by: Principal, client: ClientInfo, now = Date.now()): Promise<ApiTokenView & { token: string }> {
    const roles = checkRoles(input.roles, TOKEN_ROLES);
    if (roles.length === 0) throw UserError.badRequest('INVALID_ROLE', 'a token needs at least one role');
    const token = newToken(API_TOKEN_PREFIX);
    return this.knex.transaction(async (trx) => {
      const id = insertedId(
        await trx('api_token').insert({
          name: input.name.slice(0, 200),
          token_hash: hashToken(token),
          prefix: token.slice(0, 12),
          roles: toJson(roles),
          groups: input.groups && input.groups.length ? toJson([...new Set(input.groups)]) : null,
          created_by: by.kind === 'user' ? by.id : null,
          created_at: now,
          expires_at: input.expiresInDays ? now + input.expiresInDays * 86_400_000 : null,
          revoked_at: null,
          last_used_at: null,
        }),
      );
      const view = toToken((await trx('api_token').where({ id }).first()) as Row);
      await recordAudit(trx, { actor: auditActor(by, client.ip), action: 'token.create', target: { type: 'api_token', id }, after: view, at: now });
      return { ...view, token };
    });
  }

  async listApiTokens(): Promise<ApiTokenView[]> {
    return ((await this.knex('api_token').orderBy('id', 'desc')) as Row[]).map(toToken);
  }

  async revokeApiToken(id: number, by: Principal, client: ClientInfo): Promise<ApiTokenView> {
    this.#forget();
    const revoked = await this.knex.transaction(async (trx) => {
      const row = (await trx('api_token').where({ id }).first()) as Row | undefined;
      if (!row) throw UserError.notFound('token', id);
      const before = toToken(row);
      if (row.revoked_at === null) await trx('api_token').where({ id }).update({ revoked_at: Date.now() });
      const after = toToken((await trx('api_token').where({ id }).first()) as Row);
      await recordAudit(trx, { actor: auditActor(by, client.ip), action: 'token.revoke', target: { type: 'api_token', id }, before, after });
      return after;
    });
    this.#forget();
    return revoked;
  }

  /** COACHFLOW_BOOTSTRAP_ADMIN: the first admin (hr_admin + it_admin), created once; concurrent starts are harmless. */
  async bootstrap(): Promise<UserView | null> {
    const spec = this.config.bootstrapAdmin;
    if (!spec) return null;
    if (await this.findUserByEmail(spec.email)) return null;
    try {
      return await this.createUser({ email: spec.email, name: 'Administrator', password: spec.password, roles: ['hr_admin', 'it_admin'] }, { type: 'system', id: null, name: 'bootstrap' });
    } catch (e) {
      if ((e as { code?: string }).code === 'USER_EXISTS') return null;
      throw e;
    }
  }

  /** Deletes expired sessions and failures outside the window (housekeeping). */
  async prune(now = Date.now()): Promise<void> {
    await this.knex('sign_in_failure').where('at', '<', now - this.config.failureWindowMs).delete();
    await this.knex('auth_session').where('expires_at', '<', now - 86_400_000).delete();
  }
}
