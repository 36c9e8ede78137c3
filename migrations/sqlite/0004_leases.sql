CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`until` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `classifications_message`;--> statement-breakpoint
-- Two processes on one file could each have classified a message; keep the latest (the one in force).
UPDATE `feedback` SET `classification_id` = (SELECT max(`c`.`id`) FROM `classifications` `c` WHERE `c`.`message_id` = `feedback`.`message_id`) WHERE `message_id` IN (SELECT `message_id` FROM `classifications` WHERE `message_id` IS NOT NULL GROUP BY `message_id` HAVING count(*) > 1);--> statement-breakpoint
DELETE FROM `classifications` WHERE `message_id` IS NOT NULL AND `id` < (SELECT max(`c`.`id`) FROM `classifications` `c` WHERE `c`.`message_id` = `classifications`.`message_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `classifications_message_unique` ON `classifications` (`message_id`);--> statement-breakpoint
CREATE INDEX `classifications_created_at` ON `classifications` (`created_at`);--> statement-breakpoint
ALTER TABLE `messages` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `lease_until` integer;--> statement-breakpoint
CREATE INDEX `messages_received_at` ON `messages` (`received_at`);