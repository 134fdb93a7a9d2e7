/** The results table in Markdown (what `pnpm bench` prints, and what the docs and README quote). */
import type { Row } from './types.js';

export function markdownTable(rows: Row[]): string {
  const head = ['benchmark', 'measured', 'budget', 'pass/fail'];
  const cells = rows.map((r) => [r.benchmark, r.measured, r.budget, r.pass === null ? '—' : r.pass ? 'pass' : 'FAIL'].map((c) => c.replace(/\|/g, '\\|')));
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => [...(c[i] as string)].length)));
  const line = (c: string[]): string => `| ${c.map((x, i) => x + ' '.repeat((width[i] as number) - [...x].length)).join(' | ')} |`;
  return [line(head), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
