package dev.ganymede.app;

import dev.ganymede.hub.config.ConfigLoader;
import dev.ganymede.hub.config.GanymedeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every command that needs the configuration shares. */
final class ConfigOptions {
  static final Path DEFAULT_FILE = Path.of("ganymede.yaml");

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Configuration file (default: ./ganymede.yaml if it exists).")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one configuration key, e.g. --set hub.port=9000 (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--port", description = "Port to listen on (hub.port).")
  Integer port;

  @Option(names = "--ip", description = "Address to listen on (hub.ip).")
  String ip;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (hub.dataDir).")
  Path dataDir;

  GanymedeConfig load() {
    Optional<Path> config = Optional.ofNullable(file);
    if (config.isPresent() && !Files.isRegularFile(config.get())) {
      throw new CliException("configuration file " + config.get() + " does not exist");
    }
    if (config.isEmpty() && Files.isRegularFile(DEFAULT_FILE)) {
      config = Optional.of(DEFAULT_FILE);
    }
    Map<String, String> all = new LinkedHashMap<>(overrides);
    if (port != null) {
      all.put("hub.port", port.toString());
    }
    if (ip != null) {
      all.put("hub.ip", ip);
    }
    if (dataDir != null) {
      all.put("hub.dataDir", dataDir.toString());
    }
    return ConfigLoader.load(config, System.getenv(), all);
  }
}
