package dev.ganymede.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ganymede} command line. */
@Command(
    name = "ganymede",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "A multi-user Jupyter platform.",
    subcommands = {RunCommand.class, ProxyCommand.class, ConfigCommand.class, UserCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage error). */
  public static int execute(String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler(new CliErrors());
    commandLine.setParameterExceptionHandler(CliErrors::usage);
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
