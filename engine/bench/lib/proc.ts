/**
 * Processes of the benchmarks: the real engine (`engine start` / `engine worker` / `engine migrate`)
 * and helper scripts, optionally pinned to a core with `taskset -c N`, with their output captured
 * to a log file. Every child is registered so an interrupted benchmark still stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ENGINE_DIR = resolve(here, '../..');
export const REPO = resolve(ENGINE_DIR, '..');
export const ENGINE_BIN = join(ENGINE_DIR, 'bin/engine.mjs');
export const BENCH_DIR = resolve(here, '..');
/** tsx's ESM loader, as a file URL for `node --import` (tsx is a dependency of the engine, not of the root). */
export const TSX_LOADER = pathToFileURL(createRequire(join(ENGINE_DIR, 'package.json')).resolve('tsx')).href;
const HAS_TASKSET = existsSync('/usr/bin/taskset') || existsSync('/bin/taskset');

export interface Spawned {
  name: string;
  child: ChildProcess;
  pid: number;
  logPath: string | null;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string | null>;
  exitCode(): number | string | null | undefined;
  /** Captured stdout (when `captureStdout`). */
  stdout(): string;
}

const live = new Set<Spawned>();

export interface SpawnOptions {
  name: string;
  /** Core to pin to with taskset (null: not pinned). */
  core: number | null;
  env?: Record<string, string | undefined>;
  cwd?: string;
  logPath?: string | null;
  captureStdout?: boolean;
  nodeArgs?: string[];
}

