package dev.ganymede.app;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, for browser tests; the packages
 * are installed by {@code scripts/install-test-deps.sh}.
 */
final class Chromium {
  private Chromium() {}

  /** Starts a headless browser with its own profile directory; quit it when done. */
  static WebDriver start(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(executable("/usr/bin/chromium", "chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(executable("/usr/bin/chromedriver", "chromium-driver")))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /** Saves what the browser shows to {@code target/screenshots/<name>.png}, for reviewers. */
  static void screenshot(WebDriver browser, String name) {
    try {
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
      Files.write(dir.resolve(name + ".png"), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String executable(String path, String debianPackage) {
    if (!Files.isExecutable(Path.of(path))) {
      throw new IllegalStateException(
          path
              + " is missing: install it with apt-get install "
              + debianPackage
              + " (scripts/install-test-deps.sh does)");
    }
    return path;
  }
}
