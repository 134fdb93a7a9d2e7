import { describe, expect, it } from 'vitest';
import { checkSchema } from './schema-check.js';
import { makeAjv } from './testing/fixtures.js';
import { TRIGGER_CATALOGUE, triggerHasEmployee } from './trigger-catalogue.js';
import { TRIGGER_TYPES } from './triggers.js';

describe('TRIGGER_CATALOGUE', () => {
  it('covers all 12 trigger types, keyed by type, with both locales', () => {
    expect(Object.keys(TRIGGER_CATALOGUE).sort()).toEqual([...TRIGGER_TYPES].sort());
    expect(TRIGGER_TYPES).toHaveLength(12);
    for (const type of TRIGGER_TYPES) {
      const info = TRIGGER_CATALOGUE[type];
      expect(info.type).toBe(type);
      expect(info.displayName['zh-CN'] && info.displayName.en && info.description['zh-CN'] && info.description.en).toBeTruthy();
    }
  });

  it.each(TRIGGER_TYPES)('%s: the example validates against the payload schema (ajv and checkSchema)', (type) => {
    const { payload, example } = TRIGGER_CATALOGUE[type];
    const ajv = makeAjv();
    const validate = ajv.compile(payload);
    expect(validate(example), ajv.errorsText(validate.errors)).toBe(true);
    expect(checkSchema(example, payload)).toEqual([]);
  });

  it.each(TRIGGER_TYPES)('%s: payload is open at the top and every listed field is typed', (type) => {
    const { payload } = TRIGGER_CATALOGUE[type];
    expect(payload.type).toBe('object');
    expect(payload.additionalProperties).toBe(true);
    for (const [name, field] of Object.entries(payload.properties ?? {})) {
      expect(field.type, `${type}.${name}`).toBeDefined();
    }
    for (const name of payload.required ?? []) expect(payload.properties?.[name], `${type}.${name}`).toBeDefined();
  });

  it.each(TRIGGER_TYPES)('%s: the schema rejects an example missing a required field', (type) => {
    const { payload, example } = TRIGGER_CATALOGUE[type];
    const ajv = makeAjv();
    for (const name of payload.required ?? []) {
      const { [name]: _dropped, ...rest } = example;
      expect(ajv.validate(payload, rest), `${type} without ${name}`).toBe(false);
    }
  });

  it('keeps the evidence shapes other code relies on', () => {
    const kpi = TRIGGER_CATALOGUE['kpi.deviation'];
    expect(kpi.payload.required).toEqual(expect.arrayContaining(['employeeId', 'kpi', 'period', 'direction', 'streak', 'range', 'value', 'readings']));
    expect(kpi.payload.properties?.streak).toMatchObject({ type: 'integer', minimum: 1 });
    expect(kpi.payload.properties?.readings?.items?.required).toEqual(['period', 'value', 'low', 'high']);
    const coaching = TRIGGER_CATALOGUE['coaching.recorded'].payload;
    expect(coaching.properties?.conclusions?.properties?.actions?.maxItems).toBe(3);
    expect(Object.keys(coaching.properties ?? {})).not.toContain('notes');
    expect(TRIGGER_CATALOGUE['pip.exited'].payload.properties?.outcome?.enum).toEqual(['completed', 'extended', 'terminated', 'cancelled']);
    const ajv = makeAjv();
    const bad = { ...kpi.example, streak: 0 };
    expect(ajv.validate(kpi.payload, bad)).toBe(false);
    expect(checkSchema(bad, kpi.payload).map((i) => i.path)).toEqual(['streak']);
  });

  it('knows which payloads are about an employee', () => {
    const withEmployee = TRIGGER_TYPES.filter(triggerHasEmployee).sort();
    expect(withEmployee).not.toContain('strategy.drift');
    expect(withEmployee).not.toContain('schedule');
    expect(withEmployee).not.toContain('webhook');
    expect(withEmployee).toContain('kpi.deviation');
    expect(withEmployee).toContain('task.completed');
  });
});
