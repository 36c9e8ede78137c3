CREATE TABLE "notices" (
	"key" text PRIMARY KEY NOT NULL,
	"at" bigint DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "classifications" ADD COLUMN "audit_rate" double precision;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "origin" text DEFAULT 'live' NOT NULL;