import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifest, isPackageName, readManifest } from './plugin-manifest.js';

function pkg(json: unknown, entry = 'lib/index.js'): string {
  const dir = mkdtempSync(join(tmpdir(), 'cf-manifest-'));
  writeFileSync(join(dir, 'package.json'), typeof json === 'string' ? json : JSON.stringify(json));
  mkdirSync(join(dir, 'lib'), { recursive: true });
  writeFileSync(join(dir, entry), 'export default {}');
  return dir;
}

const ok = { name: '@acme/coachflow-lms', version: '1.2.3', coachflow: { connectorApi: 1, entry: 'lib/index.js' } };

describe('plugin manifest', () => {
  it('accepts a package with the coachflow block of this connector API', () => {
    const m = readManifest(pkg(ok));
    expect(m).toMatchObject({ name: '@acme/coachflow-lms', version: '1.2.3', connectorApi: 1, entry: 'lib/index.js' });
    expect(m.entryPath.endsWith(join('lib', 'index.js'))).toBe(true);
  });

  it.each([
    [{ ...ok, coachflow: undefined }, /not a Coachflow plugin/],
    [{ ...ok, coachflow: { connectorApi: 2, entry: 'lib/index.js' } }, /needs connector API 2; this engine provides connector API 1/],
    [{ ...ok, coachflow: { connectorApi: '1', entry: 'lib/index.js' } }, /connectorApi must be an integer/],
    [{ ...ok, coachflow: { connectorApi: 1, entry: '../../etc/passwd' } }, /outside the package/],
    [{ ...ok, coachflow: { connectorApi: 1, entry: '/etc/passwd' } }, /relative to the package/],
    [{ ...ok, coachflow: { connectorApi: 1, entry: 'lib/missing.js' } }, /does not exist/],
    [{ ...ok, name: 'Bad Name' }, /valid "name"/],
    [{ ...ok, version: undefined }, /no "version"/],
    ['{not json', /not valid JSON/],
  ])('refuses %j', (json, message) => {
    expect(() => readManifest(pkg(json))).toThrow(message);
  });

  it('checks package names like npm', () => {
    expect(isPackageName('coachflow-plugin-x')).toBe(true);
    expect(isPackageName('@scope/x.y_z')).toBe(true);
    expect(isPackageName('../x')).toBe(false);
    expect(isPackageName('UPPER')).toBe(false);
    expect(() => checkManifest(ok, pkg(ok), 3)).toThrow(/this engine provides connector API 3/);
  });
});
