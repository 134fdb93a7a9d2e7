import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATORS, OPERATOR_NAMES } from './operators/operator-table.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** Operators listed in the README table: rows starting with "| `op` |". */
function readmeOperators(): string[] {
  const section = readme.split('## Operators')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] ?? '');
}

describe('README operator table', () => {
  it('lists exactly the operators of OPERATORS', () => {
    expect([...readmeOperators()].sort()).toEqual([...OPERATOR_NAMES].sort());
  });

  it('shows each operator with its table category', () => {
    for (const name of OPERATOR_NAMES) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(readme, name).toMatch(new RegExp(`^\\| \`${escaped}\` \\| ${OPERATORS[name]?.category ?? '?'} \\|`, 'm'));
    }
  });

  it('the table is complete: standard json-logic operators minus log and method, plus the custom ones', () => {
    expect(OPERATOR_NAMES).not.toContain('log');
    expect(OPERATOR_NAMES).not.toContain('method');
    for (const name of ['date_add', 'date_diff', 'date_before', 'date_after', 'pct_deviation', 'between', 'abs', 'round', 'contains']) {
      expect(OPERATORS[name]?.standard, name).toBe(false);
    }
    expect(OPERATOR_NAMES.filter((n) => OPERATORS[n]?.standard)).toHaveLength(34);
  });
});
