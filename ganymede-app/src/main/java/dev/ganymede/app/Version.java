package dev.ganymede.app;

import picocli.CommandLine;

/** The product version, from the jar's manifest (or {@code dev} when run from classes). */
final class Version implements CommandLine.IVersionProvider {

  static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "0.1.0.dev0" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"ganymede " + current()};
  }
}
