/**
 * A JSON-logic rule as one line of readable text, e.g.
 * `trigger.streak >= 3 AND employee.jobFamily == "sales"` (version diffs, summaries).
 * Logic and comparisons are written infix, `var` as its path, other operators as calls
 * (`pct_deviation(trigger.value, trigger.target) < -10`). Symbols are language-neutral, like the
 * rule builder's AND/OR/NOT. @coachflow/rules has no text formatter (explainRule evaluates).
 */

const INFIX = new Set(['==', '===', '!=', '!==', '>', '>=', '<', '<=', 'in', '+', '-', '*', '/', '%']);
/** Binding strength: looser operators get parentheses when nested in tighter ones. */
const PRECEDENCE: Record<string, number> = { or: 1, and: 2, '!': 3, cmp: 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function literal(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => format(x, 0)).join(', ')}]`;
  return JSON.stringify(v) ?? 'undefined';
}

function precedenceOf(op: string): number {
  return PRECEDENCE[op] ?? (INFIX.has(op) ? (PRECEDENCE.cmp as number) : 10);
}

function format(rule: unknown, outer: number): string {
  if (!isRecord(rule)) return literal(rule);
  const keys = Object.keys(rule);
  if (keys.length !== 1) return JSON.stringify(rule);
  const op = keys[0] as string;
  const raw = rule[op];
  const args = Array.isArray(raw) ? raw : [raw];
  const mine = precedenceOf(op);
  const wrap = (s: string) => (mine < outer ? `(${s})` : s);
  switch (op) {
    case 'var': {
      const path = args[0] === undefined || args[0] === '' ? '(data)' : String(args[0]);
      return args.length > 1 ? `${path} ?? ${format(args[1], 10)}` : path;
    }
    case 'and':
    case 'or':
      return wrap(args.map((a) => format(a, mine + 1)).join(op === 'and' ? ' AND ' : ' OR '));
    case '!':
      return wrap(`NOT ${format(args[0], mine + 1)}`);
    case 'if':
    case '?:': {
      const parts: string[] = [];
      for (let i = 0; i + 1 < args.length; i += 2) parts.push(`${i === 0 ? 'IF' : 'ELSE IF'} ${format(args[i], 0)} THEN ${format(args[i + 1], 0)}`);
      if (args.length % 2 === 1) parts.push(`ELSE ${format(args[args.length - 1], 0)}`);
      return `(${parts.join(' ')})`;
    }
    default:
      break;
  }
  if (INFIX.has(op) && args.length === 2) return wrap(`${format(args[0], mine + 1)} ${op === 'in' ? 'IN' : op} ${format(args[1], mine + 1)}`);
  // Chained between: {"<": [low, x, high]} reads low < x < high.
  if ((op === '<' || op === '<=') && args.length === 3) return wrap(args.map((a) => format(a, mine + 1)).join(` ${op} `));
  if (op === '-' && args.length === 1) return `-${format(args[0], 10)}`;
  return `${op}(${args.map((a) => format(a, 0)).join(', ')})`;
}

/** The rule as text (`true` for the literal true rule). */
export function ruleToText(rule: unknown): string {
  return format(rule, 0);
}
