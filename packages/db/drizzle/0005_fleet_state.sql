CREATE TABLE "agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"host_id" uuid NOT NULL,
	"credential_hash" text NOT NULL,
	"enrolled_with" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_connected_at" timestamp with time zone,
	"agent_version" text,
	"boot_id" text,
	CONSTRAINT "agents_credential_hash_unique" UNIQUE("credential_hash")
);
--> statement-breakpoint
CREATE TABLE "enrollment_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"start" text NOT NULL,
	"name" text NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"max_uses" integer DEFAULT 1 NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "enrollment_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "host_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"host_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"hash" text,
	"changes" jsonb
);
--> statement-breakpoint
CREATE TABLE "host_snapshots" (
	"host_id" uuid PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"collected_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "admin_labels" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "agent_labels" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "container_count" integer;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "bridge_count" integer;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "link_count" integer;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "nat_rule_count" integer;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_enrolled_with_enrollment_tokens_id_fk" FOREIGN KEY ("enrolled_with") REFERENCES "public"."enrollment_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "host_events" ADD CONSTRAINT "host_events_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "host_snapshots" ADD CONSTRAINT "host_snapshots_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agents_host_id_idx" ON "agents" USING btree ("host_id");--> statement-breakpoint
CREATE INDEX "host_events_host_at_idx" ON "host_events" USING btree ("host_id","at");--> statement-breakpoint
-- Labels that existed before agents reported any were set by admins.
UPDATE "hosts" SET "admin_labels" = "labels";
