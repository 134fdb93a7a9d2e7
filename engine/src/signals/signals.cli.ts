/**
 * CLI subcommands of the HR signals (called from cli.ts):
 *   engine import directory <file> [--full] [--confirm] [--kind employees|departments|teams|org] [--max-change-share 0.1]
 *   engine import kpis <file>          KPI definitions (CSV, or JSON {kpis:[…]} / […])
 *   engine import readings <file>      KPI readings (CSV streamed in batches, or JSON […])
 *   engine import goals <file>         objectives and goals (JSON {objectives, goals})
 *   engine drift [--period 2026-W47]   run the strategy-drift analysis now
 * Files ending in .json are JSON; anything else is CSV. Prints the result as JSON.
 */
import { createReadStream, readFileSync } from 'node:fs';
import type { Services } from '../app/services.js';
import type { DirectoryImportKind } from './directory-import.service.js';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function* fileChunks(path: string): AsyncGenerator<string> {
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 })) yield chunk as string;
}

export async function importCommand(s: Services, args: string[]): Promise<unknown> {
  const [what, file] = args;
  if (!what || !file) throw new Error('usage: engine import directory|kpis|readings|goals <file> [--full] [--confirm]');
  const json = file.toLowerCase().endsWith('.json');
  switch (what) {
    case 'directory': {
      const kind = flag(args, '--kind') as DirectoryImportKind | undefined;
      const share = flag(args, '--max-change-share');
      const result = await s.signals.directoryImports.import({
        format: json ? 'json' : 'csv',
        mode: args.includes('--full') ? 'full' : 'delta',
        ...(kind ? { kind } : {}),
        ...(json ? { content: readFileSync(file, 'utf8') } : { chunks: fileChunks(file) }),
        ...(share !== undefined ? { maxChangeShare: Number(share) } : {}),
        confirmed: args.includes('--confirm'),
        actor: flag(args, '--actor') ?? 'cli',
      });
      if (result.status === 'pending_confirmation') process.stderr.write(`held by the mass-change brake (${Math.round(result.changeShare * 100)}% of people change); re-run with --confirm or confirm import ${result.id} as an HR admin\n`);
      return result;
    }
    case 'kpis': {
      if (!json) return s.signals.kpis.importCsv(fileChunks(file));
      const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      const items = Array.isArray(data) ? data : (data as { kpis: unknown[] }).kpis;
      return { upserted: (await s.signals.kpis.upsert(items as Array<Record<string, unknown>>)).length };
    }
    case 'readings': {
      const batchSize = flag(args, '--batch');
      const opts = { actor: 'cli', ...(batchSize ? { batchSize: Number(batchSize) } : {}) };
      if (!json) return s.signals.readings.importCsv(fileChunks(file), opts);
      const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      const items = Array.isArray(data) ? data : (data as { readings: unknown[] }).readings;
      return s.signals.readings.importList(items as Array<Record<string, unknown>>, { source: 'json', ...opts });
    }
    case 'goals': {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { objectives?: never[]; goals?: never[] };
      return s.signals.goals.upsert(data, 'cli');
    }
    default:
      throw new Error(`unknown import "${what}": directory, kpis, readings or goals`);
  }
}

export async function driftCommand(s: Services, args: string[]): Promise<unknown> {
  const period = flag(args, '--period');
  return s.signals.drift.analyse(period ? { period } : {});
}
