package dev.ganymede.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL server in a temporary directory, on a free loopback port, with fsync off.
 * As root, its programs run as the {@code postgres} user through {@code runuser} (PostgreSQL
 * refuses to run as root).
 */
final class PostgresServer {

  static final String SUPERUSER = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static final int START_ATTEMPTS = 3;
  private static final long COMMAND_TIMEOUT_SECONDS = 120;

  private final Path bin;
  private final Path dir;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();
  private boolean stopped;

  private PostgresServer(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  /** Creates a cluster and starts it, retrying on another port if the chosen one was taken. */
  static PostgresServer start(Path bin) {
    long started = System.nanoTime();
    Path dir = createDirectory();
    try {
      run(
          bin,
          "initdb",
          "-D",
          dir.resolve("data").toString(),
          "-U",
          SUPERUSER,
          "-A",
          "trust",
          "-E",
          "UTF8",
          "--locale=C",
          "--no-sync");
      IllegalStateException failure = null;
      for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
        int port = FreePorts.next();
        try {
          run(
              bin,
              "pg_ctl",
              "-D",
              dir.resolve("data").toString(),
              "-l",
              dir.resolve("server.log").toString(),
              "-w",
              "-t",
              "60",
              "-o",
              "-c listen_addresses=127.0.0.1 -p "
                  + port
                  + " -k "
                  + dir
                  + " -c fsync=off -c full_page_writes=off -c synchronous_commit=off",
              "start");
          LOG.info(
              "PostgreSQL started on 127.0.0.1:{} in {} ms ({})",
              port,
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
              bin);
          return new PostgresServer(bin, dir, port);
        } catch (IllegalStateException e) {
          failure = e;
        }
      }
      throw new IllegalStateException(
          "PostgreSQL did not start in "
              + START_ATTEMPTS
              + " attempts; its log:\n"
              + serverLog(dir),
          failure);
    } catch (RuntimeException e) {
      deleteRecursively(dir);
      throw e;
    }
  }

  /** A new, empty database. */
  synchronized PostgresDatabase createDatabase() {
    if (stopped) {
      throw new IllegalStateException("the PostgreSQL test server was stopped");
    }
    String name = "test_" + databases.incrementAndGet();
    try (Connection connection = DriverManager.getConnection(url("postgres"), SUPERUSER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return new PostgresDatabase(url(name), SUPERUSER, name);
  }

  /** Stops the server at once ({@code -m immediate}) and removes its directory. Idempotent. */
  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      run(bin, "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    } finally {
      deleteRecursively(dir);
    }
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private static Path createDirectory() {
    try {
      Path dir =
          Files.createTempDirectory(
              "ganymede-pg-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      if (isRoot()) {
        UserPrincipal postgres =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
        Files.setOwner(dir, postgres);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a directory for PostgreSQL", e);
    }
  }

  private static String serverLog(Path dir) {
    try {
      return Files.readString(dir.resolve("server.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Runs one of PostgreSQL's programs and fails with its output if it fails. */
  private static void run(Path bin, String program, String... arguments) {
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(arguments));
    Path output = null;
    try {
      // A file, not a pipe: the server pg_ctl forks must not hold our stream open.
      output = Files.createTempFile("ganymede-pg-" + program + "-", ".out");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            program + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s: " + command);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            program
                + " failed with exit code "
                + process.exitValue()
                + ": "
                + command
                + "\n"
                + Files.readString(output));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          LOG.warn("cannot delete {}", output, e);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e)
                throws IOException {
              Files.delete(directory);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warn("cannot delete the PostgreSQL directory {}", dir, e);
    }
  }
}
