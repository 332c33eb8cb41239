package dev.ganymede.hub.jupyter;

/**
 * Receives progress while the managed Python environment is prepared. Called on the installer's
 * thread; implementations must be thread-safe and return quickly.
 */
@FunctionalInterface
public interface InstallProgress {

  /** Does nothing with progress. */
  InstallProgress NONE = (percent, message) -> {};

  /**
   * @param percent an estimate from 0 to 100, never decreasing within one installation
   * @param message a short line fit for a terminal or a progress page, e.g. {@code Collecting
   *     tornado}
   */
  void update(int percent, String message);
}
