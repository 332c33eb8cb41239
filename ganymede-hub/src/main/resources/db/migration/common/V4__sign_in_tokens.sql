-- Sign-in state handed to users' servers (provider tokens), encrypted by the hub with
-- auth.state.key before it is written: value is base64(nonce || AES-GCM ciphertext).
CREATE TABLE sign_in_tokens (
  user_name TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (user_name, name)
);
