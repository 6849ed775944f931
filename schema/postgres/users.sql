-- Accounts and their login sessions.
CREATE TABLE users (
  id            bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text           COLLATE "C" NOT NULL,
  password_hash text           NOT NULL,
  display_name  text           NOT NULL,
  role          text           COLLATE "C" NOT NULL DEFAULT 'user',
  active        boolean        NOT NULL DEFAULT true,
  created_at    timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  updated_at    timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  CONSTRAINT users_email_format CHECK (length(email) BETWEEN 3 AND 254 AND strpos(email, '@') > 1),
  -- ILIKE: SQLite's LIKE ignores the case of ASCII letters.
  CONSTRAINT users_password_hash_format CHECK (password_hash ILIKE '$argon2id$%'),
  CONSTRAINT users_display_name_length CHECK (length(display_name) BETWEEN 1 AND 100),
  CONSTRAINT users_role_enum CHECK (role IN ('user', 'admin'))
);

-- Emails are unique whatever their case: lower() of a COLLATE "C" column
-- folds ASCII letters only, as SQLite's NOCASE does.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_created_idx ON users (created_at, id);

-- Declared here rather than in dashboards.sql so that the files apply in
-- name order (dashboards.sql comes before users).
ALTER TABLE dashboards ADD CONSTRAINT dashboards_owner_fk
  FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE;

CREATE TABLE sessions (
  id           bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash   bytea          NOT NULL,
  user_id      bigint         NOT NULL,
  created_at   timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  expires_at   timestamptz(3) NOT NULL,
  last_used_at timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  user_agent   text           NOT NULL DEFAULT '',
  CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  -- SHA-256 of the bearer token; the token itself is never stored.
  CONSTRAINT sessions_token_hash_length CHECK (octet_length(token_hash) = 32),
  CONSTRAINT sessions_user_agent_length CHECK (length(user_agent) <= 512),
  CONSTRAINT sessions_expiry_order CHECK (expires_at > created_at)
);

CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Single-use tickets that open an owner's event stream (a browser's
-- EventSource cannot send Authorization). Each is bound to the session that
-- asked for it and to one dashboard, lives seconds, and is deleted when it
-- is used, when its session ends, or by the session sweep once expired.
CREATE TABLE stream_tickets (
  token_hash   bytea          NOT NULL PRIMARY KEY,
  session_id   bigint         NOT NULL,
  dashboard_id bigint         NOT NULL,
  expires_at   timestamptz(3) NOT NULL,
  CONSTRAINT stream_tickets_session_fk FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE,
  CONSTRAINT stream_tickets_dashboard_fk FOREIGN KEY (dashboard_id) REFERENCES dashboards (id) ON DELETE CASCADE,
  -- SHA-256 of the ticket; the ticket itself is never stored.
  CONSTRAINT stream_tickets_token_hash_length CHECK (octet_length(token_hash) = 32)
);

CREATE INDEX stream_tickets_session_idx ON stream_tickets (session_id);
CREATE INDEX stream_tickets_dashboard_idx ON stream_tickets (dashboard_id);
CREATE INDEX stream_tickets_expires_idx ON stream_tickets (expires_at);
