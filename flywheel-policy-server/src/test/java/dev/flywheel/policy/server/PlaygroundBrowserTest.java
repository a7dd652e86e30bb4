package dev.flywheel.policy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground in a real headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs), driven
 * by Selenium through the system's chromedriver; nothing is downloaded. The page is loaded from the server with no
 * other network.
 */
class PlaygroundBrowserTest {
  private static PolicyServer server;
  private static ChromeDriverService service;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    server = PolicyServer.start(ServerSettings.builder().port(0)
        .clock(Clock.fixed(Instant.parse("2027-03-01T00:00:00Z"), ZoneOffset.UTC)).build());
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1100,1200", "--no-first-run", "--disable-extensions");
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.quit();
      }
      if (service != null) {
        service.stop();
      }
    } finally {
      server.close();
    }
  }

  @Test
  void playground_typoUnderlinedThenFixedThenFactAndPurposeChangeTheCells() throws Exception {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(server.uri().toString());
    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));

    // A typo: underlined at its span, with the hint.
    WebElement editor = browser.findElement(By.id("terms"));
    editor.clear();
    editor.sendKeys("trian if attribution");
    WebElement mark = wait.until(d -> d.findElements(By.cssSelector("#highlights mark")).stream()
        .filter(m -> m.getText().isEmpty() ? "trian".equals(m.getDomProperty("textContent")) : true)
        .findFirst().orElse(null));
    assertEquals("trian", mark.getDomProperty("textContent"));
    assertEquals("unknown-word", mark.getDomAttribute("data-code"));
    assertTrue(mark.getDomAttribute("title").contains("did you mean 'train'?"), mark.getDomAttribute("title"));
    assertTrue(browser.findElement(By.id("diagnostics")).getText().contains("did you mean 'train'?"));
    wait.until(d -> "invalid".equals(d.findElement(By.id("decisions")).getDomAttribute("data-state")));
    screenshot("playground-typo.png");

    // Fixed: no mark, the canonical form, a decision for every purpose.
    editor.clear();
    editor.sendKeys("train if attribution");
    wait.until(d -> "decided".equals(d.findElement(By.id("decisions")).getDomAttribute("data-state")));
    wait.until(d -> d.findElements(By.cssSelector("#highlights mark")).isEmpty());
    assertEquals("allow train if attribution", browser.findElement(By.id("canonical")).getText());
    assertEquals(dev.flywheel.policy.Purpose.values().length,
        browser.findElements(By.cssSelector("#decisions tbody tr")).size());
    assertEquals("obligation (not honoured)", cell("train", 1));
    assertEquals("attribution", cell("train", 2));
    assertEquals("allow train if attribution", cell("train", 3));

    // Honouring attribution changes the cell.
    browser.findElement(By.cssSelector("#honour input[value='attribution']")).click();
    wait.until(d -> cell("train", 1).equals("obligation"));

    // A fact: terms that need open weights deny until the fact is declared.
    editor.clear();
    editor.sendKeys("train if open-weights");
    wait.until(d -> cell("train", 1).startsWith("deny"));
    browser.findElement(By.cssSelector("#facts input[value='open-weights']")).click();
    wait.until(d -> cell("train", 1).equals("allow"));

    // Switching the purpose shows that purpose in detail.
    new Select(browser.findElement(By.id("purpose"))).selectByValue("eval");
    wait.until(d -> d.findElement(By.cssSelector("#detail h3")).getText().startsWith("eval: deny"));
    wait.until(d -> "eval".equals(d.findElement(By.cssSelector("#decisions tr.selected")).getDomAttribute(
        "data-purpose")));
    screenshot("playground.png");
  }

  @Test
  void playground_exampleAndImport_fillTheEditor() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(server.uri().toString());
    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    List<WebElement> examples = browser.findElements(By.cssSelector("button.example"));
    examples.stream().filter(b -> b.getText().equals("deny train until 2027-01-01; allow eval")).findFirst()
        .orElseThrow().click();
    wait.until(d -> d.findElement(By.id("canonical")).getText().equals("deny train until 2027-01-01; allow eval"));
    new Select(browser.findElement(By.id("import-from"))).selectByValue("aipref");
    browser.findElement(By.id("import-text")).sendKeys("train-ai=n, search=y");
    browser.findElement(By.id("import-button")).click();
    wait.until(d -> d.findElement(By.id("canonical")).getText().equals("deny train-genai; allow search"));
    assertTrue(browser.findElement(By.id("import-report")).getText().contains("unknown-category"));
  }

  private static String cell(String purpose, int column) {
    return browser.findElement(By.cssSelector("#decisions tr[data-purpose='" + purpose + "']"))
        .findElements(By.tagName("td")).get(column).getText();
  }

  private static void screenshot(String name) throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", name);
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
