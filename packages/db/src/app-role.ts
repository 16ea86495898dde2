// The application's database role on real PostgreSQL (RELIABILITY.md "Audit": the table owner
// can bypass triggers, so the app must not be the owner). Migrations run as the owner; the web
// app and gateway connect as this role. The SQL it runs, for operators who prefer psql
// (replace app_role and owner_role; run as the owner after `migrate`):
//
//   CREATE ROLE app_role LOGIN PASSWORD '…';  -- as a role with CREATEROLE; NOSUPERUSER etc.
//   GRANT CONNECT ON DATABASE <db> TO app_role;
//   GRANT USAGE ON SCHEMA public TO app_role;
//   GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app_role;
//   GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO app_role;
//   ALTER DEFAULT PRIVILEGES FOR ROLE owner_role IN SCHEMA public
//     GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app_role;
//   ALTER DEFAULT PRIVILEGES FOR ROLE owner_role IN SCHEMA public
//     GRANT USAGE, SELECT ON SEQUENCES TO app_role;
//   REVOKE ALL ON audit_events, audit_anchor FROM app_role;
//   GRANT SELECT, INSERT ON audit_events TO app_role;       -- append and read, nothing else
//   GRANT SELECT ON audit_anchor TO app_role;               -- written by retention (owner) only
//
// Never grant the owner role (or membership in it) to the app role: the audit trigger lets the
// owner's retention job delete archived rows.
import postgres from "postgres";

/** Tables the app role may only append to and read (or only read). */
const appendOnlyTables = { audit_events: "SELECT, INSERT", audit_anchor: "SELECT" } as const;

export interface AppRoleOptions {
  /** Role to create or update, e.g. `switchyard_app`. Lower-case identifier. */
  roleName: string;
  /** Login password; omit to leave an existing role's password as it is (or create it without one). */
  password?: string;
  /** Schema holding the tables (default `public`). */
  schema?: string;
}

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates (or brings up to date) the login role the application connects as, on the database
 * named in `ownerUrl`, connected as the tables' owner. Creating the role (or setting its
 * password) needs CREATEROLE or superuser on that connection; a role a DBA created beforehand
 * only gets its grants (and is refused if it is superuser, createrole, createdb or bypassrls,
 * or holds the owner's privileges). Idempotent: run it after every migrate.
 * The password is quoted by the server (`format('%L')`); like any CREATE/ALTER ROLE … PASSWORD
 * it reaches the server log only if statement logging is on.
 */
export async function ensureAppRole(ownerUrl: string, opts: AppRoleOptions): Promise<void> {
  const schema = opts.schema ?? "public";
  if (!identifier.test(opts.roleName)) throw new Error(`ensureAppRole: invalid role name "${opts.roleName}"`);
  if (!identifier.test(schema)) throw new Error(`ensureAppRole: invalid schema name "${schema}"`);
  if (opts.password?.includes("\0")) throw new Error("ensureAppRole: the password must not contain NUL");

  const role = quoteIdent(opts.roleName);
  const sch = quoteIdent(schema);
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      // Role creation is cluster-wide and races with a parallel call: one at a time.
      await tx`select pg_advisory_xact_lock(hashtext('switchyard.ensure_app_role'))`;
      const [who] = await tx<
        { db: string; owner: string }[]
      >`select current_database() as db, current_user as owner`;
      if (!who) throw new Error("ensureAppRole: could not read the current database and user");
      const [existing] = await tx<{ unsafe: boolean }[]>`
        select rolsuper or rolbypassrls or rolcreaterole or rolcreatedb as unsafe
        from pg_roles where rolname = ${opts.roleName}`;
      if (!existing) {
        await tx.unsafe(`CREATE ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`);
      } else if (existing.unsafe) {
        // Such a role could bypass everything this function sets up; stripping those
        // attributes needs a superuser, so refuse rather than pretend.
        throw new Error(
          `ensureAppRole: role "${opts.roleName}" is superuser, bypassrls, createrole or createdb`,
        );
      }
      const [member] = await tx<
        { yes: boolean }[]
      >`select pg_has_role(${opts.roleName}, ${who.owner}, 'USAGE') as yes`;
      if (member?.yes) {
        throw new Error(
          `ensureAppRole: role "${opts.roleName}" holds the owner's privileges; revoke that membership`,
        );
      }
      if (opts.password !== undefined) {
        // The server quotes the password (%L); it is never spliced into SQL here.
        const [stmt] = await tx<
          { s: string }[]
        >`select format('ALTER ROLE %I WITH LOGIN PASSWORD %L', ${opts.roleName}::text, ${opts.password}::text) as s`;
        if (!stmt) throw new Error("ensureAppRole: could not build the password statement");
        await tx.unsafe(stmt.s);
      }
      const owner = quoteIdent(who.owner);
      const statements = [
        `GRANT CONNECT ON DATABASE ${quoteIdent(who.db)} TO ${role}`,
        `GRANT USAGE ON SCHEMA ${sch} TO ${role}`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${sch} TO ${role}`,
        `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${sch} TO ${role}`,
        // Tables that later migrations create (as the owner) get the same DML grants.
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${sch} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${sch} GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
        ...Object.entries(appendOnlyTables).flatMap(([table, privileges]) => [
          `REVOKE ALL ON ${sch}.${quoteIdent(table)} FROM ${role}`,
          `GRANT ${privileges} ON ${sch}.${quoteIdent(table)} TO ${role}`,
        ]),
      ];
      for (const statement of statements) await tx.unsafe(statement);
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Names were checked against `identifier` (or come from the server); quoting keeps them identifiers. */
function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
