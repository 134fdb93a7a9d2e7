/**
 * The coaching record templates a task can ask for (GROW, 5R, BEST, three-question quick review),
 * with the conclusions that start follow-up workflows. Labels and prompts live in i18n under
 * `coachingForm.<template>.<field>` and `coachingForm.<template>.<field>Prompt`.
 * TODO(model): move the field lists to @coachflow/model if the engine starts validating answers.
 */
import type { FormTemplate } from '@coachflow/model';

export const COACHING_FORM_FIELDS: Record<FormTemplate, readonly string[]> = {
  GROW: ['goal', 'reality', 'options', 'will'],
  '5R': ['result', 'resource', 'responsible', 'review', 'risk'],
  BEST: ['behavior', 'effect', 'seek', 'target'],
  QUICK_REVIEW: ['satisfied', 'obstacle', 'nextFocus'],
};

export function isFormTemplate(v: unknown): v is FormTemplate {
  return typeof v === 'string' && v in COACHING_FORM_FIELDS;
}

/** The conclusion checkboxes of a coaching record. */
export interface CoachingConclusionsInput {
  training: boolean;
  /** Competency to train, e.g. 客户异议处理. */
  competency: string;
  rotation: boolean;
  rotationReason: string;
  pip: boolean;
  pipReason: string;
}

export function emptyConclusions(): CoachingConclusionsInput {
  return { training: false, competency: '', rotation: false, rotationReason: '', pip: false, pipReason: '' };
}

/**
 * The `data` of a task completion, in the engine's coaching-record shape (engine
 * domain/coaching-templates.ts `validateCoachingForm`): the template's answers as top-level fields,
 * and `conclusions` with `training: { competency }`, `rotation: { suggested, reason }` and
 * `pip: { enter, reason }` (a rotation or PIP needs its reason).
 */
export function buildCoachingRecord(template: FormTemplate | null, answers: Record<string, string>, c: CoachingConclusionsInput): Record<string, unknown> {
  const conclusions: Record<string, unknown> = {
    rotation: c.rotation ? { suggested: true, ...(c.rotationReason.trim() ? { reason: c.rotationReason.trim() } : {}) } : { suggested: false },
    pip: c.pip ? { enter: true, ...(c.pipReason.trim() ? { reason: c.pipReason.trim() } : {}) } : { enter: false },
  };
  if (c.training && c.competency.trim()) conclusions.training = { competency: c.competency.trim() };
  const data: Record<string, unknown> = {};
  if (template) for (const f of COACHING_FORM_FIELDS[template]) data[f] = (answers[f] ?? '').trim();
  data.conclusions = conclusions;
  return data;
}
