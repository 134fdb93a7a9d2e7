/**
 * JSON Schemas of each node kind's `config` (see workflow.types.ts). The validator checks configs
 * against them and the designer renders the configuration forms from them.
 *
 * A rule field (JSON-logic) is any JSON value (a literal is a valid rule), so its schema is `{}`
 * with a description; the rule itself is checked by `@coachflow/rules`.
 */
import { ISO_DURATION_PATTERN } from './duration.js';
import type { JsonSchema } from './json-schema.types.js';
import type { NodeKind } from './node-kinds.js';
import { TRIGGER_TYPES } from './triggers.js';
import { EXTERNAL_APPROVAL_CONNECTORS, FormTemplate, Role } from './workflow.types.js';

/** Any JSON-logic rule. */
export const RULE_SCHEMA: JsonSchema = { description: 'JSON-logic rule (a literal is a valid rule)' };

/** An ISO-8601 duration such as `P7D`, `PT4H`, `P1DT2H`. */
export const DURATION_SCHEMA: JsonSchema = {
  type: 'string',
  pattern: ISO_DURATION_PATTERN,
  description: 'ISO-8601 duration, e.g. P7D, PT4H, P1DT2H',
};

/** Pattern of node ids (letters, digits, `_` and `-`, at most 64). */
export const NODE_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

/** One `oneOf` branch of the assignee schema: the `type` value and the field it requires. */
function assigneeBranch(type: string, requires?: string): JsonSchema {
  if (requires === undefined) return { type: 'object', properties: { type: { const: type } } };
  return { type: 'object', properties: { type: { const: type }, [requires]: {} }, required: [requires] };
}

/** Who receives a task, an approval step or a notification (`AssigneeRef`). */
export const ASSIGNEE_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: {
      type: 'string',
      enum: ['directManager', 'skipLevel', 'hrbp', 'employee', 'role', 'person', 'objectiveOwners'],
    },
    role: { type: 'string', enum: Object.values(Role) },
    employeeId: { type: 'string', minLength: 1 },
  },
  oneOf: [
    assigneeBranch('directManager'),
    assigneeBranch('skipLevel'),
    assigneeBranch('hrbp'),
    assigneeBranch('employee'),
    assigneeBranch('role', 'role'),
    assigneeBranch('person', 'employeeId'),
    assigneeBranch('objectiveOwners'),
  ],
};

const text = (maxLength: number): JsonSchema => ({ type: 'string', minLength: 1, maxLength });

const TRIGGER_CONFIG: JsonSchema = {
  type: 'object',
  required: ['event'],
  additionalProperties: false,
  properties: { event: { type: 'string', enum: TRIGGER_TYPES }, filter: RULE_SCHEMA },
};

const CONDITION_CONFIG: JsonSchema = {
  type: 'object',
  required: ['rule'],
  additionalProperties: false,
  properties: { rule: RULE_SCHEMA },
};

const SWITCH_CONFIG: JsonSchema = {
  type: 'object',
  required: ['cases'],
  additionalProperties: false,
  properties: {
    cases: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        required: ['id', 'rule'],
        additionalProperties: false,
        properties: {
          // `default` is the handle taken when no case matches, so a case cannot use it.
          id: { type: 'string', pattern: '^(?!default$)[A-Za-z0-9_-]{1,64}$' },
          label: { type: 'string', maxLength: 200 },
          rule: RULE_SCHEMA,
        },
      },
    },
  },
};

const SET_CONFIG: JsonSchema = {
  type: 'object',
  required: ['assignments'],
  additionalProperties: false,
  properties: {
    assignments: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        required: ['name', 'rule'],
        additionalProperties: false,
        properties: { name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' }, rule: RULE_SCHEMA },
      },
    },
  },
};

