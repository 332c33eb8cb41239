package dev.ganymede.hub.spawner;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * OAuth client ids of single-user servers, as JupyterHub forms them: {@code jupyterhub-user-}
 * followed by Python's {@code quote(name)} (only letters, digits, {@code _.-~/} stay as they are),
 * and {@code -<quoted server>} for a named server.
 */
public final class ClientIds {
  public static final String PREFIX = "jupyterhub-user-";

  private ClientIds() {}

  public static String of(String user, String server) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(server, "server");
    return PREFIX + quote(user) + (server.isEmpty() ? "" : "-" + quote(server));
  }

  /** Python's {@code urllib.parse.quote(value)} with its default safe character {@code /}. */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '.'
          || c == '-'
          || c == '~'
          || c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }
}
