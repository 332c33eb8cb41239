package dev.ganymede.testkit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for tests, from the machine's PostgreSQL packages: started once per JVM
 * on first use, stopped (and its directory removed) when the test run ends; each test takes a fresh
 * database from {@link #newDatabase()}.
 *
 * <pre>{@code
 * class UserStoreIT {
 *   @RegisterExtension static final PostgresFixture POSTGRES = new PostgresFixture();
 *
 *   @Test
 *   void findsACreatedUser() {
 *     PostgresDatabase db = POSTGRES.newDatabase();
 *     // connect to db.jdbcUrl() as db.username(), no password
 *   }
 * }
 * }</pre>
 *
 * <p>If the server programs are missing, {@link #newDatabase()} fails (it does not skip) with a
 * message that says to {@code apt-get install postgresql}. The binaries are looked up in {@code
 * /usr/lib/postgresql/<newest>/bin}, or in the directory named by the system property {@code
 * ganymede.postgres.bin}.
 *
 * <p>Thread-safe: tests running in parallel share the server and get distinct databases.
 */
public final class PostgresFixture implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresFixture.class);

  private static final Object LOCK = new Object();
  private static PostgresServer shared;

  private final Path searchRoot;

  /** Uses Debian's packages under {@code /usr/lib/postgresql}. */
  public PostgresFixture() {
    this(PostgresBinaries.DEBIAN_ROOT);
  }

  /** Looks for {@code <searchRoot>/<version>/bin}; for testing the fixture itself. */
  PostgresFixture(Path searchRoot) {
    this.searchRoot = Objects.requireNonNull(searchRoot, "searchRoot");
  }

  /** Stops the shared server when the whole test run ends. */
  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(ServerCloser.class, k -> new ServerCloser(), ServerCloser.class);
  }

  /** A new, empty database; starts the shared server first if needed. */
  public PostgresDatabase newDatabase() {
    return server().createDatabase();
  }

  private PostgresServer server() {
    // Looked up on every call, so that missing programs fail each test that needs them.
    Path bin = PostgresBinaries.locate(searchRoot);
    synchronized (LOCK) {
      if (shared == null) {
        PostgresServer server = PostgresServer.start(bin);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-fixture-shutdown"));
        shared = server;
      }
      return shared;
    }
  }

  /** Closed by JUnit when the root context ends, that is after the last test class. */
  private static final class ServerCloser implements AutoCloseable {
    @Override
    public void close() {
      Optional<PostgresServer> server;
      synchronized (LOCK) {
        server = Optional.ofNullable(shared);
        shared = null;
      }
      server.ifPresent(PostgresServer::stop);
    }
  }
}
