/** Payloads of the performance signals: KPI deviation and goal at risk. */
import { arr, date, EMPLOYEE_ID, num, numOrNull, obj, payloadObject, period, str } from './payload.types.js';
import type { PayloadSpec } from './payload.types.js';

/** `kpi.deviation`: a reading outside the expected range, with the streak's readings as evidence. */
export const KPI_DEVIATION: PayloadSpec = {
  payload: payloadObject(
    {
      employeeId: EMPLOYEE_ID,
      kpi: obj({ id: str, name: str, unit: { type: 'string' } }),
      period,
      direction: { type: 'string', enum: ['above', 'below'] },
      streak: { type: 'integer', minimum: 1, description: 'consecutive periods out of range, this one included' },
      range: obj({ low: numOrNull, high: numOrNull }),
      value: num,
      readings: arr(obj({ period, value: num, low: numOrNull, high: numOrNull }), {
        minItems: 1,
        description: 'the readings of the streak, oldest first',
      }),
    },
    ['employeeId', 'kpi', 'period', 'direction', 'streak', 'range', 'value', 'readings'],
  ),
  example: {
    employeeId: 'e-lilei',
    kpi: { id: 'sales_amount', name: '销售额', unit: 'CNY' },
    period: '2026-W07',
    direction: 'below',
    streak: 3,
    range: { low: 100000, high: 160000 },
    value: 72000,
    readings: [
      { period: '2026-W05', value: 91000, low: 100000, high: 160000 },
      { period: '2026-W06', value: 84000, low: 100000, high: 160000 },
      { period: '2026-W07', value: 72000, low: 100000, high: 160000 },
    ],
  },
};

/** `goal.at_risk`: a goal or key result stalled or forecast to miss its target. */
export const GOAL_AT_RISK: PayloadSpec = {
  payload: payloadObject(
    {
      employeeId: EMPLOYEE_ID,
      goal: obj({ id: str, title: str, objectiveId: str, weight: { type: 'number', minimum: 0 } }, ['id', 'title', 'weight']),
      reason: { type: 'string', enum: ['stalled', 'forecast_miss'] },
      periods: { type: 'integer', minimum: 1, description: 'periods the goal has been at risk' },
      progress: num,
      forecast: numOrNull,
      target: num,
      deadline: date,
      history: arr(obj({ period, progress: num }), { description: 'progress per period, oldest first' }),
    },
    ['employeeId', 'goal', 'reason', 'periods', 'progress', 'forecast', 'target', 'deadline', 'history'],
  ),
  example: {
    employeeId: 'e-lilei',
    goal: { id: 'g-ka-2026', title: '重点客户续约率提升至 90%', objectiveId: 'obj-key-accounts', weight: 0.4 },
    reason: 'stalled',
    periods: 3,
    progress: 0.35,
    forecast: 0.6,
    target: 1,
    deadline: '2026-06-30',
    history: [
      { period: '2026-01', progress: 0.34 },
      { period: '2026-02', progress: 0.35 },
      { period: '2026-03', progress: 0.35 },
    ],
  },
};
