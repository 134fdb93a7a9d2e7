/**
 * The runtime's hook into external approvals. The composition root attaches the service to the
 * runtime's deps; the recovery sweep kicks a background pass every tick (it never blocks the sweep:
 * external calls can take seconds) and the shutdown drains it:
 *
 *   Runtime.sweep():  kickExternalApprovals(this.deps, this.owner);
 *   Runtime.stop():   await drainExternalApprovals(this.deps);
 */
import type { RuntimeDeps } from '../runtime/runtime-deps.js';
import type { ExternalApprovalService } from './external-approval.service.js';

const attached = new WeakMap<RuntimeDeps, ExternalApprovalService>();

export function attachExternalApprovals(deps: RuntimeDeps, service: ExternalApprovalService): void {
  attached.set(deps, service);
}

export function kickExternalApprovals(deps: RuntimeDeps, owner: string, now = Date.now()): void {
  attached.get(deps)?.kick(owner, now);
}

export async function drainExternalApprovals(deps: RuntimeDeps): Promise<void> {
  await attached.get(deps)?.drain();
}
