package dev.ganymede.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {

  @TempDir Path root;

  private Path fakeInstall(String version) throws IOException {
    Path bin = Files.createDirectories(root.resolve(version).resolve("bin"));
    for (String program : new String[] {"initdb", "pg_ctl"}) {
      Files.writeString(bin.resolve(program), "#!/bin/sh\n");
      Files.setPosixFilePermissions(
          bin.resolve(program), PosixFilePermissions.fromString("rwx------"));
    }
    return bin;
  }

  @Test
  void picksTheNewestInstalledVersion() throws IOException {
    fakeInstall("9");
    Path newest = fakeInstall("15");
    fakeInstall("13");

    assertThat(PostgresBinaries.locate(root)).isEqualTo(newest);
  }

  @Test
  void failsNamingThePackageToInstallWhenNothingIsInstalled() {
    assertThatThrownBy(() -> PostgresBinaries.locate(root.resolve("absent")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install postgresql")
        .hasMessageContaining(root.resolve("absent").toString());
  }

  @Test
  void ignoresAVersionDirectoryWithoutTheServerPrograms() throws IOException {
    Files.createDirectories(root.resolve("16").resolve("bin"));

    assertThatThrownBy(() -> PostgresBinaries.locate(root))
        .hasMessageContaining("apt-get install postgresql");
  }

  @Test
  void makesTheFixtureFailRatherThanSkipWhenTheProgramsAreMissing() {
    PostgresFixture fixture = new PostgresFixture(root);

    assertThatThrownBy(fixture::newDatabase)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install postgresql");
  }
}
