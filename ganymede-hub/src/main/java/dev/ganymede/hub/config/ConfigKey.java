package dev.ganymede.hub.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One configuration key: {@code section.name}, named like the record component it fills.
 *
 * @param section the section's name ({@code hub})
 * @param name the key within the section, camelCase ({@code dataDir})
 * @param type how its values are read, checked and shown
 */
record ConfigKey<T>(String section, String name, ValueType<T> type) {

  ConfigKey {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** The full key, as in {@code hub.dataDir}. */
  String path() {
    return section + "." + name;
  }

  /** The environment variable that sets it, as in {@code GANYMEDE_HUB_DATA_DIR}. */
  String environmentVariable() {
    return "GANYMEDE_" + upperSnake(section).replace('.', '_') + "_" + upperSnake(name);
  }

  private static String upperSnake(String camelCase) {
    return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
