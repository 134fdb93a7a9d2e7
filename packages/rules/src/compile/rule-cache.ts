/**
 * `evaluateRule`: compile-and-evaluate with a small LRU cache of compiled rules keyed by the
 * rule's JSON text (and the limits), for callers that hold rules as fresh JSON values.
 */
import { resolveLimits } from '../limits/rule-limits.js';
import type { RuleLimits } from '../limits/rule-limits.js';
import { compileRule } from './compile-rule.js';
import type { CompiledRule } from './compile-rule.js';

/** Maximum number of compiled rules kept. */
export const RULE_CACHE_SIZE = 500;
/** Rules whose JSON text is longer than this are compiled but not cached. */
const MAX_KEY_LENGTH = 200_000;

const cache = new Map<string, CompiledRule>();

function cacheKey(rule: unknown, limits: RuleLimits): string | undefined {
  try {
    const text = JSON.stringify(rule);
    if (text === undefined || text.length > MAX_KEY_LENGTH) return undefined;
    return `${limits.maxDepth},${limits.maxNodes},${limits.maxArrayLength},${limits.maxStringLength},${limits.maxSteps}|${text}`;
  } catch {
    return undefined; // cyclic or BigInt: compileRule reports the problem
  }
}

/** Returns the cached compiled rule for `rule`, compiling (and caching) it on a miss. */
export function getCompiledRule(rule: unknown, limits?: Partial<RuleLimits>): CompiledRule {
  const resolved = resolveLimits(limits);
  const key = cacheKey(rule, resolved);
  if (key === undefined) return compileRule(rule, resolved);
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key); // re-insert: Map order is the recency order
    cache.set(key, hit);
    return hit;
  }
  const compiled = compileRule(rule, resolved);
  cache.set(key, compiled);
  if (cache.size > RULE_CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  return compiled;
}

/**
 * Evaluates `rule` against `data`, compiling through an LRU cache (at most {@link RULE_CACHE_SIZE}
 * rules, keyed by JSON text). Rules containing values JSON cannot represent are not cached.
 * @throws RuleError like `compileRule` and `CompiledRule.evaluate`
 */
export function evaluateRule(rule: unknown, data: unknown, limits?: Partial<RuleLimits>): unknown {
  return getCompiledRule(rule, limits).evaluate(data);
}

/** Number of cached rules (for tests and diagnostics). */
export function ruleCacheSize(): number {
  return cache.size;
}

/** Empties the cache. */
export function clearRuleCache(): void {
  cache.clear();
}
