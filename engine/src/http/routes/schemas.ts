/** Request body schemas shared by routes (and published in the OpenAPI document). */
import type { JsonSchema } from '@coachflow/model';

export const MAX_NODES = 500;
export const MAX_EDGES = 2000;

export const definitionSchema: JsonSchema = {
  type: 'object',
  description: 'Workflow definition: nodes and edges (see packages/model). Checked in depth by the shared validator.',
  required: ['nodes', 'edges'],
  additionalProperties: false,
  properties: {
    nodes: { type: 'array', maxItems: MAX_NODES, items: { type: 'object', required: ['id', 'kind'], properties: { id: { type: 'string', maxLength: 100 }, kind: { type: 'string', maxLength: 32 } } } },
    edges: { type: 'array', maxItems: MAX_EDGES, items: { type: 'object', required: ['id', 'source', 'target'], properties: { id: { type: 'string', maxLength: 100 }, source: { type: 'string', maxLength: 100 }, target: { type: 'string', maxLength: 100 }, sourceHandle: { type: 'string', maxLength: 100 } } } },
  },
};

export const idempotencyKeySchema: JsonSchema = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$' };

export const pageQuery: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'string', pattern: '^[0-9]{1,4}$', description: '1–200, default 50' },
    cursor: { type: 'string', pattern: '^[0-9]{1,19}$', description: 'nextCursor of the previous page' },
  },
};
