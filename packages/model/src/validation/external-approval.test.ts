import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../validate.js';
import type { ConnectorCatalogue } from './validation.types.js';

const connectors: ConnectorCatalogue = {
  'approval-feishu': {
    actions: {
      createInstance: { input: { type: 'object', required: ['userId', 'form'], properties: { userId: {}, form: {}, title: {} } } },
      getInstance: { input: { type: 'object', required: ['instanceCode'] } },
    },
  },
};

function def(external: unknown) {
  return {
    nodes: [
      { id: 't', kind: 'trigger', config: { event: 'rotation.suggested' } },
      { id: 'ap', kind: 'approval', config: { title: 'Rotation {{employee.name}}', approvers: [{ type: 'skipLevel' }], mode: 'any', external } },
      { id: 'ok', kind: 'end', config: { outcome: 'approved' } },
      { id: 'ko', kind: 'end', config: { outcome: 'rejected' } },
    ],
    edges: [
      { id: '1', source: 't', target: 'ap' },
      { id: '2', source: 'ap', sourceHandle: 'approved', target: 'ok' },
      { id: '3', source: 'ap', sourceHandle: 'rejected', target: 'ko' },
    ],
  };
}

describe('approval routed to an external system', () => {
  const mapped = { connector: 'approval-feishu', input: { userId: { var: 'employee.id' } }, form: { widget_reason: { var: 'trigger.reason' } } };

  it('accepts a Feishu approval with its createInstance input mapped', () => {
    expect(validateWorkflow(def(mapped), { connectors })).toEqual([]);
  });

  it('refuses an unknown approval system and extra keys', () => {
    const issues = validateWorkflow(def({ connector: 'approval-wecom', input: {}, extra: 1 }));
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['config.external.connector', 'config.external.extra']));
  });

  it('reports unmapped required inputs and a connector that is not installed', () => {
    const missing = validateWorkflow(def({ connector: 'approval-feishu', input: { userId: 'u1' } }), { connectors });
    expect(missing).toEqual([expect.objectContaining({ code: 'INVALID_CONFIG', path: 'config.external.input.form' })]);
    const absent = validateWorkflow(def({ connector: 'approval-dingtalk', input: {} }), { connectors });
    expect(absent).toEqual([expect.objectContaining({ code: 'UNKNOWN_CONNECTOR', path: 'config.external.connector' })]);
  });

  it('accepts typed form controls and checks the rule of their value', () => {
    const typed = { connector: 'approval-feishu', input: { userId: 'u1' }, form: { widget_reason: { type: 'textarea', value: { var: 'trigger.reason' } } } };
    expect(validateWorkflow(def(typed), { connectors })).toEqual([]);
    const bad = { connector: 'approval-feishu', input: { userId: 'u1' }, form: { widget_reason: { type: 'textarea', value: { var: 'trigger.nope' } } } };
    expect(validateWorkflow(def(bad), { connectors }).map((i) => i.path)).toEqual(['config.external.form.widget_reason.value']);
  });

  it('checks the variables the input rules read', () => {
    const issues = validateWorkflow(def({ connector: 'approval-feishu', input: { userId: { var: 'trigger.nope' } }, form: { w: { var: 'trigger.nope2' } } }), { connectors });
    expect(issues.map((i) => i.path)).toEqual(['config.external.input.userId', 'config.external.form.w']);
  });
});
