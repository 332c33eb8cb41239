package dev.ganymede.hub.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The value types of the configuration keys. */
final class ValueTypes {

  static final String MASK = "********";

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:%\\[\\]-]+");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,10}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ValueTypes() {}

  /** An IP address or host name. */
  static ValueType<String> host() {
    return scalar(
        "an IP address or host name (0.0.0.0 for every interface)",
        text -> Optional.of(text).filter(t -> HOST.matcher(t).matches()),
        Function.identity());
  }

  /** A URL path prefix that starts and ends with {@code /}. */
  static ValueType<String> basePath() {
    return scalar(
        "a URL path that starts and ends with / (such as / or /jupyter/), without spaces",
        text ->
            Optional.of(text)
                .filter(t -> t.startsWith("/") && t.endsWith("/") && !t.contains("//"))
                .filter(ValueTypes::noSpace),
        Function.identity());
  }

  static ValueType<String> oneOf(String... allowed) {
    List<String> values = List.of(allowed);
    return scalar(
        values.size() == 1
            ? BadValue.quoted(allowed[0]) + " (the only value supported so far)"
            : "one of " + String.join(", ", values.stream().map(BadValue::quoted).toList()),
        text -> Optional.of(text).filter(values::contains),
        Function.identity());
  }

  /**
   * {@link #oneOf} for {@code spawner.type}, where a bare YAML {@code null} (which YAML reads as no
   * value) means the spawner named "null".
   */
  static ValueType<String> spawnerType(String... allowed) {
    ValueType<String> names = oneOf(allowed);
    return ValueType.of(
        names.description(),
        raw -> {
          if (raw.node().isNull() && List.of(allowed).contains(SpawnerConfig.NULL)) {
            return SpawnerConfig.NULL;
          }
          return names.parse(raw);
        },
        value -> value);
  }

  static ValueType<Integer> integer(int min, int max) {
    return scalar(
        "an integer from " + min + " to " + max,
        text -> {
          if (!INTEGER.matcher(text).matches()) {
            return Optional.empty();
          }
          long value = Long.parseLong(text);
          return value >= min && value <= max ? Optional.of((int) value) : Optional.empty();
        },
        value -> value);
  }

  static ValueType<Boolean> bool() {
    return scalar(
        "true or false",
        text ->
            switch (text.toLowerCase(Locale.ROOT)) {
              case "true" -> Optional.of(Boolean.TRUE);
              case "false" -> Optional.of(Boolean.FALSE);
              default -> Optional.empty();
            },
        value -> value);
  }

  /** A duration longer than zero. */
  static ValueType<Duration> positiveDuration() {
    return scalar(
        "a positive " + Durations.FORMS.substring("a ".length()),
        text -> Durations.parse(text).filter(d -> !d.isNegative() && !d.isZero()),
        Durations::format);
  }

  /** A file system path; relative paths are relative to the hub's working directory. */
  static ValueType<Path> path() {
    return scalar(
        "a file system path",
        text -> {
          try {
            return Optional.of(Path.of(text));
          } catch (InvalidPathException e) {
            return Optional.empty();
          }
        },
        Path::toString);
  }

  /** An absolute {@code http} or {@code https} URL. */
  static ValueType<URI> httpUrl() {
    return scalar(
        "an absolute http or https URL (such as https://hub.example.org/)",
        text -> {
          try {
            URI uri = new URI(text);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            boolean plain = uri.getHost() != null && uri.getRawQuery() == null;
            return web && plain ? Optional.of(uri) : Optional.empty();
          } catch (URISyntaxException e) {
            return Optional.empty();
          }
        },
        URI::toString);
  }

  /** A JDBC URL of a supported database; a {@code password} parameter is masked when shown. */
  static ValueType<String> jdbcUrl() {
    return scalar(
        "a JDBC URL starting with jdbc:sqlite: (a file, not :memory:) or jdbc:postgresql:",
        text -> {
          boolean memory = text.contains(":memory:") || text.contains("mode=memory");
          boolean sqliteFile = text.startsWith("jdbc:sqlite:") && !memory;
          return Optional.of(text).filter(t -> sqliteFile || t.startsWith("jdbc:postgresql:"));
        },
        ValueTypes::maskUrlPassword);
  }

  /** Non-empty text without surrounding spaces. */
  static ValueType<String> word(String description) {
    return scalar(description, Optional::of, Function.identity());
  }

  /** A secret of at least {@code minLength} characters; never echoed in messages or output. */
  static ValueType<String> secret(int minLength) {
    String description = minLength == 1 ? "non-empty" : "at least " + minLength + " characters";
    return new ValueType<>() {
      @Override
      public String description() {
        return description + " (a secret; never shown)";
      }

      @Override
      public String parse(RawValue raw) throws BadValue {
        JsonNode node = raw.node();
        if (!node.isValueNode() || node.isNull()) {
          throw BadValue.expected(description, node);
        }
        String text = node.asText();
        if (text.length() < minLength) {
          throw new BadValue(
              "must be " + description + ", got a value of " + text.length() + " characters");
        }
        return text;
      }

      @Override
      public Object display(String value) {
        return MASK;
      }
    };
  }

  /** Absent, or a value of {@code inner}; YAML null and empty text mean absent. */
  static <T> ValueType<Optional<T>> optional(ValueType<T> inner) {
    return ValueType.of(
        inner.description() + ", or empty",
        raw -> isEmpty(raw.node()) ? Optional.empty() : Optional.of(inner.parse(raw)),
        value -> value.map(inner::display).orElse(null));
  }

  /**
   * A set of user names: each non-empty, without {@code /} or whitespace, lower-cased. A YAML list,
   * or comma separated text from the environment or the command line.
   */
  static ValueType<Set<String>> userNames() {
    String description = "a list of user names (non-empty, no / and no whitespace)";
    return ValueType.of(
        description,
        raw -> {
          Set<String> names = new LinkedHashSet<>();
          for (String item : items(raw, description)) {
            String name = item.strip();
            if (name.isEmpty() || name.contains("/") || !noSpace(name)) {
              throw new BadValue(
                  "must be " + description + ", got " + BadValue.quoted(item) + " in the list");
            }
            names.add(name.toLowerCase(Locale.ROOT));
          }
          return names;
        },
        value -> List.copyOf(new TreeSet<>(value)));
  }

  /** A list of non-empty strings (a YAML list, or comma separated text). */
  static ValueType<List<String>> stringList(String description) {
    return ValueType.of(
        description,
        raw -> {
          List<String> values = new ArrayList<>();
          for (String item : items(raw, description)) {
            if (item.isBlank()) {
              throw new BadValue("must be " + description + ", got an empty item in the list");
            }
            values.add(raw.isFlatText() ? item.strip() : item);
          }
          return values;
        },
        value -> value);
  }

  /**
   * Environment variables: a YAML mapping of names to scalar values, or {@code K=V,K2=V2} from the
   * environment or the command line.
   */
  static ValueType<Map<String, String>> environmentVariables() {
    String description =
        "a mapping of environment variable names (letters, digits, _) to values"
            + " (K=V,K2=V2 outside the file)";
    return ValueType.of(
        description,
        raw -> {
          JsonNode node = raw.node();
          Map<String, String> values = new LinkedHashMap<>();
          if (isEmpty(node)) {
            return values;
          }
          if (raw.isFlatText()) {
            for (String pair : node.asText().split(",", -1)) {
              int equals = pair.indexOf('=');
              if (equals <= 0) {
                throw BadValue.expected(description, pair);
              }
              putVariable(
                  values,
                  pair.substring(0, equals).strip(),
                  pair.substring(equals + 1),
                  description);
            }
            return values;
          }
          if (!node.isObject()) {
            throw BadValue.expected(description, node);
          }
          for (Map.Entry<String, JsonNode> entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (!value.isValueNode() || value.isNull()) {
              throw new BadValue(
                  "must be "
                      + description
                      + ", got "
                      + BadValue.shown(value)
                      + " for "
                      + BadValue.quoted(entry.getKey()));
            }
            putVariable(values, entry.getKey(), value.asText(), description);
          }
          return values;
        },
        value -> new TreeMap<>(value));
  }

  private static void putVariable(
      Map<String, String> values, String name, String value, String description) throws BadValue {
    if (!ENV_NAME.matcher(name).matches()) {
      throw new BadValue("must be " + description + ", got the name " + BadValue.quoted(name));
    }
    values.put(name, value);
  }

  /** Text, possibly empty, without surrounding spaces. */
  static ValueType<String> text(String description) {
    return ValueType.of(
        description,
        raw -> {
          JsonNode node = raw.node();
          if (node.isNull()) {
            return "";
          }
          if (!node.isValueNode() || !node.asText().equals(node.asText().strip())) {
            throw BadValue.expected(description, node);
          }
          return node.asText();
        },
        value -> value.isEmpty() ? null : value);
  }

  /** A set of non-empty strings (a YAML list, or comma separated text). */
  static ValueType<Set<String>> stringSet(String description) {
    ValueType<List<String>> list = stringList(description);
    return ValueType.of(
        description,
        raw -> new LinkedHashSet<>(list.parse(raw)),
        value -> List.copyOf(new TreeSet<>(value)));
  }

  /** A list of IP blocks ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1/128}). */
  static ValueType<List<Cidr>> cidrList() {
    String description = "a list of IP addresses or CIDR blocks (such as 10.0.0.0/8)";
    return ValueType.of(
        description,
        raw -> {
          List<Cidr> blocks = new ArrayList<>();
          for (String item : items(raw, description)) {
            Optional<Cidr> block = Cidr.parse(item.strip());
            if (block.isEmpty()) {
              throw new BadValue(
                  "must be " + description + ", got " + BadValue.quoted(item) + " in the list");
            }
            blocks.add(block.get());
          }
          return blocks;
        },
        value -> value.stream().map(Cidr::toString).toList());
  }

  /** A list of http(s) URL templates that contain {@code {username}}. */
  static ValueType<List<String>> urlTemplates() {
    String description = "a list of http or https URLs containing {username}";
    return ValueType.of(
        description,
        raw -> {
          List<String> urls = new ArrayList<>();
          for (String item : items(raw, description)) {
            String url = item.strip();
            boolean web = url.startsWith("http://") || url.startsWith("https://");
            if (!web || !url.contains("{username}")) {
              throw new BadValue(
                  "must be " + description + ", got " + BadValue.quoted(item) + " in the list");
            }
            urls.add(url);
          }
          return urls;
        },
        value -> value);
  }

  private static List<String> items(RawValue raw, String description) throws BadValue {
    JsonNode node = raw.node();
    if (isEmpty(node)) {
      return List.of();
    }
    if (raw.isFlatText()) {
      return List.of(node.asText().split(",", -1));
    }
    if (!node.isArray()) {
      throw BadValue.expected(description + " (a YAML list)", node);
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isValueNode() || item.isNull()) {
        throw new BadValue(
            "must be " + description + ", got " + BadValue.shown(item) + " in the list");
      }
      items.add(item.asText());
    }
    return items;
  }

  private static boolean isEmpty(JsonNode node) {
    return node.isNull() || node.isMissingNode() || (node.isTextual() && node.asText().isEmpty());
  }

  private static boolean noSpace(String text) {
    return text.codePoints().noneMatch(Character::isWhitespace);
  }

  static String maskUrlPassword(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1" + MASK);
  }

  /**
   * A single value given as text or a YAML scalar; {@code parser} returns empty when the text is
   * not allowed. Empty text and text with surrounding whitespace are never allowed.
   */
  static <T> ValueType<T> scalar(
      String description, Function<String, Optional<T>> parser, Function<? super T, ?> display) {
    return ValueType.of(
        description,
        raw -> {
          JsonNode node = raw.node();
          if (!node.isValueNode() || node.isNull()) {
            throw BadValue.expected(description, node);
          }
          String text = node.asText();
          Optional<T> value =
              text.isEmpty() || !text.equals(text.strip()) ? Optional.empty() : parser.apply(text);
          if (value.isEmpty()) {
            throw BadValue.expected(description, node);
          }
          return value.get();
        },
        display);
  }
}
