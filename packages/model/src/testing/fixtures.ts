/**
 * Test support (not exported): the shared workflow fixtures of tests/fixtures/workflows, a
 * connector catalogue matching them, and an ajv instance with the formats our schemas use.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ConnectorCatalogue } from '../validation/validation.types.js';
import type { ValidationIssue } from '../validation/validation.types.js';
import type { LooseDefinition } from '../workflow.types.js';

const FIXTURES = new URL('../../../../tests/fixtures/workflows/', import.meta.url);

/** Names of the shared fixture workflows. */
export type FixtureName = 'kpi-deviation-coaching' | 'training-on-coaching' | 'rotation-approval';

/** A fresh (deep-copied) fixture workflow, free to mutate. */
export function loadWorkflow(name: FixtureName): LooseDefinition {
  return JSON.parse(readFileSync(new URL(`${name}.workflow.json`, FIXTURES), 'utf8')) as LooseDefinition;
}

/** The connectors the fixtures use, as the engine would describe them. */
export function fixtureConnectors(): ConnectorCatalogue {
  return {
    'lms-moodle': {
      actions: {
        enrolUser: {
          input: {
            type: 'object',
            // mirrors plugins/lms-moodle: employeeId (or userId) and courseIdnumber (or courseId)
            properties: { employeeId: { type: 'string' }, userId: { type: 'integer' }, courseIdnumber: { type: 'string' }, courseId: { type: 'integer' } },
          },
        },
      },
    },
    'talent-mobility': {
      actions: {
        createRotationRequest: {
          highImpact: true,
          // mirrors plugins/talent-mobility
          input: {
            type: 'object',
            required: ['employeeRef', 'source', 'rationale', 'requestedBy'],
            properties: { employeeRef: { type: 'string' }, source: { type: 'string' }, rationale: { type: 'string' }, requestedBy: { type: 'string' }, targetRole: { type: 'string' }, targetOrg: { type: 'string' } },
          },
        },
      },
    },
  };
}

/** The distinct codes of a list of issues, sorted. */
export function codesOf(issues: readonly ValidationIssue[]): string[] {
  return [...new Set(issues.map((i) => i.code))].sort();
}

/** Finds a node of a definition by id (throws in tests when missing). */
export function nodeOf(def: LooseDefinition, id: string): LooseDefinition['nodes'][number] {
  const node = def.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`no node ${id}`);
  return node;
}

/**
 * An ajv (draft 2020-12, strict) that knows the formats our schemas use. strictRequired is off:
 * `anyOf: [{ required: [a] }, { required: [b] }]` (one of two fields) is standard JSON Schema.
 */
export function makeAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/u);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/u);
  ajv.addFormat('email', /^[^@\s]+@[^@\s]+$/u);
  return ajv;
}
