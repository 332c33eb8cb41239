package dev.ganymede.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogbackDefaultsTest {
  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

  private ExecutionStatus configure(Map<String, String> env, boolean operatorConfigured) {
    LogbackDefaults defaults =
        new LogbackDefaults(
            env, operatorConfigured, new PrintStream(warnings, true, StandardCharsets.UTF_8));
    defaults.setContext(context);
    return defaults.configure(context);
  }

  @Test
  void logsGanymedeAtInfoAuditEventsAtInfoAndEverythingElseAtWarnToStandardError() {
    assertThat(configure(Map.of(), false)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    assertThat(context.getLogger("dev.ganymede.hub.Hub").getEffectiveLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("ganymede.events").getEffectiveLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.jdbi").getEffectiveLevel()).isEqualTo(Level.WARN);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("CONSOLE"))
        .isInstanceOfSatisfying(
            ConsoleAppender.class,
            console -> {
              assertThat(console.isStarted()).isTrue();
              assertThat(console.getTarget()).isEqualTo("System.err");
              assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern())
                  .isEqualTo(LogbackDefaults.PATTERN);
            });
    assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void formatsAnEventWithTheUserAndServerItConcernsAndLeavesOutWhatItDoesNot() {
    configure(Map.of(), false);
    @SuppressWarnings("unchecked")
    ConsoleAppender<ILoggingEvent> console =
        (ConsoleAppender<ILoggingEvent>)
            context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
    Logger logger = context.getLogger("dev.ganymede.hub.server.Reconciler");
    LogbackMDCAdapter mdc = new LogbackMDCAdapter();
    context.setMDCAdapter(mdc);

    mdc.put("user", "ada");
    mdc.put("server", "gpu");
    String named = format(console, logger, "started");
    mdc.put("server", "");
    String unnamed = format(console, logger, "started");
    mdc.clear();
    String neither = format(console, logger, "hub up");

    String time = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";
    assertThat(named).matches(time + " INFO  Reconciler \\[ada/gpu\\] started\n");
    assertThat(unnamed).matches(time + " INFO  Reconciler \\[ada\\] started\n");
    assertThat(neither).matches(time + " INFO  Reconciler hub up\n");
  }

  @Test
  void takesGanymedesLevelFromGanymedeLogLevel() {
    configure(Map.of("GANYMEDE_LOG_LEVEL", "debug"), false);

    assertThat(context.getLogger("dev.ganymede.proxy.FastExchange").getEffectiveLevel())
        .isEqualTo(Level.DEBUG);
    assertThat(context.getLogger("io.vertx.core").getEffectiveLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void saysSoOnOneLineAndLogsAtInfoWhenGanymedeLogLevelIsNotALevel() {
    configure(Map.of("GANYMEDE_LOG_LEVEL", "LOUD"), false);

    assertThat(context.getLogger("dev.ganymede").getEffectiveLevel()).isEqualTo(Level.INFO);
    assertThat(warnings.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "ganymede: GANYMEDE_LOG_LEVEL=LOUD is not a log level"
                + " (ERROR, WARN, INFO, DEBUG, TRACE, OFF); logging at INFO\n");
  }

  @Test
  void stepsAsideForTheOperatorsOwnConfigurationFile() {
    assertThat(configure(Map.of("GANYMEDE_LOG_LEVEL", "DEBUG"), true))
        .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);

    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext())
        .isFalse();
    assertThat(context.getLogger("dev.ganymede").getLevel()).isNull();
  }

  private static String format(
      ConsoleAppender<ILoggingEvent> console, Logger logger, String message) {
    LoggingEvent event =
        new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, null);
    return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
  }
}
