package dev.ganymede.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

class NetworkTransportTest {
  private static final Transport FORBIDDEN_IO_URING = unavailable("io_uring");

  @Test
  void autoChoosesIoUringWhereTheKernelAndTheSandboxAllowIt() {
    assumeTrue(Transport.IO_URING.available(), "io_uring is not available here");
    assertThat(NetworkTransport.AUTO.resolve()).isSameAs(Transport.IO_URING);
    assertThat(NetworkTransport.AUTO.fallbackNote()).isEmpty();
  }

  @Test
  void autoFallsBackToEpollThenNioAndSaysWhyIoUringWasNotTaken() {
    assertThat(NetworkTransport.firstAvailable(FORBIDDEN_IO_URING, Transport.EPOLL))
        .isSameAs(Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO);
    assertThat(NetworkTransport.firstAvailable(FORBIDDEN_IO_URING, unavailable("epoll")))
        .isSameAs(Transport.NIO);
    assertThat(NetworkTransport.firstAvailable(null, null)).isSameAs(Transport.NIO);
    assertThat(NetworkTransport.fallbackNote(FORBIDDEN_IO_URING))
        .contains("io_uring is not available here: io_uring_setup: Operation not permitted");
    assertThat(NetworkTransport.fallbackNote(null))
        .contains("io_uring is not available: this build does not include it");
  }

  @Test
  void onlyAutoExplainsAFallback() {
    assertThat(NetworkTransport.IO_URING.fallbackNote()).isEmpty();
    assertThat(NetworkTransport.EPOLL.fallbackNote()).isEmpty();
    assertThat(NetworkTransport.NIO.fallbackNote()).isEmpty();
  }

  @Test
  void anExplicitChoiceIsTakenAsItIs() {
    assertThat(NetworkTransport.NIO.resolve()).isSameAs(Transport.NIO);
    assumeTrue(Transport.IO_URING.available(), "io_uring is not available here");
    assertThat(NetworkTransport.IO_URING.resolve()).isSameAs(Transport.IO_URING);
    assertThat(NetworkTransport.IO_URING.resolve().name()).isEqualTo("io_uring");
  }

  @Test
  void anUnavailableExplicitChoiceStopsWithItsReasonInsteadOfFallingBack() {
    assertThatThrownBy(() -> NetworkTransport.require("io_uring", FORBIDDEN_IO_URING))
        .isInstanceOf(CliException.class)
        .hasMessage(
            "--transport io_uring is not available here: io_uring_setup: Operation not permitted"
                + " (use --transport auto to fall back)");
    assertThatThrownBy(() -> NetworkTransport.require("io_uring", null))
        .isInstanceOf(CliException.class)
        .hasMessage(
            "--transport io_uring is not available: this build does not include it"
                + " (use --transport auto to fall back)");
  }

  @Test
  void labelsAreWhatUsersTypeAndWhatTheStartupLinePrints() {
    assertThat(NetworkTransport.IO_URING.label()).isEqualTo("io_uring");
    assertThat(NetworkTransport.NIO.resolve().name()).isEqualTo(NetworkTransport.NIO.label());
    assertThat(Transport.EPOLL.name()).isEqualTo(NetworkTransport.EPOLL.label());
    assertThat(Transport.IO_URING.name()).isEqualTo(NetworkTransport.IO_URING.label());
    assertThat(new ProxyCommand.TransportConverter().convert("EPOLL"))
        .isEqualTo(NetworkTransport.EPOLL);
  }

  /** A transport that cannot run here, as Vert.x reports one whose native library failed. */
  private static Transport unavailable(String name) {
    return new Transport() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean available() {
        return false;
      }

      @Override
      public Throwable unavailabilityCause() {
        return new IllegalStateException(name + "_setup: Operation not permitted");
      }

      @Override
      public io.vertx.core.spi.transport.Transport implementation() {
        throw new UnsupportedOperationException();
      }
    };
  }
}
