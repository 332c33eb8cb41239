package dev.ganymede.hub.auth.sso;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies signed JWTs (OpenID ID tokens, Cloudflare Access assertions) with Nimbus JOSE+JWT
 * against a provider's published keys (JWKS, fetched and cached by Nimbus, refetched when a new key
 * id appears): signature with an asymmetric algorithm, audience, issuer, expiry and not-before (60
 * s clock skew), and the required claims. Thread-safe.
 */
final class JwtVerifier {
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA);

  private final DefaultJWTProcessor<SecurityContext> processor;

  JwtVerifier(URI jwksUri, Optional<String> issuer, String audience, Set<String> requiredClaims) {
    Objects.requireNonNull(jwksUri, "jwksUri");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.create(jwksUri.toURL()).retrying(true).build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("bad JWKS URL " + jwksUri, e);
    }
    processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
    issuer.ifPresent(exact::issuer);
    processor.setJWTClaimsSetVerifier(
        // Nimbus asks these sets about null, which Set.of refuses
        new DefaultJWTClaimsVerifier<>(
            new HashSet<>(Set.of(audience)),
            exact.build(),
            new HashSet<>(requiredClaims),
            new HashSet<>()));
  }

  /** The claims of a token that verifies; otherwise an {@link SsoException} saying why. */
  JWTClaimsSet verify(String token) {
    Objects.requireNonNull(token, "token");
    try {
      return processor.process(token, null);
    } catch (ParseException e) {
      throw new SsoException("token is not a JWT");
    } catch (BadJOSEException e) {
      throw new SsoException("token rejected: " + e.getMessage());
    } catch (JOSEException e) {
      throw new SsoException("token cannot be checked: " + e.getMessage(), e);
    }
  }
}
