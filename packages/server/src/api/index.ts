export { AUDIT_EXPORT_PATH, auditExportRequestSchema, handleAuditExport } from "./audit-export.ts";
export { ENROLL_ENDPOINT, handleEnrollRequest } from "./enroll-handler.ts";
export { API_ENDPOINT, createApiContext, handleApiRequest, requestMeta } from "./handler.ts";
export { REMOTE_ADDR_HEADER } from "./request-guard.ts";
export { type AppRouter, appRouter, createCaller } from "./root.ts";
export type { ApiContext, Permission, ProcedureMeta } from "./trpc.ts";
