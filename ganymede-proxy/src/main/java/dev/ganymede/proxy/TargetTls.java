package dev.ganymede.proxy;

import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the proxy speaks TLS to {@code https} targets (configurable-http-proxy's {@code
 * --client-ssl-*} flags, which JupyterHub passes with {@code internal_ssl}), and the hub to a
 * proxy's {@code https} route API ({@link ChpRouteTable}). The server's certificate and host name
 * are always verified.
 *
 * <pre>{@code
 * TargetTls internal =
 *     TargetTls.SYSTEM_TRUST
 *         .trusting(Path.of("proxy-client-ca.crt"))
 *         .presenting(Path.of("proxy-client.crt"), Path.of("proxy-client.key"));
 * }</pre>
 *
 * @param trustedCertificates PEM file of the certificates (CAs) to trust instead of the JVM's
 *     default trust store; empty means the default trust store
 * @param clientCertificate PEM certificate chain the proxy presents to targets that ask for one,
 *     with {@code clientKey}
 * @param clientKey PEM private key of {@code clientCertificate}
 */
public record TargetTls(
    Optional<Path> trustedCertificates,
    Optional<Path> clientCertificate,
    Optional<Path> clientKey) {

  /** The JVM's default trust store, no client certificate. */
  public static final TargetTls SYSTEM_TRUST =
      new TargetTls(Optional.empty(), Optional.empty(), Optional.empty());

  /** A certificate goes with its key: both or neither. */
  public TargetTls {
    Objects.requireNonNull(trustedCertificates, "trustedCertificates");
    Objects.requireNonNull(clientCertificate, "clientCertificate");
    Objects.requireNonNull(clientKey, "clientKey");
    if (clientCertificate.isPresent() != clientKey.isPresent()) {
      throw new IllegalArgumentException(
          "targetTls: clientCertificate and clientKey go together, was only "
              + (clientCertificate.isPresent() ? "clientCertificate" : "clientKey"));
    }
  }

  /** These settings, trusting only the certificates in {@code pemFile}. */
  public TargetTls trusting(Path pemFile) {
    return new TargetTls(Optional.of(pemFile), clientCertificate, clientKey);
  }

  /** These settings, presenting {@code certificate} (with {@code key}) to targets that ask. */
  public TargetTls presenting(Path certificate, Path key) {
    return new TargetTls(trustedCertificates, Optional.of(certificate), Optional.of(key));
  }

  /** The trust these settings give Vert.x: the certificates given, if any (else the JVM's). */
  Optional<TrustOptions> trustOptions() {
    return trustedCertificates.map(ca -> new PemTrustOptions().addCertPath(ca.toString()));
  }

  /** The certificate and key to present, if any. */
  Optional<KeyCertOptions> keyCertOptions() {
    return clientCertificate.map(
        certificate ->
            new PemKeyCertOptions()
                .setCertPath(certificate.toString())
                .setKeyPath(clientKey.orElseThrow().toString()));
  }
}
