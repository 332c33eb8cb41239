package dev.ganymede.hub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes passwords with Argon2id (BouncyCastle) and stores them in the PHC string format, e.g.
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded standard Base64), which the
 * reference {@code argon2} tool and other libraries read too.
 *
 * <p>Thread-safe. Hashing and verifying block for tens of milliseconds and allocate {@link
 * Cost#memoryKib()} KiB: call them on a virtual thread or worker, never on an event loop.
 *
 * <pre>{@code
 * PasswordHasher hasher = new PasswordHasher(PasswordHasher.Cost.OWASP);
 * String stored = hasher.hash("correct horse");
 * hasher.verify("correct horse", stored); // true
 * hasher.needsRehash(stored);             // false until the cost changes
 * }</pre>
 */
public final class PasswordHasher {

  /**
   * Argon2id cost parameters.
   *
   * @param memoryKib memory in KiB ({@code m})
   * @param iterations passes over the memory ({@code t})
   * @param parallelism lanes ({@code p})
   */
  public record Cost(int memoryKib, int iterations, int parallelism) {

    /** OWASP's recommendation (Password Storage Cheat Sheet): m=19456 KiB, t=2, p=1. */
    public static final Cost OWASP = new Cost(19_456, 2, 1);

    public Cost {
      if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
        throw new IllegalArgumentException("parallelism must be in 1.." + MAX_PARALLELISM);
      }
      if (iterations < 1 || iterations > MAX_ITERATIONS) {
        throw new IllegalArgumentException("iterations must be in 1.." + MAX_ITERATIONS);
      }
      if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
        throw new IllegalArgumentException(
            "memoryKib must be in " + 8 * parallelism + ".." + MAX_MEMORY_KIB);
      }
    }
  }

  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;

  // Bounds for stored strings, so that a corrupt row cannot make verify() allocate gigabytes.
  private static final int MAX_MEMORY_KIB = 1 << 20;
  private static final int MAX_ITERATIONS = 64;
  private static final int MAX_PARALLELISM = 64;
  private static final int MIN_SALT_BYTES = 8;
  private static final int MIN_HASH_BYTES = 16;
  private static final int MAX_SALT_OR_HASH_BYTES = 64;

  private static final String PREFIX = "$argon2id$v=19$";
  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

  private final Cost cost;
  private final SecureRandom random = new SecureRandom();

  /** With {@link Cost#OWASP}. */
  public PasswordHasher() {
    this(Cost.OWASP);
  }

  public PasswordHasher(Cost cost) {
    this.cost = Objects.requireNonNull(cost, "cost");
  }

  public Cost cost() {
    return cost;
  }

  /** A new PHC string with a fresh random salt. */
  public String hash(String password) {
    Objects.requireNonNull(password, "password");
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = argon2(password, salt, cost, HASH_BYTES);
    return PREFIX
        + "m="
        + cost.memoryKib()
        + ",t="
        + cost.iterations()
        + ",p="
        + cost.parallelism()
        + "$"
        + BASE64.encodeToString(salt)
        + "$"
        + BASE64.encodeToString(hash);
  }

  /**
   * Whether {@code password} matches {@code encoded}, compared in constant time. False, never an
   * exception, if {@code encoded} is not an Argon2id PHC string this class can read.
   */
  public boolean verify(String password, String encoded) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(encoded, "encoded");
    Optional<Parsed> parsed = Parsed.of(encoded);
    if (parsed.isEmpty()) {
      return false;
    }
    Parsed stored = parsed.get();
    byte[] actual = argon2(password, stored.salt(), stored.cost(), stored.hash().length);
    return MessageDigest.isEqual(actual, stored.hash());
  }

  /**
   * Whether {@code encoded} was made with other parameters than this hasher's (or is unreadable).
   */
  public boolean needsRehash(String encoded) {
    Objects.requireNonNull(encoded, "encoded");
    return Parsed.of(encoded)
        .map(
            stored ->
                !stored.cost().equals(cost)
                    || stored.salt().length != SALT_BYTES
                    || stored.hash().length != HASH_BYTES)
        .orElse(true);
  }

  private static byte[] argon2(String password, byte[] salt, Cost cost, int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(cost.memoryKib())
            .withIterations(cost.iterations())
            .withParallelism(cost.parallelism())
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  /** A PHC string taken apart; only {@code $argon2id$v=19$m=M,t=T,p=P$salt$hash}. */
  private record Parsed(Cost cost, byte[] salt, byte[] hash) {

    static Optional<Parsed> of(String encoded) {
      if (!encoded.startsWith(PREFIX)) {
        return Optional.empty();
      }
      String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
      if (parts.length != 3) {
        return Optional.empty();
      }
      try {
        Optional<Cost> cost = parseCost(parts[0]);
        byte[] salt = BASE64_DECODER.decode(parts[1]);
        byte[] hash = BASE64_DECODER.decode(parts[2]);
        if (cost.isEmpty()
            || salt.length < MIN_SALT_BYTES
            || salt.length > MAX_SALT_OR_HASH_BYTES
            || hash.length < MIN_HASH_BYTES
            || hash.length > MAX_SALT_OR_HASH_BYTES) {
          return Optional.empty();
        }
        return Optional.of(new Parsed(cost.get(), salt, hash));
      } catch (IllegalArgumentException malformed) {
        return Optional.empty();
      }
    }

    private static Optional<Cost> parseCost(String text) {
      String[] fields = text.split(",", -1);
      if (fields.length != 3
          || !fields[0].startsWith("m=")
          || !fields[1].startsWith("t=")
          || !fields[2].startsWith("p=")) {
        return Optional.empty();
      }
      return Optional.of(
          new Cost(
              parseSmallInt(fields[0].substring(2)),
              parseSmallInt(fields[1].substring(2)),
              parseSmallInt(fields[2].substring(2))));
    }

    /** Digits only (no sign, no spaces), at most 8 of them; throws IllegalArgumentException. */
    private static int parseSmallInt(String digits) {
      if (digits.isEmpty()
          || digits.length() > 8
          || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("not a small number");
      }
      return Integer.parseInt(digits);
    }
  }
}
