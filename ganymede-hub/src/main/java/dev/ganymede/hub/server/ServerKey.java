package dev.ganymede.hub.server;

import java.util.Objects;

/** Identifies one server: its owner and its name ({@code ""} for the default server). */
record ServerKey(String user, String name) {
  ServerKey {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(name, "name");
  }

  /** {@code alice/} or {@code alice/gpu}, as JupyterHub names servers in events and scopes. */
  String subject() {
    return user + "/" + name;
  }
}
