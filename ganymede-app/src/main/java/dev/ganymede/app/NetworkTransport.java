package dev.ganymede.app;

import io.vertx.core.transport.Transport;
import java.util.Locale;
import java.util.Optional;

/**
 * Which of Netty's transports the standalone proxy's event loops use ({@code ganymede proxy
 * --transport}).
 *
 * <ul>
 *   <li>{@link #AUTO} (the default): epoll, or Java's NIO where epoll is not available.
 *   <li>{@link #EPOLL}, {@link #NIO}: exactly that one, or the command stops with the reason it is
 *       not available here.
 *   <li>{@link #IO_URING}: experimental, only when asked for. It submits the reads and writes of a
 *       whole event-loop turn in one system call instead of one call each, which on loopback raised
 *       the proxy's throughput by a sixth (docs/benchmarks.md, "Proxy"). Not the default because
 *       the Netty release in this build (4.2.12) may give a write's memory back to its pool while
 *       the kernel still reads it when a connection's output is shut down (netty#17238, fixed in
 *       4.2.18, whose native library the build cannot get yet). Container runtimes often forbid
 *       io_uring too (Docker's default seccomp profile, and so Kubernetes' {@code RuntimeDefault}).
 * </ul>
 *
 * <pre>{@code
 * Transport transport = NetworkTransport.AUTO.resolve();
 * Vertx vertx = Vertx.builder().with(options).withTransport(transport).build();
 * }</pre>
 */
enum NetworkTransport {
  AUTO,
  IO_URING,
  EPOLL,
  NIO;

  /**
   * The transport to use; an explicit choice that is not available here is a {@link CliException}.
   */
  Transport resolve() {
    return switch (this) {
      case AUTO -> available(Transport.EPOLL).orElse(Transport.NIO);
      case IO_URING -> require(label(), Transport.IO_URING);
      case EPOLL -> require(label(), Transport.EPOLL);
      case NIO -> Transport.NIO;
    };
  }

  /**
   * The name users type: {@code auto}, {@code io_uring}, {@code epoll}, {@code nio} (a resolved
   * transport's {@link Transport#name()} is the same word).
   */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A line to print at startup about the chosen transport, if it needs one. */
  Optional<String> caveat() {
    return this == IO_URING
        ? Optional.of(
            "The io_uring transport is experimental: Netty 4.2.12 may reuse a write's memory"
                + " while the kernel still reads it when a connection's output is shut down"
                + " (netty#17238). Prefer --transport auto in production.")
        : Optional.empty();
  }

  /**
   * {@code transport} if it can run here, else a {@link CliException} with the reason; a null
   * {@code transport} is one whose classes are missing from the build (Vert.x leaves it null).
   */
  static Transport require(String label, Transport transport) {
    if (transport == null) {
      throw new CliException(
          "--transport " + label + " is not available: this build does not include it");
    }
    if (!transport.available()) {
      Throwable cause = transport.unavailabilityCause();
      throw new CliException(
          "--transport "
              + label
              + " is not available here"
              + (cause == null ? "" : ": " + cause.getMessage())
              + " (use --transport auto to fall back)");
    }
    return transport;
  }

  // Vert.x leaves a transport constant null when its classes are not on the class path
  private static Optional<Transport> available(Transport transport) {
    return Optional.ofNullable(transport).filter(Transport::available);
  }
}
