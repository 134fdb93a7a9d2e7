/**
 * The typical rule of the rule-evaluation row (and of the CPU speed gauge): and, >=, ==, in, <, /, -,
 * ! — 8 operators (plus 7 var lookups), standard json-logic only.
 */
export const RULE = {
  and: [
    { '>=': [{ var: 'trigger.streak' }, 3] },
    { '==': [{ var: 'employee.jobFamily' }, 'sales'] },
    { in: [{ var: 'trigger.direction' }, ['below', 'above']] },
    { '<': [{ '/': [{ '-': [{ var: 'trigger.value' }, { var: 'trigger.range.low' }] }, { var: 'trigger.range.low' }] }, -0.1] },
    { '!': [{ var: 'employee.onLeave' }] },
  ],
};
