import { hosts } from "@switchyard/db";
import { and, asc, eq, gt, ilike, type SQL } from "drizzle-orm";
import { z } from "zod";
import { withAudit } from "../../audit/record.ts";
import { scopeCondition, selectorCondition } from "../../authz/authorize.ts";
import { actorOf } from "../audit-actor.ts";
import { hostsProcedure, router, scopedProcedure } from "../trpc.ts";

const labelKey = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9_.\-/]{0,61}[A-Za-z0-9])?$/, "invalid label key");
const labelValue = z
  .string()
  .regex(/^([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$/, "invalid label value");

const hostOutput = z.object({
  id: z.string(),
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  status: z.enum(["pending", "online", "offline"]),
  agentVersion: z.string().nullable(),
  lastSeenAt: z.date().nullable(),
});

export const hostsRouter = router({
  /** Hosts within the caller's hosts.read scope, by name, with search and keyset pages. */
  list: scopedProcedure("hosts.read")
    .input(
      z
        .object({
          search: z.string().trim().max(64).optional(),
          label: z.object({ key: labelKey, value: labelValue }).optional(),
          cursor: z.string().max(253).nullish(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .default({ limit: 50 }),
    )
    .output(z.object({ items: z.array(hostOutput), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const conds: SQL[] = [scopeCondition(ctx.scope)];
      if (input.search) conds.push(ilike(hosts.name, `%${input.search.replace(/[%_\\]/g, "\\$&")}%`));
      if (input.label)
        conds.push(selectorCondition([{ op: "eq", key: input.label.key, value: input.label.value }]));
      if (input.cursor) conds.push(gt(hosts.name, input.cursor));
      const rows = await ctx.deps.db
        .select({
          id: hosts.id,
          name: hosts.name,
          labels: hosts.labels,
          status: hosts.status,
          agentVersion: hosts.agentVersion,
          lastSeenAt: hosts.lastSeenAt,
        })
        .from(hosts)
        .where(and(...conds))
        .orderBy(asc(hosts.name))
        .limit(input.limit + 1);
      const items = rows.slice(0, input.limit);
      return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.name ?? null) : null };
    }),

  /** Replaces a host's labels (admins). */
  setLabels: hostsProcedure(
    "hosts.label",
    z.object({
      hostId: z.uuid(),
      labels: z.record(labelKey, labelValue).refine((l) => Object.keys(l).length <= 32, "at most 32 labels"),
    }),
    (input) => [input.hostId],
  )
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await withAudit(
        ctx.deps.db,
        {
          ...actorOf(ctx),
          action: "hosts.set_labels",
          targetHosts: [input.hostId],
          params: { labels: input.labels },
        },
        async (tx) => {
          await tx.update(hosts).set({ labels: input.labels }).where(eq(hosts.id, input.hostId));
        },
      );
      return { ok: true as const };
    }),
});
