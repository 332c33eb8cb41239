-- Ganymede's schema. The same migrations run on SQLite and PostgreSQL; the placeholders
-- ${identity_column} and ${boolean_type} fill in the types that differ (see DatabaseKind).
-- Instants are epoch milliseconds (BIGINT) on both.

CREATE TABLE users (
  id ${identity_column},
  name TEXT NOT NULL,
  admin ${boolean_type} NOT NULL,
  status TEXT NOT NULL,
  password_hash TEXT,
  password_must_change ${boolean_type} NOT NULL,
  created_at BIGINT NOT NULL,
  last_activity BIGINT,
  CONSTRAINT users_name_unique UNIQUE (name)
);

CREATE TABLE user_groups (
  id ${identity_column},
  name TEXT NOT NULL,
  CONSTRAINT user_groups_name_unique UNIQUE (name)
);

CREATE TABLE group_members (
  group_id BIGINT NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);

CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE servers (
  id ${identity_column},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  spawner_kind TEXT NOT NULL,
  spawner_state TEXT NOT NULL,
  url TEXT,
  token_nonce TEXT NOT NULL,
  started_at BIGINT,
  last_activity BIGINT,
  failure TEXT,
  CONSTRAINT servers_user_name_unique UNIQUE (user_id, name)
);

CREATE TABLE sessions (
  id_hash TEXT NOT NULL PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);

CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE secrets (
  name TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
