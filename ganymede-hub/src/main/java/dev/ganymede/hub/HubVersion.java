package dev.ganymede.hub;

/**
 * The version the hub reports, a PEP 440 string as JupyterHub clients require (they parse it with
 * Python's {@code packaging.version}).
 */
public final class HubVersion {
  private HubVersion() {}

  public static String current() {
    String version = HubVersion.class.getPackage().getImplementationVersion();
    if (version == null || version.isBlank()) {
      return "0.1.0.dev0";
    }
    return version.replace("-SNAPSHOT", ".dev0");
  }
}
