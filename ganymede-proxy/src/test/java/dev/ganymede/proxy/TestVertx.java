package dev.ganymede.proxy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;

/**
 * The Vert.x instance of a proxy test, on the transport named by the system property {@code
 * ganymede.test.transport}: {@code nio} (the default, as in an IDE), {@code epoll} or {@code
 * io_uring}. The module's integration tests run once on epoll, the transport the proxy and the hub
 * use on Linux, and once on io_uring, {@code ganymede proxy --transport io_uring} (see the module's
 * pom). A test asking for a transport this machine lacks is skipped, with the reason.
 */
public final class TestVertx {
  private TestVertx() {}

  /** A new Vert.x instance on the chosen transport; the caller closes it. */
  public static Vertx create() {
    Transport transport = transport();
    assumeTrue(
        transport.available(),
        () -> transport.name() + " is not available here: " + transport.unavailabilityCause());
    return Vertx.builder().withTransport(transport).build();
  }

  /** The transport tests run on. */
  public static Transport transport() {
    String name = System.getProperty("ganymede.test.transport", "nio");
    return switch (name) {
      case "nio" -> Transport.NIO;
      case "epoll" -> Transport.EPOLL;
      case "io_uring" -> Transport.IO_URING;
      default ->
          throw new IllegalArgumentException(
              "ganymede.test.transport: expected nio, epoll or io_uring but was " + name);
    };
  }
}
