-- Login sessions, found by the SHA-256 of their bearer token. Times passed
-- from Go (expires_at, now, ...) are cast to timestamptz(3), as the columns
-- are, so their precision does not matter.

-- name: CreateSession :one
INSERT INTO sessions (token_hash, user_id, expires_at, user_agent)
VALUES (sqlc.arg(token_hash), sqlc.arg(user_id),
        sqlc.arg(expires_at)::timestamptz(3), sqlc.arg(user_agent))
RETURNING id, token_hash, user_id, created_at, expires_at, last_used_at, user_agent;

-- name: GetSessionByTokenHash :one
-- Authenticates a bearer token: the unexpired session and its active user.
SELECT s.id, s.user_id, s.created_at, s.expires_at, s.last_used_at,
       u.email, u.display_name, u.role
FROM sessions s
JOIN users u ON u.id = s.user_id
WHERE s.token_hash = sqlc.arg(token_hash)
  AND s.expires_at > sqlc.arg(now)::timestamptz(3)
  AND u.active;

-- name: ListUserSessions :many
-- The user's unexpired sessions, newest first; keyset on id (first page:
-- before_id = math.MaxInt64).
SELECT id, token_hash, user_id, created_at, expires_at, last_used_at, user_agent
FROM sessions
WHERE user_id = sqlc.arg(user_id)
  AND id < sqlc.arg(before_id)
  AND expires_at > sqlc.arg(now)::timestamptz(3)
ORDER BY id DESC
LIMIT sqlc.arg(max_rows)::bigint;

-- name: TouchSession :execrows
-- Records a use, at most once per interval: only when the last recorded use
-- is older than stale_before. 0 rows: nothing to do (or no such session).
UPDATE sessions
SET last_used_at = sqlc.arg(now)::timestamptz(3)
WHERE id = sqlc.arg(id)
  AND last_used_at < sqlc.arg(stale_before)::timestamptz(3);

-- name: DeleteSession :execrows
-- Ends one of the user's sessions; another user's session is not touched.
DELETE FROM sessions WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);

-- name: DeleteSessionByTokenHash :execrows
DELETE FROM sessions WHERE token_hash = sqlc.arg(token_hash);

-- name: DeleteUserSessions :execrows
-- Ends every session of the user except keep_id (0 keeps none), e.g. after a
-- password change.
DELETE FROM sessions WHERE user_id = sqlc.arg(user_id) AND id <> sqlc.arg(keep_id);

-- name: DeleteExpiredSessions :execrows
-- Removes up to max_rows sessions expired at now; call until it returns
-- fewer. Instances sweeping at once share the work: each locks the rows it
-- takes and skips those another has taken (SKIP LOCKED), so none waits and
-- every session is deleted once. ARRAY(...) makes the locking subquery an
-- InitPlan, run once before the delete.
DELETE FROM sessions
WHERE id = ANY(ARRAY(SELECT o.id FROM sessions o
                     WHERE o.expires_at <= sqlc.arg(now)::timestamptz(3)
                     ORDER BY o.expires_at
                     LIMIT sqlc.arg(max_rows)::bigint
                     FOR UPDATE SKIP LOCKED));
