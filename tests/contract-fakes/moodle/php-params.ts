/**
 * PHP's bracket form-field decoding, as Moodle's REST server sees `$_GET` + `$_POST`:
 * `enrolments[0][roleid]=5` becomes `{ enrolments: [{ roleid: '5' }] }`; `values[]=a` appends.
 */
export type PhpValue = string | PhpValue[] | { [key: string]: PhpValue };

const KEY = /^([^[\]]+)((?:\[[^\]]*\])*)$/;

export function parsePhpParams(pairs: Iterable<[string, string]>): Record<string, PhpValue> {
  const root: Record<string, PhpValue> = {};
  for (const [rawKey, value] of pairs) {
    const m = KEY.exec(rawKey);
    if (!m || !m[1]) continue;
    const path = [m[1], ...[...(m[2] ?? '').matchAll(/\[([^\]]*)\]/g)].map((p) => p[1] ?? '')];
    let node: Record<string, PhpValue> = root;
    for (let i = 0; i < path.length; i++) {
      let key = path[i] ?? '';
      if (key === '') key = String(Object.keys(node).length); // `[]` appends
      if (i === path.length - 1) {
        node[key] = value;
      } else {
        const next = node[key];
        if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
        node = node[key] as Record<string, PhpValue>;
      }
    }
  }
  return listify(root) as Record<string, PhpValue>;
}

/** Objects keyed 0..n-1 become arrays (PHP's arrays are both; Moodle's validation wants lists there). */
function listify(v: PhpValue): PhpValue {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(listify);
  const keys = Object.keys(v);
  const out: Record<string, PhpValue> = {};
  for (const k of keys) out[k] = listify(v[k] as PhpValue);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => out[k] as PhpValue);
  return out;
}
