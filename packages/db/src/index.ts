export { type AppRoleOptions, ensureAppRole } from "./app-role.ts";
export {
  type Db,
  type DbConfig,
  type DbHandle,
  dbConfigFrom,
  type Executor,
  openDb,
  type Schema,
  sharedDb,
  type Tx,
} from "./client.ts";
export { defaultMigrationsFolder, MigrationError, migrate } from "./migrate.ts";
export * from "./schema/index.ts";
