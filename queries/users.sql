-- Accounts. Emails compare case-insensitively, like users_email_key.

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
WHERE email = sqlc.arg(email) COLLATE NOCASE;

-- name: ListUsers :many
-- Keyset page for admins, oldest first, on (created_at, id). First page:
-- after_created_at NULL (nil). after_created_at is a time.Time; it is
-- normalised by strftime, so any zone or precision compares correctly.
SELECT id, email, password_hash, display_name, role, active, created_at, updated_at
FROM users
WHERE created_at >= coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(after_created_at)), '')
  AND (created_at > coalesce(strftime('%Y-%m-%d %H:%M:%f', sqlc.narg(after_created_at)), '')
       OR id > sqlc.arg(after_id))
  AND (CAST(sqlc.narg(role) AS TEXT) IS NULL OR role = sqlc.narg(role))
ORDER BY created_at, id
LIMIT sqlc.arg(max_rows);

-- name: CountUsers :one
SELECT count(*) FROM users;

-- name: UpdateUserProfile :one
UPDATE users
SET email = sqlc.arg(email),
    display_name = sqlc.arg(display_name),
    updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now')
WHERE id = sqlc.arg(id)
RETURNING id, email, password_hash, display_name, role, active, created_at, updated_at;

-- name: UpdateUserPassword :execrows
UPDATE users
SET password_hash = sqlc.arg(password_hash),
    updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now')
WHERE id = sqlc.arg(id);

-- name: UpdateUserAccess :one
-- Admin change of role and active flag.
UPDATE users
SET role = sqlc.arg(role),
    active = sqlc.arg(active),
    updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now')
WHERE id = sqlc.arg(id)
RETURNING id, email, password_hash, display_name, role, active, created_at, updated_at;

-- name: DeleteUser :execrows
-- Cascades to the user's sessions, dashboards and widgets.
DELETE FROM users WHERE id = sqlc.arg(id);
