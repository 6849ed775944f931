-- Request budgets of the market data providers: how many requests went out
-- in the current window of each span, so a restart keeps a day's spend.
CREATE TABLE provider_quota (
  provider     text   COLLATE "C" NOT NULL,
  span         text   COLLATE "C" NOT NULL,
  window_start bigint NOT NULL,
  used         bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (provider, span),
  CONSTRAINT provider_quota_provider_length CHECK (length(provider) BETWEEN 1 AND 64),
  CONSTRAINT provider_quota_span CHECK (span IN ('minute', 'day')),
  CONSTRAINT provider_quota_used_nonnegative CHECK (used >= 0)
);

-- A provider paused by a 429 or an in-body limit note, until a time.
CREATE TABLE provider_pause (
  provider text   COLLATE "C" NOT NULL PRIMARY KEY,
  until_ms bigint NOT NULL,
  reason   text   NOT NULL,
  CONSTRAINT provider_pause_provider_length CHECK (length(provider) BETWEEN 1 AND 64),
  CONSTRAINT provider_pause_reason_length CHECK (length(reason) BETWEEN 1 AND 64)
);
