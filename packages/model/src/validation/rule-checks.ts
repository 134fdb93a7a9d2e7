/**
 * Rule and template checks: every JSON-logic rule of a node goes through `validateRule` of
 * @coachflow/rules (INVALID_RULE, or LIMIT_EXCEEDED for limit codes), and every variable a rule or
 * `{{template}}` reads must be available at that node (UNKNOWN_VARIABLE; a warning when the rule
 * supplies a default, since payloads may carry extra evidence).
 */
import { ruleVariables, templateVariables, validateRule } from '@coachflow/rules';
import { isTypedFormValue } from '../workflow.types.js';
import type { GraphNode, WorkflowGraph } from '../graph.js';
import type { VariableInfo } from '../variables.js';
import { availableVariablesInGraph, isPathAvailable } from '../variables.js';
import type { ValidationIssue, ValidationOptions } from './validation.types.js';
import { ValidationCode as C } from './validation.types.js';

/** A rule inside a node config, with its path (`config.cases.0.rule`). */
export interface RuleLocation {
  path: string;
  rule: unknown;
}

/** A `{{path}}` template inside a node config. */
export interface TemplateLocation {
  path: string;
  text: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The rules of a node config, tolerant of malformed configs. */
export function rulesOf(node: GraphNode): RuleLocation[] {
  const config = node.config;
  if (!isRecord(config)) return [];
  const out: RuleLocation[] = [];
  const listRules = (key: string): void => {
    const list = config[key];
    if (!Array.isArray(list)) return;
    (list as unknown[]).forEach((item, i) => {
      if (isRecord(item) && item.rule !== undefined) out.push({ path: `config.${key}.${i}.rule`, rule: item.rule });
    });
  };
  switch (node.kind) {
    case 'trigger':
      if (config.filter !== undefined) out.push({ path: 'config.filter', rule: config.filter });
      break;
    case 'condition':
      if (config.rule !== undefined) out.push({ path: 'config.rule', rule: config.rule });
      break;
    case 'switch':
      listRules('cases');
      break;
    case 'set':
      listRules('assignments');
      break;
    case 'action':
      if (isRecord(config.input)) {
        for (const [key, rule] of Object.entries(config.input)) if (rule !== undefined) out.push({ path: `config.input.${key}`, rule });
      }
      break;
    case 'delay':
      if (config.until !== undefined) out.push({ path: 'config.until', rule: config.until });
      break;
    case 'approval':
      for (const part of ['input', 'form'] as const) {
        const map = isRecord(config.external) ? config.external[part] : undefined;
        if (!isRecord(map)) continue;
        for (const [key, rule] of Object.entries(map)) {
          if (rule === undefined) continue;
          if (part === 'form' && isTypedFormValue(rule)) out.push({ path: `config.external.form.${key}.value`, rule: rule.value });
          else out.push({ path: `config.external.${part}.${key}`, rule });
        }
      }
      break;
    default:
      break;
  }
  return out;
}

const TEMPLATE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  task: ['title', 'description'],
  approval: ['title', 'description'],
  notify: ['title', 'body'],
};

/** The `{{template}}` text fields of a node config. */
export function templatesOf(node: GraphNode): TemplateLocation[] {
  const config = node.config;
  const fields = TEMPLATE_FIELDS[node.kind];
  if (!isRecord(config) || !fields) return [];
  return fields.flatMap((f) => (typeof config[f] === 'string' ? [{ path: `config.${f}`, text: config[f] as string }] : []));
}

const LIMIT_CODE = /LIMIT|TOO_|EXCEEDED/u;

function joinPath(base: string, sub: unknown): string {
  if (Array.isArray(sub)) return sub.length > 0 ? `${base}.${sub.join('.')}` : base;
  if (typeof sub === 'string' && sub !== '') return `${base}.${sub}`;
  return base;
}

/** Checks the rules and templates of one node. */
export function checkNodeRules(graph: WorkflowGraph, node: GraphNode, options: ValidationOptions, issues: ValidationIssue[]): void {
  const rules = rulesOf(node);
  const templates = templatesOf(node);
  if (rules.length === 0 && templates.length === 0) return;
  let available: VariableInfo[] | undefined;
  const availableHere = (): VariableInfo[] => (available ??= availableVariablesInGraph(graph, node.id));
  const unknown = (path: string, variable: string, hasDefault: boolean): void => {
    issues.push({
      code: C.UnknownVariable,
      severity: hasDefault ? 'warning' : 'error',
      nodeId: node.id,
      path,
      message: `${node.id}: "${variable}" is not available at this node${explainUnknown(variable, availableHere())}${hasDefault ? ' (the rule gives a default)' : ''}`,
    });
  };

  for (const { path, rule } of rules) {
    for (const problem of validateRule(rule, options.ruleLimits)) {
      const code = LIMIT_CODE.test(String(problem.code)) ? C.LimitExceeded : C.InvalidRule;
      issues.push({ code, severity: 'error', nodeId: node.id, path: joinPath(path, problem.path), message: `${node.id}: ${problem.message}` });
    }
    let variables: ReturnType<typeof ruleVariables> = [];
    try {
      variables = ruleVariables(rule);
    } catch {
      continue; // an invalid rule is already reported by validateRule
    }
    for (const v of variables) {
      if (v.dynamic === true) continue;
      if (!isPathAvailable(v.path, availableHere())) unknown(path, v.path, v.hasDefault);
    }
  }
  for (const { path, text } of templates) {
    let variables: string[] = [];
    try {
      variables = templateVariables(text);
    } catch {
      continue;
    }
    for (const v of variables) if (!isPathAvailable(v, availableHere())) unknown(path, v, false);
  }
}

/** A hint on why a path is not available. */
function explainUnknown(variable: string, available: readonly VariableInfo[]): string {
  const root = variable.split('.')[0] ?? '';
  if (['employee', 'manager', 'org'].includes(root) && !available.some((v) => v.source === root)) {
    return ': the trigger is not about one employee (its payload has no employeeId)';
  }
  if (root === 'vars') return ': no set node upstream assigns it';
  if (root === 'steps') return ': it is not the output of a node upstream';
  if (root === 'trigger') return ": the trigger's payload has no such field";
  if (!['now', 'trigger', 'employee', 'manager', 'org'].includes(root)) {
    return ': readable roots are trigger, employee, manager, org, vars, steps and now';
  }
  return '';
}
