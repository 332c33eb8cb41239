package dev.ganymede.hub.jupyter;

import java.util.Objects;

/**
 * Turns pip's output lines into progress updates: {@code Collecting}/{@code Processing} and {@code
 * Downloading} lines move the estimate from {@value #COLLECT_FROM} to {@value #COLLECT_TO} percent
 * (JupyterLab pulls in about {@value #EXPECTED_PACKAGES} packages), {@code Installing collected
 * packages} jumps to {@value #INSTALLING}, {@code Successfully installed} to {@value #INSTALLED}.
 * Other lines are ignored. Not thread-safe: one instance per pip run.
 */
final class PipProgress {
  static final int COLLECT_FROM = 10;
  static final int COLLECT_TO = 70;
  static final int INSTALLING = 75;
  static final int INSTALLED = 95;
  static final int EXPECTED_PACKAGES = 90;

  private final InstallProgress sink;
  private int collected;

  PipProgress(InstallProgress sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  void line(String raw) {
    String line = raw.strip();
    if (line.startsWith("Collecting ") || line.startsWith("Processing ")) {
      collected++;
      sink.update(collectingPercent(), "Collecting " + packageName(line));
    } else if (line.startsWith("Downloading ")) {
      sink.update(collectingPercent(), "Downloading " + downloadName(line));
    } else if (line.startsWith("Installing collected packages:")) {
      int count = line.substring(line.indexOf(':') + 1).split(",").length;
      sink.update(INSTALLING, "Installing " + count + " packages");
    } else if (line.startsWith("Successfully installed")) {
      sink.update(INSTALLED, "JupyterLab installed");
    }
  }

  private int collectingPercent() {
    int counted = Math.min(collected, EXPECTED_PACKAGES);
    return COLLECT_FROM + counted * (COLLECT_TO - COLLECT_FROM) / EXPECTED_PACKAGES;
  }

  /**
   * {@code Collecting async-lru>=1.0.0 (from jupyterlab)} → {@code async-lru}; {@code Processing
   * /opt/files/jupyter_server-2.21.1-py3-none-any.whl (from jupyterlab)} → {@code jupyter_server}.
   */
  static String packageName(String line) {
    String rest = line.substring(line.indexOf(' ') + 1).strip();
    int space = rest.indexOf(' ');
    String first = space < 0 ? rest : rest.substring(0, space);
    if (first.contains("/")) {
      String file = first.substring(first.lastIndexOf('/') + 1);
      int dash = file.indexOf('-');
      return dash > 0 ? file.substring(0, dash) : file;
    }
    int end = 0;
    while (end < first.length() && "<>=!~;[(".indexOf(first.charAt(end)) < 0) {
      end++;
    }
    return end == 0 ? first : first.substring(0, end);
  }

  /**
   * {@code Downloading https://host/x/tornado-6.5.whl (500 kB)} → {@code tornado-6.5.whl (500 kB)}.
   */
  static String downloadName(String line) {
    String rest = line.substring("Downloading ".length()).strip();
    int space = rest.indexOf(' ');
    String target = space < 0 ? rest : rest.substring(0, space);
    String suffix = space < 0 ? "" : rest.substring(space);
    return target.substring(target.lastIndexOf('/') + 1) + suffix;
  }
}
