-- Provider request budgets (internal/quota).

-- name: GetProviderQuota :one
-- The spend of the provider's window of span.
SELECT window_start, used FROM provider_quota
WHERE provider = sqlc.arg(provider) AND span = sqlc.arg(span);

-- name: SetProviderQuota :exec
-- Raises the provider's spend of a window to at least used (a request
-- spent, or a spend learnt from the shared budget); a new window starts at
-- used.
INSERT INTO provider_quota (provider, span, window_start, used)
VALUES (sqlc.arg(provider), sqlc.arg(span), sqlc.arg(window_start), sqlc.arg(used))
ON CONFLICT (provider, span) DO UPDATE SET
  used = CASE WHEN provider_quota.window_start = excluded.window_start THEN max(provider_quota.used, excluded.used) ELSE excluded.used END,
  window_start = excluded.window_start;

-- name: TakeProviderQuota :one
-- Spends one request of the provider's window of span that starts at
-- window_start, unless max_used are spent in it already; a new window starts
-- at 1. No row: the window was spent. The condition is a NOT EXISTS rather
-- than the upsert's WHERE of PostgreSQL's version (sqlc's SQLite parser
-- does not bind parameters there); one statement under SQLite's single
-- writer, it is as atomic.
INSERT INTO provider_quota (provider, span, window_start, used)
SELECT sqlc.arg(provider), sqlc.arg(span), sqlc.arg(window_start), 1
WHERE NOT EXISTS (
  SELECT 1 FROM provider_quota AS q
  WHERE q.provider = sqlc.arg(provider) AND q.span = sqlc.arg(span)
    AND q.window_start = sqlc.arg(window_start) AND q.used >= sqlc.arg(max_used))
ON CONFLICT (provider, span) DO UPDATE SET
  used = CASE WHEN provider_quota.window_start = excluded.window_start THEN provider_quota.used + 1 ELSE 1 END,
  window_start = excluded.window_start
RETURNING used;

-- name: PauseProvider :exec
-- Pauses the provider until until_ms (a later pause wins).
INSERT INTO provider_pause (provider, until_ms, reason)
VALUES (sqlc.arg(provider), sqlc.arg(until_ms), sqlc.arg(reason))
ON CONFLICT (provider) DO UPDATE SET
  until_ms = max(provider_pause.until_ms, excluded.until_ms),
  reason = CASE WHEN excluded.until_ms > provider_pause.until_ms THEN excluded.reason ELSE provider_pause.reason END;

-- name: GetProviderPause :one
-- When the provider's pause ends.
SELECT until_ms, reason FROM provider_pause WHERE provider = sqlc.arg(provider);
