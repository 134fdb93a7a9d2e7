/**
 * Pure conversion between JSON-logic and the builder's RuleTree.
 *
 * - `treeToJsonLogic(tree)` writes the canonical JSON-logic of a tree.
 * - `jsonLogicToTree(rule)` reads a rule, or answers `Unsupported` (with the path of the first part
 *   the builder cannot show) so the editor falls back to the raw JSON tab.
 *
 * Every tree round-trips exactly: `jsonLogicToTree(treeToJsonLogic(t))` deep-equals `t`, so any rule
 * the builder writes reads back unchanged (rule-conversion.test.ts checks it on generated trees).
 * Hand-written sugar (`{"!": x}`, `{"and": x}`, `{"var": ["p"]}`) opens too, and is written back in
 * the canonical array form, which json-logic evaluates the same way.
 */
import type {
  ConditionOp,
  Operand,
  OperandFn,
  Primitive,
  RuleNode,
  RuleTree,
  Unsupported,
  UnsupportedReason,
} from './rule-tree.types';
import { CONDITION_OPS, OPERAND_FNS } from './rule-tree.types';

/** JSON key and argument count of each condition operator. */
export const CONDITION_JSON: Readonly<Record<ConditionOp, { key: string; arity: number }>> = {
  '==': { key: '==', arity: 2 },
  '!=': { key: '!=', arity: 2 },
  '===': { key: '===', arity: 2 },
  '!==': { key: '!==', arity: 2 },
  '>': { key: '>', arity: 2 },
  '>=': { key: '>=', arity: 2 },
  '<': { key: '<', arity: 2 },
  '<=': { key: '<=', arity: 2 },
  in: { key: 'in', arity: 2 },
  between: { key: 'between', arity: 3 },
  between_inclusive: { key: '<=', arity: 3 },
  between_exclusive: { key: '<', arity: 3 },
  date_before: { key: 'date_before', arity: 2 },
  date_after: { key: 'date_after', arity: 2 },
};

/** Argument count of each operand function. */
export const OPERAND_FN_ARITY: Readonly<Record<OperandFn, number>> = { pct_deviation: 2, date_diff: 3, date_add: 3 };

/** True for the 3-argument forms whose JSON order is `[low, x, high]`. */
function isChainedBetween(op: ConditionOp): boolean {
  return op === 'between_inclusive' || op === 'between_exclusive';
}

/** Path of argument `index` of operator `op` at `parent` (same notation as @coachflow/rules). */
export function argPath(parent: string, op: string, index: number): string {
  return parent === '' ? `${op}[${index}]` : `${parent}.${op}[${index}]`;
}

/** JSON path of each tree arg of a condition (the subject of a chained between is JSON arg 1). */
export function conditionArgPaths(path: string, op: ConditionOp): string[] {
  const { key, arity } = CONDITION_JSON[op];
  const order = isChainedBetween(op) ? [1, 0, 2] : Array.from({ length: arity }, (_, i) => i);
  return order.map((i) => argPath(path, key, i));
}

// ---- tree → JSON ----------------------------------------------------------------------------------

function operandToJson(o: Operand): unknown {
  switch (o.kind) {
    case 'var':
      return o.default === undefined ? { var: o.path } : { var: [o.path, o.default] };
    case 'literal':
      return Array.isArray(o.value) ? [...o.value] : o.value;
    case 'fn':
      return { [o.fn]: o.args.map(operandToJson) };
  }
}

function nodeToJson(n: RuleNode): unknown {
  switch (n.type) {
    case 'group':
      return { [n.op]: n.children.map(nodeToJson) };
    case 'not':
      return { '!': [nodeToJson(n.child)] };
    case 'value':
      return operandToJson(n.operand);
    case 'condition': {
      const args = n.args.map(operandToJson);
      const json = isChainedBetween(n.op) ? [args[1], args[0], args[2]] : args;
      return { [CONDITION_JSON[n.op].key]: json };
    }
  }
}

/** The canonical JSON-logic of a tree (`undefined` for the empty tree). */
export function treeToJsonLogic(tree: RuleTree): unknown {
  return tree.type === 'empty' ? undefined : nodeToJson(tree);
}

// ---- JSON → tree ----------------------------------------------------------------------------------

