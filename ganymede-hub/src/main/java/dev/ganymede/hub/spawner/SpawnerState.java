package dev.ganymede.hub.spawner;

import java.util.Map;
import java.util.Optional;

/**
 * The spawner's own persisted notes about one server (a pid and port, a pod name), stored as JSON
 * with the server's row. Values are strings, numbers or booleans.
 */
public record SpawnerState(Map<String, Object> values) {

  public static final SpawnerState EMPTY = new SpawnerState(Map.of());

  public SpawnerState {
    values = Map.copyOf(values);
  }

  public Optional<Object> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  public Optional<String> string(String key) {
    return get(key).map(Object::toString);
  }

  public Optional<Long> number(String key) {
    return get(key).map(v -> v instanceof Number n ? n.longValue() : Long.parseLong(v.toString()));
  }
}
