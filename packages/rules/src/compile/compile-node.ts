/**
 * Turns a validated rule into a tree of closures. Literals become constants, arrays of rules
 * are evaluated element by element (json-logic-js maps them), and each operator node charges one
 * step then runs the evaluator built by its compiler. With `trace`, every node also records its
 * values into an explanation tree (used by `explainRule`; off on the normal path).
 */
import type { ExplainEvaluated, ExplainNode } from '../analysis/explain-node.types.js';
import { RuleError, RuleErrorCode } from '../errors/rule.error.js';
import type { RuleLimits } from '../limits/rule-limits.js';
import { OPERATOR_COMPILERS, isOperatorName } from '../operators/operator-table.js';
import type { CompiledArg, Evaluator } from '../evaluation/evaluator.types.js';
import { argPath, elementPath, isOperatorObject, operatorArgs } from './rule-path.js';

/** A compiled node and, when tracing, its explanation node. */
export interface CompiledNode {
  /** The compiled node. */
  readonly arg: CompiledArg;
  /** Explanation node (only when compiled with `trace`). */
  readonly trace: ExplainNode | undefined;
}

const MAX_TRACED_VALUES = 100;

function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== 'object' && typeof v !== 'function');
}

function constant(value: unknown, path: string, trace: boolean): CompiledNode {
  const evaluate: Evaluator = () => value;
  return { arg: { evaluate, constant: true, value }, trace: trace ? { kind: 'literal', path, value } : undefined };
}

function record(node: ExplainEvaluated, value: unknown): void {
  node.evaluations++;
  if (!node.evaluated) {
    node.evaluated = true;
    node.value = value;
    return;
  }
  node.values ??= [node.value];
  if (node.values.length < MAX_TRACED_VALUES) node.values.push(value);
}

function traced(evaluate: Evaluator, node: ExplainEvaluated): Evaluator {
  return (data, ctx) => {
    const value = evaluate(data, ctx);
    record(node, value);
    return value;
  };
}

/** Compiles `rule` (already validated) at `path`. */
export function compileNode(rule: unknown, path: string, limits: RuleLimits, trace: boolean): CompiledNode {
  if (Array.isArray(rule)) {
    if (rule.every(isPrimitive)) {
      // A literal list: one frozen copy for operators that only read it (`in`), a fresh
      // array for anything that may hand it to the caller (json-logic-js returns a new array).
      const frozen = Object.freeze(rule.slice());
      const evaluate: Evaluator = () => frozen.slice();
      return { arg: { evaluate, constant: true, value: frozen }, trace: trace ? { kind: 'literal', path, value: frozen } : undefined };
    }
    const elements = rule.map((r: unknown, i) => compileNode(r, elementPath(path, i), limits, trace));
    const evs = elements.map((e) => e.arg.evaluate);
    const n = evs.length;
    let evaluate: Evaluator = (data, ctx) => {
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = (evs[i] as Evaluator)(data, ctx);
      return out;
    };
    let node: ExplainEvaluated | undefined;
    if (trace) {
      node = { kind: 'array', op: '[]', path, args: elements.map((e) => e.trace as ExplainNode), evaluated: false, evaluations: 0, value: undefined };
      evaluate = traced(evaluate, node);
    }
    return { arg: { evaluate, constant: false, value: undefined }, trace: node };
  }
  if (!isOperatorObject(rule)) return constant(rule, path, trace);

  const op = Object.keys(rule)[0];
  if (op === undefined || !isOperatorName(op)) {
    // Unreachable after validation; kept so the closure tree can never treat an object as data.
    throw new RuleError(RuleErrorCode.UnknownOperator, `unknown operator "${String(op)}"`, path);
  }
  const args = operatorArgs(rule[op]).map((a, i) => compileNode(a, argPath(path, op, i), limits, trace));
  const inner = OPERATOR_COMPILERS[op](
    args.map((a) => a.arg),
    { op, path, limits },
  );
  let evaluate: Evaluator = (data, ctx) => {
    if (++ctx.steps > ctx.maxSteps) {
      throw new RuleError(RuleErrorCode.BudgetExceeded, `evaluation exceeded the budget of ${ctx.maxSteps} steps`, path);
    }
    return inner(data, ctx);
  };
  let node: ExplainEvaluated | undefined;
  if (trace) {
    node = { kind: 'operator', op, path, args: args.map((a) => a.trace as ExplainNode), evaluated: false, evaluations: 0, value: undefined };
    evaluate = traced(evaluate, node);
  }
  return { arg: { evaluate, constant: false, value: undefined }, trace: node };
}
