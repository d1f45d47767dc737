CREATE TABLE "hotline_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"did" text NOT NULL,
	"name" text NOT NULL,
	"queue" text NOT NULL,
	"priority" integer NOT NULL,
	"skill" text,
	"emergency" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hotline_lines_did_unique" UNIQUE("did")
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"credit_code" text,
	"contact_name" text,
	"contact_phone_enc" text,
	"contact_phone_masked" text,
	"address" text,
	"note" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partners_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "recordings" ADD COLUMN "key_id" integer DEFAULT 0 NOT NULL;