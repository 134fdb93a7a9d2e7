/**
 * KPI definitions (unit, period, direction, expected range, per-family / per-person overrides):
 * validated, stored, listed, imported from JSON or CSV (one row per default range or override).
 */
import { UserError } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { parseCsvRecords } from '../domain/csv.js';
import type { KpiDefinition, KpiRange, KpiRangeOverride } from '../domain/kpi-definition.js';
import { fromJson, fromJsonOrNull, toJson } from '../persistence/json.js';
import { chunksOf, LineErrors, type LineError, type SignalDeps } from './signal-deps.js';

type Row = Record<string, unknown>;
const ID_RE = /^[A-Za-z0-9_.:-]{1,64}$/;

export class KpiDefinitionProblem extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const num = (v: unknown, field: string, allowNull = false): number | null => {
  if (v === undefined || v === null || v === '') {
    if (allowNull) return null;
    throw new KpiDefinitionProblem(field, `${field} is required`);
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : Number.NaN;
  if (!Number.isFinite(n)) throw new KpiDefinitionProblem(field, `${field} must be a number`);
  return n;
};

/** Validates a range: target ± tolerance (absolute or relative) or low/high bounds (null = open). */
export function parseRange(v: unknown, field = 'range'): KpiRange {
  if (typeof v !== 'object' || v === null) throw new KpiDefinitionProblem(field, `${field} must be an object`);
  const r = v as Record<string, unknown>;
  if (r.target !== undefined && r.target !== null && r.target !== '') {
    const tolerance = num(r.tolerance, `${field}.tolerance`) as number;
    if (tolerance < 0) throw new KpiDefinitionProblem(`${field}.tolerance`, 'tolerance must not be negative');
    const kind = r.toleranceKind ?? 'absolute';
    if (kind !== 'absolute' && kind !== 'relative' && kind !== '') throw new KpiDefinitionProblem(`${field}.toleranceKind`, 'toleranceKind must be absolute or relative');
    return { target: num(r.target, `${field}.target`) as number, tolerance, ...(kind === 'relative' ? { toleranceKind: 'relative' as const } : {}) };
  }
  const low = num(r.low, `${field}.low`, true);
  const high = num(r.high, `${field}.high`, true);
  if (low === null && high === null) throw new KpiDefinitionProblem(field, `${field} needs target and tolerance, or low and/or high`);
  if (low !== null && high !== null && low > high) throw new KpiDefinitionProblem(field, `${field}.low is above ${field}.high`);
  return { low, high };
}

/** Validates a definition from API or file input. */
export function parseKpiDefinition(v: Record<string, unknown>): KpiDefinition {
  const id = typeof v.id === 'string' ? v.id.trim() : '';
  if (!ID_RE.test(id)) throw new KpiDefinitionProblem('id', 'id must be 1–64 characters of letters, digits, _ . : -');
  const name = typeof v.name === 'string' ? v.name.trim() : '';
  if (!name || name.length > 200) throw new KpiDefinitionProblem('name', 'name is required (at most 200 characters)');
  const unit = typeof v.unit === 'string' ? v.unit.trim() : '';
  if (unit.length > 32) throw new KpiDefinitionProblem('unit', 'unit is at most 32 characters');
  const period = v.period ?? 'week';
  if (period !== 'week' && period !== 'month') throw new KpiDefinitionProblem('period', 'period must be week or month');
  const direction = v.direction ?? 'target';
  if (direction !== 'higher_is_better' && direction !== 'lower_is_better' && direction !== 'target') {
    throw new KpiDefinitionProblem('direction', 'direction must be higher_is_better, lower_is_better or target');
  }
  const overrides: KpiRangeOverride[] = [];
  if (v.overrides !== undefined && v.overrides !== null) {
    if (!Array.isArray(v.overrides)) throw new KpiDefinitionProblem('overrides', 'overrides must be a list');
    v.overrides.forEach((o: unknown, i) => {
      const ov = (o ?? {}) as Record<string, unknown>;
      const jobFamily = typeof ov.jobFamily === 'string' && ov.jobFamily ? ov.jobFamily : undefined;
      const employeeId = typeof ov.employeeId === 'string' && ov.employeeId ? ov.employeeId : undefined;
      if (!jobFamily && !employeeId) throw new KpiDefinitionProblem(`overrides[${i}]`, 'an override applies to a jobFamily or an employeeId');
      overrides.push({ ...(employeeId ? { employeeId } : { jobFamily }), range: parseRange(ov.range, `overrides[${i}].range`) });
    });
  }
  return { id, name, unit, period, direction, range: parseRange(v.range), ...(overrides.length ? { overrides } : {}) };
}

export function toKpiDefinition(row: Row): KpiDefinition {
  const overrides = fromJsonOrNull<KpiRangeOverride[]>(row.overrides);
  return {
    id: String(row.id),
    name: String(row.name),
    unit: String(row.unit ?? ''),
    period: row.period as KpiDefinition['period'],
    direction: row.direction as KpiDefinition['direction'],
    range: fromJson<KpiRange>(row.range),
    ...(overrides && overrides.length ? { overrides } : {}),
  };
}

export interface KpiDefinitionImportResult {
  upserted: number;
  errors: LineError[];
  errorCount: number;
}

export class KpiDefinitionService {
  constructor(private readonly deps: SignalDeps) {}

