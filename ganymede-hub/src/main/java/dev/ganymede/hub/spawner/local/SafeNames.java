package dev.ganymede.hub.spawner.local;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Reversible escaping of user and server names into file names, in the style of KubeSpawner's
 * escapism: {@code [a-z0-9._]} stay as they are, every other byte of the UTF-8 form becomes {@code
 * -xx} (lower-case hex), so {@code -} itself becomes {@code -2d}. A leading {@code .} is escaped
 * too, so a result is never {@code .}, {@code ..} or a hidden file. Results never contain {@code
 * --}, which {@link #fileName(String, String)} uses to join a user and a server name without
 * ambiguity.
 */
final class SafeNames {
  private static final HexFormat HEX = HexFormat.of();

  private SafeNames() {}

  /**
   * {@code alice} → {@code alice}; {@code a@b.org} → {@code a-40b.org}; {@code ..} → {@code -2e.}.
   */
  static String escape(String name) {
    Objects.requireNonNull(name, "name");
    StringBuilder out = new StringBuilder(name.length());
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean safe =
          (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '_' || (b == '.' && i > 0);
      if (safe) {
        out.append((char) b);
      } else {
        out.append('-').append(HEX.toHexDigits((byte) b));
      }
    }
    return out.toString();
  }

  /** The inverse of {@link #escape(String)}. */
  static String unescape(String escaped) {
    Objects.requireNonNull(escaped, "escaped");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '-') {
        if (i + 3 > escaped.length()) {
          throw new IllegalArgumentException("truncated escape in " + escaped);
        }
        bytes.write(HexFormat.fromHexDigits(escaped, i + 1, i + 3));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** {@code alice} → {@code alice}; {@code alice} + {@code gpu} → {@code alice--gpu}. */
  static String fileName(String user, String serverName) {
    return serverName.isEmpty() ? escape(user) : escape(user) + "--" + escape(serverName);
  }
}
