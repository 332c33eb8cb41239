package dev.ganymede.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Keycloak (an OpenID Connect provider) for sign-on tests: started once per test run on
 * first use ({@code kc.sh start-dev --import-realm} on loopback, in-memory database, about 30 s the
 * first time), with the realm given to the fixture imported; stopped when the run ends.
 *
 * <pre>{@code
 * class SignOnIT {
 *   @RegisterExtension
 *   static final KeycloakFixture KEYCLOAK = new KeycloakFixture("lab", realmJson);
 *
 *   @Test
 *   void signsIn() {
 *     URI issuer = KEYCLOAK.issuer(); // http://127.0.0.1:<port>/realms/lab
 *   }
 * }
 * }</pre>
 *
 * <p>Keycloak is not a dependency: the build of the module that holds the test unpacks {@code
 * org.keycloak:keycloak-quarkus-dist:zip} and names its directory in the system property {@value
 * #HOME_PROPERTY}. Without it, {@link #issuer()} fails (it does not skip) and says how to get it.
 * Keycloak runs on the test JVM's own Java (its {@code java.home}), which must be 21 or newer.
 *
 * <p>One Keycloak serves the whole run, so every fixture in a run must ask for the same realm; a
 * different one fails. Thread-safe.
 */
public final class KeycloakFixture implements BeforeAllCallback {
  /** System property with the unpacked Keycloak directory (the one holding {@code bin/kc.sh}). */
  public static final String HOME_PROPERTY = "ganymede.keycloak.home";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KeycloakFixture.class);
  private static final Object LOCK = new Object();
  private static KeycloakServer shared;
  private static String sharedRealmJson;

  private final String realm;
  private final String realmJson;

  /**
   * @param realm the realm's name, as in the JSON
   * @param realmJson a realm export (clients, users, groups) imported at start
   */
  public KeycloakFixture(String realm, String realmJson) {
    this.realm = Objects.requireNonNull(realm, "realm");
    this.realmJson = Objects.requireNonNull(realmJson, "realmJson");
  }

  /** Stops the shared Keycloak when the whole test run ends. */
  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(ServerCloser.class, k -> new ServerCloser(), ServerCloser.class);
  }

  /** The realm's issuer URL; starts Keycloak first if needed. */
  public URI issuer() {
    synchronized (LOCK) {
      if (shared == null) {
        String home =
            Optional.ofNullable(System.getProperty(HOME_PROPERTY))
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "system property "
                                + HOME_PROPERTY
                                + " is not set: run the test through `mvn verify`, whose"
                                + " pre-integration-test phase unpacks"
                                + " org.keycloak:keycloak-quarkus-dist"));
        KeycloakServer server = KeycloakServer.start(Path.of(home), realm, realmJson);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-shutdown"));
        shared = server;
        sharedRealmJson = realmJson;
      } else if (!shared.realm().equals(realm) || !sharedRealmJson.equals(realmJson)) {
        throw new IllegalStateException(
            "this run's Keycloak already serves realm '"
                + shared.realm()
                + "'; one Keycloak per run imports one realm");
      }
      return shared.issuer();
    }
  }

  /** Closed by JUnit when the root context ends, that is after the last test class. */
  private static final class ServerCloser implements AutoCloseable {
    @Override
    public void close() {
      Optional<KeycloakServer> server;
      synchronized (LOCK) {
        server = Optional.ofNullable(shared);
        shared = null;
      }
      server.ifPresent(KeycloakServer::stop);
    }
  }
}
