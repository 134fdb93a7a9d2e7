/**
 * Pure edits of builder trees, used by the builder components: a new condition, changing a
 * condition's subject or operator while keeping what still fits (values of a compatible type), and
 * the root rules (an empty root group is no rule; a lone condition needs no group around it).
 */
import { CONDITION_JSON, OPERAND_FN_ARITY } from './rule-conversion';
import {
  defaultLiteral,
  fnArgTypes,
  operandSlotType,
  operatorsFor,
  valueSlotType,
  type BuilderVariable,
  type SlotType,
} from './builder-types';
import type { ConditionOp, Operand, OperandFn, Primitive, RuleCondition, RuleGroup, RuleNode, RuleTree } from './rule-tree.types';

/** A new condition `<variable> == ""` (the variable to be picked). */
export function newCondition(subjectPath = ''): RuleCondition {
  return { type: 'condition', op: '==', args: [{ kind: 'var', path: subjectPath }, { kind: 'literal', value: '' }] };
}

/** A new group with one new condition. */
export function newGroup(op: 'and' | 'or' = 'and'): RuleGroup {
  return { type: 'group', op, children: [newCondition()] };
}

function literalFits(value: Primitive | Primitive[], slot: SlotType): boolean {
  if (slot.list) return Array.isArray(value) && value.every((v) => literalFits(v, { ...slot, list: false }));
  if (Array.isArray(value)) return false;
  switch (slot.type) {
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
      return slot.enum?.includes(value) ?? true;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value);
    case 'string':
      return typeof value === 'string';
    default:
      return true;
  }
}

/** Keeps a value operand if it fits the slot; literals of another type get the slot's default. */
export function fitOperand(o: Operand | undefined, slot: SlotType): Operand {
  if (!o) return { kind: 'literal', value: defaultLiteral(slot) };
  if (o.kind === 'literal') return literalFits(o.value, slot) ? o : { kind: 'literal', value: defaultLiteral(slot) };
  return o;
}

/** Fits the value arguments of a condition to its operator and subject. */
function refit(op: ConditionOp, subject: Operand, rest: readonly Operand[], variables: readonly BuilderVariable[]): RuleCondition {
  const subjectType = operandSlotType(subject, variables);
  const arity = CONDITION_JSON[op].arity;
  const args: Operand[] = [subject];
  for (let i = 1; i < arity; i++) args.push(fitOperand(rest[i - 1], valueSlotType(op, i, subjectType)));
  return { type: 'condition', op, args };
}

/** Changes the subject; the operator is kept when it still applies to the new type. */
export function withSubject(c: RuleCondition, subject: Operand, variables: readonly BuilderVariable[]): RuleCondition {
  const ops = operatorsFor(operandSlotType(subject, variables).type);
  const op = ops.includes(c.op) ? c.op : (ops[0] ?? '==');
  return refit(op, subject, c.args.slice(1), variables);
}

/** Changes the operator, keeping the values that still fit. */
export function withOperator(c: RuleCondition, op: ConditionOp, variables: readonly BuilderVariable[]): RuleCondition {
  const subject = c.args[0] ?? { kind: 'var', path: '' };
  return refit(op, subject, c.args.slice(1), variables);
}

/** A new computed operand with default arguments (dates default to `now`, units to days). */
export function newFnOperand(fn: OperandFn): Operand {
  const types = fnArgTypes(fn);
  const args: Operand[] = Array.from({ length: OPERAND_FN_ARITY[fn] }, (_, i) => {
    const t = types[Math.min(i, types.length - 1)];
    if (t === 'date') return { kind: 'var', path: 'now' };
    if (t === 'string') return { kind: 'literal', value: 'days' };
    return { kind: 'var', path: '' };
  });
  if (fn === 'date_add') args[1] = { kind: 'literal', value: 7 };
  return { kind: 'fn', fn, args };
}

/** The group the root shows: the root itself when it is a group, else an implicit AND around it. */
export function rootGroup(tree: RuleTree): { group: RuleGroup; implicit: boolean } {
  if (tree.type === 'group') return { group: tree, implicit: false };
  return { group: { type: 'group', op: 'and', children: tree.type === 'empty' ? [] : [tree] }, implicit: true };
}

/** The tree after the root group was edited: no children is no rule; an implicit AND of one is its child. */
export function fromRootGroup(group: RuleGroup, implicit: boolean): RuleTree {
  if (group.children.length === 0) return { type: 'empty' };
  if (implicit && group.op === 'and' && group.children.length === 1) return group.children[0] as RuleNode;
  return group;
}
