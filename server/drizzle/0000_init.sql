CREATE TABLE "assignments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" bigint NOT NULL,
	"unit_id" integer NOT NULL,
	"parent_id" bigint,
	"role" text NOT NULL,
	"status" text NOT NULL,
	"dispatched_at" timestamp with time zone NOT NULL,
	"dispatched_by" integer,
	"note" text,
	"sign_due_at" timestamp with time zone NOT NULL,
	"sign_warn_at" timestamp with time zone NOT NULL,
	"signed_at" timestamp with time zone,
	"signed_by" integer,
	"feedback_due_at" timestamp with time zone NOT NULL,
	"feedback_warn_at" timestamp with time zone NOT NULL,
	"feedback_at" timestamp with time zone,
	"feedback_by" integer,
	"feedback_content" text,
	"feedback_result" text,
	"send_back_reason" text,
	"review_comment" text,
	"extension_status" text,
	"extension_days" integer,
	"extension_reason" text,
	"redo_count" integer DEFAULT 0 NOT NULL,
	"reject_count" integer DEFAULT 0 NOT NULL,
	"sign_overdue" boolean DEFAULT false NOT NULL,
	"feedback_overdue" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"actor_ip" text,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"ticket_id" bigint,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"data" jsonb NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"loaded_by" integer
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"parent_id" integer,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"kind" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "categories_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "deadline_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"target_type" text NOT NULL,
	"target_id" bigint NOT NULL,
	"ticket_id" bigint NOT NULL,
	"phase" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_units" (
	"id" serial PRIMARY KEY NOT NULL,
	"parent_id" integer,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"code" text NOT NULL,
	"path" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "revisits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" bigint NOT NULL,
	"reached" boolean NOT NULL,
	"resolved" boolean,
	"satisfaction" text,
	"note" text,
	"by" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"user_agent" text,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "supervisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" bigint NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"automatic" boolean DEFAULT false NOT NULL,
	"opened_by" integer,
	"opened_at" timestamp with time zone NOT NULL,
	"response" text,
	"responded_by" integer,
	"responded_at" timestamp with time zone,
	"closed_by" integer,
	"closed_at" timestamp with time zone,
	"close_comment" text
);
--> statement-breakpoint
CREATE TABLE "ticket_counters" (
	"day" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"channel" text NOT NULL,
	"caller_name" text,
	"caller_phone_enc" text,
	"caller_phone_hash" text,
	"caller_phone_masked" text,
	"address_enc" text,
	"address_masked" text,
	"category_id" integer NOT NULL,
	"urgency" text NOT NULL,
	"street_id" integer,
	"community_id" integer,
	"content" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"idempotency_key" text,
	"call_id" text,
	"resolution" text,
	"close_due_at" timestamp with time zone NOT NULL,
	"close_warn_at" timestamp with time zone NOT NULL,
	"overdue" boolean DEFAULT false NOT NULL,
	"closed_at" timestamp with time zone,
	"merged_into_id" bigint,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "tickets_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "time_limits" (
	"id" serial PRIMARY KEY NOT NULL,
	"category_id" integer NOT NULL,
	"urgency" text NOT NULL,
	"sign_value" real NOT NULL,
	"sign_unit" text NOT NULL,
	"feedback_value" real NOT NULL,
	"feedback_unit" text NOT NULL,
	"close_value" real NOT NULL,
	"close_unit" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"roles" text[] NOT NULL,
	"unit_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revisits" ADD CONSTRAINT "revisits_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervisions" ADD CONSTRAINT "supervisions_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_street_id_org_units_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_community_id_org_units_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_limits" ADD CONSTRAINT "time_limits_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignments_ticket_idx" ON "assignments" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "assignments_unit_idx" ON "assignments" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "assignments_sign_warn_idx" ON "assignments" USING btree ("sign_warn_at") WHERE status = 'pending_sign';--> statement-breakpoint
CREATE INDEX "assignments_fb_warn_idx" ON "assignments" USING btree ("feedback_warn_at") WHERE status = 'signed';--> statement-breakpoint
CREATE INDEX "audit_ticket_idx" ON "audit_events" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_events" USING btree ("actor_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "deadline_events_uq" ON "deadline_events" USING btree ("target_type","target_id","phase","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "org_units_code_uq" ON "org_units" USING btree ("code");--> statement-breakpoint
CREATE INDEX "org_units_path_idx" ON "org_units" USING btree ("path");--> statement-breakpoint
CREATE INDEX "revisits_ticket_idx" ON "revisits" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "supervisions_ticket_idx" ON "supervisions" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_idem_uq" ON "tickets" USING btree ("created_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "tickets_status_idx" ON "tickets" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "tickets_received_idx" ON "tickets" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "tickets_phone_hash_idx" ON "tickets" USING btree ("caller_phone_hash");--> statement-breakpoint
CREATE INDEX "tickets_close_warn_idx" ON "tickets" USING btree ("close_warn_at") WHERE status not in ('closed','merged');--> statement-breakpoint
CREATE INDEX "tickets_close_due_idx" ON "tickets" USING btree ("close_due_at") WHERE status not in ('closed','merged');--> statement-breakpoint
CREATE UNIQUE INDEX "time_limits_cat_urg_uq" ON "time_limits" USING btree ("category_id","urgency");