/**
 * Per-node config checks: the kind's config schema, the trigger type, switch case ids, set variable
 * names, approval quorum, and connector actions (and external approvals) against the installed catalogue.
 */
import type { GraphNode } from '../graph.js';
import type { JsonSchema } from '../json-schema.types.js';
import { NODE_CONFIG_SCHEMAS } from '../node-config-schemas.js';
import { isNodeKind } from '../node-kinds.js';
import { checkSchema } from '../schema-check.js';
import { isTriggerType } from '../triggers.js';
import { EXTERNAL_APPROVAL_FORM_FIELD, type ExternalApprovalConnector } from '../workflow.types.js';
import type { ConnectorCatalogue, ValidationIssue } from './validation.types.js';
import { ValidationCode as C } from './validation.types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one node's config; unknown kinds are skipped (already reported). */
export function checkNodeConfig(node: GraphNode, connectors: ConnectorCatalogue | undefined, issues: ValidationIssue[]): void {
  if (!isNodeKind(node.kind)) return;
  const config = node.config === undefined ? {} : node.config;
  const push = (code: ValidationIssue['code'], path: string, message: string): void => {
    issues.push({ code, severity: 'error', nodeId: node.id, path, message: `${node.id}: ${message}` });
  };
  if (!isRecord(config)) {
    push(C.InvalidConfig, 'config', 'config must be an object');
    return;
  }
  const unknownTrigger = node.kind === 'trigger' && typeof config.event === 'string' && !isTriggerType(config.event);
  if (unknownTrigger) push(C.UnknownTriggerType, 'config.event', `unknown trigger type "${String(config.event)}"`);
  for (const issue of checkSchema(config, NODE_CONFIG_SCHEMAS[node.kind])) {
    // The unknown trigger type is reported once, as UNKNOWN_TRIGGER_TYPE.
    if (unknownTrigger && issue.path === 'event' && issue.keyword === 'enum') continue;
    push(C.InvalidConfig, issue.path === '' ? 'config' : `config.${issue.path}`, issue.message);
  }
  if (node.kind === 'switch') checkSwitch(config, push);
  if (node.kind === 'set') checkSet(config, push);
  if (node.kind === 'approval') checkApproval(config, push);
  if (node.kind === 'action' && connectors) checkAction(config, connectors, push);
  if (node.kind === 'approval' && connectors && isRecord(config.external)) {
    // An external approval starts an instance through the connector's createInstance action; its
    // `form` map fills the connector's form field.
    const { connector, input, form } = config.external;
    const formField = typeof connector === 'string' && Object.hasOwn(EXTERNAL_APPROVAL_FORM_FIELD, connector) ? EXTERNAL_APPROVAL_FORM_FIELD[connector as ExternalApprovalConnector] : undefined;
    const mapped = { ...(isRecord(input) ? input : {}), ...(formField && isRecord(form) ? { [formField]: form } : {}) };
    checkAction({ connector, action: 'createInstance', input: mapped }, connectors, push, 'config.external');
  }
}

type Push = (code: ValidationIssue['code'], path: string, message: string) => void;

function checkSwitch(config: Record<string, unknown>, push: Push): void {
  if (!Array.isArray(config.cases)) return;
  const seen = new Set<string>();
  (config.cases as unknown[]).forEach((c, i) => {
    const id = isRecord(c) ? c.id : undefined;
    if (typeof id !== 'string') return;
    if (seen.has(id)) push(C.DuplicateCaseId, `config.cases.${i}.id`, `case id "${id}" is used more than once`);
    seen.add(id);
  });
}

function checkSet(config: Record<string, unknown>, push: Push): void {
  if (!Array.isArray(config.assignments)) return;
  const seen = new Set<string>();
  (config.assignments as unknown[]).forEach((a, i) => {
    const name = isRecord(a) ? a.name : undefined;
    if (typeof name !== 'string') return;
    if (seen.has(name)) push(C.InvalidConfig, `config.assignments.${i}.name`, `variable "${name}" is assigned twice in the same node`);
    seen.add(name);
  });
}

/** Approver refs that always resolve to one person (a role or objective owners may resolve to several). */
const SINGLE_APPROVER = new Set(['directManager', 'skipLevel', 'hrbp', 'employee', 'person']);

function checkApproval(config: Record<string, unknown>, push: Push): void {
  checkMaxRejections(config, push);
  if (config.mode !== 'quorum') return;
  if (config.quorum === undefined) {
    push(C.InvalidConfig, 'config.quorum', 'quorum is required when mode is quorum');
    return;
  }
  const approvers = Array.isArray(config.approvers) ? config.approvers.length : 0;
  if (typeof config.quorum === 'number' && approvers > 0 && config.quorum > approvers) {
    push(C.InvalidConfig, 'config.quorum', `quorum ${config.quorum} is more than the ${approvers} approver(s)`);
  }
}

function checkMaxRejections(config: Record<string, unknown>, push: Push): void {
  const max = config.maxRejections;
  if (typeof max !== 'number') return;
  if (config.external !== undefined) {
    push(C.InvalidConfig, 'config.maxRejections', 'maxRejections does not apply to an external approval (Feishu / DingTalk decide the chain)');
    return;
  }
  const refs = Array.isArray(config.approvers) ? (config.approvers as unknown[]) : [];
  // Only a count of fixed people can be compared: a role may resolve to more approvers at run time.
  if (refs.length === 0 || !refs.every((r) => isRecord(r) && SINGLE_APPROVER.has(String(r.type)))) return;
  if (max >= refs.length) push(C.InvalidConfig, 'config.maxRejections', `maxRejections ${max} tolerates a rejection by every one of the ${refs.length} approver(s); use at most ${refs.length - 1}`);
  else if (config.mode === 'quorum' && typeof config.quorum === 'number' && max > refs.length - config.quorum) {
    push(C.InvalidConfig, 'config.maxRejections', `maxRejections ${max} is more than the ${refs.length - config.quorum} rejection(s) a quorum of ${config.quorum} of ${refs.length} can absorb`);
  }
}

function checkAction(config: Record<string, unknown>, connectors: ConnectorCatalogue, push: Push, at = 'config'): void {
  const { connector, action } = config;
  if (typeof connector !== 'string' || typeof action !== 'string') return;
  const spec = Object.hasOwn(connectors, connector) ? connectors[connector] : undefined;
  if (!spec) {
    push(C.UnknownConnector, `${at}.connector`, `connector "${connector}" is not installed`);
    return;
  }
  const actionSpec = isRecord(spec.actions) && Object.hasOwn(spec.actions, action) ? spec.actions[action] : undefined;
  if (!actionSpec) {
    push(C.UnknownAction, `${at}.action`, `connector "${connector}" has no action "${action}"`);
    return;
  }
  const input = isRecord(config.input) ? config.input : {};
  const schema: JsonSchema = isRecord(actionSpec.input) ? actionSpec.input : {};
  const required: unknown[] = Array.isArray(schema.required) ? schema.required : [];
  for (const field of required) {
    if (typeof field !== 'string') continue;
    if (!Object.hasOwn(input, field) || input[field] === undefined) {
      push(C.InvalidConfig, `${at}.input.${field}`, `input "${field}" required by ${connector}/${action} is not mapped`);
    }
  }
  if (schema.additionalProperties === false) {
    const known = isRecord(schema.properties) ? schema.properties : {};
    for (const field of Object.keys(input)) {
      if (!Object.hasOwn(known, field)) push(C.InvalidConfig, `${at}.input.${field}`, `${connector}/${action} has no input "${field}"`);
    }
  }
}
