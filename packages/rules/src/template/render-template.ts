/**
 * `{{ path }}` templates: plain dotted paths only, never code. Anything between `{{` and `}}`
 * that is not a plain path is left in the output as written.
 */
import { lookupOwnPath } from '../evaluation/own-path.js';

/** Options of {@link renderTemplate}. */
export interface RenderTemplateOptions {
  /** Maximum length of the output; longer output is cut and ends with '…'. Default 20000. */
  readonly maxLength?: number;
}

/** Default {@link RenderTemplateOptions.maxLength}. */
export const DEFAULT_TEMPLATE_MAX_LENGTH = 20_000;

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const SEGMENT = '(?:[A-Za-z_$][\\w$-]*|\\d+)';
const PLAIN_PATH = new RegExp(`^${SEGMENT}(?:\\.${SEGMENT})*$`);

/** The plain path inside a placeholder body (`' a.b '` → `'a.b'`), or undefined when not plain. */
export function placeholderPath(body: string): string | undefined {
  const path = body.trim();
  return PLAIN_PATH.test(path) ? path : undefined;
}

/** How a value is written into text: strings as-is, null/undefined empty, objects as JSON. */
export function formatTemplateValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return ''; // cyclic data cannot be written
    }
  }
  return '';
}

/**
 * Replaces each `{{ path }}` in `template` with the value at that path of `data` (own properties
 * only; numeric segments index arrays). Non-path placeholders stay as written.
 * @returns the text, at most `maxLength` characters (cut text ends with '…')
 */
export function renderTemplate(template: string, data: unknown, opts?: RenderTemplateOptions): string {
  const maxLength = Math.max(1, opts?.maxLength ?? DEFAULT_TEMPLATE_MAX_LENGTH);
  const text = String(template ?? '');
  let out = '';
  let last = 0;
  PLACEHOLDER.lastIndex = 0;
  for (let m = PLACEHOLDER.exec(text); m !== null; m = PLACEHOLDER.exec(text)) {
    const path = placeholderPath(m[1] ?? '');
    if (path === undefined) continue; // left as written
    out += text.slice(last, m.index) + formatTemplateValue(lookupOwnPath(data, path.split('.')));
    last = m.index + m[0].length;
    if (out.length > maxLength) break; // stop early: the rest would be cut anyway
  }
  if (out.length <= maxLength) out += text.slice(last);
  return out.length > maxLength ? `${out.slice(0, maxLength - 1)}…` : out;
}

/** The distinct plain paths of the placeholders of `template`, in order of first use. */
export function templateVariables(template: string): string[] {
  const paths = new Set<string>();
  const text = String(template ?? '');
  for (const m of text.matchAll(PLACEHOLDER)) {
    const path = placeholderPath(m[1] ?? '');
    if (path !== undefined) paths.add(path);
  }
  return [...paths];
}
