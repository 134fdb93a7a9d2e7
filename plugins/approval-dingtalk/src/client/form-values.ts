import { ConnectorError } from '@coachflow/connector-sdk';

export interface FormComponentValue {
  name: string;
  value: string;
}

/** DingTalk values are strings: strings pass, numbers/booleans are printed, arrays/objects JSON-stringified. */
export function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Accepts `[{name, value}]` or `{label: value}`. */
export function toFormComponentValues(input: unknown): FormComponentValue[] {
  const entries: [unknown, unknown][] = Array.isArray(input)
    ? input.map((c: { name?: unknown; value?: unknown } | null) => [c?.name, c?.value])
    : typeof input === 'object' && input !== null
      ? Object.entries(input)
      : [];
  if (entries.length === 0) throw ConnectorError.nonRetryable('INVALID_INPUT', 'formComponentValues must be a non-empty list of {name, value} or an object');
  if (entries.length > 150) throw ConnectorError.nonRetryable('INVALID_INPUT', 'at most 150 form components');
  return entries.map(([name, value], i) => {
    if (typeof name !== 'string' || !name) throw ConnectorError.nonRetryable('INVALID_INPUT', `formComponentValues[${i}].name is required`);
    const s = stringifyValue(value);
    if (s.length > 65535) throw ConnectorError.nonRetryable('INVALID_INPUT', `value of ${name} is longer than 65535 characters`);
    return { name, value: s };
  });
}
