-- Single-use stream tickets (see schema/postgres/users.sql). Times are cast
-- to timestamptz(3) as in sessions.sql.

-- name: CreateStreamTicket :execrows
-- Issues a ticket for a dashboard of the session's user; 0 rows when the
-- dashboard is not theirs (or is gone).
INSERT INTO stream_tickets (token_hash, session_id, dashboard_id, expires_at)
SELECT sqlc.arg(token_hash)::bytea, s.id, d.id, sqlc.arg(expires_at)::timestamptz(3)
FROM sessions s JOIN dashboards d ON d.owner_id = s.user_id
WHERE s.id = sqlc.arg(session_id) AND d.id = sqlc.arg(dashboard_id);

-- name: RedeemStreamTicket :one
-- Uses up a ticket: deletes it and returns what it opens, when it is
-- unexpired, its session is unexpired and its user active. No row: unknown,
-- used, expired or revoked (an expired ticket stays for the sweep).
DELETE FROM stream_tickets
WHERE stream_tickets.token_hash = sqlc.arg(token_hash)
  AND stream_tickets.expires_at > sqlc.arg(now)::timestamptz(3)
  AND EXISTS (
    SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = stream_tickets.session_id
      AND s.expires_at > sqlc.arg(now)::timestamptz(3)
      AND u.active)
RETURNING session_id, dashboard_id,
  (SELECT s.user_id FROM sessions s WHERE s.id = stream_tickets.session_id) AS user_id;

-- name: DeleteExpiredStreamTickets :execrows
-- At most max_rows tickets expired at now, for the session sweep.
DELETE FROM stream_tickets
WHERE token_hash IN (
  SELECT o.token_hash FROM stream_tickets o
  WHERE o.expires_at <= sqlc.arg(now)::timestamptz(3)
  LIMIT sqlc.arg(max_rows)::bigint);
