package dev.ganymede.app;

import dev.ganymede.hub.Hub;
import dev.ganymede.hub.config.GanymedeConfig;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ganymede run}: the hub in the foreground until Ctrl-C. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Start the hub in the foreground (Ctrl-C stops it).",
      "Defaults: http://127.0.0.1:8000, SQLite in ./ganymede-data, password sign-in,"
          + " local spawner, in-process proxy."
    })
final class RunCommand implements Runnable {
  @Mixin ConfigOptions options;

  @Override
  public void run() {
    GanymedeConfig config = options.load();
    PrintStream out = System.out;
    Hub hub = Hub.start(config, line -> out.println(line));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println(
                      "Stopping Ganymede (users' servers keep running and are reattached at the next start)...");
                  hub.close();
                  stopped.countDown();
                },
                "ganymede-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