const TASK_CONFIG: JsonSchema = {
  type: 'object',
  required: ['title', 'assignee'],
  additionalProperties: false,
  properties: {
    title: text(500),
    description: { type: 'string', maxLength: 5000 },
    assignee: ASSIGNEE_SCHEMA,
    dueIn: DURATION_SCHEMA,
    priority: { type: 'string', enum: ['low', 'normal', 'high'] },
    form: { type: 'string', enum: Object.values(FormTemplate) },
    loadCap: {
      type: 'object',
      required: ['perWeek'],
      additionalProperties: false,
      description: 'Manager load cap: at most perWeek tasks of this node per assignee per ISO week (and at most maxOpen open at once); the rest wait in a priority queue',
      properties: {
        perWeek: { type: 'integer', minimum: 1, maximum: 1000 },
        maxOpen: { type: 'integer', minimum: 1, maximum: 1000 },
      },
    },
  },
};

const APPROVAL_CONFIG: JsonSchema = {
  type: 'object',
  required: ['title', 'approvers', 'mode'],
  additionalProperties: false,
  properties: {
    title: text(500),
    description: { type: 'string', maxLength: 5000 },
    approvers: { type: 'array', minItems: 1, maxItems: 20, items: ASSIGNEE_SCHEMA },
    mode: { type: 'string', enum: ['sequential', 'all', 'any', 'quorum'] },
    quorum: { type: 'integer', minimum: 1, maximum: 20 },
    maxRejections: { type: 'integer', minimum: 0, maximum: 19, description: 'Rejections the chain tolerates before it ends rejected (default: the first rejection ends it; quorum: when the quorum is out of reach)' },
    sla: DURATION_SCHEMA,
    escalateTo: ASSIGNEE_SCHEMA,
    external: {
      type: 'object',
      required: ['connector', 'input'],
      additionalProperties: false,
      description: 'Route the approval to Feishu or DingTalk instead of the built-in inbox',
      properties: {
        connector: { type: 'string', enum: [...EXTERNAL_APPROVAL_CONNECTORS] },
        input: { type: 'object', additionalProperties: RULE_SCHEMA, description: "Input of the connector's createInstance action" },
        form: { type: 'object', additionalProperties: RULE_SCHEMA, description: 'Approval form: Feishu widget id or DingTalk component label → rule, or { type, value: rule } to name the Feishu control type' },
      },
    },
  },
};

const ACTION_CONFIG: JsonSchema = {
  type: 'object',
  required: ['connector', 'action', 'input'],
  additionalProperties: false,
  properties: {
    connector: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    action: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' },
    input: { type: 'object', additionalProperties: RULE_SCHEMA },
    retry: {
      type: 'object',
      required: ['maxAttempts', 'backoffMs'],
      additionalProperties: false,
      properties: {
        maxAttempts: { type: 'integer', minimum: 1, maximum: 20 },
        backoffMs: { type: 'integer', minimum: 0, maximum: 86_400_000 },
        backoffFactor: { type: 'number', minimum: 1, maximum: 10 },
      },
    },
    timeoutMs: { type: 'integer', minimum: 1, maximum: 600_000 },
  },
};

const NOTIFY_CONFIG: JsonSchema = {
  type: 'object',
  required: ['channel', 'to', 'title', 'body'],
  additionalProperties: false,
  properties: {
    channel: { type: 'string', enum: ['inapp', 'mail', 'im'] },
    to: { type: 'array', minItems: 1, maxItems: 50, items: ASSIGNEE_SCHEMA },
    title: text(500),
    body: { type: 'string', maxLength: 20_000 },
  },
};

const DELAY_CONFIG: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { duration: DURATION_SCHEMA, until: RULE_SCHEMA },
  anyOf: [{ required: ['duration'] }, { required: ['until'] }],
};

const END_CONFIG: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { outcome: { type: 'string', maxLength: 100 } },
};

/** The config schema of every node kind. */
export const NODE_CONFIG_SCHEMAS: Record<NodeKind, JsonSchema> = {
  trigger: TRIGGER_CONFIG,
  condition: CONDITION_CONFIG,
  switch: SWITCH_CONFIG,
  set: SET_CONFIG,
  task: TASK_CONFIG,
  approval: APPROVAL_CONFIG,
  action: ACTION_CONFIG,
  notify: NOTIFY_CONFIG,
  delay: DELAY_CONFIG,
  end: END_CONFIG,
};
