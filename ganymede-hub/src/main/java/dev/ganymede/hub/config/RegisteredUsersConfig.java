package dev.ganymede.hub.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Section {@code auth.registeredUsers}: admit only people another system knows. Before a sign-in
 * completes, the hub asks each API in {@code urls}; one answer that names the user admits them; no
 * match anywhere, or any error, refuses them. Names in {@code auth.adminUsers} skip the check.
 *
 * @param urls URL templates; {@code {username}} becomes the URL-encoded user name. Empty: no check
 * @param tokenHeader the header that carries {@code token} (default {@code Authorization})
 * @param token the header's value, such as {@code token abc...}; empty sends no header
 * @param jsonPath where the user name is in the answer: dotted field names, lists searched element
 *     by element ({@code results.username}); empty means the answer is a bare string
 * @param timeout how long one API may take
 */
public record RegisteredUsersConfig(
    List<String> urls,
    String tokenHeader,
    Optional<String> token,
    String jsonPath,
    Duration timeout) {

  public RegisteredUsersConfig {
    urls = List.copyOf(urls);
    Objects.requireNonNull(tokenHeader, "tokenHeader");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(jsonPath, "jsonPath");
    Objects.requireNonNull(timeout, "timeout");
  }

  public static RegisteredUsersConfig defaults() {
    return new RegisteredUsersConfig(
        List.of(), "Authorization", Optional.empty(), "username", Duration.ofSeconds(10));
  }

  @Override
  public String toString() {
    return "RegisteredUsersConfig[urls="
        + urls
        + ", token="
        + (token.isPresent() ? "<set>" : "<unset>")
        + ", jsonPath="
        + jsonPath
        + "]";
  }
}
