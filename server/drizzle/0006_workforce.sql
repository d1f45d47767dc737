CREATE TABLE "contract_facts" (
	"id" serial PRIMARY KEY NOT NULL,
	"contract_code" text NOT NULL,
	"metric" text NOT NULL,
	"day" text NOT NULL,
	"to_day" text,
	"quantity" real DEFAULT 1 NOT NULL,
	"amount_fen" bigint,
	"kind" text,
	"label" text NOT NULL,
	"reason" text,
	"ref" text,
	"voided" boolean DEFAULT false NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"idempotency_key" text
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"period_from" text NOT NULL,
	"period_to" text NOT NULL,
	"total_fen" bigint NOT NULL,
	"document" jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leave_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"from_day" text NOT NULL,
	"to_day" text NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"idempotency_key" text
);
--> statement-breakpoint
CREATE TABLE "roster_assignments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"roster_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"day" text NOT NULL,
	"template_code" text NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rosters" (
	"id" serial PRIMARY KEY NOT NULL,
	"contract_code" text NOT NULL,
	"month" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shift_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"start" text NOT NULL,
	"end" text NOT NULL,
	"kind" text NOT NULL,
	"covers" jsonb NOT NULL,
	"counts_as_work" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "shift_templates_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "swap_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"roster_id" integer NOT NULL,
	"requester_id" integer NOT NULL,
	"requester_day" text NOT NULL,
	"counterpart_id" integer NOT NULL,
	"counterpart_day" text,
	"note" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"idempotency_key" text
);
--> statement-breakpoint
ALTER TABLE "leave_requests" ADD CONSTRAINT "leave_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_assignments" ADD CONSTRAINT "roster_assignments_roster_id_rosters_id_fk" FOREIGN KEY ("roster_id") REFERENCES "public"."rosters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_assignments" ADD CONSTRAINT "roster_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "swap_requests" ADD CONSTRAINT "swap_requests_roster_id_rosters_id_fk" FOREIGN KEY ("roster_id") REFERENCES "public"."rosters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "swap_requests" ADD CONSTRAINT "swap_requests_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "swap_requests" ADD CONSTRAINT "swap_requests_counterpart_id_users_id_fk" FOREIGN KEY ("counterpart_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_facts_contract_idx" ON "contract_facts" USING btree ("contract_code","day");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_facts_idem_uq" ON "contract_facts" USING btree ("created_by","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_code_version_uq" ON "contracts" USING btree ("code","version");--> statement-breakpoint
CREATE INDEX "leave_requests_user_idx" ON "leave_requests" USING btree ("user_id","from_day");--> statement-breakpoint
CREATE UNIQUE INDEX "leave_requests_idem_uq" ON "leave_requests" USING btree ("user_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "roster_assignments_cell_uq" ON "roster_assignments" USING btree ("roster_id","user_id","day");--> statement-breakpoint
CREATE INDEX "roster_assignments_user_idx" ON "roster_assignments" USING btree ("user_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "rosters_contract_month_uq" ON "rosters" USING btree ("contract_code","month");--> statement-breakpoint
CREATE UNIQUE INDEX "swap_requests_idem_uq" ON "swap_requests" USING btree ("requester_id","idempotency_key");