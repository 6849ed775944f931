-- Queries of the accounts API that the shared query files lack.

-- name: DeleteSessionReturningHash :one
-- Ends one of the user's sessions and returns its token digest, so that the
-- cached resolution of the token can be dropped. No row: already gone.
DELETE FROM sessions
WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id)
RETURNING token_hash;
