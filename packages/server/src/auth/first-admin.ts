// First run: with no user in the database, create `admin` with the password from
// SWITCHYARD_ADMIN_PASSWORD, or generate one and print it once. Never a default password.
import { randomBytes } from "node:crypto";
import { type Db, user } from "@switchyard/db";
import { count } from "drizzle-orm";
import { createUserRecord } from "../users/create-user.ts";
import type { Auth } from "./auth.ts";
import { assertStrongPassword } from "./password-strength.ts";

export async function ensureFirstAdmin(
  deps: { db: Db; auth: Auth },
  opts: { password?: string | undefined; print: (line: string) => void },
): Promise<"created" | "exists"> {
  const [row] = await deps.db.select({ n: count() }).from(user);
  if ((row?.n ?? 0) > 0) return "exists";
  const generated = opts.password === undefined;
  const password = opts.password ?? randomBytes(18).toString("base64url");
  assertStrongPassword(password, ["admin"]);
  await createUserRecord(deps, {
    username: "admin",
    password,
    grants: [{ role: "admin", selector: null }],
    actor: { actorType: "system", actorId: null, actorName: "first-run", role: null },
  });
  if (generated) {
    opts.print(`switchyard: created user "admin" with password: ${password}`);
    opts.print("switchyard: this password is shown once; change it after signing in.");
  } else {
    opts.print('switchyard: created user "admin" with the password from SWITCHYARD_ADMIN_PASSWORD');
  }
  return "created";
}
