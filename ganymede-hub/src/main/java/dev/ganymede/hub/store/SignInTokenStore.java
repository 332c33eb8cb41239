package dev.ganymede.hub.store;

import java.util.Map;

/**
 * Per-user sign-in state (variable name to an already encrypted value) kept across restarts. The
 * store never sees plain tokens. Blocking; thread-safe.
 */
public interface SignInTokenStore {

  /** Replaces everything kept for {@code user} with {@code sealedValues} (atomically). */
  void replace(String user, Map<String, String> sealedValues);

  /** What is kept for {@code user}; empty if nothing. */
  Map<String, String> read(String user);
}
