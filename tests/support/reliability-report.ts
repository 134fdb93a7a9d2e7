/**
 * Figures of the reliability suite (issue 8). Each reliability test writes what it saw to
 * tests/test-artifacts/reliability/<mode>-<name>-<run>.json; the global teardown
 * (support/reliability-summary.ts) prints them as one table at the end of the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './engine-cluster.js';
import { MODE } from './env.js';

export const RELIABILITY_DIR = join(REPO, 'tests/test-artifacts/reliability');

/** The long version (more kills, longer outages, more fuzz cases): `RELIABILITY_LONG=1`. */
export const LONG = process.env.RELIABILITY_LONG === '1' || process.env.RELIABILITY_LONG === 'true';

export interface ReliabilityFigures {
  /** Events (or requests that create runs) the API accepted with 2xx. */
  runsAccepted?: number;
  /** Runs that reached a terminal state as expected. */
  runsFinished?: number;
  /** Accepted work without its run, or runs that never finished. */
  runsLost?: number;
  /** Runs created twice, or connector keys applied more than once. */
  runsDuplicated?: number;
  /** Processes killed or stopped (database, connector, worker) and survived. */
  killsSurvived?: number;
  /** Longest time from a dependency coming back to service being normal again (ms). */
  maxResumeMs?: number;
  /** Hostile / malformed requests sent. */
  fuzzCases?: number;
  /** 5xx answers seen for anything but a dependency outage (503 while the database is down is expected). */
  fiveXx?: number;
  /** Access checks made: route × role calls of the matrix, expired / revoked / signed-out credentials, forged callbacks. */
  accessChecks?: number;
  /** Of those, calls refused as they must be (401 / 403 / 404). */
  accessDenials?: number;
  /** Access checks answered otherwise than the matrix says (goal: 0). */
  accessWrong?: number;
  /** Plaintext secrets (passwords, session and API tokens, credential values) searched for. */
  secretsScanned?: number;
  /** Texts searched (API answers, log files, run data, database tables, audit entries). */
  textsScanned?: number;
  /** Places where a secret was found in plaintext (goal: 0). */
  secretLeaks?: number;
  /** Free-form details shown under the table. */
  notes?: string[];
}

/** The vitest run these figures belong to (set by the global setup; several runs may share the checkout). */
export const RUN = process.env.COACHFLOW_RELIABILITY_RUN ?? 'adhoc';

export interface ReliabilityRecord extends ReliabilityFigures {
  name: string;
  mode: string;
  run: string;
  at: string;
}

/** Writes (or merges into) the record of one test: call it at the end of each test with what it measured. */
const merged = new Map<string, ReliabilityRecord>();
export function recordReliability(name: string, figures: ReliabilityFigures): void {
  const prev = merged.get(name);
  const rec: ReliabilityRecord = { name, mode: MODE, run: RUN, at: new Date().toISOString(), notes: [...(prev?.notes ?? []), ...(figures.notes ?? [])] };
  for (const key of Object.keys({ ...prev, ...figures }) as Array<keyof ReliabilityFigures>) {
    if (key === 'notes') continue;
    const a = prev?.[key] as number | undefined;
    const b = figures[key] as number | undefined;
    if (typeof a !== 'number' && typeof b !== 'number') continue;
    // The longest resume is the figure; everything else adds up.
    (rec as unknown as Record<string, number>)[key] = key === 'maxResumeMs' ? Math.max(a ?? 0, b ?? 0) : (a ?? 0) + (b ?? 0);
  }
  merged.set(name, rec);
  mkdirSync(RELIABILITY_DIR, { recursive: true });
  writeFileSync(join(RELIABILITY_DIR, `${MODE}-${name}-${RUN}.json`), `${JSON.stringify(rec, null, 2)}\n`);
}
