import { defineEntity, p } from '@mikro-orm/core';

/**
 * Directory history: one row per state of an employee's directory fields (the ones rules and
 * assignees read), valid from `validFrom` until `validTo` (null = current). Written in the same
 * transaction as every directory change (signals/directory-history.ts); read by the backtest to see
 * the directory as it was at each event.
 */
export const EmployeeVersionEntity = defineEntity({
  name: 'EmployeeVersion',
  tableName: 'employee_version',
  properties: {
    employeeId: p.string().length(64).primary(),
    /** Epoch ms this state started (inclusive). */
    validFrom: p.bigint('number').primary().autoincrement(false),
    /** Epoch ms it ended (exclusive); null while it is the current state. */
    validTo: p.bigint('number').nullable(),
    status: p.string().length(16),
    managerId: p.string().length(64).nullable(),
    departmentId: p.string().length(64).nullable(),
    teamId: p.string().length(64).nullable(),
    hrbpId: p.string().length(64).nullable(),
    jobFamily: p.string().length(64).nullable(),
    level: p.string().length(16).nullable(),
    location: p.string().length(100).nullable(),
  },
});
