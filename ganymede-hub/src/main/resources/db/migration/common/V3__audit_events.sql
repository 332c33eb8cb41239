-- The audit log: one row per hub event (sign-ins, sign-outs, token, user, group and server
-- changes). Written by the audit recorder, read by the admin API and page. Never holds secrets.
CREATE TABLE audit_events (
  id ${identity_column},
  at BIGINT NOT NULL,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  subject TEXT NOT NULL,
  client_address TEXT NOT NULL,
  outcome TEXT NOT NULL,
  details TEXT NOT NULL
);

CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_actor ON audit_events (actor, at);
CREATE INDEX audit_events_subject ON audit_events (subject, at);
CREATE INDEX audit_events_type ON audit_events (type, at);
