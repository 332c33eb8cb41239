package dev.ganymede.hub.auth.sso;

import dev.ganymede.hub.store.SignInTokenStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Environment variables that a sign-in hands to the user's server (a GitHub token as {@code
 * GITHUB_TOKEN}, OpenID Connect tokens), kept per user encrypted with AES-GCM (a random 96-bit
 * nonce per value; the user and variable names as associated data).
 *
 * <p>{@link #inMemory()} keeps them in this process under a random key: a restart forgets them and
 * the user's next sign-in provides them again. {@link #persistent} keeps them in the database under
 * a key derived from {@code auth.state.key}, so they survive restarts; the database only ever sees
 * ciphertext, and values sealed under another key are ignored (logged without their content).
 * Thread-safe; the persistent variant blocks on the database.
 *
 * <pre>{@code
 * Map<String, String> env = tokens.environmentFor("alice"); // empty if none
 * }</pre>
 */
public final class SignInTokens {
  private static final Logger LOG = LoggerFactory.getLogger(SignInTokens.class);
  private static final int NONCE_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The name of the OpenID Connect refresh token kept for {@code auth.oidc.refreshAfter}. */
  static final String OIDC_REFRESH = "oidc.refresh_token";

  private final SecretKey key;
  private final SignInTokenStore store;

  private SignInTokens(SecretKey key, SignInTokenStore store) {
    this.key = key;
    this.store = store;
  }

  /** Tokens kept in memory only, under a random per-process key. */
  public static SignInTokens inMemory() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256);
      return new SignInTokens(generator.generateKey(), new MemoryStore());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is not available", e);
    }
  }

  /**
   * Tokens kept in {@code store}, encrypted under a 256-bit key derived (SHA-256) from {@code
   * keyText} ({@code auth.state.key}, at least 32 characters of randomness).
   */
  public static SignInTokens persistent(SignInTokenStore store, String keyText) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(keyText, "keyText");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("ganymede-sign-in-state\0" + keyText).getBytes(StandardCharsets.UTF_8));
      return new SignInTokens(new SecretKeySpec(digest, "AES"), store);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Replaces the variables kept for {@code user}. */
  void put(String user, Map<String, String> variables) {
    Objects.requireNonNull(user, "user");
    Map<String, String> values = new LinkedHashMap<>();
    variables.forEach((name, value) -> values.put(name, seal(user, name, value)));
    store.replace(user, values);
  }

  /**
   * The variables for {@code user}'s server, decrypted; empty if the user has none. Values kept
   * under names that are not variable names (such as {@link #OIDC_REFRESH}) stay in the hub.
   */
  public Map<String, String> environmentFor(String user) {
    Map<String, String> variables = new LinkedHashMap<>(read(user));
    variables.keySet().removeIf(name -> !VARIABLE.matcher(name).matches());
    return Map.copyOf(variables);
  }

  /** One value kept for {@code user}, decrypted. */
  Optional<String> value(String user, String name) {
    return Optional.ofNullable(read(user).get(name));
  }

  private Map<String, String> read(String user) {
    Objects.requireNonNull(user, "user");
    Map<String, String> variables = new LinkedHashMap<>();
    store
        .read(user)
        .forEach(
            (name, value) -> {
              try {
                variables.put(name, open(user, name, value));
              } catch (GeneralSecurityException | IllegalArgumentException e) {
                LOG.warn(
                    "Ignoring sign-in state {} of user {}: it does not decrypt with this key"
                        + " (auth.state.key changed?)",
                    name,
                    user);
              }
            });
    return Map.copyOf(variables);
  }

  private String seal(String user, String name, String value) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(associatedData(user, name));
      byte[] encrypted = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + encrypted.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(encrypted, 0, out, NONCE_BYTES, encrypted.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt", e);
    }
  }

  private String open(String user, String name, String sealedValue)
      throws GeneralSecurityException {
    byte[] sealed = Base64.getDecoder().decode(sealedValue);
    if (sealed.length <= NONCE_BYTES) {
      throw new IllegalArgumentException("too short");
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, NONCE_BYTES));
    cipher.updateAAD(associatedData(user, name));
    byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    return new String(plain, StandardCharsets.UTF_8);
  }

  private static byte[] associatedData(String user, String name) {
    return (user + "\0" + name).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SignInTokens[" + (store instanceof MemoryStore ? "memory" : "persistent") + "]";
  }

  /** The in-process store of {@link #inMemory()}. */
  private static final class MemoryStore implements SignInTokenStore {
    private final Map<String, Map<String, String>> sealed = new ConcurrentHashMap<>();

    @Override
    public void replace(String user, Map<String, String> sealedValues) {
      sealed.put(user, Map.copyOf(sealedValues));
    }

    @Override
    public Map<String, String> read(String user) {
      return sealed.getOrDefault(user, Map.of());
    }
  }
}
