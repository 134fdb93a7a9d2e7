/**
 * @coachflow/rules – JSON-logic rules for Coachflow workflows.
 *
 * Standard json-logic-js 2.0.5 semantics over a closed operator table (no `log`, no `method`),
 * plus custom date, percent and numeric operators; rules are validated once and compiled to
 * closures, and every evaluation is bounded by {@link RuleLimits}.
 *
 * ```ts
 * import { compileRule, evaluateRule, validateRule, ruleVariables, readValues, explainRule, renderTemplate } from '@coachflow/rules';
 *
 * const rule = { and: [{ '>=': [{ var: 'trigger.streak' }, 3] }, { '<': [{ pct_deviation: [{ var: 'trigger.value' }, { var: 'trigger.target' }] }, -10] }] };
 * validateRule(rule);                      // [] – or [{ code: 'RULE_UNKNOWN_OPERATOR', message, path: 'and[1]' }, …]
 * const compiled = compileRule(rule);      // throws RuleError on a bad rule
 * compiled.evaluate(data);                 // json-logic value; compiled.test(data) → boolean
 * evaluateRule(rule, data);                // same, through an LRU cache keyed by the rule's JSON
 * ruleVariables(rule);                     // [{ path: 'trigger.streak', hasDefault: false }, …]
 * readValues(rule, data);                  // { 'trigger.streak': 4, … } – the evidence
 * explainRule(rule, data);                 // { kind: 'operator', op: 'and', value, args: [...] }
 * renderTemplate('Hi {{ employee.name }}', data);
 * ```
 *
 * Errors are {@link RuleError}s with a stable `code` and the `path` in the rule; test with
 * {@link isRuleError} (works across package copies).
 */
export { RuleError, RuleErrorCode, isRuleError } from './errors/rule.error.js';
export type { RuleProblem } from './errors/rule.error.js';
export { DEFAULT_RULE_LIMITS } from './limits/rule-limits.js';
export type { RuleLimits } from './limits/rule-limits.js';
export { OPERATORS, OPERATOR_NAMES, isOperatorName } from './operators/operator-table.js';
export type { OperatorName } from './operators/operator-table.js';
export type { LocalizedText, OperatorCategory, OperatorInfo, ValueType } from './operators/operator-info.types.js';
export { DATE_UNITS } from './operators/date.operators.js';
export type { DateUnit } from './operators/date.operators.js';
export { compileRule } from './compile/compile-rule.js';
export type { CompiledRule } from './compile/compile-rule.js';
export { validateRule } from './compile/validate-rule.js';
export { evaluateRule, clearRuleCache, RULE_CACHE_SIZE } from './compile/rule-cache.js';
export { truthy } from './evaluation/runtime-checks.js';
export { ruleVariables, readValues } from './analysis/rule-variables.js';
export type { VariableRef } from './analysis/rule-variables.js';
export { explainRule } from './analysis/explain-rule.js';
export type { ExplainEvaluated, ExplainLiteral, ExplainNode } from './analysis/explain-node.types.js';
export { renderTemplate, templateVariables, DEFAULT_TEMPLATE_MAX_LENGTH } from './template/render-template.js';
export type { RenderTemplateOptions } from './template/render-template.js';
