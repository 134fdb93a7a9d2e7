import { describe, expect, it } from 'vitest';
import { ISO_DURATION_PATTERN, isDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['P7D', 7 * 86_400_000],
    ['PT4H', 4 * 3_600_000],
    ['PT2S', 2000],
    ['PT0.5S', 500],
    ['PT30M', 1_800_000],
    ['P1DT2H', 86_400_000 + 7_200_000],
    ['P2W', 14 * 86_400_000],
    ['PT48H', 48 * 3_600_000],
    ['P0D', 0],
  ])('%s is %d ms', (iso, ms) => {
    expect(parseDuration(iso)).toBe(ms);
  });

  it.each(['', 'P', 'PT', 'P1DT', '7D', 'P1Y', 'P1M', 'P-1D', 'p7d', 'P7D ', 'PT1.S', 'P1.5D'])('rejects %j', (iso) => {
    expect(parseDuration(iso)).toBeNull();
    expect(isDuration(iso)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(parseDuration(7)).toBeNull();
    expect(parseDuration(null)).toBeNull();
  });

  it('agrees with the schema pattern', () => {
    const re = new RegExp(ISO_DURATION_PATTERN, 'u');
    for (const s of ['P7D', 'PT4H', 'P1DT2H', 'P2W', 'PT0.5S', 'P', 'PT', 'P1DT', 'P1Y', '7D', 'P1W2DT3H4M5S']) {
      expect(re.test(s), s).toBe(parseDuration(s) !== null);
    }
  });
});
