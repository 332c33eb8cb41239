package dev.ganymede.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * Checks of the PEM files a command is given (TLS certificates and keys), so that a wrong file
 * stops the command before it starts anything, with a one-line error naming the flag.
 *
 * <pre>{@code
 * Path chain = PemFiles.certificates(Path.of("api.crt"), "--api-ssl-cert");
 * Path key = PemFiles.privateKey(Path.of("api.key"), "--api-ssl-key");
 * }</pre>
 */
final class PemFiles {
  private static final String CERTIFICATE = "-----BEGIN CERTIFICATE-----";
  private static final String PRIVATE_KEY = "PRIVATE KEY-----";

  private PemFiles() {}

  /**
   * {@code file}, if it holds PEM certificates that Java can parse; else a {@link CliException}.
   */
  static Path certificates(Path file, String flag) {
    requireMarker(file, flag, CERTIFICATE, "certificate");
    try (InputStream in = Files.newInputStream(file)) {
      CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | CertificateException e) {
      String reason = String.valueOf(e.getMessage());
      throw new CliException(
          flag
              + ": "
              + file
              + " holds a certificate Java cannot read: "
              + reason
              + (reason.contains("version 1")
                  ? " (certipy before 0.2, used by JupyterHub 3's internal_ssl, writes X.509"
                      + " version 1 certificates with extensions, which Java refuses)"
                  : ""));
    }
    return file;
  }

  /** {@code file}, if it holds a PEM private key; else a {@link CliException}. */
  static Path privateKey(Path file, String flag) {
    requireMarker(file, flag, PRIVATE_KEY, "private key");
    return file;
  }

  private static void requireMarker(Path file, String flag, String marker, String what) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException | UncheckedIOException e) {
      throw new CliException(flag + ": cannot read " + file);
    }
    if (!text.contains(marker)) {
      throw new CliException(flag + ": " + file + " holds no PEM " + what);
    }
  }
}
