package dev.ganymede.app;

import io.vertx.core.transport.Transport;
import java.util.Locale;
import java.util.Optional;

/**
 * Which of Netty's transports the standalone proxy's event loops use ({@code ganymede proxy
 * --transport}).
 *
 * <ul>
 *   <li>{@link #AUTO} (the default): io_uring where the kernel and the sandbox allow it, else
 *       epoll, else Java's NIO. io_uring submits the reads and writes of a whole event-loop turn in
 *       one system call instead of one call each, which on loopback raised the proxy's WebSocket
 *       echo throughput by a fifth over epoll (docs/benchmarks.md, "Proxy"). Container runtimes
 *       often forbid it (Docker's default seccomp profile, and so Kubernetes' {@code
 *       RuntimeDefault}); there the proxy runs on epoll and {@link #fallbackNote()} says why.
 *   <li>{@link #IO_URING}, {@link #EPOLL}, {@link #NIO}: exactly that one, or the command stops
 *       with the reason it is not available here.
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
      case AUTO -> firstAvailable(Transport.IO_URING, Transport.EPOLL);
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

  /**
   * Why {@link #AUTO} did not get io_uring, for the startup line (for example {@code "io_uring is
   * not available here: ... Operation not permitted"}); empty when it got io_uring or the choice
   * was explicit.
   */
  Optional<String> fallbackNote() {
    return this == AUTO ? fallbackNote(Transport.IO_URING) : Optional.empty();
  }

  /** {@code ioUring} if it can run here, else {@code epoll} if it can, else NIO. */
  static Transport firstAvailable(Transport ioUring, Transport epoll) {
    return available(ioUring).or(() -> available(epoll)).orElse(Transport.NIO);
  }

  /** Why {@code ioUring} cannot run here, if it cannot. */
  static Optional<String> fallbackNote(Transport ioUring) {
    return available(ioUring).isPresent()
        ? Optional.empty()
        : Optional.of("io_uring" + unavailable(ioUring));
  }

  /**
   * {@code transport} if it can run here, else a {@link CliException} with the reason; a null
   * {@code transport} is one whose classes are missing from the build (Vert.x leaves it null).
   */
  static Transport require(String label, Transport transport) {
    if (transport == null || !transport.available()) {
      throw new CliException(
          "--transport " + label + unavailable(transport) + " (use --transport auto to fall back)");
    }
    return transport;
  }

  /** Why {@code transport} cannot be used, after its name: " is not available ...". */
  private static String unavailable(Transport transport) {
    if (transport == null) {
      return " is not available: this build does not include it";
    }
    Throwable cause = transport.unavailabilityCause();
    return " is not available here" + (cause == null ? "" : ": " + cause.getMessage());
  }

  // Vert.x leaves a transport constant null when its classes are not on the class path
  private static Optional<Transport> available(Transport transport) {
    return Optional.ofNullable(transport).filter(Transport::available);
  }
}
