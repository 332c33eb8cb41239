package dev.ganymede.hub.auth.sso;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An OpenID provider as its discovery document ({@code <issuer>/.well-known/openid-configuration})
 * describes it.
 */
record OidcProvider(
    String issuer,
    URI authorizationEndpoint,
    URI tokenEndpoint,
    URI jwksUri,
    Optional<URI> endSessionEndpoint,
    Set<String> tokenAuthMethods) {

  OidcProvider {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    Objects.requireNonNull(jwksUri, "jwksUri");
    Objects.requireNonNull(endSessionEndpoint, "endSessionEndpoint");
    tokenAuthMethods = Set.copyOf(tokenAuthMethods);
  }

  /** Fetches and checks the discovery document of {@code issuer}. */
  static OidcProvider discover(HttpJson http, URI issuer) {
    String base = withoutTrailingSlash(issuer.toString());
    URI document = URI.create(base + "/.well-known/openid-configuration");
    HttpJson.Answer answer = http.get(document);
    if (answer.status() != 200 || !answer.body().isObject()) {
      throw new SsoException(
          "discovery document " + document + " answered HTTP " + answer.status());
    }
    JsonNode body = answer.body();
    String announced = body.path("issuer").asText("");
    if (!withoutTrailingSlash(announced).equals(base)) {
      throw new SsoException(
          "discovery document of " + base + " names another issuer: " + announced);
    }
    Set<String> methods = new HashSet<>();
    body.path("token_endpoint_auth_methods_supported").forEach(m -> methods.add(m.asText()));
    return new OidcProvider(
        announced,
        required(body, "authorization_endpoint"),
        required(body, "token_endpoint"),
        required(body, "jwks_uri"),
        body.hasNonNull("end_session_endpoint")
            ? Optional.of(URI.create(body.get("end_session_endpoint").asText()))
            : Optional.empty(),
        methods);
  }

  /** Whether to send the client secret with HTTP Basic (the default of the standard). */
  boolean prefersBasicAuth() {
    return tokenAuthMethods.isEmpty() || tokenAuthMethods.contains("client_secret_basic");
  }

  private static URI required(JsonNode body, String field) {
    String value = body.path(field).asText("");
    if (value.isEmpty()) {
      throw new SsoException("discovery document lacks " + field);
    }
    return URI.create(value);
  }

  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
