-- REST API tokens (also the OAuth access tokens handed to single-user servers) and group
-- properties. Only a token's SHA-256 is stored; "prefix" (its first 4 characters) narrows the
-- lookup. Exactly one of user_id / service names the owner.

CREATE TABLE api_tokens (
  id ${identity_column},
  user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
  service TEXT,
  prefix TEXT NOT NULL,
  hash TEXT NOT NULL,
  scopes TEXT NOT NULL,
  note TEXT NOT NULL,
  client_id TEXT NOT NULL,
  session_id TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  last_activity BIGINT,
  CONSTRAINT api_tokens_hash_unique UNIQUE (hash)
);

CREATE INDEX api_tokens_prefix ON api_tokens (prefix);

CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE INDEX api_tokens_session ON api_tokens (session_id);

CREATE TABLE group_properties (
  group_id BIGINT NOT NULL PRIMARY KEY REFERENCES user_groups (id) ON DELETE CASCADE,
  properties TEXT NOT NULL
);
