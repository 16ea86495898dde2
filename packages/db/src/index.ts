export {
  type Db,
  type DbConfig,
  type DbHandle,
  dbConfigFrom,
  openDb,
  type Schema,
  sharedDb,
} from "./client.ts";
export { defaultMigrationsFolder, MigrationError, migrate } from "./migrate.ts";
export * from "./schema/index.ts";
