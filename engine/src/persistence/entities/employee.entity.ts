import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** A person of the org directory (reporting line via managerId; skip-level is derived). */
export const EmployeeEntity = defineEntity({
  name: 'Employee',
  tableName: 'employee',
  indexes: [{ properties: ['managerId'] }, { properties: ['teamId'] }],
  properties: {
    id: p.string().length(64).primary(),
    name: p.string().length(200),
    email: p.string().length(200).nullable(),
    jobFamily: p.string().length(64).nullable(),
    level: p.string().length(16).nullable(),
    location: p.string().length(100).nullable(),
    status: p.string().length(16).default('active'),
    managerId: p.string().length(64).nullable(),
    departmentId: p.string().length(64).nullable(),
    teamId: p.string().length(64).nullable(),
    hrbpId: p.string().length(64).nullable(),
    locale: p.string().length(8).default('zh-CN'),
    extra: jsonText().nullable(),
    updatedAt: p.bigint('number'),
  },
});
