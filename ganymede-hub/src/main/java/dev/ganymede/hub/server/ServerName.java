package dev.ganymede.hub.server;

import java.util.Objects;

/** A server's owner and name ({@code ""} for the default server), as the public API names it. */
public record ServerName(String user, String server) {
  public ServerName {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(server, "server");
  }
}
