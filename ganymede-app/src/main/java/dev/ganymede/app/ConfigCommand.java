package dev.ganymede.app;

import dev.ganymede.hub.config.ConfigLoader;
import dev.ganymede.hub.config.ConfigRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ganymede config check FILE} and {@code ganymede config show}. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Validate or show configuration.",
    subcommands = {ConfigCommand.Check.class, ConfigCommand.Show.class})
final class ConfigCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Validate a configuration file; prints every problem with its key.")
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The ganymede.yaml to check.")
    Path file;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        throw new CliException("configuration file " + file + " does not exist");
      }
      List<String> problems = ConfigLoader.checkFile(file).problems();
      if (problems.isEmpty()) {
        System.out.println(file + ": OK");
        return 0;
      }
      System.err.println(file + ": " + problems.size() + " problem(s):");
      problems.forEach(p -> System.err.println("  " + p));
      return 1;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Print the effective configuration (file, environment and flags) with secrets masked.")
  static final class Show implements Runnable {
    @Mixin ConfigOptions options;

    @Override
    public void run() {
      System.out.print(ConfigRenderer.render(options.load()));
    }
  }
}
