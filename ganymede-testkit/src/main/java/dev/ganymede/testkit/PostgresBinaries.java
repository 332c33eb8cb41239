package dev.ganymede.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the PostgreSQL server programs ({@code initdb}, {@code pg_ctl}) of Debian's packages. */
final class PostgresBinaries {

  /** Where Debian installs them: {@code /usr/lib/postgresql/<major>/bin}. */
  static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

  /** A system property naming a {@code bin} directory to use instead. */
  static final String PROPERTY = "ganymede.postgres.bin";

  private PostgresBinaries() {}

  /** The {@code bin} directory named by {@value #PROPERTY}, else the newest under {@code root}. */
  static Path locate(Path root) {
    Optional<Path> configured = Optional.ofNullable(System.getProperty(PROPERTY)).map(Path::of);
    Optional<Path> found = configured.isPresent() ? configured : newest(root);
    return found
        .filter(PostgresBinaries::complete)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "PostgreSQL server programs (initdb, pg_ctl) not found in "
                        + configured.map(Path::toString).orElse(root + "/<version>/bin")
                        + "; the PostgreSQL tests need them: install them with"
                        + " `apt-get install postgresql` (or set -D"
                        + PROPERTY
                        + "=<bin directory>)"));
  }

  private static Optional<Path> newest(Path root) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(PostgresBinaries::complete)
          .max(Comparator.comparing(PostgresBinaries::major));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  private static boolean complete(Path bin) {
    return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
  }

  private static int major(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
