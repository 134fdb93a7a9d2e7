/** KPI definitions and readings (batch API and CSV import) of the HR signals; readings fire `kpi.deviation`. */
import { UserError, type JsonSchema } from '@coachflow/model';
import type { RouteSpec } from '../route.types.js';
import { actingAs } from './people.shared.js';
import { HR_IT, PERSONAL, ANYONE, pathEmployee } from '../../auth/subjects.js';

const rangeSchema: JsonSchema = {
  type: 'object',
  description: 'target ± tolerance (toleranceKind absolute or relative) or low/high bounds (null = open)',
  properties: { target: { type: 'number' }, tolerance: { type: 'number', minimum: 0 }, toleranceKind: { type: 'string', enum: ['absolute', 'relative'] }, low: { type: ['number', 'null'] }, high: { type: ['number', 'null'] } },
};

const kpiSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'name', 'range'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    unit: { type: 'string', maxLength: 32 },
    period: { type: 'string', enum: ['week', 'month'] },
    direction: { type: 'string', enum: ['higher_is_better', 'lower_is_better', 'target'] },
    range: rangeSchema,
    overrides: { type: 'array', maxItems: 1000, items: { type: 'object', required: ['range'], properties: { jobFamily: { type: 'string', maxLength: 64 }, employeeId: { type: 'string', maxLength: 64 }, range: rangeSchema } } },
  },
};

const readingSchema: JsonSchema = {
  type: 'object',
  required: ['employeeId', 'kpiId', 'period', 'value'],
  additionalProperties: false,
  properties: {
    employeeId: { type: 'string', minLength: 1, maxLength: 64 },
    kpiId: { type: 'string', minLength: 1, maxLength: 64 },
    period: { type: 'string', maxLength: 10, description: 'ISO week 2026-W07 or month 2026-03, as the KPI is defined' },
    value: { type: 'number' },
    target: { type: ['number', 'null'], description: "this period's own target (replaces the range's target, same tolerance)" },
  },
};

export const kpiRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/kpis',
    operationId: 'listKpis',
    summary: 'KPI definitions',
    tag: 'kpis',
    access: { roles: ANYONE },
    responses: { 200: 'KPI definitions' },
    async handler({ services }) {
      return { body: { items: await services.signals.kpis.list() } };
    },
  },
  {
    method: 'put',
    path: '/api/v1/kpis',
    operationId: 'upsertKpis',
    summary: 'Insert or replace KPI definitions (unit, period, direction, expected range, overrides per job family or person)',
    tag: 'kpis',
    access: { roles: HR_IT },
    body: { type: 'object', required: ['kpis'], additionalProperties: false, properties: { kpis: { type: 'array', minItems: 1, maxItems: 1000, items: kpiSchema } } },
    responses: { 200: 'Stored', 400: 'Invalid definition' },
    async handler({ services, body }) {
      const items = await services.signals.kpis.upsert((body as { kpis: Array<Record<string, unknown>> }).kpis);
      return { body: { items } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/kpis/imports',
    operationId: 'importKpis',
    summary: 'Import KPI definitions from CSV (id,name,unit,period,direction,target,tolerance,toleranceKind,low,high; rows with jobFamily or employeeId are overrides)',
    tag: 'kpis',
    access: { roles: HR_IT },
    body: { type: 'object', required: ['content'], additionalProperties: false, properties: { format: { type: 'string', enum: ['csv'] }, content: { type: 'string' } } },
    responses: { 200: 'Imported, with per-line errors', 400: 'Unreadable file' },
    async handler({ services, body }) {
      return { body: await services.signals.kpis.importCsv((body as { content: string }).content) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/kpi-readings',
    operationId: 'postKpiReadings',
    summary: 'A batch of KPI readings: streaks are updated incrementally (late or corrected readings recompute their pair) and every out-of-range reading emits kpi.deviation with the streak as evidence',
    tag: 'kpis',
    access: { roles: HR_IT },
    body: { type: 'object', required: ['readings'], additionalProperties: false, properties: { readings: { type: 'array', minItems: 1, maxItems: 10000, items: readingSchema } } },
    responses: { 200: 'Processed: counts, per-item errors (line = 1-based position), events', 400: 'Invalid body' },
    async handler({ auth, services, body }) {
      const b = body as { readings: Array<Record<string, unknown>> };
      return { body: await services.signals.readings.importList(b.readings, { source: 'api', actor: actingAs({ auth }) }) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/kpi-readings/imports',
    operationId: 'importKpiReadings',
    summary: 'Import KPI readings from CSV (employeeId,kpiId,period,value,target), streamed in batches; per-line errors. The body is limited to 1 MB: larger files go through `engine import readings <file>`',
    tag: 'kpis',
    access: { roles: HR_IT },
    body: { type: 'object', required: ['content'], additionalProperties: false, properties: { format: { type: 'string', enum: ['csv'] }, content: { type: 'string' } } },
    responses: { 200: 'Processed', 400: 'Unreadable file' },
    async handler({ auth, services, body }) {
      const b = body as { content: string };
      return { body: await services.signals.readings.importCsv(b.content, { actor: actingAs({ auth }) }) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/employees/:id/kpi-streaks',
    operationId: 'getKpiStreaks',
    summary: "An employee's current out-of-range streak per KPI (the detector state) and the stored readings",
    tag: 'kpis',
    access: { roles: PERSONAL, subject: pathEmployee() },
    query: { type: 'object', additionalProperties: false, properties: { kpiId: { type: 'string', maxLength: 64 } } },
    responses: { 200: 'Streaks and readings', 404: 'Unknown employee' },
    async handler({ services, params, query }) {
      const id = params.id as string;
      if (!(await services.directory.getEmployee(id))) throw UserError.notFound('employee', id);
      const [streaks, readings] = await Promise.all([services.signals.readings.streaks(id, query.kpiId), services.signals.readings.readings(id, query.kpiId)]);
      return { body: { employeeId: id, streaks, readings } };
    },
  },
];
