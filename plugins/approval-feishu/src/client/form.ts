import { ConnectorError } from '@coachflow/connector-sdk';

export interface FeishuControl {
  id: string;
  type: string;
  value: unknown;
}

/**
 * Normalises the action's form to Feishu's control list. Accepts `[{id, type, value}]`, or an object
 * `{widgetId: {type, value}}`, or `{widgetId: "text" | 12}` (string → `input`, number → `number`).
 */
export function toControls(form: unknown): FeishuControl[] {
  if (Array.isArray(form)) {
    return form.map((c, i) => {
      const x = c as Partial<FeishuControl> | null;
      if (!x || typeof x.id !== 'string' || typeof x.type !== 'string' || !('value' in x)) throw ConnectorError.nonRetryable('INVALID_INPUT', `form[${i}] needs id, type and value`);
      return { id: x.id, type: x.type, value: x.value };
    });
  }
  if (typeof form === 'object' && form !== null) {
    return Object.entries(form).map(([id, v]) => {
      if (typeof v === 'string') return { id, type: 'input', value: v };
      if (typeof v === 'number') return { id, type: 'number', value: v };
      const x = v as { type?: unknown; value?: unknown } | null;
      if (x && typeof x.type === 'string' && 'value' in x) return { id, type: x.type, value: x.value };
      throw ConnectorError.nonRetryable('INVALID_INPUT', `form.${id} needs {type, value} (or a string / number)`);
    });
  }
  throw ConnectorError.nonRetryable('INVALID_INPUT', 'form must be a list of {id, type, value} or an object');
}
