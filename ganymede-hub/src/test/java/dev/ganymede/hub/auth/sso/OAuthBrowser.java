package dev.ganymede.hub.auth.sso;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.auth.AuthOutcome;
import dev.ganymede.hub.auth.Authenticator;
import dev.ganymede.hub.auth.LoginAttempt;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Plays the browser in an OAuth sign-in against an authenticator directly: asks for the redirect,
 * follows it to the provider (which answers at once, as mock-oauth2-server and the fake GitHub do),
 * and brings the callback's code and state back with the state cookie.
 */
final class OAuthBrowser {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private OAuthBrowser() {}

  /** The whole sign-in; {@code cookieState} overrides the state cookie when non-null. */
  static AuthOutcome signIn(Authenticator authenticator, String cookieState) {
    Map<String, String> callback = toProvider(authenticator);
    String cookie = cookieState == null ? callback.get("state") : cookieState;
    return authenticator.authenticate(
        new LoginAttempt(
            Map.of(), callback, Map.of("Cookie", OAuthStates.COOKIE + "=" + cookie), "127.0.0.1"));
  }

  static AuthOutcome signIn(Authenticator authenticator) {
    return signIn(authenticator, null);
  }

  /** Starts a sign-in and returns the callback's query parameters. */
  static Map<String, String> toProvider(Authenticator authenticator) {
    AuthOutcome start =
        authenticator.authenticate(new LoginAttempt(Map.of(), Map.of(), Map.of(), "127.0.0.1"));
    assertThat(start).isInstanceOf(AuthOutcome.Redirect.class);
    URI authorize = ((AuthOutcome.Redirect) start).location();
    HttpResponse<Void> answer;
    try {
      answer =
          HTTP.send(
              HttpRequest.newBuilder(authorize).GET().build(),
              HttpResponse.BodyHandlers.discarding());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
    assertThat(answer.statusCode()).as("provider redirects back").isEqualTo(302);
    return query(URI.create(answer.headers().firstValue("Location").orElseThrow()));
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> values = new HashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int equals = pair.indexOf('=');
        values.put(
            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }
}
