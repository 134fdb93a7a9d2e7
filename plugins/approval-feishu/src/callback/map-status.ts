/** Coachflow's approval outcome. */
export type ApprovalOutcome = 'approved' | 'rejected' | 'cancelled' | 'pending';

/**
 * Feishu instance status → outcome. REVERTED (revoked after approval), CANCELED, DELETED and
 * OVERTIME_CLOSE (closed by timeout) end the approval without a yes: `cancelled`.
 * OVERTIME_RECOVER reopens it: `pending`. Unknown values stay `pending` (re-read later).
 */
export function mapFeishuStatus(status: string): ApprovalOutcome {
  switch (status) {
    case 'APPROVED':
      return 'approved';
    case 'REJECTED':
      return 'rejected';
    case 'CANCELED':
    case 'DELETED':
    case 'REVERTED':
    case 'OVERTIME_CLOSE':
      return 'cancelled';
    default:
      return 'pending';
  }
}

/** Statuses after which the instance no longer changes (reconciliation can stop polling). */
export const FEISHU_FINAL_STATUSES = new Set(['APPROVED', 'REJECTED', 'CANCELED', 'DELETED', 'REVERTED']);
