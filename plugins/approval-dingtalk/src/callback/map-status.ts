export type ApprovalOutcome = 'approved' | 'rejected' | 'cancelled' | 'pending';

/** Approved means status COMPLETED **and** result agree (CONTRACTS.md 2.2.3); TERMINATED = withdrawn. */
export function mapDingtalkStatus(status: string, result: string | undefined): ApprovalOutcome {
  const s = status.toUpperCase();
  const r = (result ?? '').toLowerCase();
  if (s === 'COMPLETED') return r === 'agree' ? 'approved' : r === 'refuse' ? 'rejected' : 'pending';
  if (s === 'TERMINATED') return 'cancelled';
  return 'pending';
}

/** A `bpms_instance_change` push → outcome (`finish` carries result; `terminate` has none). */
export function mapDingtalkEvent(type: string, result: string | undefined): ApprovalOutcome {
  if (type === 'finish') return mapDingtalkStatus('COMPLETED', result);
  if (type === 'terminate') return 'cancelled';
  return 'pending';
}
