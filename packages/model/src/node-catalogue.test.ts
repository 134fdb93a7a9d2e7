import { describe, expect, it } from 'vitest';
import { NODE_CATALOGUE, handlesOf } from './node-catalogue.js';
import { NODE_KINDS } from './node-kinds.js';
import { checkSchema } from './schema-check.js';
import { loadWorkflow, makeAjv } from './testing/fixtures.js';
import type { FixtureName } from './testing/fixtures.js';

describe('NODE_CATALOGUE', () => {
  it('has an entry per kind, keyed by its kind, with both locales', () => {
    expect(Object.keys(NODE_CATALOGUE).sort()).toEqual([...NODE_KINDS].sort());
    for (const kind of NODE_KINDS) {
      const entry = NODE_CATALOGUE[kind];
      expect(entry.kind).toBe(kind);
      expect(entry.displayName['zh-CN']).not.toBe('');
      expect(entry.description.en).not.toBe('');
    }
  });

  it('puts kinds in their palette groups and marks waiting kinds', () => {
    const groups = Object.fromEntries(NODE_KINDS.map((k) => [k, NODE_CATALOGUE[k].group]));
    expect(groups).toEqual({
      trigger: 'triggers',
      condition: 'logic',
      switch: 'logic',
      set: 'logic',
      task: 'people',
      approval: 'people',
      action: 'connectors',
      notify: 'notifications',
      delay: 'flow',
      end: 'flow',
    });
    expect(NODE_KINDS.filter((k) => NODE_CATALOGUE[k].waits).sort()).toEqual(['action', 'approval', 'delay', 'task']);
  });

  it('compiles every config schema with ajv', () => {
    const ajv = makeAjv();
    for (const kind of NODE_KINDS) expect(() => ajv.compile(NODE_CATALOGUE[kind].configSchema), kind).not.toThrow();
  });

  it('accepts the fixture configs, with ajv and with checkSchema alike', () => {
    const ajv = makeAjv();
    const names: FixtureName[] = ['kpi-deviation-coaching', 'training-on-coaching', 'rotation-approval'];
    for (const name of names) {
      for (const node of loadWorkflow(name).nodes) {
        const schema = NODE_CATALOGUE[node.kind as keyof typeof NODE_CATALOGUE].configSchema;
        expect(ajv.validate(schema, node.config), `${name}/${node.id}: ${ajv.errorsText()}`).toBe(true);
        expect(checkSchema(node.config, schema)).toEqual([]);
      }
    }
  });

  it('agrees with ajv on broken configs', () => {
    const ajv = makeAjv();
    const broken: Array<[keyof typeof NODE_CATALOGUE, unknown]> = [
      ['task', { title: 'x', assignee: { type: 'role' } }],
      ['task', { title: 'x', assignee: { type: 'directManager' }, dueIn: '7 days' }],
      ['task', { title: '', assignee: { type: 'directManager' } }],
      ['approval', { title: 'x', approvers: [], mode: 'sequential' }],
      ['approval', { title: 'x', approvers: [{ type: 'hrbp' }], mode: 'first' }],
      ['switch', { cases: [{ id: 'default', rule: true }] }],
      ['set', { assignments: [{ name: '1x', rule: 1 }] }],
      ['delay', {}],
      ['notify', { channel: 'sms', to: [{ type: 'employee' }], title: 't', body: 'b' }],
      ['end', { outcome: 'ok', extra: 1 }],
      ['action', { connector: 'lms-moodle', action: 'enrolUser', input: {}, retry: { maxAttempts: 0, backoffMs: 1 } }],
    ];
    for (const [kind, config] of broken) {
      const schema = NODE_CATALOGUE[kind].configSchema;
      expect(ajv.validate(schema, config), JSON.stringify(config)).toBe(false);
      expect(checkSchema(config, schema).length, JSON.stringify(config)).toBeGreaterThan(0);
    }
  });
});

describe('handlesOf', () => {
  it('returns the static handles per kind', () => {
    expect(handlesOf({ kind: 'trigger' })).toEqual(['out']);
    expect(handlesOf({ kind: 'condition' })).toEqual(['true', 'false']);
    expect(handlesOf({ kind: 'approval' })).toEqual(['approved', 'rejected']);
    expect(handlesOf({ kind: 'end' })).toEqual([]);
    expect(handlesOf({ kind: 'nope' })).toEqual([]);
  });

  it('returns switch case ids then default, without duplicates', () => {
    const config = { cases: [{ id: 'high', rule: true }, { id: 'low', rule: false }, { id: 'high', rule: 1 }, { rule: 2 }] };
    expect(handlesOf({ kind: 'switch', config })).toEqual(['high', 'low', 'default']);
    expect(handlesOf({ kind: 'switch', config: null })).toEqual(['default']);
  });
});
