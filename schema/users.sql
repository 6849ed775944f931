-- Accounts and their login sessions.
CREATE TABLE users (
  id            INTEGER  NOT NULL PRIMARY KEY,
  email         TEXT     NOT NULL,
  password_hash TEXT     NOT NULL,
  display_name  TEXT     NOT NULL,
  role          TEXT     NOT NULL DEFAULT 'user',
  active        INTEGER  NOT NULL DEFAULT 1,
  created_at    DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  updated_at    DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  CONSTRAINT users_email_format CHECK (length(email) BETWEEN 3 AND 254 AND instr(email, '@') > 1),
  CONSTRAINT users_password_hash_format CHECK (password_hash LIKE '$argon2id$%'),
  CONSTRAINT users_display_name_length CHECK (length(display_name) BETWEEN 1 AND 100),
  CONSTRAINT users_role_enum CHECK (role IN ('user', 'admin')),
  CONSTRAINT users_active_bool CHECK (active IN (0, 1))
);

-- Emails are unique whatever their case.
CREATE UNIQUE INDEX users_email_key ON users (email COLLATE NOCASE);
CREATE INDEX users_created_idx ON users (created_at, id);

CREATE TABLE sessions (
  id           INTEGER  NOT NULL PRIMARY KEY,
  token_hash   BLOB     NOT NULL,
  user_id      INTEGER  NOT NULL,
  created_at   DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  expires_at   DATETIME NOT NULL,
  last_used_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  user_agent   TEXT     NOT NULL DEFAULT '',
  CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  -- SHA-256 of the bearer token; the token itself is never stored.
  CONSTRAINT sessions_token_hash_length CHECK (length(token_hash) = 32),
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
  token_hash   BLOB     NOT NULL PRIMARY KEY,
  session_id   INTEGER  NOT NULL,
  dashboard_id INTEGER  NOT NULL,
  expires_at   DATETIME NOT NULL,
  CONSTRAINT stream_tickets_session_fk FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE,
  CONSTRAINT stream_tickets_dashboard_fk FOREIGN KEY (dashboard_id) REFERENCES dashboards (id) ON DELETE CASCADE,
  -- SHA-256 of the ticket; the ticket itself is never stored.
  CONSTRAINT stream_tickets_token_hash_length CHECK (length(token_hash) = 32)
) WITHOUT ROWID;

CREATE INDEX stream_tickets_session_idx ON stream_tickets (session_id);
CREATE INDEX stream_tickets_dashboard_idx ON stream_tickets (dashboard_id);
CREATE INDEX stream_tickets_expires_idx ON stream_tickets (expires_at);
