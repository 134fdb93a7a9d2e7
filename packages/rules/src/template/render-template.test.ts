import { describe, expect, it } from 'vitest';
import { renderTemplate, templateVariables } from './render-template.js';

const data = {
  employee: { name: '李雷', tags: ['a', 'b'], manager: null, score: 4.5, active: true },
  trigger: { readings: [{ value: 80 }, { value: 90 }] },
  $meta: { 'kpi-id': 'K1' },
};

describe('renderTemplate', () => {
  it('replaces plain paths, with optional whitespace and numeric indexes', () => {
    expect(renderTemplate('Hi {{employee.name}}, {{ employee.score }} / {{  employee.active }}', data)).toBe('Hi 李雷, 4.5 / true');
    expect(renderTemplate('{{ trigger.readings.1.value }} {{employee.tags.0}} {{$meta.kpi-id}}', data)).toBe('90 a K1');
  });

  it('writes objects and arrays as JSON, null and missing as empty', () => {
    expect(renderTemplate('{{employee.tags}} {{trigger.readings.0}}', data)).toBe('["a","b"] {"value":80}');
    expect(renderTemplate('[{{employee.manager}}][{{nope.x}}]', data)).toBe('[][]');
  });

  it('leaves anything that is not a plain path as written (never evaluates code)', () => {
    const t = '{{ employee.name + 1 }} {{constructor.constructor("return 1")()}} {{ a[0] }} {{}} {{ .a }} {{a..b}} {{ employee.name }}';
    expect(renderTemplate(t, data)).toBe('{{ employee.name + 1 }} {{constructor.constructor("return 1")()}} {{ a[0] }} {{}} {{ .a }} {{a..b}} 李雷');
  });

  it('never reads inherited properties', () => {
    expect(renderTemplate('[{{__proto__}}][{{constructor}}][{{employee.constructor.name}}][{{employee.name.length}}][{{toString}}]', data)).toBe('[][][][2][]');
  });

  it('truncates to maxLength with an ellipsis', () => {
    const out = renderTemplate('{{x}}{{x}}{{x}}', { x: 'a'.repeat(30_000) });
    expect(out).toHaveLength(20_000);
    expect(out.endsWith('…')).toBe(true);
    expect(renderTemplate('abcdef', {}, { maxLength: 4 })).toBe('abc…');
    expect(renderTemplate('abcd', {}, { maxLength: 4 })).toBe('abcd');
  });
});

describe('templateVariables', () => {
  it('lists distinct plain paths in order', () => {
    expect(templateVariables('{{ a.b }} {{c.0}} {{a.b}} {{ x + y }} {{$meta.kpi-id}}')).toEqual(['a.b', 'c.0', '$meta.kpi-id']);
    expect(templateVariables('no placeholders')).toEqual([]);
  });
});
