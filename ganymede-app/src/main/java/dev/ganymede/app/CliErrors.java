package dev.ganymede.app;

import dev.ganymede.hub.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns failures into one clear line on standard error and an exit code: 2 for usage errors, 1 for
 * everything else. Stack traces appear only with {@code GANYMEDE_DEBUG=1}.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

  static int usage(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("ganymede: " + e.getMessage());
    err.println(
        "Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
    return 2;
  }

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof ConfigException config) {
      err.println("ganymede: invalid configuration:");
      for (String line : config.getMessage().split("\n")) {
        err.println("  " + line);
      }
    } else if (e instanceof CliException) {
      err.println("ganymede: " + e.getMessage());
    } else {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      err.println("ganymede: " + message.lines().findFirst().orElse(message));
    }
    if ("1".equals(System.getenv("GANYMEDE_DEBUG"))) {
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }
}
