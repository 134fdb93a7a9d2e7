import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifySpec, packageNameOfSpec, slugOf } from './plugin-installer.js';

describe('plugin install specs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-spec-'));
  writeFileSync(join(dir, 'x-1.0.0.tgz'), '');
  writeFileSync(join(dir, 'notes.txt'), '');

  it('tells folders, tarballs and npm specs apart', () => {
    expect(classifySpec(dir)).toEqual({ kind: 'folder', target: dir });
    expect(classifySpec(join(dir, 'x-1.0.0.tgz'))).toEqual({ kind: 'tarball', target: join(dir, 'x-1.0.0.tgz') });
    expect(classifySpec('x-1.0.0.tgz', dir)).toEqual({ kind: 'tarball', target: join(dir, 'x-1.0.0.tgz') });
    expect(classifySpec('@acme/coachflow-lms@^1.2')).toEqual({ kind: 'npm', target: '@acme/coachflow-lms@^1.2' });
  });

  it('refuses option injection, missing paths, other files and odd characters', () => {
    expect(() => classifySpec('--registry=http://evil')).toThrow(/cannot start with "-"/);
    expect(() => classifySpec('./missing-folder')).toThrow(/no such folder or tarball/);
    expect(() => classifySpec('/nope/x.tgz')).toThrow(/no such folder or tarball/);
    expect(() => classifySpec(join(dir, 'notes.txt'))).toThrow(/not a .tgz/);
    expect(() => classifySpec('pkg; rm -rf /')).toThrow(/not an npm package spec/);
    expect(() => classifySpec('')).toThrow();
  });

  it('reads the package name of registry specs and makes folder-safe slugs', () => {
    expect(packageNameOfSpec('coachflow-plugin-x@1.0.0')).toBe('coachflow-plugin-x');
    expect(packageNameOfSpec('@acme/lms')).toBe('@acme/lms');
    expect(packageNameOfSpec('github:acme/lms')).toBeNull();
    expect(slugOf('@coachflow/plugin-http')).toBe('coachflow__plugin-http');
  });
});
