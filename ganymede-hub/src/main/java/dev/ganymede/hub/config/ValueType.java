package dev.ganymede.hub.config;

/**
 * How the values of one key are read, checked and shown. Implementations live in {@link
 * ValueTypes}.
 *
 * @param <T> the record component's type
 */
interface ValueType<T> {

  /** What is allowed, as in {@code must be <description>}; also used by the documentation test. */
  String description();

  /** The typed value, or a {@link BadValue} saying what is allowed and what was given. */
  T parse(RawValue raw) throws BadValue;

  /**
   * The value as plain YAML data (text, number, boolean, list, map or null) for showing the
   * effective configuration; secrets are masked.
   */
  Object display(T value);

  /** Reads a value from its raw form, or says what is allowed. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(RawValue raw) throws BadValue;
  }

  /**
   * A value type from its parts: what is allowed ({@code must be <description>}), how a value is
   * read, and how it is shown.
   */
  static <T> ValueType<T> of(
      String description, Parser<T> parser, java.util.function.Function<? super T, ?> display) {
    return new ValueType<>() {
      @Override
      public String description() {
        return description;
      }

      @Override
      public T parse(RawValue raw) throws BadValue {
        return parser.parse(raw);
      }

      @Override
      public Object display(T value) {
        return display.apply(value);
      }
    };
  }
}
