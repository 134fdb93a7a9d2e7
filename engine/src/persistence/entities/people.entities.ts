/**
 * People in the loop (issue 4): users and their sessions, API tokens, failed sign-ins (rate
 * limit), the tamper-evident audit log, absence delegations, the history of tasks and approvals,
 * employee objections and system settings.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** A person who signs in, optionally linked to a directory employee; several roles each. */
export const UserEntity = defineEntity({
  name: 'User',
  tableName: 'user',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    email: p.string().length(200).unique(),
    name: p.string().length(200),
    employeeId: p.string().length(64).nullable().index(),
    /** Role names (hr_admin, it_admin, manager, executive, employee). */
    roles: jsonText(),
    locale: p.string().length(8).default('zh-CN'),
    /** `scrypt$N$r$p$salt$hash` (base64); never the password. */
    passwordHash: p.string().length(300).nullable(),
    status: p.string().length(16).default('active'),
    createdAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
    lastSignInAt: p.bigint('number').nullable(),
  },
});

/** A signed-in session: the opaque bearer token is stored as its SHA-256 only. */
export const AuthSessionEntity = defineEntity({
  name: 'AuthSession',
  tableName: 'auth_session',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    tokenHash: p.string().length(64).unique(),
    userId: p.bigint('number').index(),
    createdAt: p.bigint('number'),
    expiresAt: p.bigint('number').index(),
    revokedAt: p.bigint('number').nullable(),
    ip: p.string().length(64).nullable(),
    userAgent: p.string().length(300).nullable(),
  },
});

/** A token for a system (scoped to roles and optionally route groups), stored as its SHA-256 only. */
export const ApiTokenEntity = defineEntity({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    name: p.string().length(200),
    tokenHash: p.string().length(64).unique(),
    /** First characters of the token, to recognise it in lists. */
    prefix: p.string().length(16),
    roles: jsonText(),
    /** Route groups (OpenAPI tags) it may call; null = every route its roles allow. */
    groups: jsonText().nullable(),
    createdBy: p.bigint('number').nullable(),
    createdAt: p.bigint('number'),
    expiresAt: p.bigint('number').nullable(),
    revokedAt: p.bigint('number').nullable(),
    lastUsedAt: p.bigint('number').nullable(),
  },
});

/** One failed sign-in, counted per account and per IP (bucket `account:<email>` / `ip:<addr>`). */
export const SignInFailureEntity = defineEntity({
  name: 'SignInFailure',
  tableName: 'sign_in_failure',
  indexes: [{ properties: ['bucket', 'at'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    bucket: p.string().length(250),
    at: p.bigint('number'),
  },
});

/** Append-only audit entry; `hash` = SHA-256 over the entry and `prevHash` (a hash chain). */
export const AuditLogEntity = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  indexes: [{ properties: ['targetType', 'targetId'] }, { properties: ['action', 'id'] }, { properties: ['actorId', 'id'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    seq: p.bigint('number').unique(),
    at: p.bigint('number').index(),
    /** user, token, run or system. */
    actorType: p.string().length(16),
    actorId: p.string().length(64).nullable(),
    actorName: p.string().length(200).nullable(),
    onBehalfOf: p.string().length(64).nullable(),
    action: p.string().length(64),
    targetType: p.string().length(64).nullable(),
    targetId: p.string().length(100).nullable(),
    before: jsonText().nullable(),
    after: jsonText().nullable(),
    details: jsonText().nullable(),
    ip: p.string().length(64).nullable(),
    prevHash: p.string().length(64),
    hash: p.string().length(64),
  },
});

/** The head of the audit chain (one row): appenders lock it, so the chain never forks. */
export const AuditHeadEntity = defineEntity({
  name: 'AuditHead',
  tableName: 'audit_head',
  properties: {
    id: p.integer().primary(),
    seq: p.bigint('number'),
    hash: p.string().length(64),
  },
});

/** While `delegatorId` is absent, `delegateId` acts for them on tasks and approvals (on behalf of). */
export const DelegationEntity = defineEntity({
  name: 'Delegation',
  tableName: 'delegation',
  indexes: [{ properties: ['delegatorId', 'endsAt'] }, { properties: ['delegateId', 'endsAt'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    delegatorId: p.string().length(64),
    delegateId: p.string().length(64),
    startsAt: p.bigint('number'),
    endsAt: p.bigint('number'),
    reason: p.text().nullable(),
    createdBy: p.string().length(64).nullable(),
    createdAt: p.bigint('number'),
    revokedAt: p.bigint('number').nullable(),
  },
});

/** The history of a task or approval: claimed, reassigned, completed on behalf of, reminded, escalated, commented. */
export const WorkItemEventEntity = defineEntity({
  name: 'WorkItemEvent',
  tableName: 'work_item_event',
  indexes: [{ properties: ['itemType', 'itemId'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    itemType: p.string().length(16),
    itemId: p.bigint('number'),
    at: p.bigint('number'),
    type: p.string().length(32),
    actorId: p.string().length(64).nullable(),
    onBehalfOf: p.string().length(64).nullable(),
    fromId: p.string().length(64).nullable(),
    toId: p.string().length(64).nullable(),
    detail: jsonText().nullable(),
  },
});

/** An employee's comment or objection about what automation decided; reaches the HRBP as a task. */
export const ObjectionEntity = defineEntity({
  name: 'Objection',
  tableName: 'objection',
  indexes: [{ properties: ['employeeId', 'id'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    employeeId: p.string().length(64),
    kind: p.string().length(16),
    subjectType: p.string().length(16),
    subjectId: p.string().length(64).nullable(),
    text: p.text(),
    status: p.string().length(16),
    hrbpId: p.string().length(64).nullable(),
    taskId: p.bigint('number').nullable(),
    response: p.text().nullable(),
    respondedBy: p.string().length(64).nullable(),
    createdAt: p.bigint('number'),
    resolvedAt: p.bigint('number').nullable(),
  },
});

/** A system setting (it_admin), JSON value; changes are audited with before/after. */
export const SettingEntity = defineEntity({
  name: 'Setting',
  tableName: 'setting',
  properties: {
    key: p.string().length(100).primary(),
    value: jsonText(),
    updatedAt: p.bigint('number'),
    updatedBy: p.string().length(64).nullable(),
  },
});
