-- Create "provider_quota" table
CREATE TABLE `provider_quota` (
  `provider` text NOT NULL,
  `span` text NOT NULL,
  `window_start` integer NOT NULL,
  `used` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`provider`, `span`),
  CONSTRAINT `provider_quota_provider_length` CHECK (length(provider) BETWEEN 1 AND 64),
  CONSTRAINT `provider_quota_span` CHECK (span IN ('minute', 'day')),
  CONSTRAINT `provider_quota_used_nonnegative` CHECK (used >= 0)
) WITHOUT ROWID;
-- Create "provider_pause" table
CREATE TABLE `provider_pause` (
  `provider` text NOT NULL,
  `until_ms` integer NOT NULL,
  `reason` text NOT NULL,
  PRIMARY KEY (`provider`),
  CONSTRAINT `provider_pause_provider_length` CHECK (length(provider) BETWEEN 1 AND 64),
  CONSTRAINT `provider_pause_reason_length` CHECK (length(reason) BETWEEN 1 AND 64)
) WITHOUT ROWID;
