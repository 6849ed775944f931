-- Create "stream_tickets" table
CREATE TABLE `stream_tickets` (
  `token_hash` blob NOT NULL,
  `session_id` integer NOT NULL,
  `dashboard_id` integer NOT NULL,
  `expires_at` datetime NOT NULL,
  PRIMARY KEY (`token_hash`),
  CONSTRAINT `stream_tickets_dashboard_fk` FOREIGN KEY (`dashboard_id`) REFERENCES `dashboards` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE,
  CONSTRAINT `stream_tickets_session_fk` FOREIGN KEY (`session_id`) REFERENCES `sessions` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE,
  CONSTRAINT `stream_tickets_token_hash_length` CHECK (length(token_hash) = 32)
) WITHOUT ROWID;
-- Create index "stream_tickets_session_idx" to table: "stream_tickets"
CREATE INDEX `stream_tickets_session_idx` ON `stream_tickets` (`session_id`);
-- Create index "stream_tickets_dashboard_idx" to table: "stream_tickets"
CREATE INDEX `stream_tickets_dashboard_idx` ON `stream_tickets` (`dashboard_id`);
-- Create index "stream_tickets_expires_idx" to table: "stream_tickets"
CREATE INDEX `stream_tickets_expires_idx` ON `stream_tickets` (`expires_at`);
