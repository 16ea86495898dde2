import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { apikey } from "./apikey.ts";
import { roles } from "./grants.ts";

/** The grants an API token carries: a subset of its owner's grants, fixed at creation. */
export const tokenGrants = pgTable(
  "token_grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenId: text("token_id")
      .notNull()
      .references(() => apikey.id, { onDelete: "cascade" }),
    role: text("role", { enum: roles }).notNull(),
    selector: text("selector"),
  },
  (t) => [index("token_grants_token_id_idx").on(t.tokenId)],
);
