/**
 * @coachflow/model — the workflow definition format and everything engine and designer share:
 * types, node and trigger catalogues, the validator, statuses and errors.
 *
 * ```ts
 * import { validateWorkflow, isPublishable, TRIGGER_CATALOGUE } from '@coachflow/model';
 * const issues = validateWorkflow(definition, { connectors }); // [] when clean
 * if (!isPublishable(issues)) throw …;
 * ```
 */
export * from './workflow.types.js';
export * from './node-kinds.js';
export * from './triggers.js';
export * from './json-schema.types.js';
export * from './status.js';
export * from './errors/index.js';
export { parseDuration, isDuration, ISO_DURATION_PATTERN } from './duration.js';
export { NODE_CONFIG_SCHEMAS, RULE_SCHEMA, DURATION_SCHEMA, ASSIGNEE_SCHEMA, NODE_ID_PATTERN } from './node-config-schemas.js';
export { NODE_CATALOGUE, SWITCH_DEFAULT_HANDLE, handlesOf, switchCaseIds } from './node-catalogue.js';
export type { NodeCatalogueEntry } from './node-catalogue.js';
export { TRIGGER_CATALOGUE, triggerHasEmployee } from './trigger-catalogue.js';
export { EMPLOYEE_SCHEMA, MANAGER_SCHEMA, ORG_SCHEMA, STEP_OUTPUT_SCHEMAS, stepOutputSchema, assignedNames } from './directory.js';
export { availableVariables, availableVariablesInGraph, flattenSchema, isPathAvailable, triggerTypeOf } from './variables.js';
export type { VariableInfo, VariableSource, VariableType } from './variables.js';
export { buildGraph, reachableFrom, ancestorsOf, findCycles } from './graph.js';
export type { GraphNode, GraphEdge, WorkflowGraph } from './graph.js';
export { checkSchema } from './schema-check.js';
export type { SchemaIssue } from './schema-check.js';
export { validateWorkflow } from './validate.js';
export { ValidationCode, isPublishable, DEFAULT_MAX_NODES, DEFAULT_MAX_EDGES } from './validation/validation.types.js';
export type {
  ValidationIssue,
  ValidationSeverity,
  ValidationOptions,
  ConnectorCatalogue,
  ConnectorSpec,
  ConnectorActionSpec,
} from './validation/validation.types.js';
export { HIGH_IMPACT_TRIGGERS } from './validation/graph-checks.js';
