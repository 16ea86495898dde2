CREATE TABLE "audit_anchor" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"row_hash" text NOT NULL,
	"time" timestamp(6) with time zone NOT NULL,
	"first_seq" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"pruned_before" timestamp with time zone NOT NULL,
	"archive_file" text NOT NULL,
	"archive_sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_anchor_first_seq_check" CHECK ("audit_anchor"."first_seq" >= 1 and "audit_anchor"."first_seq" <= "audit_anchor"."seq")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigint NOT NULL,
	"time" timestamp(6) with time zone NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"role" text,
	"source_ip" text,
	"user_agent" text,
	"action" text NOT NULL,
	"target_hosts" text[] DEFAULT '{}'::text[] NOT NULL,
	"target_objects" text[] DEFAULT '{}'::text[] NOT NULL,
	"request_id" text,
	"operation_id" text,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"decision" text,
	"outcome" text NOT NULL,
	"error" text,
	"before_digest" text,
	"after_digest" text,
	"prev_hash" text NOT NULL,
	"row_hash" text NOT NULL,
	CONSTRAINT "audit_events_pkey" PRIMARY KEY("seq"),
	CONSTRAINT "audit_events_seq_positive" CHECK ("audit_events"."seq" > 0),
	CONSTRAINT "audit_events_actor_type_check" CHECK ("audit_events"."actor_type" in ('user', 'token', 'agent', 'system')),
	CONSTRAINT "audit_events_outcome_check" CHECK ("audit_events"."outcome" in ('succeeded', 'failed', 'rolled_back', 'timed_out', 'unknown', 'pending', 'denied')),
	CONSTRAINT "audit_events_decision_check" CHECK ("audit_events"."decision" is null or "audit_events"."decision" in ('allow', 'deny')),
	CONSTRAINT "audit_events_hashes_hex" CHECK ("audit_events"."prev_hash" ~ '^[0-9a-f]{64}$' and "audit_events"."row_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE INDEX "audit_events_time_idx" ON "audit_events" USING btree ("time","seq");--> statement-breakpoint
CREATE INDEX "audit_events_actor_id_idx" ON "audit_events" USING btree ("actor_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_actor_name_idx" ON "audit_events" USING btree ("actor_name","seq");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action" text_pattern_ops,"seq");--> statement-breakpoint
CREATE INDEX "audit_events_outcome_idx" ON "audit_events" USING btree ("outcome","seq");--> statement-breakpoint
CREATE INDEX "audit_events_operation_id_idx" ON "audit_events" USING btree ("operation_id") WHERE "audit_events"."operation_id" is not null;--> statement-breakpoint
CREATE INDEX "audit_events_target_hosts_gin" ON "audit_events" USING gin ("target_hosts");--> statement-breakpoint
CREATE INDEX "audit_events_target_objects_gin" ON "audit_events" USING gin ("target_objects");