/** Payloads of coaching conclusions and what follows them: PIP, rotation, training. */
import { arr, date, EMPLOYEE_ID, obj, payloadObject, SOURCE, SOURCE_RECORD_ID, str } from './payload.types.js';
import type { PayloadSpec } from './payload.types.js';

const conclusions = obj(
  {
    training: arr(obj({ competency: str, course: str }, ['competency'])),
    rotation: obj({ suggested: { type: 'boolean' }, reason: str }, ['suggested']),
    pip: obj({ enter: { type: 'boolean' }, reason: str }, ['enter']),
    promotionAssessment: { type: 'boolean' },
    actions: arr(obj({ title: str, owner: str, dueDate: date }), { maxItems: 3 }),
  },
  [],
);

/**
 * `coaching.recorded`: a coaching record was saved. Only its conclusions travel; the notes stay
 * in the record (privacy), referenced by `recordId`.
 */
export const COACHING_RECORDED: PayloadSpec = {
  payload: payloadObject(
    {
      employeeId: EMPLOYEE_ID,
      managerId: str,
      recordId: str,
      template: { type: 'string', enum: ['GROW', '5R', 'BEST', 'QUICK_REVIEW'] },
      conclusions,
      obstacles: arr({ type: 'string' }, { description: 'obstacle themes cited, e.g. 资源不足' }),
      objectiveId: str,
    },
    ['employeeId', 'managerId', 'recordId', 'template', 'conclusions'],
  ),
  example: {
    employeeId: 'e-lilei',
    managerId: 'e-hanmeimei',
    recordId: 'cr-20260220-001',
    template: 'GROW',
    conclusions: {
      training: [{ competency: '客户异议处理', course: 'course-objection-handling' }],
      rotation: { suggested: true, reason: '希望在大客户团队锻炼' },
      pip: { enter: false },
      promotionAssessment: false,
      actions: [{ title: '每周复盘两个丢单案例', owner: 'e-lilei', dueDate: '2026-03-15' }],
    },
    obstacles: ['资源不足'],
    objectiveId: 'obj-key-accounts',
  },
};

/** `pip.entered`: an employee enters a performance improvement plan. */
export const PIP_ENTERED: PayloadSpec = {
  payload: payloadObject(
    { employeeId: EMPLOYEE_ID, pipId: str, reason: str, startDate: date, plannedEndDate: date, sourceRecordId: SOURCE_RECORD_ID },
    ['employeeId', 'pipId', 'reason', 'startDate'],
  ),
  example: { employeeId: 'e-lilei', pipId: 'pip-2026-007', reason: '连续三个月销售额低于预期区间', startDate: '2026-03-01', plannedEndDate: '2026-05-31', sourceRecordId: 'cr-20260220-001' },
};

/** `pip.exited`: an employee leaves a performance improvement plan. */
export const PIP_EXITED: PayloadSpec = {
  payload: payloadObject(
    {
      employeeId: EMPLOYEE_ID,
      pipId: str,
      reason: str,
      endDate: date,
      outcome: { type: 'string', enum: ['completed', 'extended', 'terminated', 'cancelled'] },
      sourceRecordId: SOURCE_RECORD_ID,
    },
    ['employeeId', 'pipId', 'reason', 'endDate'],
  ),
  example: { employeeId: 'e-lilei', pipId: 'pip-2026-007', reason: '改进目标全部达成', endDate: '2026-05-31', outcome: 'completed' },
};

/** `rotation.suggested`: a coaching conclusion or HR suggests a rotation. */
export const ROTATION_SUGGESTED: PayloadSpec = {
  payload: payloadObject(
    { employeeId: EMPLOYEE_ID, source: SOURCE, reason: str, targetRole: str, targetOrg: str, sourceRecordId: SOURCE_RECORD_ID },
    ['employeeId', 'source', 'reason'],
  ),
  example: { employeeId: 'e-lilei', source: 'coaching', reason: '希望在大客户团队锻炼', targetRole: 'key-account-manager', targetOrg: 'dept-ka-east', sourceRecordId: 'cr-20260220-001' },
};

/** `training.requested`: a coaching conclusion or HR asks for training on a competency. */
export const TRAINING_REQUESTED: PayloadSpec = {
  payload: payloadObject(
    { employeeId: EMPLOYEE_ID, competency: str, course: str, source: SOURCE, sourceRecordId: SOURCE_RECORD_ID },
    ['employeeId', 'competency', 'source'],
  ),
  example: { employeeId: 'e-lilei', competency: '客户异议处理', course: 'course-objection-handling', source: 'coaching', sourceRecordId: 'cr-20260220-001' },
};
