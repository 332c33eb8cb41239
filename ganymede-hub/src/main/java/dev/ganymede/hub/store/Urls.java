package dev.ganymede.hub.store;

/** JDBC URLs for logs and messages. */
final class Urls {
  private Urls() {}

  /** The URL with the value of a {@code password=} parameter replaced by {@code ********}. */
  static String masked(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1********");
  }
}
