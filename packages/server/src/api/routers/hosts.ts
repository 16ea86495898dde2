import { hostEvents, hostSnapshots, hosts } from "@switchyard/db";
import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { withAudit } from "../../audit/record.ts";
import { LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN } from "../../authz/label-selector.ts";
import { AppError } from "../../errors/app-error.ts";
import { latestHostEvent, latestSnapshot } from "../../fleet/ingest.ts";
import { listHosts } from "../../fleet/list-hosts.ts";
import { actorOf } from "../audit-actor.ts";
import { hostsProcedure, router, scopedProcedure } from "../trpc.ts";

const labelKey = z.string().regex(LABEL_KEY_PATTERN, "invalid label key");
const labelValue = z.string().regex(LABEL_VALUE_PATTERN, "invalid label value");

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
      const rows = await listHosts(ctx.deps.db, ctx.scope, {
        search: input.search,
        selector: input.label ? [{ op: "eq", key: input.label.key, value: input.label.value }] : undefined,
        afterName: input.cursor,
        limit: input.limit + 1,
      });
      const items = rows.slice(0, input.limit);
      return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.name ?? null) : null };
    }),

  /** Id of the latest timeline event within the caller's scope (pages poll it to stay live). */
  latestEvent: scopedProcedure("hosts.read")
    .input(z.object({ hostId: z.uuid().optional() }).default({}))
    .output(z.object({ latest: z.number() }))
    .query(async ({ ctx, input }) => ({
      latest: await latestHostEvent(ctx.deps.db, ctx.scope, input.hostId),
    })),

  /** One host: its row, latest snapshot and recent timeline. */
  get: hostsProcedure("hosts.read", z.object({ hostId: z.uuid() }), (input) => [input.hostId]).query(
    async ({ ctx, input }) => {
      const [host] = await ctx.deps.db.select().from(hosts).where(eq(hosts.id, input.hostId));
      if (!host) throw new AppError("NOT_FOUND", "no such host", "hostId");
      const snap = await latestSnapshot(ctx.deps.db, input.hostId);
      const [meta] = await ctx.deps.db
        .select({ receivedAt: hostSnapshots.receivedAt })
        .from(hostSnapshots)
        .where(eq(hostSnapshots.hostId, input.hostId));
      const timeline = await ctx.deps.db
        .select({
          id: hostEvents.id,
          at: hostEvents.at,
          kind: hostEvents.kind,
          hash: hostEvents.hash,
          changes: hostEvents.changes,
        })
        .from(hostEvents)
        .where(eq(hostEvents.hostId, input.hostId))
        .orderBy(desc(hostEvents.id))
        .limit(50);
      return {
        host,
        snapshot: snap?.snapshot ?? null,
        snapshotHash: snap?.hash ?? null,
        snapshotReceivedAt: meta?.receivedAt ?? null,
        timeline,
      };
    },
  ),

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
          // Admin labels override the agent's; the effective set is what selectors match.
          await tx
            .update(hosts)
            .set({
              adminLabels: input.labels,
              labels: sql`${hosts.agentLabels} || ${JSON.stringify(input.labels)}::jsonb`,
            })
            .where(eq(hosts.id, input.hostId));
        },
      );
      return { ok: true as const };
    }),
});
