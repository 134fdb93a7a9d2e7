/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function (the time the
 * sampled stack had that function on top), inclusive time per function (on the stack at all,
 * counted once per sample), and self time grouped by where the code lives (engine source, a
 * package in node_modules, Node internals, GC, idle).
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  hitCount?: number;
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  fn: string;
  where: string;
  group: string;
  selfMs: number;
  selfPct: number;
  totalMs: number;
  totalPct: number;
}

export interface ProfileSummary {
  durationMs: number;
  sampledMs: number;
  idleMs: number;
  busyMs: number;
  gcMs: number;
  programMs: number;
  topSelf: FunctionTime[];
  topTotal: FunctionTime[];
  groups: Array<{ group: string; selfMs: number; pctOfBusy: number }>;
}

/** Where a frame lives: `engine:src/app/event.service.ts`, `pkg:knex`, `node:internal`, … */
export function groupOf(url: string, fn: string): string {
  if (!url) {
    if (fn === '(garbage collector)') return 'gc';
    if (fn === '(idle)') return 'idle';
    if (fn === '(program)') return 'program (native, not attributed)';
    if (fn === '(root)') return 'root';
    return 'native/builtin';
  }
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return `pkg:${rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const m = /\/(engine|packages\/[^/]+|plugins\/[^/]+)\/(src\/.*)$/.exec(url);
  if (m) return `${m[1] === 'engine' ? 'engine' : m[1]}`;
  return url.replace(/^file:\/\//, '');
}

function shortUrl(url: string): string {
  if (!url) return '';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const m = /\/((engine|packages\/[^/]+|plugins\/[^/]+)\/src\/.*)$/.exec(url);
  return m ? (m[1] as string) : url.replace(/^file:\/\//, '');
}

/**
 * @param window only samples taken inside [fromUs, toUs] of the profile's clock (V8 ticks are
 *   CLOCK_MONOTONIC microseconds on Linux, the clock of `process.hrtime`), e.g. the measured load
 *   window without start-up and warm-up.
 */
export function summariseProfile(profile: CpuProfile, top = 30, window?: { fromUs: number; toUs: number }): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) byId.set(n.id, n);
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'}\u0000${n.callFrame.url}\u0000${n.callFrame.lineNumber}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const frames = new Map<string, CallFrame>();
  const groups = new Map<string, number>();
  let sampled = 0;
  let idle = 0;
  let gc = 0;
  let program = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    // timeDeltas[i] is the time before sample i; attribute the next delta to sample i (as DevTools does).
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(profile.samples[i] as number);
    if (!node) continue;
    sampled += dt;
    const fn = node.callFrame.functionName;
    if (!node.callFrame.url && fn === '(idle)') {
      idle += dt;
      continue;
    }
    if (fn === '(garbage collector)') gc += dt;
    if (fn === '(program)') program += dt;
    const k = keyOf(node);
    frames.set(k, node.callFrame);
    self.set(k, (self.get(k) ?? 0) + dt);
    const g = groupOf(node.callFrame.url, fn);
    groups.set(g, (groups.get(g) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id) as ProfileNode;
      if (n.callFrame.functionName === '(root)') break;
      const key = keyOf(n);
      if (seen.has(key)) continue;
      seen.add(key);
      frames.set(key, n.callFrame);
      total.set(key, (total.get(key) ?? 0) + dt);
    }
  }
  const busy = sampled - idle;
  const row = (k: string): FunctionTime => {
    const f = frames.get(k) as CallFrame;
    const s = self.get(k) ?? 0;
    const t = total.get(k) ?? 0;
    return {
      fn: f.functionName || '(anonymous)',
      where: f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}` : '',
      group: groupOf(f.url, f.functionName),
      selfMs: s,
      selfPct: busy ? (100 * s) / busy : 0,
      totalMs: t,
      totalPct: busy ? (100 * t) / busy : 0,
    };
  };
  const topSelf = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k]) => row(k));
  const topTotal = [...total.entries()]
    .filter(([k]) => {
      const f = frames.get(k) as CallFrame;
      return Boolean(f.url) && !f.url.startsWith('node:');
    })
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k]) => row(k));
  return {
    durationMs: window ? (Math.min(window.toUs, profile.endTime) - Math.max(window.fromUs, profile.startTime)) / 1000 : (profile.endTime - profile.startTime) / 1000,
    sampledMs: sampled,
    idleMs: idle,
    busyMs: busy,
    gcMs: gc,
    programMs: program,
    topSelf,
    topTotal,
    groups: [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([group, ms]) => ({ group, selfMs: ms, pctOfBusy: busy ? (100 * ms) / busy : 0 })),
  };
}

export function readProfile(path: string): CpuProfile {
  return JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
}

export function formatSummary(s: ProfileSummary, n = 25): string {
  const pct = (x: number): string => `${x.toFixed(1)}%`;
  const lines: string[] = [];
  lines.push(`profile: ${(s.durationMs / 1000).toFixed(1)} s, busy ${(s.busyMs / 1000).toFixed(1)} s (${pct((100 * s.busyMs) / (s.sampledMs || 1))} of samples), idle ${(s.idleMs / 1000).toFixed(1)} s, GC ${pct((100 * s.gcMs) / (s.busyMs || 1))} of busy`);
  lines.push('', 'self time by area (% of busy):');
  for (const g of s.groups.slice(0, 15)) lines.push(`  ${pct(g.pctOfBusy).padStart(6)}  ${g.group}`);
  lines.push('', `top ${n} functions by self time (% of busy):`);
  for (const f of s.topSelf.slice(0, n)) lines.push(`  ${pct(f.selfPct).padStart(6)}  ${f.fn}  ${f.where}`);
  lines.push('', `top ${n} functions by inclusive time (% of busy):`);
  for (const f of s.topTotal.slice(0, n)) lines.push(`  ${pct(f.totalPct).padStart(6)}  ${f.fn}  ${f.where}`);
  return lines.join('\n');
}
