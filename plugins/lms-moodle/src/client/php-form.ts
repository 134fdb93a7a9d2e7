/** Encodes arguments as PHP bracket form fields, the only body Moodle's stock REST server parses. */
export type FormValue = string | number | boolean | null | undefined | FormValue[] | { [key: string]: FormValue };

export function toPhpForm(params: Record<string, FormValue>, form = new URLSearchParams()): URLSearchParams {
  const add = (prefix: string, value: FormValue): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) value.forEach((v, i) => add(`${prefix}[${i}]`, v));
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) add(`${prefix}[${k}]`, v);
    else if (typeof value === 'boolean') form.append(prefix, value ? '1' : '0');
    else form.append(prefix, String(value));
  };
  for (const [k, v] of Object.entries(params)) add(k, v);
  return form;
}
