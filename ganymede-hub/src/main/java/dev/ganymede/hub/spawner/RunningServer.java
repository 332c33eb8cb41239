package dev.ganymede.hub.spawner;

import java.net.URI;
import java.util.Objects;

/**
 * A started server: where the proxy sends its traffic ({@code http://127.0.0.1:51234}, no path) and
 * the state from which the hub can find it again.
 */
public record RunningServer(URI url, SpawnerState state) {
  public RunningServer {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(state, "state");
  }
}
