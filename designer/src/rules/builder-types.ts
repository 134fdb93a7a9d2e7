/**
 * Types in the rule builder: what a variable, literal or computed value is, which condition
 * operators accept it (derived from @coachflow/rules' OPERATORS `valueTypes`), and which input the
 * value of each argument gets (number input, enum select, date picker, text).
 */
import {
  EMPLOYEE_SCHEMA,
  ORG_SCHEMA,
  STEP_OUTPUT_SCHEMAS,
  TRIGGER_CATALOGUE,
  type JsonSchema,
  type NodeKind,
  type TriggerType,
  type VariableInfo,
} from '@coachflow/model';
import { OPERATORS, type ValueType } from '@coachflow/rules';
import { CONDITION_JSON } from './rule-conversion';
import { CONDITION_OPS, type ConditionOp, type Operand, type OperandFn, type Primitive } from './rule-tree.types';

/** The builder's view of a value's type: `enum` is a string with listed values. */
export type BuilderType = 'number' | 'string' | 'enum' | 'boolean' | 'date' | 'array' | 'any';

/** A variable the picker offers, with its builder type. */
export interface BuilderVariable {
  path: string;
  type: BuilderType;
  /** The model's type (shown in the picker). */
  rawType: string;
  source: string;
  description?: string;
  /** Allowed values (enum). */
  enum?: readonly Primitive[];
}

/** What an argument slot expects: its type and, for enums, the allowed values. */
export interface SlotType {
  type: BuilderType;
  enum?: readonly Primitive[];
  /** The slot holds a list of values of `type` (the `in` list). */
  list?: boolean;
}

const DATE_FORMATS = new Set(['date', 'date-time']);

function walk(schema: JsonSchema | undefined, segments: readonly string[]): JsonSchema | undefined {
  let s = schema;
  for (const seg of segments) {
    if (!s) return undefined;
    s = s.properties?.[seg];
  }
  return s;
}

/** The JSON schema a variable path reads, when the catalogues describe it. */
export function schemaOfPath(path: string, triggerType: string | undefined, kindOf: (nodeId: string) => NodeKind | undefined = () => undefined): JsonSchema | undefined {
  const [head, ...rest] = path.split('.');
  if (head === 'trigger') {
    const info = triggerType ? (TRIGGER_CATALOGUE as Partial<Record<string, { payload: JsonSchema }>>)[triggerType] : undefined;
    return walk(info?.payload, rest);
  }
  if (head === 'employee' || head === 'manager') return walk(EMPLOYEE_SCHEMA, rest);
  if (head === 'org') return walk(ORG_SCHEMA, rest);
  if (head === 'steps' && rest.length > 1) {
    const kind = kindOf(rest[0] as string);
    return kind ? walk(STEP_OUTPUT_SCHEMAS[kind], rest.slice(1)) : undefined;
  }
  return undefined;
}

/** Builder type of an available variable; `now` and `format: date|date-time` strings are dates. */
export function builderVariable(v: VariableInfo, schema: JsonSchema | undefined): BuilderVariable {
  let type: BuilderType;
  if (v.path === 'now' || (typeof schema?.format === 'string' && DATE_FORMATS.has(schema.format))) type = 'date';
  else if (v.type === 'number' || v.type === 'integer') type = 'number';
  else if (v.type === 'string' && v.enum && v.enum.length > 0) type = 'enum';
  else if (v.type === 'string') type = 'string';
  else if (v.type === 'boolean') type = 'boolean';
  else if (v.type === 'array') type = 'array';
  else type = 'any';
  const out: BuilderVariable = { path: v.path, type, rawType: v.type, source: v.source };
  if (v.description !== undefined) out.description = v.description;
  if (type === 'enum' && v.enum) out.enum = v.enum;
  return out;
}

/** Builder variables of a node (`availableVariables` + date detection from the schemas). */
export function builderVariables(
  available: readonly VariableInfo[],
  triggerType: TriggerType | string | undefined,
  kindOf?: (nodeId: string) => NodeKind | undefined,
): BuilderVariable[] {
  return available.map((v) => builderVariable(v, schemaOfPath(v.path, triggerType, kindOf)));
}

/** Whether a rules-package value type accepts a builder type. */
export function accepts(expected: ValueType, actual: BuilderType): boolean {
  if (expected === 'any' || actual === 'any') return true;
  if (expected === 'string') return actual === 'string' || actual === 'enum';
  return expected === actual;
}

function literalType(value: Operand & { kind: 'literal' }): BuilderType {
  const v = value.value;
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) ? 'date' : 'string';
  return 'any';
}

const FN_RESULT: Readonly<Record<OperandFn, BuilderType>> = { pct_deviation: 'number', date_diff: 'number', date_add: 'date' };

/** The type (and enum values) of an operand, given the variables in scope. */
export function operandSlotType(o: Operand, variables: readonly BuilderVariable[]): SlotType {
  if (o.kind === 'var') {
    const v = variables.find((x) => x.path === o.path);
    if (!v) return { type: 'any' };
    return v.enum ? { type: v.type, enum: v.enum } : { type: v.type };
  }
  if (o.kind === 'literal') return { type: literalType(o) };
  return { type: FN_RESULT[o.fn] };
}

/** Value types of a rules-package operator's arguments, in the tree order of a condition. */
function argTypes(op: ConditionOp): ValueType[] {
  const { key, arity } = CONDITION_JSON[op];
  const info = OPERATORS[key];
  const at = (i: number): ValueType => info?.valueTypes[Math.min(i, (info?.valueTypes.length ?? 1) - 1)] ?? 'any';
  const types = Array.from({ length: arity }, (_, i) => at(i));
  return op === 'between_inclusive' || op === 'between_exclusive' ? [types[1] as ValueType, types[0] as ValueType, types[2] as ValueType] : types;
}

/** Condition operators whose subject accepts `subject` (all for `any`). */
export function operatorsFor(subject: BuilderType): ConditionOp[] {
  return CONDITION_OPS.filter((op) => {
    const first = argTypes(op)[0] as ValueType;
    if (subject === 'any') return true;
    // Equality ("any") suits every type; ordering needs numbers, date_* needs dates.
    return accepts(first, subject);
  });
}

/** What value slot `index` (≥ 1) of a condition expects, given the subject's type. */
export function valueSlotType(op: ConditionOp, index: number, subject: SlotType): SlotType {
  const expected = argTypes(op)[index] ?? 'any';
  if (op === 'in') return { ...subject, list: true };
  if (expected === 'any') return subject;
  if (expected === 'array') return { type: 'any', list: true };
  return { type: expected as BuilderType };
}

/** Argument types of an operand function (from OPERATORS): `string` units get the unit select. */
export function fnArgTypes(fn: OperandFn): ValueType[] {
  return [...(OPERATORS[fn]?.valueTypes ?? [])];
}

/** Operand functions whose result fits a slot of type `type`. */
export function fnsFor(type: BuilderType): OperandFn[] {
  return (Object.keys(FN_RESULT) as OperandFn[]).filter((fn) => type === 'any' || FN_RESULT[fn] === type);
}

/** A default literal for a slot (so a new condition is complete). */
export function defaultLiteral(slot: SlotType): Primitive | Primitive[] {
  if (slot.list) return [];
  switch (slot.type) {
    case 'number':
      return 0;
    case 'boolean':
      return true;
    case 'enum':
      return slot.enum?.[0] ?? '';
    case 'date':
      return new Date().toISOString().slice(0, 10);
    default:
      return '';
  }
}
