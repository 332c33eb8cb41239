package dev.ganymede.hub.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One section of the configuration: its record type, its defaults and its keys (one per record
 * component, in the same order). Builds the record from parsed values, falling back to the defaults
 * for keys that were not given.
 */
record ConfigSection<R extends Record>(
    String name,
    Class<R> type,
    R defaults,
    Function<GanymedeConfig, R> extractor,
    List<ConfigKey<?>> keys) {

  ConfigSection {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(extractor, "extractor");
    keys = List.copyOf(keys);
    List<String> components =
        Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
    List<String> keyNames = keys.stream().map(ConfigKey::name).toList();
    if (!components.equals(keyNames)) {
      throw new IllegalArgumentException(
          "keys of section " + name + " " + keyNames + " do not match " + components);
    }
  }

  Optional<ConfigKey<?>> key(String keyName) {
    return keys.stream().filter(k -> k.name().equals(keyName)).findFirst();
  }

  /** {@code known keys in auth: type, adminUsers, ...}, for unknown-key messages. */
  String knownKeys() {
    return "known keys in "
        + name
        + ": "
        + String.join(", ", keys.stream().map(ConfigKey::name).toList());
  }

  /** The record with {@code values} (key name to parsed value) over the defaults. */
  R bind(Map<String, Object> values) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] arguments = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      arguments[i] =
          values.containsKey(components[i].getName())
              ? values.get(components[i].getName())
              : valueOf(defaults, components[i].getName());
    }
    try {
      Constructor<R> constructor = type.getDeclaredConstructor(types);
      return constructor.newInstance(arguments);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
    }
  }

  /** The value of one key in a section record. */
  Object valueOf(R record, String keyName) {
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.getName().equals(keyName)) {
        try {
          return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + name + "." + keyName, e);
        }
      }
    }
    throw new IllegalArgumentException("no key " + keyName + " in section " + name);
  }

  /** {@code value} shown through the key's type (secrets masked). */
  Object display(GanymedeConfig config, ConfigKey<?> key) {
    return displayTyped(key, valueOf(extractor.apply(config), key.name()));
  }

  @SuppressWarnings("unchecked")
  private static <T> Object displayTyped(ConfigKey<T> key, Object value) {
    return key.type().display((T) value);
  }
}
