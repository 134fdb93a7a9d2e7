/** Colours and icons of node cards and palette entries, per palette group and per kind. */
import type { NodeKind, PaletteGroup } from '@coachflow/model';
import type { CanvasNodeStatus } from './canvas.types';

/** Accent colour per palette group. */
export const GROUP_COLORS: Record<PaletteGroup, string> = {
  triggers: '#7c3aed',
  logic: '#d97706',
  people: '#2563eb',
  connectors: '#0d9488',
  notifications: '#db2777',
  flow: '#64748b',
};

/** Replay colours per step status. */
export const STATUS_COLORS: Record<CanvasNodeStatus, string> = {
  succeeded: '#16a34a',
  failed: '#dc2626',
  waiting: '#d97706',
  running: '#2563eb',
  retrying: '#ea580c',
  skipped: '#94a3b8',
  cancelled: '#6b7280',
  notReached: '#cbd5e1',
};

/** 24×24 stroke icon paths (lucide-like) per node kind. */
export const KIND_ICONS: Record<NodeKind, string> = {
  trigger: 'M13 2 3 14h9l-1 8 10-12h-9l1-8z',
  condition: 'M12 3 21 12 12 21 3 12z',
  switch: 'M6 3v12M18 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM18 9a9 9 0 0 1-9 9',
  set: 'M4 7h16M4 12h10M4 17h6M17 14v6M14 17h6',
  task: 'M9 11l3 3L22 4M21 12v7a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h11',
  approval: 'M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10zM9 12l2 2 4-4',
  action: 'M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71',
  notify: 'M18 8A6 6 0 0 0 6 8c0 7-3 9-3 9h18s-3-2-3-9M13.73 21a2 2 0 0 1-3.46 0',
  delay: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM12 6v6l4 2',
  end: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM9 9h6v6H9z',
};
