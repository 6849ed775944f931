-- Accounts. Emails compare case-insensitively, like users_email_key:
-- lower() under COLLATE "C" folds ASCII letters only, as SQLite's NOCASE.

-- name: CreateUser :one
INSERT INTO users (email, password_hash, display_name, role)
VALUES (sqlc.arg(email), sqlc.arg(password_hash), sqlc.arg(display_name), sqlc.arg(role))
RETURNING id, email, password_hash, display_name, role, active, created_at, updated_at;

-- name: GetUser :one
SELECT id, email, password_hash, display_name, role, active, created_at, updated_at
FROM users
WHERE id = sqlc.arg(id);

-- name: GetUserByEmail :one
SELECT id, email, password_hash, display_name, role, active, created_at, updated_at
FROM users
WHERE lower(email) = lower(sqlc.arg(email)::text COLLATE "C");

-- name: ListUsers :many
-- Keyset page for admins, oldest first, on (created_at, id). First page:
-- after_created_at NULL. after_created_at is cast to timestamptz(3), as the
-- column is, so any precision compares correctly.
SELECT id, email, password_hash, display_name, role, active, created_at, updated_at
FROM users
WHERE created_at >= coalesce(sqlc.narg(after_created_at)::timestamptz(3), '-infinity')
  AND (created_at > coalesce(sqlc.narg(after_created_at)::timestamptz(3), '-infinity')
       OR id > sqlc.arg(after_id))
  AND (sqlc.narg(role)::text IS NULL OR role = sqlc.narg(role)::text)
ORDER BY created_at, id
LIMIT sqlc.arg(max_rows)::bigint;

-- name: CountUsers :one
SELECT count(*) FROM users;

-- name: UpdateUserProfile :one
UPDATE users
SET email = sqlc.arg(email),
    display_name = sqlc.arg(display_name),
    updated_at = statement_timestamp()
WHERE id = sqlc.arg(id)
RETURNING id, email, password_hash, display_name, role, active, created_at, updated_at;

-- name: UpdateUserPassword :execrows
UPDATE users
SET password_hash = sqlc.arg(password_hash),
    updated_at = statement_timestamp()
WHERE id = sqlc.arg(id);

-- name: UpdateUserAccess :one
-- Admin change of role and active flag.
UPDATE users
SET role = sqlc.arg(role),
    active = sqlc.arg(active),
    updated_at = statement_timestamp()
WHERE id = sqlc.arg(id)
RETURNING id, email, password_hash, display_name, role, active, created_at, updated_at;

-- name: DeleteUser :execrows
-- Cascades to the user's sessions, dashboards and widgets.
DELETE FROM users WHERE id = sqlc.arg(id);
