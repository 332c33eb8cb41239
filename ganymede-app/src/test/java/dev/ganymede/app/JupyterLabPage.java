package dev.ganymede.app;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What browser tests do in JupyterLab once it is loaded: open a notebook and run a cell. */
final class JupyterLabPage {
  private final WebDriver browser;
  private final WebDriverWait wait;

  JupyterLabPage(WebDriver browser, WebDriverWait wait) {
    this.browser = browser;
    this.wait = wait;
  }

  /**
   * Waits for JupyterLab's main area, failing with the current address and the start of the page
   * when it does not come (an OAuth or proxy error page says more than a timeout).
   */
  JupyterLabPage awaitLoaded() {
    try {
      wait.until(
          ExpectedConditions.presenceOfElementLocated(By.cssSelector("#jp-main-dock-panel")));
    } catch (org.openqa.selenium.TimeoutException e) {
      String page = browser.getPageSource();
      throw new AssertionError(
          "JupyterLab did not load; at "
              + browser.getCurrentUrl()
              + ":\n"
              + page.substring(0, Math.min(3000, page.length())),
          e);
    }
    return this;
  }

  /**
   * Opens a new notebook from the launcher, waits for its kernel to be idle, runs {@code code} in
   * the first cell and waits until the cell's plain-text output contains {@code expected}.
   */
  void runInNewNotebook(String code, String expected) {
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector(".jp-LauncherCard[data-category='Notebook']")))
        .click();
    WebElement editor =
        wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector(".jp-Notebook .jp-Cell .cm-content")));
    // wait until the kernel is idle so the cell runs at once
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(".jp-Notebook-ExecutionIndicator[data-status='idle']")));
    editor.click();
    new Actions(browser)
        .sendKeys(code)
        .keyDown(Keys.SHIFT)
        .sendKeys(Keys.ENTER)
        .keyUp(Keys.SHIFT)
        .perform();
    WebElement output =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".jp-OutputArea-output[data-mime-type='text/plain']")));
    wait.until(ExpectedConditions.textToBePresentInElement(output, expected));
  }
}
