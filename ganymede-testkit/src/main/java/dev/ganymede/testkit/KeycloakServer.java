package dev.ganymede.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Keycloak ({@code kc.sh start-dev}, in-memory database) with one imported realm; its
 * output goes to {@code keycloak.log} in a temporary directory. Not thread-safe: {@link
 * KeycloakFixture} guards it.
 */
final class KeycloakServer {
  private static final Logger LOG = LoggerFactory.getLogger(KeycloakServer.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  private final Process process;
  private final Path log;
  private final URI base;
  private final String realm;

  private KeycloakServer(Process process, Path log, URI base, String realm) {
    this.process = process;
    this.log = log;
    this.base = base;
    this.realm = realm;
  }

  /** Starts Keycloak from {@code home} with {@code realmJson} imported; waits until it answers. */
  static KeycloakServer start(Path home, String realm, String realmJson) {
    Path kc = home.resolve("bin/kc.sh");
    if (!Files.isExecutable(kc)) {
      throw new IllegalStateException(
          kc
              + " is missing: Keycloak is unpacked by the build of the module that holds the test"
              + " (maven-dependency-plugin, phase pre-integration-test); run the test through"
              + " `mvn verify`, or set -D"
              + KeycloakFixture.HOME_PROPERTY
              + " to an unpacked keycloak-quarkus-dist");
    }
    try {
      Path imports = home.resolve("data/import");
      Files.createDirectories(imports);
      try (var old = Files.list(imports)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
      Files.writeString(imports.resolve(realm + "-realm.json"), realmJson);
      Path dir = Files.createTempDirectory("ganymede-keycloak-");
      Path log = dir.resolve("keycloak.log");
      int port = FreePorts.next();
      int managementPort = FreePorts.next();
      ProcessBuilder builder =
          new ProcessBuilder(
                  List.of(
                      kc.toString(),
                      "start-dev",
                      "--import-realm",
                      "--db=dev-mem",
                      "--http-host=127.0.0.1",
                      "--http-port=" + port,
                      "--http-management-port=" + managementPort))
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      Map<String, String> env = builder.environment();
      // Keycloak needs a JDK 21+; the test JVM is one.
      env.put("JAVA_HOME", System.getProperty("java.home"));
      env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
      env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
      env.remove("JAVA_OPTS");
      Instant started = Instant.now();
      KeycloakServer server =
          new KeycloakServer(
              builder.start(), log, URI.create("http://127.0.0.1:" + port + "/"), realm);
      server.awaitReady();
      LOG.info(
          "Keycloak ready at {} in {} s", server.base, Duration.between(started, Instant.now()));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Keycloak", e);
    }
  }

  /** {@code http://127.0.0.1:<port>/realms/<realm>}. */
  URI issuer() {
    return base.resolve("realms/" + realm);
  }

  String realm() {
    return realm;
  }

  private void awaitReady() {
    URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Keycloak exited with " + process.exitValue() + "; its log:\n" + tail());
        }
        try {
          HttpResponse<Void> answer =
              http.send(
                  HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding());
          if (answer.statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        process.waitFor(250, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      throw new IllegalStateException("interrupted while Keycloak started", e);
    }
    stop();
    throw new IllegalStateException(
        "Keycloak did not answer "
            + discovery
            + " within "
            + READY_TIMEOUT
            + "; its log:\n"
            + tail());
  }

  /** Stops Keycloak (and its JVM) and removes its log directory. */
  void stop() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try {
      Files.deleteIfExists(log);
      Files.deleteIfExists(log.getParent());
    } catch (IOException e) {
      LOG.warn("cannot remove {}", log.getParent(), e);
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
