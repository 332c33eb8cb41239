package dev.ganymede.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Kubernetes names of one user's server, exactly as KubeSpawner 7 ({@code slug_scheme: safe}) makes
 * them, so that pods, PVCs and {@code {username}} sub-paths carry over from a z2jh hub: a name that
 * is already a valid DNS label without {@code --} stays; any other becomes a safe prefix plus
 * {@code ---} and the first 8 hex digits of its SHA-256 ({@code Capital} → {@code
 * capital---1a1cf792}, {@code a@b.org} → {@code a-b-org---...}).
 *
 * @param username the user's slug ({@code {username}})
 * @param servername the server's slug, {@code ""} for the default server ({@code {servername}})
 * @param userServer {@code {user_server}}: the user's slug, or user and server joined
 */
record KubeNames(String username, String servername, String userServer) {

  private static final Pattern OBJECT = Pattern.compile("[a-z0-9-]+");
  private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");
  private static final int HASH_LENGTH = 8;

  KubeNames {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(servername, "servername");
    Objects.requireNonNull(userServer, "userServer");
  }

  static KubeNames of(String user, String serverName) {
    String safeUser = safeSlug(user);
    if (serverName.isEmpty()) {
      return new KubeNames(safeUser, "", safeUser);
    }
    String safeServer = safeSlug(serverName);
    String joined = safeUser + "--" + safeServer;
    boolean plain = safeUser.equals(user) && safeServer.equals(serverName) && joined.length() <= 48;
    return new KubeNames(
        safeUser, safeServer, plain ? joined : multiSlug(List.of(user, serverName), 48));
  }

  /** {@code jupyter-{user_server}}. */
  String pod() {
    return "jupyter-" + userServer;
  }

  /** {@code claim-{user_server}}. */
  String claim() {
    return "claim-" + userServer;
  }

  /**
   * Replaces {@code {username}}, {@code {servername}} and {@code {user_server}} in {@code text}.
   */
  String expand(String text) {
    return text.replace("{username}", username)
        .replace("{servername}", servername)
        .replace("{user_server}", userServer);
  }

  /**
   * A user's namespace ({@code kubernetes.namespacePerUser}): {@code template} with {@code
   * {namespace}} and {@code {username}} replaced. A result that is not a valid name (too long, say)
   * becomes a safe prefix, {@code ---} and 8 hex digits of its SHA-256, at most 63 characters, as
   * KubeSpawner escapes object names.
   */
  String userNamespace(String template, String hubNamespace) {
    String name = template.replace("{namespace}", hubNamespace).replace("{username}", username);
    return isValidObjectName(name) ? name : stripAndHash(name, 63);
  }

  static boolean isValidObjectName(String s) {
    return !s.isEmpty()
        && s.length() <= 63
        && s.charAt(0) >= 'a'
        && s.charAt(0) <= 'z'
        && isLowerAlphanumeric(s.charAt(s.length() - 1))
        && OBJECT.matcher(s).matches();
  }

  /** KubeSpawner's {@code safe_slug}. */
  static String safeSlug(String name) {
    if (!name.contains("--") && isValidObjectName(name)) {
      return name;
    }
    return stripAndHash(name, 32);
  }

  static String stripAndHash(String name, int maxLength) {
    String hash = sha256(name.getBytes(StandardCharsets.UTF_8)).substring(0, HASH_LENGTH);
    return extractSafeName(name, maxLength - (HASH_LENGTH + 3)) + "---" + hash;
  }

  /** KubeSpawner's {@code multi_slug}: {@code {name1}--{name2}---{hash}}. */
  static String multiSlug(List<String> names, int maxLength) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        bytes.write(0xff);
      }
      bytes.writeBytes(names.get(i).getBytes(StandardCharsets.UTF_8));
    }
    String hash = sha256(bytes.toByteArray()).substring(0, HASH_LENGTH);
    int perName = (maxLength - (HASH_LENGTH + 1)) / names.size();
    int nameMaxLength = perName - 2;
    return String.join("--", names.stream().map(n -> extractSafeName(n, nameMaxLength)).toList())
        + "---"
        + hash;
  }

  private static String extractSafeName(String name, int maxLength) {
    String safe = NON_ALPHANUMERIC.matcher(name.toLowerCase(java.util.Locale.ROOT)).replaceAll("-");
    safe = stripLeading(safe);
    safe = stripTrailing(safe.substring(0, Math.min(maxLength, safe.length())));
    if (!safe.isEmpty() && !(safe.charAt(0) >= 'a' && safe.charAt(0) <= 'z')) {
      safe = "x-" + safe.substring(0, Math.min(maxLength - 2, safe.length()));
    }
    return safe.isEmpty() ? "x" : safe;
  }

  private static String stripLeading(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '-') {
      i++;
    }
    return s.substring(i);
  }

  private static String stripTrailing(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(0, end);
  }

  private static boolean isLowerAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static String sha256(byte[] input) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
