CREATE TABLE "classifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"message_id" integer,
	"model" text NOT NULL,
	"prompt_fingerprint" text NOT NULL,
	"probs" jsonb NOT NULL,
	"other" double precision NOT NULL,
	"stray_tokens" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"top_category" text,
	"top_prob" double precision DEFAULT 0 NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"audit" boolean DEFAULT false NOT NULL,
	"threshold_set_id" integer,
	"latency_ms" integer,
	"error" text,
	"created_at" bigint DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"id" serial PRIMARY KEY NOT NULL,
	"message_id" integer NOT NULL,
	"classification_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"label" text NOT NULL,
	"source" text NOT NULL,
	"reaction" text,
	"created_at" bigint DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint NOT NULL,
	"retracted_at" bigint
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"ts" text NOT NULL,
	"user_id" text,
	"text" text NOT NULL,
	"event_id" text,
	"permalink" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"failures" integer DEFAULT 0 NOT NULL,
	"retry_at" bigint,
	"routed_category" text,
	"resolved_at" bigint,
	"resolved_by" text,
	"lease_owner" text,
	"lease_until" bigint,
	"received_at" bigint DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint NOT NULL,
	"updated_at" bigint DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seen_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"received_at" bigint DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "slack_posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"message_id" integer NOT NULL,
	"kind" text NOT NULL,
	"effect_key" text NOT NULL,
	"channel_id" text NOT NULL,
	"ts" text,
	"category" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" bigint DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint NOT NULL,
	"updated_at" bigint DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "threshold_activations" (
	"id" serial PRIMARY KEY NOT NULL,
	"threshold_set_id" integer NOT NULL,
	"action" text NOT NULL,
	"activated_by" text NOT NULL,
	"activated_at" bigint DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "threshold_sets" (
	"id" serial PRIMARY KEY NOT NULL,
	"created_by" text NOT NULL,
	"target_precision" double precision NOT NULL,
	"confidence" double precision NOT NULL,
	"prompt_fingerprint" text,
	"label_count" integer DEFAULT 0 NOT NULL,
	"thresholds" jsonb NOT NULL,
	"report" jsonb,
	"created_at" bigint DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "classifications" ADD CONSTRAINT "classifications_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classifications" ADD CONSTRAINT "classifications_threshold_set_id_threshold_sets_id_fk" FOREIGN KEY ("threshold_set_id") REFERENCES "public"."threshold_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_classification_id_classifications_id_fk" FOREIGN KEY ("classification_id") REFERENCES "public"."classifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slack_posts" ADD CONSTRAINT "slack_posts_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threshold_activations" ADD CONSTRAINT "threshold_activations_threshold_set_id_threshold_sets_id_fk" FOREIGN KEY ("threshold_set_id") REFERENCES "public"."threshold_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "classifications_message_unique" ON "classifications" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "classifications_fp" ON "classifications" USING btree ("prompt_fingerprint");--> statement-breakpoint
CREATE INDEX "classifications_created_at" ON "classifications" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "feedback_message_user" ON "feedback" USING btree ("message_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_team_channel_ts" ON "messages" USING btree ("team_id","channel_id","ts");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_event_id" ON "messages" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "messages_status" ON "messages" USING btree ("status");--> statement-breakpoint
CREATE INDEX "messages_received_at" ON "messages" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "slack_posts_effect_key" ON "slack_posts" USING btree ("effect_key");--> statement-breakpoint
CREATE INDEX "slack_posts_channel_ts" ON "slack_posts" USING btree ("channel_id","ts");--> statement-breakpoint
CREATE INDEX "slack_posts_message" ON "slack_posts" USING btree ("message_id");