import { describe, it } from 'vitest';
import { expectRule } from '../test-support/expect-rule.js';
import type { RuleCase } from '../test-support/expect-rule.js';

const data = {
  a: 1,
  s: 'abc',
  z: 0,
  e: '',
  nul: null,
  arr: [1, 2, 3],
  people: [{ name: 'Li', age: 30 }, { name: 'Wang', age: 40 }],
  obj: { x: { y: 'deep' }, list: ['p', 'q'] },
};

const cases: Record<string, readonly RuleCase[]> = {
  var: [
    [{ var: 'a' }, data, 1],
    [{ var: ['a'] }, data, 1],
    [{ var: 'obj.x.y' }, data, 'deep'],
    [{ var: 'obj.list.1' }, data, 'q'],
    [{ var: 'arr.0' }, data, 1],
    [{ var: 'people.1.name' }, data, 'Wang'],
    [{ var: 'nope' }, data, null],
    [{ var: ['nope', 'dflt'] }, data, 'dflt'],
    [{ var: ['nul', 'dflt'] }, data, null],
    [{ var: ['z', 5] }, data, 0],
    [{ var: 's.length' }, data, 3],
    [{ var: '' }, { k: 1 }, { k: 1 }],
    [{ var: null }, 7, 7],
    [{ var: [] }, 'whole', 'whole'],
    [{ var: 1 }, ['zero', 'one'], 'one'],
    [{ var: 'a.b' }, { a: null }, null],
    [{ var: { cat: ['obj', '.x', '.y'] } }, data, 'deep'],
    [{ var: ['nope', { var: 'a' }] }, data, 1],
  ],
  missing: [
    [{ missing: ['a', 'nope', 'e', 'nul', 'z'] }, data, ['nope', 'e', 'nul']],
    [{ missing: [['a', 'b']] }, { a: 1 }, ['b']],
    [{ missing: 'x' }, {}, ['x']],
    [{ missing: { merge: ['a', 'q'] } }, data, ['q']],
  ],
  missing_some: [
    [{ missing_some: [1, ['a', 'b', 'c']] }, { a: 1 }, []],
    [{ missing_some: [2, ['a', 'b', 'c']] }, { a: 1 }, ['b', 'c']],
  ],
  if: [
    [{ if: [true, 'yes', 'no'] }, null, 'yes'],
    [{ if: [[], 'yes', 'no'] }, null, 'no'],
    [{ if: [false, 1, false, 2, 3] }, null, 3],
    [{ if: [false, 1, true, 2, 3] }, null, 2],
    [{ if: [false, 1] }, null, null],
    [{ if: ['only'] }, null, 'only'],
    [{ if: [{ '<': [{ var: 'a' }, 0] }, 'neg', { '==': [{ var: 'a' }, 0] }, 'zero', 'pos'] }, data, 'pos'],
  ],
  '?:': [[{ '?:': [0, 'a', 'b'] }, null, 'b']],
  and: [
    [{ and: [true, 1, 'x'] }, null, 'x'],
    [{ and: [true, [], 'x'] }, null, []],
    [{ and: [0, { var: 'a' }] }, data, 0],
  ],
  or: [
    [{ or: [false, 0, 'x'] }, null, 'x'],
    [{ or: [false, []] }, null, []],
    [{ or: [{ var: 'e' }, 'fallback'] }, data, 'fallback'],
  ],
  '!': [[{ '!': [[]] }, null, true], [{ '!': 0 }, null, true], [{ '!': 'x' }, null, false]],
  '!!': [[{ '!!': [[]] }, null, false], [{ '!!': ['0'] }, null, true], [{ '!!': [[0]] }, null, true]],
  '==': [[{ '==': [1, '1'] }, null, true], [{ '==': [null, 0] }, null, false], [{ '==': [0, ''] }, null, true], [{ '==': [[1], 1] }, null, true]],
  '===': [[{ '===': [1, '1'] }, null, false], [{ '===': [1, 1] }, null, true]],
  '!=': [[{ '!=': [1, '1'] }, null, false], [{ '!=': [1, 2] }, null, true]],
  '!==': [[{ '!==': [1, '1'] }, null, true]],
  '>': [[{ '>': [2, 1] }, null, true], [{ '>': ['10', 9] }, null, true], [{ '>': ['b', 'a'] }, null, true]],
  '>=': [[{ '>=': [1, 1] }, null, true], [{ '>=': [null, 0] }, null, true]],
  '<': [[{ '<': [1, 2] }, null, true], [{ '<': [1, 2, 3] }, null, true], [{ '<': [1, 1, 3] }, null, false], [{ '<': [1, 2, { var: 'nope.x' }] }, {}, false]],
  '<=': [[{ '<=': [1, 1, 3] }, null, true], [{ '<=': [1, 4, 3] }, null, false], [{ '<=': [2, 2] }, null, true]],
  max: [[{ max: [1, 3, 2] }, null, 3], [{ max: ['7', 2] }, null, 7]],
  min: [[{ min: [1, -3, 2] }, null, -3], [{ min: [[]] }, null, 0]],
  '+': [[{ '+': [1, '2', 3.5] }, null, 6.5], [{ '+': '3.5kg' }, null, 3.5], [{ '+': [1, 'x'] }, null, NaN], [{ '+': [[2, 3]] }, null, 2]],
  '-': [[{ '-': [5, 3] }, null, 2], [{ '-': 2 }, null, -2], [{ '-': ['5', '2'] }, null, 3]],
  '*': [[{ '*': [2, '3', 4] }, null, 24], [{ '*': ['3'] }, null, '3']],
  '/': [[{ '/': [7, 2] }, null, 3.5], [{ '/': [1, 0] }, null, Infinity]],
  '%': [[{ '%': [7, 3] }, null, 1], [{ '%': [-7, 3] }, null, -1]],
  map: [
    [{ map: [{ var: 'arr' }, { '*': [{ var: '' }, 2] }] }, data, [2, 4, 6]],
    [{ map: [{ var: 'people' }, { var: 'name' }] }, data, ['Li', 'Wang']],
    [{ map: [{ var: 'a' }, 1] }, data, []],
  ],
  filter: [
    [{ filter: [{ var: 'arr' }, { '>=': [{ var: '' }, 2] }] }, data, [2, 3]],
    [{ filter: ['notarray', true] }, null, []],
  ],
  reduce: [
    [{ reduce: [{ var: 'arr' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 10] }, data, 16],
    [{ reduce: [{ var: 'arr' }, { var: 'accumulator' }] }, data, null],
    [{ reduce: [{ var: 'nope' }, 1, 5] }, data, 5],
  ],
  all: [
    [{ all: [{ var: 'arr' }, { '>': [{ var: '' }, 0] }] }, data, true],
    [{ all: [[], true] }, null, false],
    [{ all: [{ var: 'people' }, { '>': [{ var: 'age' }, 35] }] }, data, false],
  ],
  none: [[{ none: [{ var: 'arr' }, { '>': [{ var: '' }, 5] }] }, data, true], [{ none: [[], true] }, null, true], [{ none: [[1], true] }, null, false]],
  some: [[{ some: [{ var: 'people' }, { '>': [{ var: 'age' }, 35] }] }, data, true], [{ some: [[], true] }, null, false]],
  merge: [
    [{ merge: [[1, 2], 3, [[4]]] }, null, [1, 2, 3, [4]]],
    [{ merge: [] }, null, []],
    [{ merge: [{ var: 'arr' }, { var: 'nope' }] }, data, [1, 2, 3, null]],
  ],
  in: [
    [{ in: ['b', 'abc'] }, null, true],
    [{ in: ['B', 'abc'] }, null, false],
    [{ in: [2, [1, 2]] }, null, true],
    [{ in: ['2', [1, 2]] }, null, false],
    [{ in: ['', ''] }, null, false],
    [{ in: ['x', null] }, null, false],
    [{ in: [1, { var: 'arr' }] }, data, true],
    [{ in: [{ var: 's' }, ['abc', 'def']] }, data, true],
  ],
  cat: [[{ cat: ['a', 1, null, true, [1, 2]] }, null, 'a1true1,2'], [{ cat: [] }, null, '']],
  substr: [
    [{ substr: ['jsonlogic', 4] }, null, 'logic'],
    [{ substr: ['jsonlogic', -5] }, null, 'logic'],
    [{ substr: ['jsonlogic', 0, 1] }, null, 'j'],
    [{ substr: ['jsonlogic', 4, -2] }, null, 'log'],
    [{ substr: [12345, 1, 2] }, null, '23'],
  ],
};

describe('standard operators (same values as json-logic-js 2.0.5)', () => {
  for (const [name, rows] of Object.entries(cases)) {
    it(name, () => {
      for (const [rule, input, expected] of rows) expectRule(rule, input, expected);
    });
  }

  it('literals and arrays of rules', () => {
    expectRule(1, null, 1);
    expectRule('x', null, 'x');
    expectRule(null, null, null);
    expectRule(false, null, false);
    expectRule([1, { var: 'a' }, [2, { var: 'a' }]], { a: 9 }, [1, 9, [2, 9]]);
  });
});
