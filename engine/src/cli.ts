/**
 * The `engine` command:
 *   engine start [--demo] [--no-worker]  API + designer (+ in-process worker in embedded mode)
 *   engine worker                         consume Bull jobs and run the recovery sweep (production)
 *   engine migrate                        apply database migrations
 *   engine demo                           load the demo organisation and workflows
 *   engine prune                          delete finished runs past the retention age now
 *   engine import directory|kpis|readings|goals <file> [--full] [--confirm]   HR data (signals.cli.ts)
 *   engine drift [--period 2026-W47]      run the strategy-drift analysis now
 *   engine users create --email E --password P --roles hr_admin[,…] [--employee E0001]   create a user (auth/users.cli.ts)
 *   engine users list
 *   engine plugins list|install <folder|tarball|npm-spec>|enable <id>|disable <id>|remove <id>   connector plugins
 *   engine credentials list|new-key <path>|rotate-key --new-key-file <path>                     connector credentials
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type EngineConfig } from './config.js';
import { closeServices, createServices } from './engine.js';
import { createApp } from './http/server.js';
import { createLogger } from './logger.js';
import { migrate, openDatabase } from './persistence/orm.js';
import { pruneFinishedRuns } from './app/runtime/retention.js';
import { loadDemo } from './demo/load-demo.js';
import type { Services } from './app/services.js';
import { driftCommand, importCommand } from './signals/signals.cli.js';
import { usersCommand } from './auth/users.cli.js';
import { pluginsCommand } from './plugins/plugins.cli.js';
import { credentialsCommand } from './credentials/credentials.cli.js';
import { isAppError } from '@coachflow/model';
import { applyHeapPolicy } from './heap-policy.js';

const here = dirname(fileURLToPath(import.meta.url));

function defaultStaticDir(config: EngineConfig): string | null {
  if (config.staticDir) return config.staticDir;
  const built = resolve(here, '../../designer/dist');
  return existsSync(resolve(built, 'index.html')) ? built : null;
}

function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${JSON.stringify({ level: 'info', msg: 'draining before exit', signal })}\n`);
    stop()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        process.stderr.write(`${String(e)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
}

async function start(args: string[]): Promise<void> {
  applyHeapPolicy();
  const config = loadConfig();
  config.staticDir = defaultStaticDir(config);
  const embedded = config.db.driver === 'sqlite';
  const services = await createServices(config, { migrate: embedded || args.includes('--migrate') });
  // COACHFLOW_BOOTSTRAP_ADMIN=email:password creates the first admin (hr_admin + it_admin) once.
  const admin = await services.auth.bootstrap();
  if (admin) services.log.info('bootstrap admin created', { email: admin.email, roles: admin.roles });
  if (args.includes('--demo')) {
    const loaded = await loadDemo(services, { onlyIfEmpty: true });
    if (loaded) services.log.info('demo data loaded', { ...loaded });
  }
  const withWorker = !config.redisUrl || args.includes('--with-worker');
  if (withWorker && !args.includes('--no-worker')) services.runtime.startWorker();
  const app = createApp(services);
  // Check connection timeouts every second (Node's default of 30 s would stretch the limits below).
  const server: Server = createServer({ connectionsCheckingInterval: 1000 }, app.callback());
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 10000;
  server.requestTimeout = 30000;
  server.maxConnections = 2000;
  await new Promise<void>((ok) => server.listen(config.port, config.host, ok));
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  services.log.info('listening', { url, mode: embedded ? 'embedded' : 'production', queue: services.queue.kind, worker: withWorker, designer: Boolean(config.staticDir) });
  process.stdout.write(`\nCoachflow is running: open ${url}\n\n`);
  onShutdown(async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
    await closeServices(services);
  });
}

async function worker(): Promise<void> {
  applyHeapPolicy();
  const config = loadConfig();
  const services = await createServices(config);
  services.runtime.startWorker();
  let server: Server | null = null;
  const port = Number(process.env.WORKER_METRICS_PORT ?? 0);
  if (port) {
    server = createServer((req, res) => {
      if (req.url === '/metrics') {
        res.setHeader('content-type', 'text/plain; version=0.0.4');
        res.end(services.metrics.render());
      } else res.end(JSON.stringify({ status: 'ok' }));
    }).listen(port, '127.0.0.1');
  }
  services.log.info('worker started', { queue: services.queue.kind, concurrency: config.workerConcurrency });
  onShutdown(async () => {
    server?.close();
    await closeServices(services);
  });
}

async function withServices(fn: (s: Services) => Promise<void>): Promise<void> {
  const services = await createServices(loadConfig(), { migrate: true });
  try {
    await fn(services);
  } finally {
    await closeServices(services);
  }
}

export async function main(argv: string[]): Promise<void> {
  const [cmd = 'help', ...args] = argv;
  switch (cmd) {
    case 'start':
      return start(args);
    case 'worker':
      return worker();
    case 'migrate': {
      const config = loadConfig();
      const db = await openDatabase(config.db);
      const applied = await migrate(db);
      await db.close();
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      return;
    }
    case 'demo':
      return withServices(async (s) => {
        const loaded = await loadDemo(s, { onlyIfEmpty: false });
        process.stdout.write(`${JSON.stringify(loaded)}\n`);
      });
    case 'import':
      return withServices(async (s) => {
        process.stdout.write(`${JSON.stringify(await importCommand(s, args), null, 2)}\n`);
      });
    case 'users':
      return withServices(async (s) => {
        process.stdout.write(`${JSON.stringify(await usersCommand(s, args), null, 2)}\n`);
      });
    case 'drift':
      return withServices(async (s) => {
        process.stdout.write(`${JSON.stringify(await driftCommand(s, args), null, 2)}\n`);
      });
    case 'plugins':
    case 'credentials':
      return withServices(async (s) => {
        const command = cmd === 'plugins' ? pluginsCommand : credentialsCommand;
        const { output, exitCode } = await command(s, args).catch((e: unknown) => {
          if (!isAppError(e)) throw e;
          return { output: { error: { code: e.code, message: e.message } }, exitCode: 1 };
        });
        process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
        process.exitCode = exitCode;
      });
    case 'prune':
      return withServices(async (s) => {
        const r = await pruneFinishedRuns(s.db.knex, s.config.retentionDays);
        process.stdout.write(`${JSON.stringify(r)}\n`);
      });
    default:
      process.stdout.write(
        'usage: engine <start [--demo] [--no-worker] [--with-worker] [--migrate] | worker | migrate | demo | prune | import directory|kpis|readings|goals <file> [--full] [--confirm] | drift [--period W] | plugins list|install|enable|disable|remove | credentials list|new-key|rotate-key | users create --email E --password P --roles R[,R] [--employee ID] | users list>\n' +
          'environment: COACHFLOW_DB (sqlite:<file> | mysql://user:pass@host:port/db), REDIS_URL, PORT, HOST, LOG_LEVEL,\n' +
          '  COACHFLOW_DATA_DIR, STATIC_DIR, COACHFLOW_RETENTION_DAYS, COACHFLOW_WORKER_CONCURRENCY, COACHFLOW_CONNECTORS,\n' +
          '  COACHFLOW_BOOTSTRAP_ADMIN (email:password), COACHFLOW_SESSION_TTL_MS, SMTP_URL, MAIL_FROM, COACHFLOW_IM_PLATFORM, COACHFLOW_IM_WEBHOOK, COACHFLOW_IM_SECRET\n',
      );
      if (cmd !== 'help') process.exitCode = 2;
  }
}

const log = createLogger('info');
main(process.argv.slice(2)).catch((e: unknown) => {
  log.error('fatal', { err: e });
  process.exit(1);
});
