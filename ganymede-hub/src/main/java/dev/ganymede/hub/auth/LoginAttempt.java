package dev.ganymede.hub.auth;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One sign-in attempt as the hub received it.
 *
 * @param form the submitted form fields ({@code username}, {@code password}, ...)
 * @param query the query parameters (an OAuth callback's {@code code} and {@code state})
 * @param headers the request headers, names in lower case ({@code cookie}, {@code
 *     cf-access-jwt-assertion}, a front proxy's user header)
 * @param clientAddress the address of the client's connection (the last hop), for throttling,
 *     trusted proxies and the audit log
 */
public record LoginAttempt(
    Map<String, String> form,
    Map<String, String> query,
    Map<String, String> headers,
    String clientAddress) {
  public LoginAttempt {
    form = Map.copyOf(form);
    query = Map.copyOf(query);
    headers =
        headers.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
    Objects.requireNonNull(clientAddress, "clientAddress");
  }

  /** An attempt without headers (a password form). */
  public LoginAttempt(Map<String, String> form, Map<String, String> query, String clientAddress) {
    this(form, query, Map.of(), clientAddress);
  }

  public String field(String name) {
    return form.getOrDefault(name, "");
  }

  /** A query parameter, or empty text. */
  public String parameter(String name) {
    return query.getOrDefault(name, "");
  }

  /** A header (any case), or empty text. */
  public String header(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
  }

  /** A cookie from the {@code Cookie} header, or empty text. */
  public String cookie(String name) {
    for (String pair : header("cookie").split(";")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).strip().equals(name)) {
        return pair.substring(equals + 1).strip();
      }
    }
    return "";
  }

  @Override
  public String toString() {
    return "LoginAttempt[username="
        + form.get("username")
        + ", clientAddress="
        + clientAddress
        + "]";
  }
}
