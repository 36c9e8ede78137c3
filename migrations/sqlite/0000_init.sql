CREATE TABLE `classifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` integer,
	`model` text NOT NULL,
	`prompt_fingerprint` text NOT NULL,
	`probs` text NOT NULL,
	`other` real NOT NULL,
	`stray_tokens` text DEFAULT '[]' NOT NULL,
	`top_category` text,
	`top_prob` real DEFAULT 0 NOT NULL,
	`decision` text NOT NULL,
	`reason` text,
	`audit` integer DEFAULT false NOT NULL,
	`threshold_set_id` integer,
	`latency_ms` integer,
	`error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`threshold_set_id`) REFERENCES `threshold_sets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `classifications_message` ON `classifications` (`message_id`);--> statement-breakpoint
CREATE INDEX `classifications_fp` ON `classifications` (`prompt_fingerprint`);--> statement-breakpoint
CREATE TABLE `feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` integer NOT NULL,
	`classification_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`label` text NOT NULL,
	`source` text NOT NULL,
	`reaction` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`retracted_at` integer,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`classification_id`) REFERENCES `classifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `feedback_message_user` ON `feedback` (`message_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`ts` text NOT NULL,
	`user_id` text,
	`text` text NOT NULL,
	`event_id` text,
	`permalink` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`routed_category` text,
	`resolved_at` integer,
	`resolved_by` text,
	`received_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_team_channel_ts` ON `messages` (`team_id`,`channel_id`,`ts`);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_event_id` ON `messages` (`event_id`);--> statement-breakpoint
CREATE INDEX `messages_status` ON `messages` (`status`);--> statement-breakpoint
CREATE TABLE `seen_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`received_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `slack_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` integer NOT NULL,
	`kind` text NOT NULL,
	`effect_key` text NOT NULL,
	`channel_id` text NOT NULL,
	`ts` text,
	`category` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `slack_posts_effect_key` ON `slack_posts` (`effect_key`);--> statement-breakpoint
CREATE INDEX `slack_posts_channel_ts` ON `slack_posts` (`channel_id`,`ts`);--> statement-breakpoint
CREATE TABLE `threshold_activations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`threshold_set_id` integer NOT NULL,
	`action` text NOT NULL,
	`activated_by` text NOT NULL,
	`activated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`threshold_set_id`) REFERENCES `threshold_sets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `threshold_sets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_by` text NOT NULL,
	`target_precision` real NOT NULL,
	`confidence` real NOT NULL,
	`prompt_fingerprint` text,
	`label_count` integer DEFAULT 0 NOT NULL,
	`thresholds` text NOT NULL,
	`report` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
