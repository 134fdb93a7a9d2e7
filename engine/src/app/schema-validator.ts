/** JSON Schema validation at the edges (request bodies, event payloads), compiled once per schema. */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { UserError } from '@coachflow/model';

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
(addFormats as unknown as (a: Ajv) => void)(ajv);

const cache = new WeakMap<object, ValidateFunction>();

export interface SchemaProblem {
  path: string;
  message: string;
}

function describe(errors: ErrorObject[] | null | undefined): SchemaProblem[] {
  return (errors ?? []).slice(0, 20).map((e) => {
    const path = e.instancePath || '/';
    if (e.keyword === 'additionalProperties') {
      return { path, message: `unknown field "${String((e.params as { additionalProperty?: string }).additionalProperty)}"` };
    }
    if (e.keyword === 'required') {
      return { path, message: `missing required field "${String((e.params as { missingProperty?: string }).missingProperty)}"` };
    }
    return { path, message: e.message ?? e.keyword };
  });
}

export function compileSchema(schema: object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    cache.set(schema, fn);
  }
  return fn;
}

/** Problems of `value` against `schema` (empty when valid). */
export function checkSchema(schema: object, value: unknown): SchemaProblem[] {
  const fn = compileSchema(schema);
  return fn(value) ? [] : describe(fn.errors);
}

/** Throws a 400 with `code` and the problems when `value` does not match `schema`. */
export function assertSchema(schema: object, value: unknown, code: string, what: string): void {
  const problems = checkSchema(schema, value);
  if (problems.length > 0) {
    const first = problems[0] as SchemaProblem;
    throw UserError.badRequest(code, `${what} is invalid: ${first.path} ${first.message}`, { problems });
  }
}
