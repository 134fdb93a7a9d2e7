/** The audit log API other modules call: `recordAudit(trx, entry)` inside the transaction of the change. */
export { recordAudit, verifyAuditChain, listAudit, redactSecrets, type AuditActor, type AuditEntry, type AuditRecord, type ChainVerification } from './audit.js';
