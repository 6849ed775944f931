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
  used = CASE WHEN provider_quota.window_start = excluded.window_start THEN greatest(provider_quota.used, excluded.used) ELSE excluded.used END,
  window_start = excluded.window_start;

-- name: TakeProviderQuota :one
-- Spends one request of the provider's window of span that starts at
-- window_start, unless max_used are spent in it already; a new window starts
-- at 1. One statement, so instances sharing the database never spend past
-- max_used: the row is locked while the condition is checked. No row: the
-- window was spent.
INSERT INTO provider_quota (provider, span, window_start, used)
VALUES (sqlc.arg(provider), sqlc.arg(span), sqlc.arg(window_start), 1)
ON CONFLICT (provider, span) DO UPDATE SET
  used = CASE WHEN provider_quota.window_start = excluded.window_start THEN provider_quota.used + 1 ELSE 1 END,
  window_start = excluded.window_start
WHERE provider_quota.window_start <> excluded.window_start OR provider_quota.used < sqlc.arg(max_used)::bigint
RETURNING used;

-- name: PauseProvider :exec
-- Pauses the provider until until_ms (a later pause wins).
INSERT INTO provider_pause (provider, until_ms, reason)
VALUES (sqlc.arg(provider), sqlc.arg(until_ms), sqlc.arg(reason))
ON CONFLICT (provider) DO UPDATE SET
  until_ms = greatest(provider_pause.until_ms, excluded.until_ms),
  reason = CASE WHEN excluded.until_ms > provider_pause.until_ms THEN excluded.reason ELSE provider_pause.reason END;

-- name: GetProviderPause :one
-- When the provider's pause ends.
SELECT until_ms, reason FROM provider_pause WHERE provider = sqlc.arg(provider);
