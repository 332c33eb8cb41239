package dev.ganymede.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

class NetworkTransportTest {
  @Test
  void autoChoosesEpollWhereTheKernelHasIt() {
    assumeTrue(Transport.EPOLL.available(), "epoll is not available here");
    assertThat(NetworkTransport.AUTO.resolve().name()).isEqualTo("epoll");
  }

  @Test
  void anExplicitChoiceIsTakenAsItIs() {
    assertThat(NetworkTransport.NIO.resolve()).isSameAs(Transport.NIO);
    assumeTrue(Transport.IO_URING.available(), "io_uring is not available here");
    assertThat(NetworkTransport.IO_URING.resolve()).isSameAs(Transport.IO_URING);
    assertThat(NetworkTransport.IO_URING.resolve().name()).isEqualTo("io_uring");
  }

  @Test
  void onlyTheExperimentalTransportComesWithACaveat() {
    assertThat(NetworkTransport.IO_URING.caveat()).get().asString().contains("netty#17238");
    assertThat(NetworkTransport.AUTO.caveat()).isEmpty();
    assertThat(NetworkTransport.EPOLL.caveat()).isEmpty();
    assertThat(NetworkTransport.NIO.caveat()).isEmpty();
  }

  @Test
  void anUnavailableExplicitChoiceStopsWithItsReasonInsteadOfFallingBack() {
    Transport forbidden =
        new Transport() {
          @Override
          public String name() {
            return "io_uring";
          }

          @Override
          public boolean available() {
            return false;
          }

          @Override
          public Throwable unavailabilityCause() {
            return new IllegalStateException("io_uring_setup: Operation not permitted");
          }

          @Override
          public io.vertx.core.spi.transport.Transport implementation() {
            throw new UnsupportedOperationException();
          }
        };

    assertThatThrownBy(() -> NetworkTransport.require("io_uring", forbidden))
        .isInstanceOf(CliException.class)
        .hasMessage(
            "--transport io_uring is not available here: io_uring_setup: Operation not permitted"
                + " (use --transport auto to fall back)");
    assertThatThrownBy(() -> NetworkTransport.require("io_uring", null))
        .isInstanceOf(CliException.class)
        .hasMessage("--transport io_uring is not available: this build does not include it");
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
}
