package dev.ganymede.hub.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives each server's secret: hex HMAC-SHA256(key, {@code user \0 server \0 nonce}), where the
 * nonce is a fresh random value stored on the server's row at every spawn. Only the key (a hub
 * secret) and the nonce are stored, never a token; a restarted hub derives the same token again,
 * and a new spawn gets a new one. Thread-safe.
 */
public final class ServerTokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final int MIN_KEY_BYTES = 16;

  private final SecretKeySpec key;

  /**
   * @param key at least 16 bytes of secret key material
   */
  public ServerTokens(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("server token key must have at least 16 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  /** The token of one spawn of one server (64 hex digits). */
  public String token(String user, String serverName, String nonce) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(nonce, "nonce");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] input = (user + '\0' + serverName + '\0' + nonce).getBytes(StandardCharsets.UTF_8);
      return HEX.formatHex(mac.doFinal(input));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** A fresh random nonce (32 hex digits) for a new spawn. */
  public String newNonce() {
    return HEX.formatHex(randomBytes(16));
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  @Override
  public String toString() {
    return "ServerTokens[key hidden]";
  }
}
