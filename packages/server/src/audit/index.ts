// The audit log's service API (issue 5). Other domains call recordAudit / withAudit; the
// audit router and CLI call the rest.
export { type ArchiveCheck, AuditChainBrokenError, verifyArchiveFile } from "./archive.ts";
export { canonicalJson } from "./canonical.ts";
export { type ChainLink, computeRowHash, GENESIS_HASH } from "./chain.ts";
export {
  type AuditExportFormat,
  auditExportColumns,
  type ExportOptions,
  streamAuditEvents,
} from "./export.ts";
export { getAuditEvent } from "./get-event.ts";
export { AUDIT_CHAIN_LOCK_KEY, exportHead } from "./head.ts";
export {
  type AuditFilterInput,
  auditFilterInputSchema,
  hostNamesOf,
  resolveHostFilter,
} from "./host-filter.ts";
export { listAuditEvents, TEXT_SCAN_WINDOW } from "./query.ts";
export { type RecordedAudit, recordAudit, withAudit } from "./record.ts";
export { REDACTED, redactSecrets, SECRET_KEY } from "./redact.ts";
export { type PruneOptions, type PruneResult, pruneAudit, type RetentionActor } from "./retention.ts";
export * from "./types.ts";
export { type VerifyOptions, verifyChain } from "./verify.ts";
