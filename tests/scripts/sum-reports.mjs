// Sums vitest JSON reports into one closing line: `N passed, N failed`.
// A step that failed without a report (type check, build, a crashed runner) counts as one failure.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, stepFailuresArg = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let reportsWithFailures = 0;
const rows = [];
/** Each failed test (or file that failed before its tests) with the first line of its error: CI often shows only the tail. */
const failures = [];
const firstLine = (messages = []) => (messages.join('\n').replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 300);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const r = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const p = r.numPassedTests ?? 0;
  const f = (r.numFailedTests ?? 0) + (r.testResults ?? []).filter((t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0).length;
  passed += p;
  failed += f;
  if (f > 0) reportsWithFailures++;
  const report = file.replace(/\.json$/, '');
  for (const t of r.testResults ?? []) {
    const short = String(t.name ?? '').split('/').slice(-2).join('/');
    if (t.status === 'failed' && !(t.assertionResults ?? []).some((a) => a.status === 'failed')) failures.push(`${report}: ${short}: ${firstLine([t.message ?? ''])}`);
    for (const a of t.assertionResults ?? []) if (a.status === 'failed') failures.push(`${report}: ${short} > ${a.title}: ${firstLine(a.failureMessages)}`);
  }
  rows.push(`${file.replace(/\.json$/, '').padEnd(28)} ${String(p).padStart(5)} passed ${String(f).padStart(4)} failed`);
}
// Steps that failed but whose failures are not in a report (type check, build, runner crash).
const unreported = Math.max(0, Number(stepFailuresArg) - reportsWithFailures);
failed += unreported;
console.log(`\n${rows.join('\n')}${unreported ? `\nsteps failed outside the reports: ${unreported}` : ''}\n`);
if (failures.length) console.log(`failed:\n${failures.map((f) => `  ✗ ${f}`).join('\n')}\n`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
