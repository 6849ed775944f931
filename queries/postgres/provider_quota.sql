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
