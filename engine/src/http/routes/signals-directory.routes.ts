/**
 * Org directory routes of the HR signals: imports (CSV or JSON, full or delta, held by the
 * mass-change brake until an HR admin confirms), departments, teams and reporting lines.
 * The acting person is the signed-in user (recorded on the import).
 */
import { UserError, type JsonSchema } from '@coachflow/model';
import type { RouteSpec } from '../route.types.js';
import type { DirectoryImportKind, ImportMode } from '../../signals/directory-import.service.js';
import { HR, PERSONAL, ANYONE, pathEmployee } from '../../auth/subjects.js';
import { actingAs } from './people.shared.js';


const importBody: JsonSchema = {
  type: 'object',
  required: ['format', 'mode'],
  additionalProperties: false,
  properties: {
    format: { type: 'string', enum: ['csv', 'json'] },
    mode: { type: 'string', enum: ['full', 'delta'], description: 'full: people (departments, teams) missing from the feed are deactivated; delta: only the rows sent change' },
    kind: { type: 'string', enum: ['org', 'employees', 'departments', 'teams'], description: 'What the file holds (CSV: one entity, default employees; JSON: default org = {departments, teams, employees})' },
    content: { type: 'string', description: 'CSV text (header row: id,name,email,jobFamily,level,title,location,region,status,managerId,departmentId,teamId,hrbpId,locale,roles with roles as a;b) or JSON text. The request body is limited to 1 MB: split larger files, or use `engine import directory <file>`.' },
    data: { description: 'JSON data instead of content: {departments, teams, employees} or an array of one kind' },
    maxChangeShare: { type: 'number', minimum: 0, maximum: 1, description: 'Share of people the sync may change or deactivate before it waits for an HR admin (default 0.1)' },
  },
};

export const signalsDirectoryRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/v1/directory/imports',
    operationId: 'importDirectory',
    summary: 'Import the org directory (CSV or JSON, full sync or delta); invalid rows are reported by line and the valid ones kept; a mass change waits for confirmation',
    tag: 'directory',
    access: { roles: HR },
    body: importBody,
    responses: { 201: 'Applied', 202: 'Held by the mass-change brake: pending_confirmation', 400: 'Unreadable file' },
    async handler(req) {
      const { services, body } = req;
      const b = body as { format: 'csv' | 'json'; mode: ImportMode; kind?: DirectoryImportKind; content?: string; data?: unknown; maxChangeShare?: number };
      if (b.content === undefined && b.data === undefined) throw UserError.badRequest('MISSING_CONTENT', 'send the file as content (text) or data (JSON)');
      const result = await services.signals.directoryImports.import({
        format: b.format,
        mode: b.mode,
        ...(b.kind ? { kind: b.kind } : {}),
        ...(b.content !== undefined ? { content: b.content } : {}),
        ...(b.data !== undefined ? { data: b.data } : {}),
        ...(b.maxChangeShare !== undefined ? { maxChangeShare: b.maxChangeShare } : {}),
        actor: actingAs(req),
      });
      return { status: result.status === 'pending_confirmation' ? 202 : 201, body: result };
    },
  },
  {
    method: 'get',
    path: '/api/v1/directory/imports',
    operationId: 'listDirectoryImports',
    summary: 'Directory imports, newest first',
    tag: 'directory',
    access: { roles: HR },
    query: { type: 'object', additionalProperties: false, properties: { limit: { type: 'string', pattern: '^[0-9]{1,3}$' } } },
    responses: { 200: 'Imports' },
    async handler({ services, query }) {
      return { body: { items: await services.signals.directoryImports.list(Math.min(Math.max(Number(query.limit ?? 50), 1), 200)) } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/directory/imports/:id',
    operationId: 'getDirectoryImport',
    summary: 'One directory import with its per-line errors and counts',
    tag: 'directory',
    access: { roles: HR },
    intParams: ['id'],
    responses: { 200: 'The import', 404: 'Not found' },
    async handler({ services, params }) {
      return { body: await services.signals.directoryImports.get(Number(params.id)) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/directory/imports/:id/confirm',
    operationId: 'confirmDirectoryImport',
    summary: 'An HR admin applies a sync held by the mass-change brake',
    tag: 'directory',
    access: { roles: HR },
    intParams: ['id'],
    responses: { 200: 'Applied', 403: 'Not an HR admin', 404: 'Not found', 409: 'Not pending' },
    async handler(req) {
      return { body: await req.services.signals.directoryImports.confirm(Number(req.params.id), actingAs(req), true) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/directory/imports/:id/discard',
    operationId: 'discardDirectoryImport',
    summary: 'An HR admin throws away a sync held by the mass-change brake',
    tag: 'directory',
    access: { roles: HR },
    intParams: ['id'],
    responses: { 200: 'Discarded', 403: 'Not an HR admin', 404: 'Not found', 409: 'Not pending' },
    async handler(req) {
      return { body: await req.services.signals.directoryImports.discard(Number(req.params.id), actingAs(req), true) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/departments',
    operationId: 'listDepartments',
    summary: 'Departments with their head, HRBP and executive',
    tag: 'directory',
    access: { roles: ANYONE },
    responses: { 200: 'Departments' },
    async handler({ services }) {
      services.directory.invalidate();
      const units = await services.directory.orgUnits();
      return { body: { items: [...units.departments.values()].sort((a, b) => a.id.localeCompare(b.id)) } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/teams',
    operationId: 'listTeams',
    summary: 'Teams with their department, manager, region and HRBP',
    tag: 'directory',
    access: { roles: ANYONE },
    query: { type: 'object', additionalProperties: false, properties: { departmentId: { type: 'string', maxLength: 64 } } },
    responses: { 200: 'Teams' },
    async handler({ services, query }) {
      services.directory.invalidate();
      const units = await services.directory.orgUnits();
      const items = [...units.teams.values()].filter((t) => !query.departmentId || t.departmentId === query.departmentId).sort((a, b) => a.id.localeCompare(b.id));
      return { body: { items } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/employees/:id/reporting-line',
    operationId: 'getReportingLine',
    summary: 'Direct manager, derived skip-level manager, the chain upwards and the covering HRBP',
    tag: 'directory',
    access: { roles: PERSONAL, subject: pathEmployee() },
    responses: { 200: 'The reporting line', 404: 'Not found' },
    async handler({ services, params }) {
      const line = await services.directory.reportingLine(params.id as string);
      if (!line) throw UserError.notFound('employee', params.id as string);
      return { body: line };
    },
  },
];
