CREATE TABLE "call_legs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"call_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"user_id" integer,
	"target" text,
	"sip_call_id" text,
	"started_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"result" text,
	"sip_status" integer
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sip_call_id" text NOT NULL,
	"direction" text NOT NULL,
	"line_did" text,
	"queue" text,
	"caller_phone_enc" text,
	"caller_phone_hash" text,
	"caller_phone_masked" text,
	"ticket_id" bigint,
	"agent_id" integer,
	"arrived_at" timestamp with time zone NOT NULL,
	"queued_at" timestamp with time zone,
	"first_offered_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"wait_ms" integer,
	"talk_ms" integer,
	"offers" integer DEFAULT 0 NOT NULL,
	"outcome" text NOT NULL,
	"ended_by" text,
	"transferred_to" text,
	"events" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "calls_sip_call_id_unique" UNIQUE("sip_call_id")
);
--> statement-breakpoint
CREATE TABLE "elder_profiles" (
	"id" serial PRIMARY KEY NOT NULL,
	"device_phone_hash" text NOT NULL,
	"device_phone_masked" text NOT NULL,
	"name" text NOT NULL,
	"birth_year" integer,
	"address_enc" text,
	"address_masked" text,
	"community_id" integer,
	"details_enc" text,
	"installed_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	CONSTRAINT "elder_profiles_device_phone_hash_unique" UNIQUE("device_phone_hash")
);
--> statement-breakpoint
CREATE TABLE "recordings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"call_id" bigint NOT NULL,
	"path" text NOT NULL,
	"format" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"duration_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sip_credentials" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"sip_user" text NOT NULL,
	"ha1" text NOT NULL,
	"password_enc" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sip_credentials_sip_user_unique" UNIQUE("sip_user")
);
--> statement-breakpoint
CREATE TABLE "sip_registrations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"contact" text NOT NULL,
	"received" text,
	"user_agent" text,
	"registered_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "call_legs" ADD CONSTRAINT "call_legs_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_legs" ADD CONSTRAINT "call_legs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elder_profiles" ADD CONSTRAINT "elder_profiles_community_id_org_units_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sip_credentials" ADD CONSTRAINT "sip_credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sip_registrations" ADD CONSTRAINT "sip_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_legs_call_idx" ON "call_legs" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "calls_arrived_idx" ON "calls" USING btree ("arrived_at");--> statement-breakpoint
CREATE INDEX "calls_queue_idx" ON "calls" USING btree ("queue","arrived_at");--> statement-breakpoint
CREATE INDEX "calls_agent_idx" ON "calls" USING btree ("agent_id","arrived_at");--> statement-breakpoint
CREATE INDEX "calls_ticket_idx" ON "calls" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "calls_phone_idx" ON "calls" USING btree ("caller_phone_hash");--> statement-breakpoint
CREATE INDEX "recordings_call_idx" ON "recordings" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "recordings_created_idx" ON "recordings" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sip_registrations_contact_uq" ON "sip_registrations" USING btree ("user_id","contact");--> statement-breakpoint
CREATE INDEX "sip_registrations_exp_idx" ON "sip_registrations" USING btree ("expires_at");