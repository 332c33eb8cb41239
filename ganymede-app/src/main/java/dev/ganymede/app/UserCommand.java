package dev.ganymede.app;

import dev.ganymede.hub.HubAccounts;
import dev.ganymede.hub.account.AccountException;
import dev.ganymede.hub.account.AddedUser;
import dev.ganymede.hub.store.User;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ganymede user add|reset-password|list}: account administration from a shell. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = "Manage accounts (works while the hub runs).",
    subcommands = {
      UserCommand.Add.class,
      UserCommand.ResetPassword.class,
      UserCommand.ListUsers.class
    })
final class UserCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user.")
  static final class Add implements Runnable {
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "NAME", description = "The user name (stored in lower case).")
    String name;

    @Option(names = "--admin", description = "Make the user an administrator.")
    boolean admin;

    @Option(
        names = "--password-stdin",
        description =
            "Read the password from standard input instead of generating a one-time password.")
    boolean passwordStdin;

    @Override
    public void run() {
      Optional<String> password = passwordStdin ? Optional.of(readLine()) : Optional.empty();
      try (HubAccounts accounts = HubAccounts.open(options.load())) {
        AddedUser added = accounts.service().addUser(name, admin, password, "cli");
        System.out.println(
            "Added " + added.user().name() + (added.user().admin() ? " (admin)" : "") + ".");
        added
            .oneTimePassword()
            .ifPresent(
                p ->
                    System.out.println("One-time password (to be changed at first sign-in): " + p));
      } catch (AccountException e) {
        throw new CliException(e.getMessage());
      }
    }
  }

  @Command(
      name = "reset-password",
      mixinStandardHelpOptions = true,
      description = "Give a user a new one-time password and sign them out everywhere.")
  static final class ResetPassword implements Runnable {
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public void run() {
      try (HubAccounts accounts = HubAccounts.open(options.load())) {
        String password = accounts.service().resetPassword(name, "cli");
        System.out.println(
            "One-time password for " + name + " (to be changed at first sign-in): " + password);
      } catch (AccountException e) {
        throw new CliException(e.getMessage());
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
  static final class ListUsers implements Runnable {
    @Mixin ConfigOptions options;

    @Override
    public void run() {
      try (HubAccounts accounts = HubAccounts.open(options.load())) {
        for (User user : accounts.users().list()) {
          System.out.println(
              user.name()
                  + (user.admin() ? "\tadmin" : "\tuser")
                  + "\t"
                  + user.status().name().toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
  }

  private static String readLine() {
    try {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line == null || line.isEmpty()) {
        throw new CliException("no password on standard input");
      }
      return line;
    } catch (IOException e) {
      throw new CliException("cannot read standard input: " + e.getMessage());
    }
  }
}