class NotBuildable extends Error {
  constructor(
    readonly path: string,
    readonly reason: UnsupportedReason,
    readonly detail?: string,
  ) {
    super(`${reason} at ${path || '(root)'}`);
  }
}

function isPrimitive(v: unknown): v is Primitive {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** `{ op: args }` with exactly one key → [op, args as an array, whether args was an array]. */
function operatorOf(value: unknown, path: string): [string, unknown[], boolean] | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1) throw new NotBuildable(path, 'shape', keys.join(','));
  const op = keys[0] as string;
  const raw = (value as Record<string, unknown>)[op];
  return [op, Array.isArray(raw) ? raw : [raw], Array.isArray(raw)];
}

function readOperand(value: unknown, path: string): Operand {
  if (isPrimitive(value)) return { kind: 'literal', value };
  if (Array.isArray(value)) {
    if (value.every(isPrimitive)) return { kind: 'literal', value: [...value] };
    throw new NotBuildable(path, 'shape', 'array');
  }
  const found = operatorOf(value, path);
  if (!found) throw new NotBuildable(path, 'shape', typeof value);
  const [op, args, wasArray] = found;
  if (op === 'var') {
    const [p, def] = args;
    if (typeof p !== 'string') throw new NotBuildable(argPath(path, 'var', 0), 'shape', 'var');
    if (args.length === 1) return { kind: 'var', path: p };
    if (args.length === 2 && wasArray && isPrimitive(def)) return { kind: 'var', path: p, default: def };
    throw new NotBuildable(path, 'arity', 'var');
  }
  if ((OPERAND_FNS as readonly string[]).includes(op)) {
    const fn = op as OperandFn;
    if (args.length !== OPERAND_FN_ARITY[fn]) throw new NotBuildable(path, 'arity', op);
    return { kind: 'fn', fn, args: args.map((a, i) => readOperand(a, argPath(path, op, i))) };
  }
  throw new NotBuildable(path, 'operator', op);
}

function conditionOpFor(key: string, arity: number): ConditionOp | null {
  for (const op of CONDITION_OPS) {
    const spec = CONDITION_JSON[op];
    if (spec.key === key && spec.arity === arity) return op;
  }
  return null;
}

const CONDITION_KEYS = new Set(Object.values(CONDITION_JSON).map((s) => s.key));

function readNode(value: unknown, path: string): RuleNode {
  if (isPrimitive(value) || Array.isArray(value)) return { type: 'value', operand: readOperand(value, path) };
  const found = operatorOf(value, path);
  if (!found) throw new NotBuildable(path, 'shape', typeof value);
  const [key, args] = found;
  if (key === 'and' || key === 'or') {
    return { type: 'group', op: key, children: args.map((a, i) => readNode(a, argPath(path, key, i))) };
  }
  if (key === '!') {
    if (args.length !== 1) throw new NotBuildable(path, 'arity', key);
    return { type: 'not', child: readNode(args[0], argPath(path, key, 0)) };
  }
  if (CONDITION_KEYS.has(key)) {
    const op = conditionOpFor(key, args.length);
    if (!op) throw new NotBuildable(path, 'arity', key);
    const operands = args.map((a, i) => readOperand(a, argPath(path, key, i)));
    const treeArgs = isChainedBetween(op) ? [operands[1], operands[0], operands[2]] : operands;
    return { type: 'condition', op, args: treeArgs as Operand[] };
  }
  // A bare variable or computed value (its truthiness), e.g. {"var": "trigger.flag"}.
  return { type: 'value', operand: readOperand(value, path) };
}

/**
 * Reads a JSON-logic rule into a builder tree, or `Unsupported` when some part of it cannot be
 * shown by the builder (an operator outside the builder's set, an unexpected argument count, an
 * object with several keys…). `undefined` is the empty tree.
 */
export function jsonLogicToTree(rule: unknown): RuleTree | Unsupported {
  if (rule === undefined) return { type: 'empty' };
  try {
    return readNode(rule, '');
  } catch (e) {
    if (e instanceof NotBuildable) {
      const out: Unsupported = { type: 'unsupported', path: e.path, reason: e.reason };
      if (e.detail !== undefined) out.detail = e.detail;
      return out;
    }
    throw e;
  }
}

/** Type guard for the fallback answer of `jsonLogicToTree`. */
export function isUnsupported(x: RuleTree | Unsupported): x is Unsupported {
  return x.type === 'unsupported';
}
