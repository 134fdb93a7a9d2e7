import { describe, expect, it } from 'vitest';
import { buildCoachingRecord, emptyConclusions } from '@/forms/coaching-forms';

describe('buildCoachingRecord', () => {
  it('builds a GROW record in the engine coaching-record shape (answers as fields, conclusions)', () => {
    const data = buildCoachingRecord(
      'GROW',
      { goal: ' 回到区间 ', reality: '连续三周低于下限', options: '模拟拜访', will: '每周复盘两个丢单' },
      { ...emptyConclusions(), training: true, competency: '客户异议处理', rotation: true, rotationReason: '想尝试大客户岗' },
    );
    expect(data).toEqual({
      goal: '回到区间',
      reality: '连续三周低于下限',
      options: '模拟拜访',
      will: '每周复盘两个丢单',
      conclusions: { training: { competency: '客户异议处理' }, rotation: { suggested: true, reason: '想尝试大客户岗' }, pip: { enter: false } },
    });
  });

  it('omits training without a competency and records PIP with its reason', () => {
    const data = buildCoachingRecord(null, {}, { ...emptyConclusions(), training: true, pip: true, pipReason: '连续两季度未达标' });
    expect(data).toEqual({ conclusions: { rotation: { suggested: false }, pip: { enter: true, reason: '连续两季度未达标' } } });
  });
});
