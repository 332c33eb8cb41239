package dev.ganymede.hub.store;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The keys the hub generates on its first start and keeps in the database ({@link SecretStore}), so
 * that sign-ins and server tokens survive restarts and are shared by hubs on one database:
 *
 * <ul>
 *   <li>{@link #cookieKey()}: 32 bytes that sign session cookies;
 *   <li>{@link #serverTokenKey()}: 32 bytes from which servers' API tokens are derived.
 * </ul>
 *
 * <p>Stored as lower-case hex. {@link #load} blocks on the database; the value is immutable and
 * thread-safe. {@link #toString()} shows no key.
 */
public final class HubSecrets {

  /** The secret names in the store. */
  static final String COOKIE_KEY = "cookie-key";

  static final String SERVER_TOKEN_KEY = "server-token-key";

  /** Key length in bytes. */
  public static final int KEY_BYTES = 32;

  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] cookieKey;
  private final byte[] serverTokenKey;

  private HubSecrets(byte[] cookieKey, byte[] serverTokenKey) {
    this.cookieKey = cookieKey;
    this.serverTokenKey = serverTokenKey;
  }

  /** The stored keys, generated and stored first if this database has none. */
  public static HubSecrets load(SecretStore store) {
    Objects.requireNonNull(store, "store");
    return new HubSecrets(key(store, COOKIE_KEY), key(store, SERVER_TOKEN_KEY));
  }

  /** A copy of the 32-byte cookie signing key. */
  public byte[] cookieKey() {
    return cookieKey.clone();
  }

  /** A copy of the 32-byte key from which server tokens are derived. */
  public byte[] serverTokenKey() {
    return serverTokenKey.clone();
  }

  @Override
  public String toString() {
    return "HubSecrets[cookieKey=<hidden>, serverTokenKey=<hidden>]";
  }

  private static byte[] key(SecretStore store, String name) {
    String stored = store.getOrCreate(name, HubSecrets::generate);
    try {
      byte[] key = HEX.parseHex(stored);
      if (key.length == KEY_BYTES) {
        return key;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new StoreException(
        "stored secret "
            + name
            + " is not "
            + KEY_BYTES
            + " bytes of hex; delete it to regenerate");
  }

  private static String generate() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return HEX.formatHex(key);
  }
}
