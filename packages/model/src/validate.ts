/**
 * `validateWorkflow`: the one validator the designer and the engine share. It never throws and
 * reports every problem it finds, each with a stable code (see `ValidationCode`).
 *
 * Graph rules of this version: one trigger; a run follows exactly one path, so each outgoing
 * handle takes at most one edge (parallelism lives inside approval nodes); no cycles, no node kind
 * allows loops.
 */
import { buildGraph } from './graph.js';
import { checkNodeConfig } from './validation/config-checks.js';
import { checkCycles, checkDeadEnds, checkHumanInTheLoop, checkReachability } from './validation/graph-checks.js';
import { checkNodeRules } from './validation/rule-checks.js';
import { parseDefinition } from './validation/structure.js';
import type { ValidationIssue, ValidationOptions } from './validation/validation.types.js';
import { ValidationCode } from './validation/validation.types.js';

/**
 * Validates a workflow definition (any JSON value). Returns every issue; `[]` when clean.
 * Definitions above `maxNodes` / `maxEdges` get one LIMIT_EXCEEDED issue and are not analysed further.
 */
export function validateWorkflow(definition: unknown, options: ValidationOptions = {}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  try {
    const parsed = parseDefinition(definition, issues, options);
    if (!parsed) return issues;
    const graph = buildGraph(parsed.nodes, parsed.edges);
    checkCycles(graph, issues);
    checkReachability(graph, issues);
    checkDeadEnds(graph, parsed.usedHandles, issues);
    for (const node of parsed.nodes) {
      checkNodeConfig(node, options.connectors, issues);
      checkNodeRules(graph, node, options, issues);
    }
    checkHumanInTheLoop(graph, options.connectors, issues);
  } catch (e) {
    // Hostile input (getters that throw, proxies) must not crash the caller.
    issues.push({
      code: ValidationCode.InvalidDefinition,
      severity: 'error',
      message: `the definition could not be analysed: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  return issues;
}
