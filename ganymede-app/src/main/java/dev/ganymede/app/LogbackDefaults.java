package dev.ganymede.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Ganymede's logging, set up in code: one line per event on standard error, {@code dev.ganymede} at
 * {@code GANYMEDE_LOG_LEVEL} (default {@code INFO}), audit events ({@code ganymede.events}) at
 * {@code INFO}, everything else at {@code WARN}.
 *
 * <p>Why code and not a {@code logback.xml}: reading XML takes logback's configuration framework
 * and the JDK's XML parser, about 400 classes and a few MiB of metaspace that the standalone proxy
 * would keep for its lifetime, for a set-up that never changes.
 *
 * <p>An operator's own configuration wins: with the system property {@code
 * logback.configurationFile} (or a {@code logback-test.xml} on the class path, as in tests) this
 * steps aside and logback reads that file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogbackDefaults extends ContextAwareBase implements Configurator {
  static final String LEVEL_VARIABLE = "GANYMEDE_LOG_LEVEL";

  /**
   * Time, level, logger, {@code [user/server]} for a user's server ({@code [user]} for the default
   * one) and the message.
   */
  static final String PATTERN =
      "%d{HH:mm:ss.SSS} %-5level %logger{0}"
          + "%replace(%replace( [%X{user}/%X{server}]){'/\\]', ']'}){' \\[\\]', ''} %msg%n";

  private static final List<String> QUIET =
      List.of("org.flywaydb", "com.zaxxer.hikari", "io.netty", "io.vertx");

  private final Map<String, String> env;
  private final boolean operatorConfigured;
  private final PrintStream warnings;

  /** As logback's service loader creates it: the process's environment and class path. */
  public LogbackDefaults() {
    this(
        System.getenv(),
        System.getProperty("logback.configurationFile") != null
            || LogbackDefaults.class.getClassLoader().getResource("logback-test.xml") != null,
        System.err);
  }

  LogbackDefaults(Map<String, String> env, boolean operatorConfigured, PrintStream warnings) {
    this.env = env;
    this.operatorConfigured = operatorConfigured;
    this.warnings = warnings;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (operatorConfigured) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    // logback's own status messages stay quiet, as they did with the XML file's listener
    context.getStatusManager().add(new NopStatusListener());
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("CONSOLE");
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(console);
    context.getLogger("dev.ganymede").setLevel(ganymedeLevel());
    context.getLogger("ganymede.events").setLevel(Level.INFO);
    QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private Level ganymedeLevel() {
    String value = env.getOrDefault(LEVEL_VARIABLE, "").strip();
    if (value.isEmpty()) {
      return Level.INFO;
    }
    Level level = Level.toLevel(value, null);
    if (level == null) {
      warnings.println(
          "ganymede: "
              + LEVEL_VARIABLE
              + "="
              + value
              + " is not a log level (ERROR, WARN, INFO, DEBUG, TRACE, OFF); logging at INFO");
      return Level.INFO;
    }
    return level;
  }
}
