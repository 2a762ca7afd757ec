// Public API: the hash-chained, append-only audit log (append inside the
// caller's transaction), its verifier, and the migration that creates it.
export { AuditLog } from './audit-log';
export { AuditLogError, type AuditLogErrorCode } from './audit-log.error';
export { GENESIS_HASH, type AuditEntry, type AuditEntryInput } from './audit-entry';
export {
  verifyAuditChain,
  type AuditChainBreak,
  type AuditChainVerification,
  type VerifyAuditChainOptions,
} from './audit-chain.verifier';
export { AUDIT_MIGRATIONS, CreateAuditTables1764000000100 } from './create-audit-tables.migration';
export { CreateAuditCheckpoints1764000000800 } from './create-audit-checkpoints.migration';
export {
  checkpointAuditHead,
  checkpointPayload,
  verifyAuditCheckpoints,
  type AuditCheckpoint,
  type CheckpointSigner,
  type CheckpointVerification,
} from './audit-checkpoint';
