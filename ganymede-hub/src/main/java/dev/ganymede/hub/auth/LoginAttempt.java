package dev.ganymede.hub.auth;

import java.util.Map;
import java.util.Objects;

/**
 * One sign-in attempt as the hub received it.
 *
 * @param form the submitted form fields ({@code username}, {@code password}, ...)
 * @param query the query parameters (an OAuth callback's {@code code} and {@code state})
 * @param clientAddress the client's address, for throttling and the audit log
 */
public record LoginAttempt(
    Map<String, String> form, Map<String, String> query, String clientAddress) {
  public LoginAttempt {
    form = Map.copyOf(form);
    query = Map.copyOf(query);
    Objects.requireNonNull(clientAddress, "clientAddress");
  }

  public String field(String name) {
    return form.getOrDefault(name, "");
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
