package dev.ganymede.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedVenvTest {
  private static final Predicate<Path> HAS_MARKER = dir -> Files.isRegularFile(dir.resolve("ok"));

  @TempDir Path cache;

  @Test
  void buildsOnceAndPublishesTheEnvironmentAsALinkToItsBuildDirectory() throws Exception {
    Path venv = cache.resolve("env");
    AtomicInteger builds = new AtomicInteger();
    SharedVenv shared =
        new SharedVenv(
            "test",
            venv,
            HAS_MARKER,
            build -> {
              builds.incrementAndGet();
              return List.of(
                  List.of("mkdir", "-p", build.toString()),
                  List.of("touch", build.resolve("ok").toString()));
            });

    assertThat(shared.ensure()).isEqualTo(venv);
    assertThat(shared.ensure()).isEqualTo(venv);
    SharedVenv otherJvm =
        new SharedVenv(
            "test",
            venv,
            HAS_MARKER,
            build -> {
              builds.incrementAndGet();
              return List.of(List.of("false"));
            });
    assertThat(otherJvm.ensure()).isEqualTo(venv);

    assertThat(builds).hasValue(1);
    assertThat(Files.isSymbolicLink(venv)).isTrue();
    assertThat(venv.resolve("ok")).isRegularFile();
  }

  @Test
  void aFailedBuildThrowsWithTheCommandsOutputAndLeavesNothingBehind() throws Exception {
    Path venv = cache.resolve("env");
    SharedVenv shared =
        new SharedVenv(
            "test",
            venv,
            HAS_MARKER,
            build ->
                List.of(
                    List.of("mkdir", "-p", build.toString()),
                    List.of("sh", "-c", "echo no such package >&2; exit 3")));

    assertThatThrownBy(shared::ensure)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exit code 3")
        .hasMessageContaining("no such package");

    try (var left = Files.list(cache)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .allMatch(name -> name.endsWith(".lock"));
    }
  }

  @Test
  void anExistingCompleteEnvironmentIsUsedAsItIs() throws Exception {
    Path venv = Files.createDirectories(cache.resolve("env"));
    Files.createFile(venv.resolve("ok"));
    SharedVenv shared =
        new SharedVenv("test", venv, HAS_MARKER, build -> List.of(List.of("sh", "-c", "exit 1")));

    assertThat(shared.ensure()).isEqualTo(venv);
    assertThat(Files.isSymbolicLink(venv)).isFalse();
  }

  @Test
  void anIncompleteDirectoryInTheWayIsReportedNotOverwritten() throws Exception {
    Path venv = Files.createDirectories(cache.resolve("env"));
    Files.createFile(venv.resolve("something"));
    SharedVenv shared = new SharedVenv("test", venv, HAS_MARKER, build -> List.of(List.of("true")));

    assertThatThrownBy(shared::ensure)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a complete test environment");
    assertThat(venv.resolve("something")).isRegularFile();
  }
}
