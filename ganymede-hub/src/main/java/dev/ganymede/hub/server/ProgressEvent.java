package dev.ganymede.hub.server;

import java.util.Objects;
import java.util.Optional;

/**
 * One event of a spawn's progress stream (JupyterHub's {@code /progress} event stream, protocol
 * §8.3: {@code progress}, {@code message}, {@code ready}, {@code failed}, {@code url}). Every
 * stream ends with exactly one event that is {@code ready} or {@code failed}.
 *
 * @param progress 0 to 100, never decreasing within one spawn
 * @param url the server's base path, on the ready event
 */
public record ProgressEvent(
    int progress, String message, boolean ready, boolean failed, Optional<String> url) {

  public ProgressEvent {
    if (progress < 0 || progress > 100) {
      throw new IllegalArgumentException("progress must be 0..100: " + progress);
    }
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(url, "url");
    if (ready && failed) {
      throw new IllegalArgumentException("an event cannot be both ready and failed");
    }
  }

  /** An intermediate event. */
  public static ProgressEvent progress(int progress, String message) {
    return new ProgressEvent(progress, message, false, false, Optional.empty());
  }

  /** The final event of a successful spawn. */
  public static ProgressEvent ready(String basePath) {
    return new ProgressEvent(
        100, "Server ready at " + basePath, true, false, Optional.of(basePath));
  }

  /** The final event of a failed or cancelled spawn. */
  public static ProgressEvent failed(String message) {
    return new ProgressEvent(100, message, false, true, Optional.empty());
  }

  /** Whether this event ends its stream. */
  public boolean terminal() {
    return ready || failed;
  }

  /** The same event with {@code progress} raised to at least {@code floor}. */
  ProgressEvent atLeast(int floor) {
    return progress >= floor ? this : new ProgressEvent(floor, message, ready, failed, url);
  }
}
