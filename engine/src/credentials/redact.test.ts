import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, redactString } from './redact.js';

describe('redactSecrets', () => {
  const secrets = ['tok-1234567890', 'p@ss-word-xyz'];

  it('replaces secrets inside strings, keys and nested values', () => {
    const out = redactSecrets({ a: 'Bearer tok-1234567890', list: ['x', { deep: 'p@ss-word-xyz!' }], ['key tok-1234567890']: 1, n: 3, nil: null }, secrets);
    expect(out).toEqual({ a: `Bearer ${REDACTED}`, list: ['x', { deep: `${REDACTED}!` }], [`key ${REDACTED}`]: 1, n: 3, nil: null });
  });

  it('ignores very short secrets (they would match ordinary text) and leaves values without secrets untouched', () => {
    expect(redactString('a 12 b', ['12'])).toBe('a 12 b');
    const value = { x: 'plain' };
    expect(redactSecrets(value, [])).toBe(value);
  });
});
