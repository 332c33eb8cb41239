package dev.ganymede.hub.store;

import java.util.function.Supplier;

/** Secrets the hub generates once and keeps (cookie signing key, server-token key). Blocking. */
public interface SecretStore {

  /**
   * Returns the stored value, or stores and returns {@code generator}'s value if there is none.
   * Atomic: two hubs starting at once end up with the same value.
   */
  String getOrCreate(String name, Supplier<String> generator);
}
