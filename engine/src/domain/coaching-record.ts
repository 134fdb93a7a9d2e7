/**
 * Coaching records (辅导记录) and the obstacle-theme vocabulary (执行阻力) the drift analysis counts.
 */
import type { FormTemplate } from '@coachflow/model';
import type { RegionId } from './org.js';

/** Obstacle themes cited in coaching records. */
export const OBSTACLE_THEMES = {
  resource_shortage: { 'zh-CN': '资源不足', en: 'Resource shortage' },
  process_constraint: { 'zh-CN': '流程约束', en: 'Process constraints' },
  cross_team_collaboration: { 'zh-CN': '跨部门协作不畅', en: 'Cross-team collaboration' },
  skill_gap: { 'zh-CN': '能力短板', en: 'Skill gap' },
  priority_conflict: { 'zh-CN': '优先级冲突', en: 'Conflicting priorities' },
  unclear_goal: { 'zh-CN': '目标模糊', en: 'Unclear goal' },
} as const;
export type ObstacleTheme = keyof typeof OBSTACLE_THEMES;

/** Conclusions of a coaching record: what follow-up it asks for. */
export interface CoachingConclusions {
  training?: { competency: string } | null;
  rotation?: { suggested: boolean; reason?: string; targetRole?: string } | null;
  pip?: { enter: boolean; reason?: string } | null;
  promotionAssessment?: boolean;
  followUps?: Array<{ action: string; ownerId: string; dueDate: string }>;
}

export interface CoachingRecord {
  id: string;
  template: FormTemplate;
  employeeId: string;
  managerId: string;
  /** Conversation date (YYYY-MM-DD). */
  date: string;
  region: RegionId;
  departmentId: string;
  /** Objective the conversation was about, when any. */
  objectiveId?: string;
  /** Template fields (see COACHING_TEMPLATES). */
  data: Record<string, string>;
  conclusions: CoachingConclusions;
  obstacleThemes: ObstacleTheme[];
}
