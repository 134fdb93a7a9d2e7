/**
 * Structural validation of a rule: closed operators, arity, depth, node count and literal sizes.
 * Walks at most `maxNodes` nodes and `maxDepth` levels, so it is cheap even on hostile input.
 */
import { RuleErrorCode } from '../errors/rule.error.js';
import type { RuleProblem } from '../errors/rule.error.js';
import { resolveLimits } from '../limits/rule-limits.js';
import type { RuleLimits } from '../limits/rule-limits.js';
import { OPERATORS, isOperatorName } from '../operators/operator-table.js';
import { argPath, elementPath, isOperatorObject, operatorArgs } from './rule-path.js';

/** Collects problems; with `firstOnly` stops at the first one. */
export function collectProblems(rule: unknown, limits: RuleLimits, firstOnly: boolean): RuleProblem[] {
  const problems: RuleProblem[] = [];
  let nodes = 0;
  let stop = false;

  const report = (code: RuleProblem['code'], message: string, path: string): void => {
    problems.push({ code, message, path });
    if (firstOnly) stop = true;
  };

  const walk = (node: unknown, path: string, depth: number): void => {
    if (stop) return;
    if (depth > limits.maxDepth) {
      report(RuleErrorCode.TooDeep, `rule nests deeper than maxDepth ${limits.maxDepth}`, path);
      return;
    }
    if (++nodes > limits.maxNodes) {
      report(RuleErrorCode.TooLarge, `rule has more than maxNodes ${limits.maxNodes} nodes`, path);
      stop = true; // the walk itself must stay bounded
      return;
    }
    switch (typeof node) {
      case 'string':
        if (node.length > limits.maxStringLength) {
          report(RuleErrorCode.StringTooLong, `literal string of ${node.length} characters exceeds maxStringLength ${limits.maxStringLength}`, path);
        }
        return;
      case 'number':
      case 'boolean':
      case 'undefined':
        return;
      case 'object':
        break;
      default:
        report(RuleErrorCode.Invalid, `a ${typeof node} is not a valid rule value`, path);
        return;
    }
    if (node === null) return;
    if (Array.isArray(node)) {
      if (node.length > limits.maxArrayLength) {
        report(RuleErrorCode.ArrayTooLarge, `literal array of ${node.length} elements exceeds maxArrayLength ${limits.maxArrayLength}`, path);
        return;
      }
      for (let i = 0; i < node.length && !stop; i++) walk(node[i], elementPath(path, i), depth + 1);
      return;
    }
    if (!isOperatorObject(node)) return;
    const keys = Object.keys(node);
    const op = keys[0];
    if (keys.length !== 1 || op === undefined) {
      report(RuleErrorCode.Invalid, `an operator object must have exactly one key, found ${keys.length}${keys.length ? ` (${keys.slice(0, 5).join(', ')})` : ''}`, path);
      return;
    }
    const args = operatorArgs(node[op]);
    if (!isOperatorName(op)) {
      report(RuleErrorCode.UnknownOperator, `unknown operator "${op}"`, path);
    } else {
      const info = OPERATORS[op];
      if (info !== undefined && (args.length < info.minArgs || (info.maxArgs !== null && args.length > info.maxArgs))) {
        const range = info.maxArgs === null ? `at least ${info.minArgs}` : info.minArgs === info.maxArgs ? `${info.minArgs}` : `${info.minArgs} to ${info.maxArgs}`;
        report(RuleErrorCode.Arity, `"${op}" takes ${range} argument(s), got ${args.length}`, path);
      }
    }
    if (args.length > limits.maxArrayLength) {
      report(RuleErrorCode.ArrayTooLarge, `"${op}" has ${args.length} arguments, more than maxArrayLength ${limits.maxArrayLength}`, path);
      return;
    }
    for (let i = 0; i < args.length && !stop; i++) walk(args[i], argPath(path, op, i), depth + 1);
  };

  walk(rule, '', 1);
  return problems;
}

/**
 * Validates `rule` against the operator table and `limits`. Never throws.
 * @returns every problem found (empty when the rule compiles), each with a code, message and path.
 */
export function validateRule(rule: unknown, limits?: Partial<RuleLimits>): RuleProblem[] {
  try {
    return collectProblems(rule, resolveLimits(limits), false);
  } catch (e) {
    // Hostile input (throwing getters, proxies) must not escape as an exception.
    return [{ code: RuleErrorCode.Invalid, message: e instanceof Error ? e.message : String(e), path: '' }];
  }
}
