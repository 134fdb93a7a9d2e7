/**
 * Table entries of Coachflow's custom operators (arguments evaluated like json-logic's).
 */
import { defineOperators } from './operator-info.types.js';

/** Coachflow's custom operators. */
export const CUSTOM_OPERATORS = defineOperators({
  date_add: { category: 'date', minArgs: 3, maxArgs: 3, valueTypes: ['date', 'number', 'string'], resultType: 'date', standard: false,
    description: { en: 'Date plus amount of unit (minutes|hours|days|weeks|months, UTC; months clamp the day) as an ISO string; null if invalid.', 'zh-CN': '日期加上指定数量的单位（minutes|hours|days|weeks|months，UTC；按月相加时日期取月末为上限），返回 ISO 字符串；无效时为 null。' } },
  date_diff: { category: 'date', minArgs: 3, maxArgs: 3, valueTypes: ['date', 'date', 'string'], resultType: 'number', standard: false,
    description: { en: 'a - b in whole units (minutes|hours|days|weeks|months), truncated toward zero; null if invalid.', 'zh-CN': 'a - b 的整单位数（minutes|hours|days|weeks|months），向零取整；无效时为 null。' } },
  date_before: { category: 'date', minArgs: 2, maxArgs: 2, valueTypes: ['date', 'date'], resultType: 'boolean', standard: false,
    description: { en: 'Is date a before date b? false if either is invalid.', 'zh-CN': '日期 a 是否早于 b；任一无效时为 false。' } },
  date_after: { category: 'date', minArgs: 2, maxArgs: 2, valueTypes: ['date', 'date'], resultType: 'boolean', standard: false,
    description: { en: 'Is date a after date b? false if either is invalid.', 'zh-CN': '日期 a 是否晚于 b；任一无效时为 false。' } },
  pct_deviation: { category: 'arithmetic', minArgs: 2, maxArgs: 2, valueTypes: ['number', 'number'], resultType: 'number', standard: false,
    description: { en: '(value - expected) / |expected| * 100; null when expected is 0 or either is not a number.', 'zh-CN': '(实际值 - 期望值) / |期望值| * 100；期望值为 0 或任一不是数字时为 null。' } },
  between: { category: 'comparison', minArgs: 3, maxArgs: 3, valueTypes: ['number', 'number', 'number'], resultType: 'boolean', standard: false,
    description: { en: 'low <= x <= high (inclusive); arguments [x, low, high].', 'zh-CN': 'low <= x <= high（闭区间）；参数为 [x, low, high]。' } },
  abs: { category: 'arithmetic', minArgs: 1, maxArgs: 1, valueTypes: ['number'], resultType: 'number', standard: false,
    description: { en: 'Absolute value; null when not a number or numeric string.', 'zh-CN': '绝对值；不是数字或数字字符串时为 null。' } },
  round: { category: 'arithmetic', minArgs: 1, maxArgs: 2, valueTypes: ['number', 'number'], resultType: 'number', standard: false,
    description: { en: 'Rounds half away from zero to digits decimals (default 0, -15..15); null when not a number.', 'zh-CN': '四舍五入（远离零）到指定小数位（默认 0，范围 -15..15）；不是数字时为 null。' } },
  contains: { category: 'string', minArgs: 2, maxArgs: 2, valueTypes: ['array', 'any'], resultType: 'boolean', standard: false,
    description: { en: 'Does array or string a contain b? Same as in with swapped arguments.', 'zh-CN': '数组或字符串 a 是否包含 b；等同于参数互换的 in。' } },
});
