package dev.opsmind.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestRoots;
import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator page in a real headless Chromium (Debian's chromium + chromium-driver, driven by
 * Selenium) against a real server with the sample runbooks indexed and extractive answers. Each
 * state is saved as a screenshot under target/screenshots/. Skipped (with the reason) where no
 * Chromium or chromedriver is installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorPageBrowserTest {
  static final String KEY = "sk-page-admin";
  static final Path SHOTS = Path.of("target", "screenshots");
  @TempDir static Path tmp;
  private OpsmindServer server;
  private ChromeDriver driver;
  private WebDriverWait wait;
  private TestHttp http;
  private Path chromium;
  private Path chromedriver;

  private static Path find(String property, String... candidates) {
    String given = System.getProperty(property, System.getenv(property.toUpperCase().replace('.', '_')));
    if (given != null && Files.isExecutable(Path.of(given))) return Path.of(given);
    for (String c : candidates) if (Files.isExecutable(Path.of(c))) return Path.of(c);
    return null;
  }

  @BeforeAll
  void start() throws Exception {
    chromium = find("opsmind.chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    chromedriver = find("opsmind.chromedriver", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    Assumptions.assumeTrue(chromium != null && chromedriver != null, "SKIPPED: no Chromium and chromedriver on this "
        + "machine (apt-get install chromium chromium-driver, or set OPSMIND_CHROMIUM / OPSMIND_CHROMEDRIVER): "
        + "the operator page's browser tests did not run");
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5")
        .withIndex(tmp.resolve("data").resolve("index"))
        .withSources(List.of(new ServerConfig.Source("runbooks", TestRoots.sampleRunbooks(), List.of("*")),
            new ServerConfig.Source("ops-actions", actionRunbooks(), List.of("*"))))
        .withActions(new ServerConfig.Actions(List.of("/bin/echo"), null, null, tmp, null, null, null))
        .withApiKeys(List.of(new ServerConfig.ApiKeyEntry("olive", ApiKeys.sha256Hex(KEY), true)));
    server = OpsmindServer.start(config);
    http = new TestHttp(server.port(), KEY);
    http.awaitReady();
    assertEquals(201, http.post("/v1/collections",
        "{\"name\":\"uploads\",\"readers\":[\"*\"],\"description\":\"uploaded from the page\"}").status());

    driver = browser("en-US");
    wait = new WebDriverWait(driver, Duration.ofSeconds(120));
    wait.ignoring(StaleElementReferenceException.class); // lists re-render after every step
    Files.createDirectories(SHOTS);
    driver.get("http://127.0.0.1:" + server.port() + "/");
    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
  }

  /** A runbook that declares one low-risk action, run by /bin/echo (on every Debian machine). */
  private static Path actionRunbooks() throws java.io.IOException {
    Path dir = Files.createDirectories(tmp.resolve("action-runbooks"));
    Files.writeString(dir.resolve("cache-flush.md"), """
        # Flush the edge cache

        When stale pages are served after a deploy, flush the edge cache of the site.

        ```opsmind-action
        name: flush-edge-cache
        description: Flush the edge cache of one site
        run: ["/bin/echo", "flushed edge cache of {{site}}"]
        params:
          site: {pattern: "^[a-z0-9.-]{1,64}$", description: "the site's host name"}
        risk: low
        timeout_seconds: 30
        ```
        """);
    return dir;
  }

  /** A fresh headless Chromium (own profile folder) whose browser language is {@code lang}. */
  private ChromeDriver browser(String lang) throws java.io.IOException {
    ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=" + lang,
        "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile-"));
    options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", lang));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  @AfterAll
  void stop() {
    if (driver != null) driver.quit();
    if (server != null) server.close();
  }

  private void shot(String name) throws Exception {
    Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  private WebElement id(String id) {
    return driver.findElement(By.id(id));
  }

  private void useKey(String key) {
    id("api-key").clear();
    id("api-key").sendKeys(key);
    id("key-save").click();
  }

  /** Asks in a new conversation and waits for the streamed answer to finish; returns the assistant turn. */
  private WebElement ask(String question, boolean newConversation) {
    id("tabs").findElement(By.cssSelector("[data-tab=ask]")).click();
    if (newConversation) id("new-chat").click();
    int before = driver.findElements(By.cssSelector(".turn.assistant")).size();
    id("question").sendKeys(question);
    id("ask").click();
    wait.until(d -> {
      var turns = d.findElements(By.cssSelector(".turn.assistant"));
      return turns.size() > before && !"streaming".equals(turns.getLast().getDomAttribute("data-state"));
    });
    WebElement turn = driver.findElements(By.cssSelector(".turn.assistant")).getLast();
    assertEquals("done", turn.getDomAttribute("data-state"), id("ask-error").getText());
    return turn;
  }

  @Test
  @Order(1)
  void aWrongKeyShowsTheServersErrorInWords() throws Exception {
    useKey("sk-wrong");
    // the page's first check (no key yet) also ends in "error": wait for this key's answer
    wait.until(d -> "error".equals(id("key-status").getDomAttribute("data-state"))
        && id("key-status").getText().contains("Incorrect API key provided."));
    assertTrue(id("key-status").getText().contains("Incorrect API key provided."), id("key-status").getText());
    shot("01-wrong-key");
    useKey(KEY);
    wait.until(d -> "ok".equals(id("key-status").getDomAttribute("data-state")));
    assertEquals(KEY, ((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('opsmind.key')"));
    var models = new Select(id("model")).getOptions().stream().map(WebElement::getText).toList();
    assertTrue(models.contains("opsmind-extractive"), models.toString());
  }

  @Test
  @Order(2)
  void anEnglishQuestionStreamsAGroundedAnswerWithCitationsThatOpenThePassage() throws Exception {
    WebElement turn = ask("The node's disk is full: no free disk space left. What should I do?", true);
    assertTrue(Integer.parseInt(turn.getDomAttribute("data-deltas")) > 1, "the answer came in several deltas");
    assertFalse(turn.findElement(By.cssSelector(".markdown")).getText().isBlank());
    List<WebElement> sources = turn.findElements(By.cssSelector("button.source"));
    assertFalse(sources.isEmpty(), "numbered sources are listed");
    assertTrue(sources.getFirst().getText().contains("disk-full.md"), sources.getFirst().getText());
    assertFalse(turn.findElements(By.cssSelector(".markdown button.cite")).isEmpty(), "[n] markers are buttons");
    shot("02-answer-en");

    turn.findElements(By.cssSelector(".markdown button.cite")).getFirst().click();
    wait.until(d -> id("passage").isDisplayed() && "loaded".equals(id("passage").getDomAttribute("data-state")));
    assertEquals("runbooks", id("passage-collection").getText());
    assertTrue(id("passage-path").getText().endsWith(".md"), id("passage-path").getText());
    assertTrue(id("passage-lines").getText().matches("\\d+–\\d+"), id("passage-lines").getText());
    assertFalse(id("passage-text").getText().isBlank());
    assertEquals("", id("passage-note").getText(), "the whole passage was found, not just the excerpt");
    shot("03-citation");
    id("passage-close").click();
    wait.until(d -> !id("passage").isDisplayed());
  }

  @Test
  @Order(3)
  void feedbackGoesToTheFeedbackApi() throws Exception {
    WebElement turn = driver.findElements(By.cssSelector(".turn.assistant")).getLast();
    turn.findElement(By.cssSelector(".fb-down")).click();
    turn.findElement(By.cssSelector(".fb-comment")).sendKeys("it was the inodes");
    turn.findElement(By.cssSelector(".fb-send")).click();
    wait.until(d -> "stored".equals(turn.findElement(By.cssSelector(".fb-result")).getDomAttribute("data-state")));
    shot("04-feedback");
    JsonNode records = http.get("/v1/feedback").json().get("data");
    assertEquals(1, records.size(), records.toString());
    assertEquals(-1, records.get(0).get("rating").asInt());
    assertEquals("it was the inodes", records.get(0).get("comment").asText());
  }

  @Test
  @Order(4)
  void aFollowUpKeepsTheConversation() throws Exception {
    ask("And how do I find which directory uses the space?", false);
    assertEquals(2, driver.findElements(By.cssSelector(".turn.assistant")).size());
    assertEquals(2, driver.findElements(By.cssSelector(".turn.user")).size());
  }

  @Test
  @Order(5)
  void inChineseThePageAndTheAnswerAreChinese() throws Exception {
    new Select(id("lang")).selectByValue("zh");
    wait.until(d -> id("tabs").findElement(By.cssSelector("[data-tab=ask]")).getText().equals("问答"));
    WebElement turn = ask("Pod 一直处于 Pending 状态，无法调度，怎么办？", true);
    String sources = turn.findElement(By.cssSelector(".sources")).getText();
    assertTrue(sources.contains("来源") && sources.contains("pod-pending.zh.md"), sources);
    assertTrue(Integer.parseInt(turn.getDomAttribute("data-deltas")) > 1);
    shot("05-answer-zh");
    new Select(id("lang")).selectByValue("en");
    wait.until(d -> id("tabs").findElement(By.cssSelector("[data-tab=ask]")).getText().equals("Ask"));
  }

  static final String HOSTILE = """
      # Flux capacitor rollback

      ## Roll back the flux capacitor

      When the flux capacitor overheats, roll it back. <script>window.__pwned = 1;</script>
      <img src="x" onerror="window.__pwned = 2">
      Open [the flux console](javascript:window.__pwned=3) and press rollback on the flux capacitor.
      """;

  @Test
  @Order(6)
  void anUploadedDocumentIsIndexedAndListed() throws Exception {
    Path file = Files.writeString(tmp.resolve("flux-capacitor-rollback.md"), HOSTILE);
    id("tabs").findElement(By.cssSelector("[data-tab=knowledge]")).click();
    wait.until(d -> new Select(id("upload-collection")).getOptions().stream().anyMatch(o -> o.getText().equals("uploads")));
    new Select(id("upload-collection")).selectByValue("uploads");
    id("upload-files").sendKeys(file.toAbsolutePath().toString());
    id("upload").click();
    wait.until(d -> id("upload-results").getText().contains("flux-capacitor-rollback.md"));
    assertTrue(id("upload-results").getText().contains("indexed") || id("upload-results").getText().contains("chunks"),
        id("upload-results").getText());
    wait.until(d -> id("document-table").getText().contains("flux-capacitor-rollback.md"));
    shot("06-upload");
  }

  @Test
  @Order(7)
  void scriptsAndJavascriptLinksInARunbookStayText() throws Exception {
    id("tabs").findElement(By.cssSelector("[data-tab=ask]")).click();
    for (WebElement box : driver.findElements(By.cssSelector("#collections input"))) {
      if (box.isSelected() != "uploads".equals(box.getDomAttribute("value"))) box.click();
    }
    WebElement turn = ask("How do I roll back the flux capacitor when it overheats?", true);
    String text = turn.findElement(By.cssSelector(".markdown")).getText();
    assertTrue(text.toLowerCase().contains("flux"), text);
    assertTrue(text.contains("<script>") || text.contains("onerror") || text.contains("javascript:"),
        "the runbook's markup is shown as text: " + text);
    var js = (JavascriptExecutor) driver;
    assertEquals(0L, js.executeScript("return document.querySelectorAll('.conversation script, .conversation img, "
        + ".conversation [onerror], .conversation a[href^=\"javascript\"]').length"));
    for (WebElement link : turn.findElements(By.cssSelector(".markdown a"))) link.click();
    turn.findElement(By.cssSelector("button.source")).click();
    wait.until(d -> "loaded".equals(id("passage").getDomAttribute("data-state")));
    String passage = id("passage-text").getText();
    assertTrue(passage.contains("<script>") || passage.contains("javascript:"), "shown as text: " + passage);
    shot("07-xss-as-text");
    id("passage-close").click();
    assertNull(js.executeScript("return window.__pwned === undefined ? null : window.__pwned"), "nothing ran");
    for (WebElement box : driver.findElements(By.cssSelector("#collections input:checked"))) box.click();
  }

  @Test
  @Order(8)
  void pastedLogsGetADiagnosisReport() throws Exception {
    String logs = Files.readString(TestRoots.sampleRunbooks().resolve("payment-service-oom.log"));
    id("tabs").findElement(By.cssSelector("[data-tab=diagnose]")).click();
    ((JavascriptExecutor) driver).executeScript("document.getElementById('logs').value = arguments[0]", logs);
    id("diagnose").click();
    wait.until(d -> "done".equals(id("report").getDomAttribute("data-state")) || !id("diagnose-error").getText().isEmpty());
    assertEquals("", id("diagnose-error").getText());
    String report = id("report").getText();
    assertTrue(report.contains("Summary") && report.contains("Anomalous templates"), report);
    shot("08-diagnosis");

    // The same log as an uploaded file (multipart, streamed progress, then the report).
    ((JavascriptExecutor) driver).executeScript("document.getElementById('logs').value = ''; "
        + "document.getElementById('report').removeAttribute('data-state')");
    id("log-files").sendKeys(TestRoots.sampleRunbooks().resolve("payment-service-oom.log").toString());
    id("diagnose").click();
    wait.until(d -> "done".equals(id("report").getDomAttribute("data-state")) || !id("diagnose-error").getText().isEmpty());
    assertEquals("", id("diagnose-error").getText());
    assertTrue(id("report").getText().contains("OutOfMemoryError"), id("report").getText());
  }

  @Test
  @Order(9)
  void anOperatorApprovesAProposedActionRunsItAndSeesOutputAndAudit() throws Exception {
    var proposed = http.post("/v1/actions/proposals", "{\"action\":\"flush-edge-cache\","
        + "\"arguments\":{\"site\":\"shop.example.org\"},\"rationale\":\"stale pages after the 14:00 deploy\"}");
    assertEquals(201, proposed.status(), proposed.body());
    String proposalId = proposed.json().path("id").asText();
    id("tabs").findElement(By.cssSelector("[data-tab=actions]")).click();
    id("actions-refresh").click();
    By card = By.cssSelector("article.proposal[data-id='" + proposalId + "']");
    wait.until(d -> id("actions-body").isDisplayed() && !d.findElements(card).isEmpty());
    WebElement proposal = driver.findElement(card);
    assertEquals("pending", proposal.getDomAttribute("data-state"));
    assertTrue(proposal.getText().contains("/bin/echo flushed edge cache of shop.example.org"), proposal.getText());
    assertTrue(proposal.getText().contains("stale pages after the 14:00 deploy"), proposal.getText());
    shot("09-actions-pending");

    proposal.findElement(By.cssSelector("input[type=text]")).sendKeys("go ahead");
    proposal.findElement(By.cssSelector("button.approve")).click();
    wait.until(d -> "approved".equals(d.findElement(card).getDomAttribute("data-state")));
    assertTrue(driver.findElement(card).getText().contains("go ahead"), driver.findElement(card).getText());
    driver.findElement(card).findElement(By.cssSelector("button.run")).click();
    wait.until(d -> d.findElement(card).findElement(By.cssSelector(".output")).getText().contains("flushed edge cache"));
    String output = driver.findElement(card).findElement(By.cssSelector(".output")).getText();
    assertTrue(output.contains("flushed edge cache of shop.example.org") && output.contains("exit code 0"), output);
    assertEquals("succeeded", http.get("/v1/actions/proposals/" + proposalId).json().path("state").asText(),
        "the page's run really ran it once");

    driver.findElement(card).findElement(By.cssSelector("button.audit-button")).click();
    wait.until(d -> d.findElement(card).findElement(By.cssSelector(".audit")).getText().contains("action_run_finished"));
    String audit = driver.findElement(card).findElement(By.cssSelector(".audit")).getText();
    assertTrue(audit.contains("action_proposed") || audit.contains("action_approved"), audit);
    shot("09-actions");
  }

  @Test
  @Order(10)
  void aChineseBrowserGetsTheChinesePage() throws Exception {
    ChromeDriver zh = browser("zh-CN");
    try {
      zh.get("http://127.0.0.1:" + server.port() + "/");
      new WebDriverWait(zh, Duration.ofSeconds(60)).until(d ->
          "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
      assertEquals("zh-CN", zh.findElement(By.tagName("html")).getDomAttribute("lang"));
      assertEquals("问答", zh.findElement(By.cssSelector("#tabs [data-tab=ask]")).getText());
      assertEquals("zh", new Select(zh.findElement(By.id("lang"))).getFirstSelectedOption().getDomAttribute("value"));
      Files.write(SHOTS.resolve("10-chinese-browser.png"), zh.getScreenshotAs(OutputType.BYTES));
    } finally {
      zh.quit();
    }
  }
}
