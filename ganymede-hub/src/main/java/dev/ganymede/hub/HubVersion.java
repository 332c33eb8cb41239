package dev.ganymede.hub;

/**
 * The version the hub reports in {@code GET /hub/api/} and {@code X-JupyterHub-Version}: the
 * JupyterHub release whose REST API and protocol Ganymede implements, with Ganymede's own version
 * as a PEP 440 local label, e.g. {@code 5.5.1+ganymede.0.1.0.dev0}.
 *
 * <p>Clients parse it with Python's {@code packaging.version} and switch features on by it: the
 * idle culler uses the {@code state} filter only from 1.3.0 on, and {@code jupyterhub-singleuser}
 * warns when the major version differs from its own. Reporting Ganymede's own {@code 0.x} would
 * make them treat the hub as an ancient JupyterHub.
 */
public final class HubVersion {
  /** The JupyterHub release whose API Ganymede answers like. */
  static final String JUPYTERHUB_API = "5.5.1";

  private HubVersion() {}

  public static String current() {
    return JUPYTERHUB_API + "+ganymede." + product();
  }

  /** Ganymede's own version in PEP 440 form ({@code 0.1.0-SNAPSHOT} becomes {@code 0.1.0.dev0}). */
  public static String product() {
    String version = HubVersion.class.getPackage().getImplementationVersion();
    if (version == null || version.isBlank()) {
      return "0.1.0.dev0";
    }
    return version.replace("-SNAPSHOT", ".dev0").replaceAll("[^A-Za-z0-9.]", ".");
  }
}
