package dev.ganymede.hub.spawner.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A server's log file: the server process appends its output to it directly (so output is kept even
 * while the hub is down); the spawner writes a marker line before each start and reads the lines
 * written since then when a start fails.
 */
final class ServerLog {
  private static final int MAX_TAIL_BYTES = 16 * 1024;

  private ServerLog() {}

  /** Appends {@code marker} as a line and returns the file's length after it. */
  static long begin(Path file, String marker) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          marker + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The last {@code maxLines} lines written after {@code offset}; empty if unreadable. */
  static List<String> tail(Path file, long offset, int maxLines) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long from = Math.max(offset, in.length() - MAX_TAIL_BYTES);
      byte[] bytes = new byte[(int) Math.max(0, in.length() - from)];
      in.seek(from);
      in.readFully(bytes);
      List<String> lines =
          new ArrayList<>(new String(bytes, StandardCharsets.UTF_8).strip().lines().toList());
      return lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
    } catch (IOException e) {
      return List.of();
    }
  }
}
