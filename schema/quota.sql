-- Request budgets of the market data providers: how many requests went out
-- in the current window of each span, so a restart keeps a day's spend.
CREATE TABLE provider_quota (
  provider     TEXT     NOT NULL,
  span         TEXT     NOT NULL,
  window_start INTEGER  NOT NULL,
  used         INTEGER  NOT NULL DEFAULT 0,
  PRIMARY KEY (provider, span),
  CONSTRAINT provider_quota_provider_length CHECK (length(provider) BETWEEN 1 AND 64),
  CONSTRAINT provider_quota_span CHECK (span IN ('minute', 'day')),
  CONSTRAINT provider_quota_used_nonnegative CHECK (used >= 0)
) WITHOUT ROWID;

-- A provider paused by a 429 or an in-body limit note, until a time.
CREATE TABLE provider_pause (
  provider TEXT     NOT NULL PRIMARY KEY,
  until_ms INTEGER  NOT NULL,
  reason   TEXT     NOT NULL,
  CONSTRAINT provider_pause_provider_length CHECK (length(provider) BETWEEN 1 AND 64),
  CONSTRAINT provider_pause_reason_length CHECK (length(reason) BETWEEN 1 AND 64)
) WITHOUT ROWID;
