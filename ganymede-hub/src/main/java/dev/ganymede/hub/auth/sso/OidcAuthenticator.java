package dev.ganymede.hub.auth.sso;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.ganymede.hub.auth.AuthOutcome;
import dev.ganymede.hub.auth.Authenticator;
import dev.ganymede.hub.auth.Identity;
import dev.ganymede.hub.auth.LoginAttempt;
import dev.ganymede.hub.auth.UserNames;
import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.config.OidcConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in through an OpenID Connect provider: authorization code flow with PKCE (S256), {@code
 * state} and {@code nonce}; the ID token is verified against the provider's JWKS ({@link
 * JwtVerifier}). The provider is discovered from the issuer URL on first use and kept; a failed
 * discovery is retried on the next sign-in.
 *
 * <p>{@link #authenticate} is called twice per sign-in: without {@code code} it answers a {@link
 * AuthOutcome.Redirect} to the provider; on the callback ({@code code}, {@code state}) it exchanges
 * the code and checks the ID token. A successful sign-in leaves in {@link SignInTokens} the
 * provider's tokens for the user's server ({@code tokensToServer}) and the refresh token that
 * {@link #reconfirm} uses ({@code refreshAfter}). Thread-safe; blocks on HTTP calls.
 */
final class OidcAuthenticator implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(OidcAuthenticator.class);
  private final OidcConfig config;
  private final URI callback;
  private final URI afterSignOut;
  private final HttpJson http;
  private final OAuthStates states;
  private final SignInTokens tokens;
  private volatile Discovered discovered;

  private record Discovered(OidcProvider provider, JwtVerifier verifier) {}

  OidcAuthenticator(
      OidcConfig config,
      URI callback,
      URI afterSignOut,
      HttpJson http,
      OAuthStates states,
      SignInTokens tokens) {
    this.config = Objects.requireNonNull(config, "config");
    this.callback = Objects.requireNonNull(callback, "callback");
    this.afterSignOut = Objects.requireNonNull(afterSignOut, "afterSignOut");
    this.http = Objects.requireNonNull(http, "http");
    this.states = Objects.requireNonNull(states, "states");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    config.issuer().orElseThrow(() -> new IllegalArgumentException("auth.oidc.issuer is required"));
  }

  @Override
  public String kind() {
    return AuthConfig.OIDC;
  }

  @Override
  public boolean usesPasswordForm() {
    return false;
  }

  @Override
  public String providerName() {
    return config.displayName();
  }

  @Override
  public AuthOutcome authenticate(LoginAttempt attempt) {
    Objects.requireNonNull(attempt, "attempt");
    try {
      Discovered d = discovered();
      if (!attempt.parameter("error").isEmpty()) {
        return new AuthOutcome.Rejected("", "provider refused: " + code(attempt, "error"));
      }
      if (attempt.parameter("code").isEmpty()) {
        return new AuthOutcome.Redirect(authorizationRequest(d.provider()));
      }
      StringBuilder problem = new StringBuilder();
      Optional<OAuthStates.Pending> pending = states.finish(attempt, problem);
      if (pending.isEmpty()) {
        return new AuthOutcome.Rejected("", problem.toString());
      }
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "authorization_code");
      form.put("code", attempt.parameter("code"));
      form.put("redirect_uri", callback.toString());
      form.put("code_verifier", pending.get().verifier());
      JsonNode answer = tokenRequest(d.provider(), form);
      JWTClaimsSet claims = d.verifier().verify(idToken(answer));
      if (!pending.get().nonce().equals(claims.getClaim("nonce"))) {
        return new AuthOutcome.Rejected("", "ID token nonce does not match");
      }
      AuthOutcome outcome = identity(claims);
      if (outcome instanceof AuthOutcome.Authenticated a) {
        keep(UserNames.normalize(a.identity().username()), answer, Optional.empty());
      }
      return outcome;
    } catch (SsoException e) {
      return new AuthOutcome.Rejected("", e.getMessage());
    }
  }

  @Override
  public Optional<URI> signOutLocation() {
    if (!config.signOutAtProvider()) {
      return Optional.empty();
    }
    try {
      return discovered()
          .provider()
          .endSessionEndpoint()
          .map(
              end ->
                  withQuery(
                      end,
                      Map.of(
                          "client_id",
                          config.clientId(),
                          "post_logout_redirect_uri",
                          afterSignOut.toString())));
    } catch (SsoException e) {
      return Optional.empty();
    }
  }

  /**
   * Asks the token endpoint for fresh tokens with the refresh token kept at sign-in ({@code
   * grant_type=refresh_token}) and checks the new ID token as at sign-in (same user, allowed
   * groups). Empty when no refresh token is kept, the provider refuses, or the check fails.
   */
  @Override
  public Optional<Identity> reconfirm(String user) {
    Objects.requireNonNull(user, "user");
    Optional<String> refreshToken = tokens.value(user, SignInTokens.OIDC_REFRESH);
    if (refreshToken.isEmpty()) {
      return Optional.empty();
    }
    try {
      Discovered d = discovered();
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "refresh_token");
      form.put("refresh_token", refreshToken.get());
      JsonNode answer = tokenRequest(d.provider(), form);
      AuthOutcome outcome = identity(d.verifier().verify(idToken(answer)));
      if (!(outcome instanceof AuthOutcome.Authenticated a)) {
        LOG.info(
            "Refresh did not confirm user {}: {}", user, ((AuthOutcome.Rejected) outcome).reason());
        return Optional.empty();
      }
      if (!UserNames.normalize(a.identity().username()).equals(user)) {
        LOG.info("Refresh did not confirm user {}: the provider names another user", user);
        return Optional.empty();
      }
      keep(user, answer, refreshToken);
      return Optional.of(a.identity());
    } catch (SsoException e) {
      LOG.info("Refresh did not confirm user {}: {}", user, e.getMessage());
      return Optional.empty();
    }
  }

  /** Keeps the refresh token (for {@code refreshAfter}) and the server's variables. */
  private void keep(String user, JsonNode answer, Optional<String> previousRefresh) {
    Map<String, String> kept = new LinkedHashMap<>();
    Optional<String> refresh = text(answer, "refresh_token").or(() -> previousRefresh);
    if (config.tokensToServer()) {
      text(answer, "access_token").ifPresent(t -> kept.put("OIDC_ACCESS_TOKEN", t));
      text(answer, "id_token").ifPresent(t -> kept.put("OIDC_ID_TOKEN", t));
      refresh.ifPresent(t -> kept.put("OIDC_REFRESH_TOKEN", t));
    }
    if (config.refreshAfter().isPresent()) {
      refresh.ifPresent(t -> kept.put(SignInTokens.OIDC_REFRESH, t));
    }
    if (!kept.isEmpty()) {
      tokens.put(user, kept);
    }
  }

  private static Optional<String> text(JsonNode answer, String field) {
    String value = answer.path(field).asText("");
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private AuthOutcome identity(JWTClaimsSet claims) {
    Object name = claims.getClaim(config.usernameClaim());
    if (!(name instanceof String username) || username.isBlank()) {
      return new AuthOutcome.Rejected(
          "", "ID token has no text claim '" + config.usernameClaim() + "'");
    }
    Object rawGroups = claims.getClaim(config.groupsClaim());
    Set<String> groups = new LinkedHashSet<>();
    if (rawGroups instanceof Collection<?> list) {
      list.forEach(g -> groups.add(String.valueOf(g)));
    } else if (rawGroups instanceof String single) {
      groups.add(single);
    }
    if (!config.allowedGroups().isEmpty()) {
      if (rawGroups == null) {
        return new AuthOutcome.Rejected(
            username, "ID token has no '" + config.groupsClaim() + "' claim");
      }
      if (groups.stream().noneMatch(config.allowedGroups()::contains)) {
        return new AuthOutcome.Rejected(username, "not in an allowed group");
      }
    }
    Optional<Boolean> admin =
        config.adminGroups().isEmpty()
            ? Optional.empty()
            : Optional.of(groups.stream().anyMatch(config.adminGroups()::contains));
    return new AuthOutcome.Authenticated(new Identity(username, groups, admin));
  }

  private URI authorizationRequest(OidcProvider provider) {
    OAuthStates.Pending pending = states.start();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", config.clientId());
    query.put("redirect_uri", callback.toString());
    query.put("scope", String.join(" ", config.scopes()));
    query.put("state", pending.state());
    query.put("nonce", pending.nonce());
    query.put("code_challenge", pending.challenge());
    query.put("code_challenge_method", "S256");
    return withQuery(provider.authorizationEndpoint(), query);
  }

  /** Posts {@code form} (with the client's credentials) to the token endpoint; its JSON answer. */
  private JsonNode tokenRequest(OidcProvider provider, Map<String, String> form) {
    form.put("client_id", config.clientId());
    HttpJson.Answer answer;
    if (config.clientSecret().isPresent() && provider.prefersBasicAuth()) {
      String credentials =
          HttpJson.encode(config.clientId()) + ":" + HttpJson.encode(config.clientSecret().get());
      answer =
          http.postForm(
              provider.tokenEndpoint(),
              form,
              "Authorization",
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    } else {
      config.clientSecret().ifPresent(secret -> form.put("client_secret", secret));
      answer = http.postForm(provider.tokenEndpoint(), form);
    }
    if (answer.status() != 200) {
      throw new SsoException(
          "token endpoint answered HTTP "
              + answer.status()
              + " "
              + answer.body().path("error").asText(""));
    }
    return answer.body();
  }

  private static String idToken(JsonNode answer) {
    return text(answer, "id_token")
        .orElseThrow(() -> new SsoException("token endpoint sent no id_token"));
  }

  private Discovered discovered() {
    Discovered d = discovered;
    if (d == null) {
      synchronized (this) {
        d = discovered;
        if (d == null) {
          OidcProvider provider = OidcProvider.discover(http, config.issuer().orElseThrow());
          d =
              new Discovered(
                  provider,
                  new JwtVerifier(
                      provider.jwksUri(),
                      Optional.of(provider.issuer()),
                      config.clientId(),
                      Set.of("sub", "exp", "iat")));
          discovered = d;
        }
      }
    }
    return d;
  }

  static URI withQuery(URI base, Map<String, String> query) {
    StringBuilder uri = new StringBuilder(base.toString());
    char separator = base.getRawQuery() == null ? '?' : '&';
    for (Map.Entry<String, String> e : query.entrySet()) {
      uri.append(separator)
          .append(HttpJson.encode(e.getKey()))
          .append('=')
          .append(HttpJson.encode(e.getValue()));
      separator = '&';
    }
    return URI.create(uri.toString());
  }

  /** A short error code from the provider, safe for the log. */
  static String code(LoginAttempt attempt, String parameter) {
    String value = attempt.parameter(parameter);
    String safe = value.replaceAll("[^A-Za-z0-9_.:-]", "?");
    return safe.length() > 60 ? safe.substring(0, 60) : safe;
  }
}
