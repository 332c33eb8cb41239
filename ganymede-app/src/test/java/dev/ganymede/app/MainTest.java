package dev.ganymede.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static synchronized Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--help",
        "run --help",
        "proxy --help",
        "config --help",
        "config check --help",
        "config show --help",
        "user --help",
        "user add --help",
        "user reset-password --help",
        "user list --help"
      })
  void everyCommandExplainsItselfWithHelp(String args) {
    Result result = run(args.split(" "));
    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("Usage:");
  }

  @Test
  void anUnknownCommandIsAOneLineErrorWithExitCodeTwo() {
    Result result = run("launch");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).startsWith("ganymede: ").contains("launch");
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void anUnknownProxyTransportIsAOneLineErrorNamingTheChoicesWithExitCodeTwo() {
    Result result = run("proxy", "--transport", "kqueue");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("ganymede: ")
        .contains("--transport")
        .contains("expected one of auto, io_uring, epoll, nio but was 'kqueue'")
        .doesNotContain("\tat ");
  }

  @Test
  void badProxyTlsFlagsAreOneLineErrorsNamingTheFlag() throws Exception {
    Path certificate = Path.of(SelfSignedCertificate.create("localhost").certificatePath());
    Path missing = dir.resolve("missing.key");

    assertOneLineError(
        run("proxy", "--api-ssl-cert", certificate.toString()),
        "--api-ssl-cert and --api-ssl-key go together");
    assertOneLineError(
        run("proxy", "--api-ssl-request-cert"),
        "--api-ssl-ca, --api-ssl-request-cert and --api-ssl-reject-unauthorized need"
            + " --api-ssl-cert and --api-ssl-key");
    assertOneLineError(
        run(
            "proxy",
            "--api-ssl-cert",
            certificate.toString(),
            "--api-ssl-key",
            certificate.toString(),
            "--api-ssl-request-cert"),
        "--api-ssl-request-cert needs --api-ssl-ca");
    assertOneLineError(
        run("proxy", "--client-ssl-key", certificate.toString()),
        "--client-ssl-cert and --client-ssl-key go together");
    assertOneLineError(
        run(
            "proxy",
            "--client-ssl-cert",
            certificate.toString(),
            "--client-ssl-key",
            missing.toString()),
        "--client-ssl-key: cannot read " + missing);
    assertOneLineError(
        run("proxy", "--ssl-cert", missing.toString(), "--ssl-key", certificate.toString()),
        "--ssl-cert: cannot read " + missing);
    assertOneLineError(
        run("proxy", "--ssl-cert", certificate.toString(), "--ssl-key", certificate.toString()),
        "--ssl-key: " + certificate + " holds no PEM private key");
    Path certipyV1 = Path.of(getClass().getResource("/certipy-0.1.3-proxy-api.crt").toURI());
    assertOneLineError(
        run("proxy", "--api-ssl-cert", certipyV1.toString(), "--api-ssl-key", missing.toString()),
        "--api-ssl-cert: " + certipyV1 + " holds a certificate Java cannot read");
    assertThat(run("proxy", "--client-ssl-ca", certipyV1.toString(), "--client-ssl-key", "x").err())
        .contains("--client-ssl-cert and --client-ssl-key go together");
    assertThat(run("proxy", "--client-ssl-ca", certipyV1.toString()).err())
        .contains("version 1")
        .contains("certipy before 0.2");
  }

  private static void assertOneLineError(Result result, String message) {
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).startsWith("ganymede: ").contains(message).doesNotContain("\tat ");
    assertThat(result.err().strip().lines()).hasSize(1);
  }

  @Test
  void configCheckAcceptsAValidFile() throws Exception {
    Path file = dir.resolve("ganymede.yaml");
    Files.writeString(file, "hub:\n  port: 9000\nauth:\n  allowedUsers: [ada, grace]\n");
    Result result = run("config", "check", file.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("OK");
  }

  @Test
  void configCheckNamesEveryBadKeyAndFails() throws Exception {
    Path file = dir.resolve("ganymede.yaml");
    Files.writeString(
        file, "hub:\n  port: eighty\n  colour: blue\nauth:\n  type: shared-password\n");
    Result result = run("config", "check", file.toString());
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err())
        .contains("hub.port")
        .contains("hub.colour")
        .contains("auth.sharedPassword");
    assertThat(result.err()).doesNotContain("\tat ");
  }

  @Test
  void configCheckOfAMissingFileIsAOneLineError() {
    Result result = run("config", "check", dir.resolve("nope.yaml").toString());
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err().strip().lines().count()).isEqualTo(1);
    assertThat(result.err()).contains("nope.yaml");
  }

  @Test
  void aBadFlagValueStopsTheStartNamingTheKey() {
    Result result = run("run", "--data-dir", dir.toString(), "--set", "hub.port=eighty");
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("hub.port");
  }

  @Test
  void configShowMasksSecrets() {
    Result result =
        run(
            "config",
            "show",
            "--set",
            "auth.type=shared-password",
            "--set",
            "auth.sharedPassword=very-secret-words");
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("shared-password").doesNotContain("very-secret-words");
  }

  @Test
  void userAddThenListShowsTheUser() {
    Result added = run("user", "add", "grace", "--data-dir", dir.toString());
    assertThat(added.code()).as(added.err()).isZero();
    assertThat(added.out()).contains("Added grace").contains("One-time password");
    Result list = run("user", "list", "--data-dir", dir.toString());
    assertThat(list.out()).contains("grace");
    Result again = run("user", "add", "grace", "--data-dir", dir.toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("already exists");
  }
}
