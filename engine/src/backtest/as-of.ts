/**
 * The directory as it was: the run context (`employee`, `manager`, `org`) of a person at an
 * instant, from the directory history (signals/directory-history.ts) laid over today's rows.
 *
 * - The versioned fields (status, manager, department, team, HRBP, job family, level, location)
 *   are the person's version in force at the instant; the others (name, e-mail, locale, roles,
 *   title, region …) and the org units (team and department names, heads, HRBP coverage) are
 *   today's.
 * - The manager is the one of that version, as of the same instant (so the manager chain, skip
 *   level included, is the one of then).
 * - Before a person's history starts (no version at or before the instant) it falls back to
 *   today's row, and counts the event in `eventsFallback`; `eventsAsOf` counts the others.
 */
import { contextOf, type EmployeeView, type OrgUnits } from '../app/directory.service.js';
import type { RunContext } from '../core/types.js';
import type { DirectoryHistory, EmployeeVersion } from '../signals/directory-history.js';

type PersonContext = Pick<RunContext, 'employee' | 'manager' | 'org'>;
const NO_ONE: PersonContext = { employee: null, manager: null, org: null };
const CACHE_MAX = 100_000;

export class AsOfDirectory {
  eventsAsOf = 0;
  eventsFallback = 0;
  #contexts = new Map<string, PersonContext>();

  constructor(
    readonly today: ReadonlyMap<string, EmployeeView>,
    readonly history: DirectoryHistory,
    readonly units: OrgUnits,
  ) {}

  #view(today: EmployeeView, v: EmployeeVersion | null): EmployeeView {
    if (!v) return today;
    return { ...today, status: v.status, managerId: v.managerId, departmentId: v.departmentId, teamId: v.teamId, hrbpId: v.hrbpId, jobFamily: v.jobFamily, level: v.level, location: v.location };
  }

  /** The person at `ms` (null when not in today's directory) and the version used (null: today's, before their history). */
  person(id: string, ms: number): { view: EmployeeView; version: EmployeeVersion | null } | null {
    const today = this.today.get(id);
    if (!today) return null;
    const version = this.history.asOf(id, ms);
    return { view: this.#view(today, version), version };
  }

  /** Job family at `ms` (undefined when the person is unknown). */
  jobFamily(id: string, ms: number): string | null | undefined {
    const version = this.history.asOf(id, ms);
    return version ? version.jobFamily : this.today.get(id)?.jobFamily;
  }

  /** employee, manager and org of the person an event is about, as of the event; counts as-of / fallback when `count`. */
  context(id: string | null, ms: number, count = true): PersonContext {
    if (id === null) return NO_ONE;
    const p = this.person(id, ms);
    if (!p) return NO_ONE;
    if (count) {
      if (p.version) this.eventsAsOf++;
      else this.eventsFallback++;
    }
    const managerId = p.view.managerId;
    const m = managerId ? this.person(managerId, ms) : null;
    const key = `${id}\u0000${p.version?.validFrom ?? 'today'}\u0000${managerId ?? ''}\u0000${m?.version?.validFrom ?? 'today'}`;
    let ctx = this.#contexts.get(key);
    if (!ctx) {
      if (this.#contexts.size >= CACHE_MAX) this.#contexts.clear();
      ctx = contextOf(p.view, m?.view ?? null, this.units);
      this.#contexts.set(key, ctx);
    }
    return ctx;
  }

  /** Active people per team (key '' = no team) and in all at `ms`. */
  headcountAt(ms: number): { headcount: Map<string, number>; activeTotal: number } {
    const headcount = new Map<string, number>();
    let activeTotal = 0;
    for (const [id, today] of this.today) {
      const v = this.history.asOf(id, ms);
      const status = v ? v.status : today.status;
      if (status !== 'active') continue;
      const team = (v ? v.teamId : today.teamId) ?? '';
      headcount.set(team, (headcount.get(team) ?? 0) + 1);
      activeTotal++;
    }
    return { headcount, activeTotal };
  }
}
