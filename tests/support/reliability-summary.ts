/**
 * Vitest global setup of the integration tests: names the run (COACHFLOW_RELIABILITY_RUN, inherited
 * by the test processes) and, after it, prints the reliability table (issue 8) from
 * tests/test-artifacts/reliability/: one row per reliability test of this run (columns: runs, kills,
 * resume time, fuzz cases, 5xx, access checks and denials, secrets searched and leaks — those
 * some row has a figure for), a total, and — when
 * the other mode ran earlier (`npm test` runs embedded, then production) — that run's rows and a
 * total over both modes. Several runs may share the checkout: each only reads its own figures (and
 * the latest run of the other mode). Writes summary-<mode>.md next to the figures; prints nothing
 * when no reliability test ran. Figures older than two days are removed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../test-artifacts/reliability');
const MODE = process.env.COACHFLOW_TEST_MODE === 'production' ? 'production' : 'embedded';

interface Rec {
  name: string;
  mode: string;
  run?: string;
  at: string;
  runsAccepted?: number;
  runsFinished?: number;
  runsLost?: number;
  runsDuplicated?: number;
  killsSurvived?: number;
  maxResumeMs?: number;
  fuzzCases?: number;
  fiveXx?: number;
  accessChecks?: number;
  accessDenials?: number;
  accessWrong?: number;
  secretsScanned?: number;
  secretLeaks?: number;
  notes?: string[];
}

const COLUMNS: Array<[keyof Rec, string]> = [
  ['runsAccepted', 'accepted'],
  ['runsFinished', 'finished'],
  ['runsLost', 'lost'],
  ['runsDuplicated', 'duplicated'],
  ['killsSurvived', 'kills survived'],
  ['maxResumeMs', 'max resume s'],
  ['fuzzCases', 'fuzz cases'],
  ['fiveXx', '5xx seen'],
  ['accessChecks', 'access checks'],
  ['accessDenials', 'denied'],
  ['accessWrong', 'access wrong'],
  ['secretsScanned', 'secrets'],
  ['secretLeaks', 'leaks'],
];

/** The columns some row has a figure for (a run of the outage tests alone has no access columns). */
function columnsOf(rows: Rec[]): Array<[keyof Rec, string]> {
  return COLUMNS.filter(([k]) => rows.some((r) => typeof r[k] === 'number'));
}

const RUN = `${MODE}-${new Date().toISOString().replace(/[:.]/g, '')}-${process.pid}`;

function readAll(): Rec[] {
  if (!existsSync(DIR)) return [];
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => {
      try {
        return [JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Rec];
      } catch {
        return [];
      }
    });
}

function total(name: string, recs: Rec[]): Rec {
  const t: Rec = { name, mode: '', at: '' };
  for (const [k] of COLUMNS) {
    const vals = recs.map((r) => r[k] as number | undefined).filter((v): v is number => typeof v === 'number');
    if (vals.length) (t as unknown as Record<string, number>)[k] = k === 'maxResumeMs' ? Math.max(...vals) : vals.reduce((a, b) => a + b, 0);
  }
  return t;
}

function cell(r: Rec, k: keyof Rec): string {
  const v = r[k];
  if (typeof v !== 'number') return '–';
  return k === 'maxResumeMs' ? (v / 1000).toFixed(1) : String(v);
}

export function renderTable(recs: Rec[], totals: Rec[]): string {
  const columns = columnsOf(recs);
  const head = ['test', ...columns.map(([, h]) => h)];
  const rows = [...recs.map((r) => [`${r.mode}/${r.name}`, ...columns.map(([k]) => cell(r, k))]), ...totals.map((t) => [t.name, ...columns.map(([k]) => cell(t, k))])];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(width[i] as number) : c.padStart(width[i] as number))).join(' | ')} |`;
  const sep = `|${width.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(head), sep, ...rows.map(line)].join('\n');
}

export function setup(): void {
  process.env.COACHFLOW_RELIABILITY_RUN = RUN;
  mkdirSync(DIR, { recursive: true });
  const old = Date.now() - 2 * 86_400_000;
  for (const f of readdirSync(DIR)) if (f.endsWith('.json') && statSync(join(DIR, f)).mtimeMs < old) rmSync(join(DIR, f));
}

export function teardown(): void {
  const records = readAll();
  const mine = records.filter((r) => r.run === RUN);
  if (mine.length === 0) return;
  // The other mode: its latest run.
  const others = records.filter((r) => r.mode !== MODE && r.run && r.run !== 'adhoc').sort((a, b) => a.at.localeCompare(b.at));
  const lastOther = others[others.length - 1]?.run;
  const other = others.filter((r) => r.run === lastOther);
  const all = [...other, ...mine];
  const totals = [total(`total (${MODE})`, mine)];
  if (other.length) totals.push(total('total (both modes)', all));
  const recs = other.length ? all : mine;
  const table = renderTable(recs, totals);
  const notes = recs.flatMap((r) => (r.notes ?? []).map((n) => `  - ${r.mode}/${r.name}: ${n}`));
  const t = totals[totals.length - 1] as Rec;
  const goals = `lost = ${t.runsLost ?? 0}, duplicated = ${t.runsDuplicated ?? 0}, 5xx = ${t.fiveXx ?? 0}, access wrong = ${t.accessWrong ?? 0}, secret leaks = ${t.secretLeaks ?? 0}`;
  const met = [t.runsLost, t.runsDuplicated, t.fiveXx, t.accessWrong, t.secretLeaks].every((v) => (v ?? 0) === 0);
  const verdict = met ? `goal met: ${goals}` : `GOAL MISSED: ${goals}`;
  const text = `\nReliability suite (issue 8), ${MODE} run${other.length ? ' + earlier figures of the other mode' : ''}:\n${table}\n${verdict}\n${notes.length ? `notes:\n${notes.join('\n')}\n` : ''}`;
  writeFileSync(join(DIR, `summary-${MODE}.md`), text);
  process.stdout.write(text);
}
