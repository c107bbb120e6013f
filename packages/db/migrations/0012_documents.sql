CREATE TYPE "public"."document_status" AS ENUM('queued', 'rendering', 'ready', 'failed');--> statement-breakpoint
CREATE TABLE "document_contents" (
	"document_id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"strategy_version_id" uuid NOT NULL,
	"status" "document_status" DEFAULT 'queued' NOT NULL,
	"progress" smallint DEFAULT 0 NOT NULL,
	"page_count" integer,
	"size_bytes" integer,
	"sha256" text,
	"error" text,
	"filename" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_id_municipality_key" UNIQUE("id","municipality_id"),
	CONSTRAINT "documents_progress_check" CHECK ("documents"."progress" between 0 and 100),
	CONSTRAINT "documents_ready_check" CHECK ("documents"."status" <> 'ready' or ("documents"."page_count" is not null and "documents"."size_bytes" is not null and "documents"."sha256" is not null))
);
--> statement-breakpoint
ALTER TABLE "document_contents" ADD CONSTRAINT "document_contents_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_contents" ADD CONSTRAINT "document_contents_document_fk" FOREIGN KEY ("document_id","municipality_id") REFERENCES "public"."documents"("id","municipality_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_strategy_version_id_strategy_versions_id_fk" FOREIGN KEY ("strategy_version_id") REFERENCES "public"."strategy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_contents_municipality_idx" ON "document_contents" USING btree ("municipality_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_strategy_version_key" ON "documents" USING btree ("strategy_version_id");--> statement-breakpoint
CREATE INDEX "documents_municipality_idx" ON "documents" USING btree ("municipality_id","id");