/**
 * The closed operator table: the only operators a rule may use, with the compiler of each.
 */
import type { OperatorCompiler } from '../evaluation/evaluator.types.js';
import { arithmeticCompilers } from './arithmetic.operators.js';
import { arrayCompilers } from './array.operators.js';
import { comparisonCompilers } from './comparison.operators.js';
import { CUSTOM_OPERATORS } from './custom-operators.info.js';
import { dataCompilers } from './data.operators.js';
import { dateCompilers } from './date.operators.js';
import { logicCompilers } from './logic.operators.js';
import type { OperatorInfo } from './operator-info.types.js';
import { STANDARD_OPERATORS } from './standard-operators.info.js';
import { stringCompilers } from './string.operators.js';

const TABLE = { ...STANDARD_OPERATORS, ...CUSTOM_OPERATORS };

/** Name of an operator of the table. */
export type OperatorName = keyof typeof TABLE;

/** The closed operator table (standard json-logic-js operators without `log`/`method`, plus custom ones). */
export const OPERATORS: Readonly<Record<string, OperatorInfo>> = Object.freeze(TABLE);

/** Operator names, in table order. */
export const OPERATOR_NAMES: readonly OperatorName[] = Object.freeze(Object.keys(TABLE) as OperatorName[]);

/** True when `name` is an operator of the table (own key only: `constructor` is not an operator). */
export function isOperatorName(name: string): name is OperatorName {
  return Object.prototype.hasOwnProperty.call(TABLE, name);
}

/** Compiler of each operator; a missing entry is a type error. */
export const OPERATOR_COMPILERS: Readonly<Record<OperatorName, OperatorCompiler>> = {
  ...dataCompilers,
  ...logicCompilers,
  ...comparisonCompilers,
  ...arithmeticCompilers,
  ...stringCompilers,
  ...arrayCompilers,
  ...dateCompilers,
};
