/**
 * The data a rule is previewed against: the trigger's `example` payload from TRIGGER_CATALOGUE,
 * plus a sample employee, manager and org when the trigger is about an employee, `now`, `vars`
 * and `steps` (the shape the engine evaluates rules on; see DESIGN.md "Data visible to rules").
 */
import { TRIGGER_CATALOGUE, triggerHasEmployee, type TriggerType } from '@coachflow/model';

const SAMPLE_EMPLOYEE = {
  id: 'e-lilei',
  name: '李雷 Li Lei',
  email: 'lilei@example.com',
  jobFamily: 'sales',
  level: 'P5',
  location: '上海',
  status: 'active',
  managerId: 'e-hanmeimei',
  departmentId: 'd-sales-east',
  teamId: 't-key-accounts',
  hrbpId: 'e-zhangwei',
  locale: 'zh-CN',
};
const SAMPLE_MANAGER = { ...SAMPLE_EMPLOYEE, id: 'e-hanmeimei', name: '韩梅梅 Han Meimei', email: 'hanmeimei@example.com', jobFamily: 'management', level: 'M2', managerId: null };
const SAMPLE_ORG = { departmentId: 'd-sales-east', departmentName: '华东销售部', teamId: 't-key-accounts', teamName: '大客户组', region: '华东' };

function isTriggerType(t: string | undefined): t is TriggerType {
  return t !== undefined && Object.prototype.hasOwnProperty.call(TRIGGER_CATALOGUE, t);
}

/** Sample rule data for a trigger type (an unknown type gets an empty trigger payload). */
export function sampleRuleData(triggerType: string | undefined, now: Date = new Date()): Record<string, unknown> {
  const known = isTriggerType(triggerType);
  const data: Record<string, unknown> = { trigger: known ? structuredClone(TRIGGER_CATALOGUE[triggerType].example) : {} };
  if (!known || triggerHasEmployee(triggerType)) Object.assign(data, { employee: SAMPLE_EMPLOYEE, manager: SAMPLE_MANAGER, org: SAMPLE_ORG });
  data.now = now.toISOString();
  data.vars = {};
  data.steps = {};
  return data;
}