/** Spawns `node [nodeArgs] <script> [args]`, pinned with taskset when asked. */
export function spawnNode(script: string, args: string[], opts: SpawnOptions): Spawned {
  const nodeArgv = [...(opts.nodeArgs ?? []), script, ...args];
  const pinned = opts.core !== null && HAS_TASKSET;
  const cmd = pinned ? 'taskset' : process.execPath;
  const argv = pinned ? ['-c', String(opts.core), process.execPath, ...nodeArgv] : nodeArgv;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...opts.env })) if (v !== undefined) env[k] = v;
  const child = spawn(cmd, argv, { cwd: opts.cwd ?? REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const log = opts.logPath ? createWriteStream(opts.logPath, { flags: 'a' }) : null;
  child.stdout?.on('data', (d: Buffer) => {
    if (opts.captureStdout) out += d.toString('utf8');
    log?.write(d);
  });
  child.stderr?.on('data', (d: Buffer) => log?.write(d));
  let code: number | string | null | undefined;
  const exited = new Promise<number | string | null>((ok) => {
    child.on('exit', (c, sig) => {
      code = c ?? sig;
      live.delete(spawned);
      ok(code);
      log?.end();
    });
    child.on('error', (e) => {
      code = `spawn error: ${e.message}`;
      live.delete(spawned);
      ok(code);
    });
  });
  const spawned: Spawned = { name: opts.name, child, pid: child.pid as number, logPath: opts.logPath ?? null, exited, exitCode: () => code, stdout: () => out };
  live.add(spawned);
  return spawned;
}

/** Spawns a TypeScript helper script through tsx. */
export function spawnTs(script: string, args: string[], opts: SpawnOptions): Spawned {
  return spawnNode(script, args, { ...opts, nodeArgs: ['--import', TSX_LOADER, ...(opts.nodeArgs ?? [])] });
}

/** Spawns the engine CLI (`node engine/bin/engine.mjs <args>`). */
export function spawnEngine(args: string[], opts: SpawnOptions): Spawned {
  return spawnNode(ENGINE_BIN, args, opts);
}

/** Runs a process to completion; rejects on a non-zero exit with the tail of its log. */
export async function runToEnd(p: Spawned, timeoutMs = 600_000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    p.exited,
    new Promise<'timeout'>((ok) => {
      timer = setTimeout(() => ok('timeout'), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (code === 'timeout') {
    await stopProcess(p, 2000);
    throw new Error(`${p.name} timed out after ${timeoutMs} ms`);
  }
  if (code !== 0) throw new Error(`${p.name} exited ${String(code)}${p.logPath ? `: ${tail(p.logPath)}` : ''}`);
  return p.stdout();
}

export function tail(path: string, chars = 1500): string {
  try {
    const t = readFileSync(path, 'utf8');
    return t.slice(-chars);
  } catch {
    return '';
  }
}

/** SIGTERM (graceful drain), then SIGKILL after `graceMs`. Resolves when the process is gone. */
export async function stopProcess(p: Spawned, graceMs = 20_000): Promise<number | string | null> {
  if (p.exitCode() !== undefined) return p.exitCode() as number | string | null;
  try {
    process.kill(p.pid, 'SIGTERM');
  } catch {
    /* gone */
  }
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([
    p.exited,
    new Promise<'timeout'>((ok) => {
      timer = setTimeout(() => ok('timeout'), graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (r !== 'timeout') return r;
  try {
    process.kill(p.pid, 'SIGKILL');
  } catch {
    /* gone */
  }
  return p.exited;
}

/** Kills every child still running (interrupted benchmark). */
export function killAll(): void {
  for (const p of live) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

export function liveCount(): number {
  return live.size;
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** Resident set size of a process in bytes (VmRSS), or null when it is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident set size so far (VmHWM) in bytes. */
export function peakRssBytes(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples VmRSS of a process every `everyMs` until stopped. */
export class RssSampler {
  readonly samples: Array<{ t: number; rss: number }> = [];
  #timer: NodeJS.Timeout | null = null;
  constructor(
    readonly pid: number,
    readonly everyMs = 200,
  ) {}
  start(): this {
    const tick = (): void => {
      const rss = rssBytes(this.pid);
      if (rss !== null) this.samples.push({ t: Date.now(), rss });
    };
    tick();
    this.#timer = setInterval(tick, this.everyMs);
    return this;
  }
  stop(): { max: number; median: number; last: number; n: number } {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    const values = this.samples.map((s) => s.rss).sort((a, b) => a - b);
    return {
      max: values.length ? (values[values.length - 1] as number) : Number.NaN,
      median: values.length ? (values[Math.floor(values.length / 2)] as number) : Number.NaN,
      last: this.samples.length ? (this.samples[this.samples.length - 1] as { rss: number }).rss : Number.NaN,
      n: values.length,
    };
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/** Thrown inside a {@link waitUntil} probe to stop waiting at once. */
export class FatalError extends Error {}

/** Polls `fn` until it returns a truthy value. */
export async function waitUntil<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as T;
    } catch (e) {
      if (e instanceof FatalError) throw e;
      lastError = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? ` (${(lastError as Error).message})` : ''}`);
    await sleep(everyMs);
  }
}

/** CPU time (user + system) a process has used so far, in seconds (from /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // after the command: state(0) ppid(1) … utime(11) stime(12)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Per-core busy/total jiffies from /proc/stat. */
function coreTimes(): Array<{ busy: number; total: number }> {
  const out: Array<{ busy: number; total: number }> = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const v = (m[2] as string).trim().split(/\s+/).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    out[Number(m[1])] = { busy: total - idle, total };
  }
  return out;
}

/**
 * Measures how busy each core was between start() and stop(), and how much of that was our own
 * pinned processes: what is left is other load on the machine (noise that makes a run not
 * comparable).
 */
export class CoreMonitor {
  #start: Array<{ busy: number; total: number }> = [];
  #ours: Map<number, number | null> = new Map();
  start(ownPids: number[] = []): this {
    this.#start = coreTimes();
    this.#ours = new Map(ownPids.map((p) => [p, cpuSeconds(p)]));
    return this;
  }
  stop(wallSeconds: number): { coreBusy: number[]; ownCpu: number; loadavg: string } {
    const end = coreTimes();
    const coreBusy = end.map((e, i) => {
      const s = this.#start[i] ?? { busy: 0, total: 0 };
      const dt = e.total - s.total;
      return dt > 0 ? (e.busy - s.busy) / dt : Number.NaN;
    });
    let own = 0;
    for (const [pid, c0] of this.#ours) {
      const c1 = cpuSeconds(pid);
      if (c0 !== null && c1 !== null) own += c1 - c0;
    }
    return { coreBusy, ownCpu: wallSeconds > 0 ? own / wallSeconds : Number.NaN, loadavg: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') };
  }
}

export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

interface ProcSnap {
  ppid: number;
  comm: string;
  cpu: number;
}

function snapshotProcs(): Map<number, ProcSnap> {
  const out = new Map<number, ProcSnap>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      out.set(Number(name), { ppid: Number(f[1]), comm, cpu: (Number(f[11]) + Number(f[12])) / 100 });
    } catch {
      /* exited */
    }
  }
  return out;
}

/**
 * CPU used during a benchmark by processes that are not part of it: everything outside this
 * process tree except the database servers (mariadbd, redis-server), which are reported apart.
 * Other sessions on the machine make figures not comparable; this says how much they took.
 */
function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] as string;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - (v[3] ?? 0) - (v[4] ?? 0)) / 100;
}

/** CPU of this process's reaped children (cutime + cstime). */
function reapedChildrenSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / 100;
}

export class ForeignLoad {
  #start = new Map<number, ProcSnap>();
  #t0 = 0;
  #busy0 = 0;
  #reaped0 = 0;
  start(): this {
    this.#start = snapshotProcs();
    this.#t0 = performance.now();
    this.#busy0 = machineBusySeconds();
    this.#reaped0 = reapedChildrenSeconds();
    return this;
  }
  stop(): { otherCores: number; dbCores: number; oursCores: number; seconds: number; top: Array<{ comm: string; cores: number }> } {
    const end = snapshotProcs();
    const seconds = (performance.now() - this.#t0) / 1000;
    const ours = new Set<number>([process.pid]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, p] of end) if (!ours.has(pid) && ours.has(p.ppid)) (ours.add(pid), (grew = true));
    }
    let other = 0;
    let db = 0;
    let mine = 0;
    const byComm = new Map<string, number>();
    for (const [pid, p] of end) {
      const d = p.cpu - (this.#start.get(pid)?.cpu ?? 0);
      if (d <= 0) continue;
      if (ours.has(pid)) mine += d;
      else if (p.comm === 'mariadbd' || p.comm === 'mysqld' || p.comm === 'redis-server') db += d;
      else {
        other += d;
        byComm.set(p.comm, (byComm.get(p.comm) ?? 0) + d);
      }
    }
    mine += reapedChildrenSeconds() - this.#reaped0;
    // Everything the machine did that was neither ours nor the database servers (processes that
    // came and went during the benchmark included).
    const busy = machineBusySeconds() - this.#busy0;
    other = Math.max(other, busy - mine - db);
    const top = [...byComm.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([comm, s]) => ({ comm, cores: s / seconds }));
    return { otherCores: other / seconds, dbCores: db / seconds, oursCores: mine / seconds, seconds, top };
  }
}
