/**
 * KPI definitions and their expected ranges: how a range is chosen for an employee (person
 * override beats job-family override beats the default), how a reading's own target moves it,
 * and how a value is classified against it.
 */
import type { PeriodKind } from './period.js';

/** Whether higher or lower values are good, or the value should sit around a target. */
export type KpiDirection = 'higher_is_better' | 'lower_is_better' | 'target';

/**
 * Expected range of a KPI: either a target with a tolerance (`target ± tolerance`; when
 * `toleranceKind` is `relative` the tolerance is a fraction of the target, e.g. 0.2 = ±20%),
 * or explicit bounds where `null` means unbounded on that side.
 */
export type KpiRange =
  | { target: number; tolerance: number; toleranceKind?: 'absolute' | 'relative' }
  | { low: number | null; high: number | null };

/** A range that applies to one job family or one person instead of the KPI's default. */
export interface KpiRangeOverride {
  jobFamily?: string;
  employeeId?: string;
  range: KpiRange;
}

/** A KPI as configured by HR. */
export interface KpiDefinition {
  id: string;
  name: string;
  unit: string;
  period: PeriodKind;
  direction: KpiDirection;
  range: KpiRange;
  overrides?: KpiRangeOverride[];
}

/** The identifying part of a KPI carried in signals. */
export interface KpiRef {
  id: string;
  name: string;
  unit: string;
}

/** Concrete inclusive bounds; `null` = unbounded. */
export interface KpiBounds {
  low: number | null;
  high: number | null;
}

/** Where a value lies relative to its bounds. */
export type RangeClass = 'in' | 'above' | 'below';

/**
 * The range that applies to an employee: a person override wins over a job-family override,
 * which wins over the KPI's default range. Among several matching overrides of the same kind the
 * last one wins (so later configuration replaces earlier).
 */
export function resolveRange(kpi: KpiDefinition, who: { employeeId: string; jobFamily?: string | null }): KpiRange {
  let byFamily: KpiRange | undefined;
  let byPerson: KpiRange | undefined;
  for (const o of kpi.overrides ?? []) {
    if (o.employeeId !== undefined) {
      if (o.employeeId === who.employeeId) byPerson = o.range;
    } else if (o.jobFamily !== undefined && o.jobFamily === who.jobFamily) {
      byFamily = o.range;
    }
  }
  return byPerson ?? byFamily ?? kpi.range;
}

/**
 * Concrete bounds of a range. A reading's own `target` replaces the target of a target range,
 * keeping its tolerance (a relative tolerance scales with the new target). Explicit-bounds
 * ranges have no target to replace, so `readingTarget` does not change them.
 */
export function boundsOf(range: KpiRange, readingTarget?: number | null): KpiBounds {
  if ('target' in range) {
    const target = readingTarget ?? range.target;
    const tol = range.toleranceKind === 'relative' ? Math.abs(target) * range.tolerance : range.tolerance;
    return { low: target - tol, high: target + tol };
  }
  return { low: range.low, high: range.high };
}

/** Classifies a value against inclusive bounds: a value equal to a bound is in range. */
export function classify(value: number, bounds: KpiBounds | KpiRange): RangeClass {
  const b = 'low' in bounds ? bounds : boundsOf(bounds);
  if (b.low !== null && value < b.low) return 'below';
  if (b.high !== null && value > b.high) return 'above';
  return 'in';
}

/**
 * Whether an out-of-range direction is favourable for the KPI (e.g. sales above range). The
 * streak detector reports both directions; workflows filter on this or on the direction.
 */
export function isFavourable(kpiDirection: KpiDirection, direction: 'above' | 'below'): boolean {
  if (kpiDirection === 'higher_is_better') return direction === 'above';
  if (kpiDirection === 'lower_is_better') return direction === 'below';
  return false;
}

/** The signal-facing reference of a definition. */
export function kpiRef(kpi: KpiDefinition): KpiRef {
  return { id: kpi.id, name: kpi.name, unit: kpi.unit };
}
