/**
 * Installed plugins declare `@coachflow/connector-sdk` as a peer dependency: the engine provides
 * it. `<pluginsRoot>/node_modules/@coachflow/connector-sdk` links to the engine's own SDK, and Node's
 * resolution finds it walking up from any plugin installed under the root.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SDK = '@coachflow/connector-sdk';

/** The engine's SDK package folder. */
export function sdkPackageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(SDK)));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === SDK) return dir;
    dir = dirname(dir);
  }
  throw new Error(`cannot find the ${SDK} package folder`);
}

export function ensureSdkLink(root: string): void {
  const link = join(root, 'node_modules', '@coachflow', 'connector-sdk');
  const target = sdkPackageDir();
  try {
    if (lstatSync(link) && realpathSync(link) === realpathSync(target)) return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    /* missing or dangling: (re)create below */
  }
  mkdirSync(dirname(link), { recursive: true });
  try {
    symlinkSync(target, link, 'dir');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process made it
  }
}
