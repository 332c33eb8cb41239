package dev.ganymede.hub.jupyter;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs a short-lived helper command (venv, pip) to completion, streaming its output lines. */
final class CommandRunner {
  private static final int TAIL_LINES = 15;

  /** How a command ended: exit code and its last output lines. */
  record Result(int exitCode, List<String> tail) {
    boolean ok() {
      return exitCode == 0;
    }

    String tailText() {
      return String.join("\n", tail);
    }
  }

  private CommandRunner() {}

  /**
   * Runs {@code command} with the hub's environment plus {@code extraEnvironment}, standard error
   * merged into standard output; each line goes to {@code lines}. Blocks until the command exits.
   *
   * @throws IOException if the program cannot be started at all
   */
  static Result run(
      List<String> command, Map<String, String> extraEnvironment, Consumer<String> lines)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(extraEnvironment);
    Process process = builder.start();
    Deque<String> tail = new ArrayDeque<>();
    try (BufferedReader reader = process.inputReader()) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (tail.size() == TAIL_LINES) {
          tail.removeFirst();
        }
        tail.addLast(line);
        lines.accept(line);
      }
      return new Result(process.waitFor(), List.copyOf(tail));
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }
}
