/**
 * `engine plugins …` (the same operations as /api/v1/plugins):
 *   list | install <folder|tarball.tgz|npm-spec> | enable <id> | disable <id> | remove <id>
 * `<id>` is the package name or the connector id. Running engines pick changes up within seconds.
 */
import type { Services } from '../app/services.js';
import { CLI_ACTOR } from './plugin-audit.js';

export async function pluginsCommand(s: Services, args: string[]): Promise<{ output: unknown; exitCode: number }> {
  const [sub, ref] = args;
  const usage = { error: 'usage: engine plugins list | install <folder|tarball.tgz|npm-spec> | enable <id> | disable <id> | remove <id>' };
  switch (sub) {
    case 'list': {
      const items = await s.plugins.list();
      return { output: { items, problems: s.connectors.problems }, exitCode: 0 };
    }
    case 'install': {
      if (!ref) return { output: usage, exitCode: 2 };
      const result = await s.plugins.install(ref, CLI_ACTOR);
      return { output: result, exitCode: result.plugin.problems.length ? 1 : 0 };
    }
    case 'enable':
    case 'disable': {
      if (!ref) return { output: usage, exitCode: 2 };
      const info = await s.plugins.setEnabled(ref, sub === 'enable', CLI_ACTOR);
      return { output: info, exitCode: info.problems.length ? 1 : 0 };
    }
    case 'remove': {
      if (!ref) return { output: usage, exitCode: 2 };
      return { output: await s.plugins.remove(ref, CLI_ACTOR), exitCode: 0 };
    }
    default:
      return { output: usage, exitCode: 2 };
  }
}
