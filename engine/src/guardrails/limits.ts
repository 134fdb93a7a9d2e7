/**
 * Blast-radius limits of a published workflow. Resolution, last wins:
 *   built-in (no limit) ← environment ← hr_admin defaults (`setting` row `guardrails.defaults`)
 *   ← the workflow's own overrides (`workflow_guard.limits`; an explicit null lifts a default).
 * Built-in defaults are "no limit" on purpose: a brake that trips on an organisation's normal
 * volume (or on a history load such as `engine demo`) would hold real work, so the numbers are the
 * HR admin's to set (PUT /api/v1/guardrails/defaults) or the deployment's (environment).
 */
import type { Knex } from '@mikro-orm/mysql';
import { fromJsonOrNull } from '../persistence/json.js';

export interface GuardLimits {
  /** At most this many runs of the workflow start per rolling hour (null: no limit). */
  maxRunsPerHour: number | null;
  /** At most this share (0–1) of a team's active employees get a run within `shareWindowMs`. */
  maxTeamShare: number | null;
  /** At most this share (0–1) of the company's active employees get a run within `shareWindowMs`. */
  maxCompanyShare: number | null;
  /** Window of the share limits (default 7 days). */
  shareWindowMs: number;
  /** Share limits only trip once at least this many people of the team/company are affected (small teams). */
  minAffected: number;
}

export const BUILT_IN_LIMITS: GuardLimits = {
  maxRunsPerHour: null,
  maxTeamShare: null,
  maxCompanyShare: null,
  shareWindowMs: 7 * 86_400_000,
  minAffected: 3,
};

export const DEFAULTS_SETTING_KEY = 'guardrails.defaults';

const NULLABLE_COUNT = { type: ['integer', 'null'] as const, minimum: 1, maximum: 10_000_000 };
const NULLABLE_SHARE = { type: ['number', 'null'] as const, exclusiveMinimum: 0, maximum: 1 };

/** JSON Schema of a (partial) limits object, as the API takes it. */
export const LIMITS_SCHEMA = {
  type: 'object' as const,
  additionalProperties: false,
  properties: {
    maxRunsPerHour: NULLABLE_COUNT,
    maxTeamShare: NULLABLE_SHARE,
    maxCompanyShare: NULLABLE_SHARE,
    shareWindowMs: { type: 'integer' as const, minimum: 60_000, maximum: 366 * 86_400_000 },
    minAffected: { type: 'integer' as const, minimum: 1, maximum: 100_000 },
  },
};

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Limits from the environment: COACHFLOW_GUARD_MAX_RUNS_PER_HOUR, _MAX_TEAM_SHARE, _MAX_COMPANY_SHARE, _SHARE_WINDOW_MS, _MIN_AFFECTED. */
export function envLimits(env: NodeJS.ProcessEnv = process.env): Partial<GuardLimits> {
  const out: Partial<GuardLimits> = {};
  const runs = num(env.COACHFLOW_GUARD_MAX_RUNS_PER_HOUR);
  if (runs !== undefined && runs >= 1) out.maxRunsPerHour = Math.floor(runs);
  const team = num(env.COACHFLOW_GUARD_MAX_TEAM_SHARE);
  if (team !== undefined && team > 0 && team <= 1) out.maxTeamShare = team;
  const company = num(env.COACHFLOW_GUARD_MAX_COMPANY_SHARE);
  if (company !== undefined && company > 0 && company <= 1) out.maxCompanyShare = company;
  const window = num(env.COACHFLOW_GUARD_SHARE_WINDOW_MS);
  if (window !== undefined && window >= 1000) out.shareWindowMs = Math.floor(window);
  const min = num(env.COACHFLOW_GUARD_MIN_AFFECTED);
  if (min !== undefined && min >= 1) out.minAffected = Math.floor(min);
  return out;
}

/** Applies a partial over limits (only keys present; explicit nulls lift a limit). */
export function mergeLimits(base: GuardLimits, over: Partial<GuardLimits> | null | undefined): GuardLimits {
  if (!over) return base;
  const out = { ...base };
  for (const key of Object.keys(BUILT_IN_LIMITS) as Array<keyof GuardLimits>) {
    if (key in over && over[key] !== undefined) (out as Record<string, unknown>)[key] = over[key];
  }
  return out;
}

export function hasLimits(l: GuardLimits): boolean {
  return l.maxRunsPerHour !== null || l.maxTeamShare !== null || l.maxCompanyShare !== null;
}

/** The hr_admin defaults as stored (partial), or null. */
export async function readStoredDefaults(db: Knex): Promise<Partial<GuardLimits> | null> {
  const row = (await db('setting').where({ key: DEFAULTS_SETTING_KEY }).first('value')) as { value: unknown } | undefined;
  return row ? fromJsonOrNull<Partial<GuardLimits>>(row.value) : null;
}

/** Defaults in force: built-in ← environment ← hr_admin setting. */
export async function effectiveDefaults(db: Knex, env: NodeJS.ProcessEnv = process.env): Promise<GuardLimits> {
  return mergeLimits(mergeLimits(BUILT_IN_LIMITS, envLimits(env)), await readStoredDefaults(db));
}