  async list(db: Knex = this.deps.knex): Promise<KpiDefinition[]> {
    return ((await db('kpi_definition').orderBy('id')) as Row[]).map(toKpiDefinition);
  }

  async get(id: string): Promise<KpiDefinition> {
    const row = (await this.deps.knex('kpi_definition').where({ id }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('KPI', id);
    return toKpiDefinition(row);
  }

  /** Inserts or replaces definitions (validated; the first invalid one is a 400). */
  async upsert(items: Array<Record<string, unknown>>): Promise<KpiDefinition[]> {
    const defs = items.map((item, i) => {
      try {
        return parseKpiDefinition(item);
      } catch (e) {
        if (e instanceof KpiDefinitionProblem) throw UserError.badRequest('INVALID_KPI', `kpis[${i}].${e.field}: ${e.message}`, { index: i, field: e.field });
        throw e;
      }
    });
    await this.#write(defs);
    return defs;
  }

  async #write(defs: KpiDefinition[]): Promise<void> {
    const now = Date.now();
    for (let i = 0; i < defs.length; i += 200) {
      await this.deps.knex('kpi_definition')
        .insert(defs.slice(i, i + 200).map((d) => ({ id: d.id, name: d.name, unit: d.unit, period: d.period, direction: d.direction, range: toJson(d.range), overrides: toJson(d.overrides ?? null), updated_at: now })))
        .onConflict('id')
        .merge();
    }
  }

  /**
   * Imports definitions from CSV: columns id, name, unit, period, direction, and the range as
   * target/tolerance/toleranceKind or low/high. A row with jobFamily or employeeId set is an
   * override of the KPI with that id (its name, unit … may be left empty). Bad rows are reported by line.
   */
  async importCsv(chunks: AsyncIterable<string> | string): Promise<KpiDefinitionImportResult> {
    const errors = new LineErrors();
    const defs = new Map<string, { def: Record<string, unknown>; line: number }>();
    const overrides: Array<{ id: string; line: number; override: Record<string, unknown> }> = [];
    const source = typeof chunks === 'string' ? chunksOf(chunks) : chunks;
    try {
      for await (const r of parseCsvRecords(source)) {
        if ('error' in r) {
          errors.add({ line: r.line, code: r.error.code, reason: r.error.message });
          continue;
        }
        const f = r.record;
        const range = { target: f.target, tolerance: f.tolerance, toleranceKind: f.toleranceKind, low: f.low, high: f.high };
        if (f.jobFamily || f.employeeId) {
          overrides.push({ id: (f.id ?? '').trim(), line: r.line, override: { ...(f.employeeId ? { employeeId: f.employeeId.trim() } : { jobFamily: (f.jobFamily ?? '').trim() }), range } });
        } else {
          defs.set((f.id ?? '').trim(), { def: { id: f.id, name: f.name, unit: f.unit ?? '', period: f.period || undefined, direction: f.direction || undefined, range }, line: r.line });
        }
      }
    } catch (e) {
      throw UserError.badRequest('MALFORMED_CSV', `the CSV cannot be read: ${(e as Error).message}`);
    }
    for (const o of overrides) {
      const d = defs.get(o.id);
      if (!d) {
        errors.add({ line: o.line, id: o.id, code: 'unknown_kpi', reason: `override for KPI ${o.id}, which has no default row in this file` });
        continue;
      }
      try {
        parseRange(o.override.range);
        ((d.def.overrides ??= []) as unknown[]).push(o.override);
      } catch (e) {
        errors.add({ line: o.line, id: o.id, field: (e as KpiDefinitionProblem).field, code: 'invalid_range', reason: (e as Error).message });
      }
    }
    const valid: KpiDefinition[] = [];
    for (const [id, { def, line }] of defs) {
      try {
        valid.push(parseKpiDefinition(def));
      } catch (e) {
        if (!(e instanceof KpiDefinitionProblem)) throw e;
        errors.add({ line, id, field: e.field, code: 'invalid_kpi', reason: e.message });
      }
    }
    await this.#write(valid);
    return { upserted: valid.length, errors: errors.items, errorCount: errors.count };
  }
}
