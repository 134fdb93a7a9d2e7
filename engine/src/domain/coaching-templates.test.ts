import { describe, expect, it } from 'vitest';
import { COACHING_TEMPLATES, validateCoachingForm } from './coaching-templates.js';

const grow = { goal: '本季度大客户成交从1个到3个', reality: '初次接触后很难推进', options: '行业洞察报告', will: '下周先做两个客户' };

describe('COACHING_TEMPLATES', () => {
  it('defines the four templates with bilingual labels and prompts', () => {
    expect(Object.keys(COACHING_TEMPLATES)).toEqual(['GROW', '5R', 'BEST', 'QUICK_REVIEW']);
    expect(COACHING_TEMPLATES.GROW.fields.map((f) => f.label['zh-CN'])).toEqual(['目标', '现状', '方案', '行动意愿']);
    expect(COACHING_TEMPLATES['5R'].fields.map((f) => f.label.en)).toEqual(['Result', 'Resource', 'Responsible', 'Review date', 'Risk']);
    expect(COACHING_TEMPLATES.BEST.fields.map((f) => f.label['zh-CN'])).toEqual(['行为', '影响', '征询', '目标']);
    expect(COACHING_TEMPLATES.QUICK_REVIEW.fields.map((f) => f.label['zh-CN'])).toEqual(['做得好的', '需改进的', '下一步']);
    for (const t of Object.values(COACHING_TEMPLATES)) {
      for (const f of [...t.fields, ...t.conclusionFields]) expect(f.prompt['zh-CN'] && f.prompt.en).toBeTruthy();
      expect(t.conclusionFields.map((f) => f.key)).toEqual(['training', 'rotation', 'pip', 'promotionAssessment', 'followUps']);
    }
  });
});

describe('validateCoachingForm', () => {
  it('accepts a complete GROW record with conclusions', () => {
    const issues = validateCoachingForm('GROW', {
      ...grow,
      date: '2026-11-20',
      conclusions: {
        training: { competency: '客户异议处理' },
        rotation: { suggested: true, reason: '拓展客户视角' },
        followUps: [{ action: '本周做一次拜访提纲', ownerId: 'E0022', dueDate: '2026-11-25' }],
      },
    });
    expect(issues).toEqual([]);
  });

  it('reports missing required fields and wrong types', () => {
    const issues = validateCoachingForm(COACHING_TEMPLATES.GROW, { goal: '  ', reality: 3, options: 'x' });
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual(['goal:required', 'reality:invalid_type', 'will:required']);
  });

  it('checks the 5R review date and unknown fields', () => {
    const base = { result: 'r', resource: 'r', responsible: 'r', risk: 'r' };
    expect(validateCoachingForm('5R', { ...base, review: '2026-02-30x' }).map((i) => i.code)).toEqual(['invalid_date']);
    expect(validateCoachingForm('5R', { ...base, review: '2026-12-04' })).toEqual([]);
    expect(validateCoachingForm('5R', { ...base, review: '2026-12-04', goal: 'x' }).map((i) => `${i.field}:${i.code}`)).toEqual(['goal:unknown_field']);
  });

  it('validates conclusions: training competency, reasons, at most 3 follow-ups with owner and due date', () => {
    const issues = validateCoachingForm('GROW', {
      ...grow,
      conclusions: {
        training: {},
        pip: { enter: true },
        rotation: { suggested: true },
        promotionAssessment: 'yes',
        followUps: [{ action: 'a', ownerId: 'E1', dueDate: '2026-11-21' }, { action: '', ownerId: 'E1', dueDate: 'soon' }, 'x', null],
      },
    });
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual([
      'conclusions.training.competency:required',
      'conclusions.rotation.reason:required',
      'conclusions.pip.reason:required',
      'conclusions.promotionAssessment:invalid_type',
      'conclusions.followUps:too_many_follow_ups',
      'conclusions.followUps[1].action:required',
      'conclusions.followUps[1].dueDate:invalid_date',
      'conclusions.followUps[2]:invalid_type',
      'conclusions.followUps[3]:invalid_type',
    ]);
  });

  it('warns (does not block) when no follow-up is due within a week of the conversation', () => {
    const issues = validateCoachingForm('QUICK_REVIEW', {
      wentWell: 'a', toImprove: 'b', nextStep: 'c', date: '2026-11-20',
      conclusions: { followUps: [{ action: 'a', ownerId: 'E1', dueDate: '2026-12-20' }] },
    });
    expect(issues).toEqual([expect.objectContaining({ field: 'conclusions.followUps', code: 'no_action_within_week', severity: 'warning' })]);
  });

  it('the demo records validate without errors', async () => {
    const { generateDemoData } = await import('./demo-data.js');
    for (const r of generateDemoData().coachingRecords) {
      const errors = validateCoachingForm(r.template, { ...r.data, date: r.date, conclusions: r.conclusions }).filter((i) => i.severity === 'error');
      expect(errors, r.id).toEqual([]);
    }
  });
});
