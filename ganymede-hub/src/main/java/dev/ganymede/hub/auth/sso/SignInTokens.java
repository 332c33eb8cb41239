package dev.ganymede.hub.auth.sso;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Environment variables that a sign-in hands to the user's server (a GitHub token as {@code
 * GITHUB_TOKEN}), kept per user encrypted with AES-GCM (a random 96-bit nonce per value, the user
 * name as associated data) under a key that lives only in this process: a restart forgets them and
 * the user's next sign-in provides them again. Thread-safe.
 *
 * <pre>{@code
 * Map<String, String> env = tokens.environmentFor("alice"); // empty if none
 * }</pre>
 */
public final class SignInTokens {
  private static final int NONCE_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;
  private final Map<String, Map<String, byte[]>> sealed = new ConcurrentHashMap<>();

  public SignInTokens() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256);
      this.key = generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is not available", e);
    }
  }

  /** Replaces the variables kept for {@code user}. */
  void put(String user, Map<String, String> variables) {
    Objects.requireNonNull(user, "user");
    Map<String, byte[]> values = new LinkedHashMap<>();
    variables.forEach((name, value) -> values.put(name, seal(user, value)));
    sealed.put(user, Map.copyOf(values));
  }

  /** The variables for {@code user}'s server, decrypted; empty if the user has none. */
  public Map<String, String> environmentFor(String user) {
    Objects.requireNonNull(user, "user");
    Map<String, String> variables = new LinkedHashMap<>();
    sealed
        .getOrDefault(user, Map.of())
        .forEach((name, value) -> variables.put(name, open(user, value)));
    return Map.copyOf(variables);
  }

  private byte[] seal(String user, String value) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(user.getBytes(StandardCharsets.UTF_8));
      byte[] encrypted = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + encrypted.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(encrypted, 0, out, NONCE_BYTES, encrypted.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt", e);
    }
  }

  private String open(String user, byte[] sealedValue) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealedValue, 0, NONCE_BYTES));
      cipher.updateAAD(user.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(sealedValue, NONCE_BYTES, sealedValue.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot decrypt", e);
    }
  }

  @Override
  public String toString() {
    return "SignInTokens[" + sealed.size() + " users]";
  }
}
