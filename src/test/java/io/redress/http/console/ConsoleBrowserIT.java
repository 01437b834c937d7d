package io.redress.http.console;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;

import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.HeldResolution;
import io.redress.contract.RemediationCommand;
import io.redress.contract.RemediationResult;
import io.redress.contract.RemediationStatus;
import io.redress.contract.Resolution;
import io.redress.http.HttpRole;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.RecordKeys;
import io.redress.kafka.TopicProvisioner;
import io.redress.remediation.ExecutorRole;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.TestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console in a real browser (Debian's headless Chromium) on a real broker, with an executor running: an
 * operator signs in, sees the held commands (a hostile resource id shown as text), clicks Release on one, and the
 * executor produces exactly one result for it; a POST without a session or without the form's CSRF token is
 * refused and releases nothing; an exception with markup in its scope and reason is published through the form,
 * shown as text with its time left, and revoked from its row. A screenshot of the held queue after the release is kept under
 * {@code target/console-screenshots/}.
 */
class ConsoleBrowserIT {

  private static final String ACCOUNT = "123456789012";
  private static final String TOKEN = "console-browser-test-token-0123456789abcdef";
  private static final String HOSTILE_BUCKET = "arn:aws:s3:::<script>alert('x')</script>${7*7}";
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  @Test
  void aReleaseClickedInTheBrowserRunsTheHeldCommandExactlyOnce(@TempDir Path brokerDir, @TempDir Path profile)
      throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir)) {
      RedressConfig config = ConfigLoader.fromYaml("""
          controls: {S3.8: {mode: auto}}
          http: {port: 0, console: {enabled: true, operators: {alice: {}}}}
          """, Map.of("REDRESS_HTTP_CONSOLE_OPERATORS_ALICE_TOKEN", TOKEN))
          .withBootstrapServers(broker.bootstrapServers());
      Properties client = config.kafka().clientProperties();
      try (Admin admin = Admin.create(client)) {
        new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
      }
      hold(client, command("to-release", "arn:aws:s3:::flooded-bucket"), command("left-held", HOSTILE_BUCKET));
      ExecutorRole executor = new ExecutorRole(config.kafka(), config, RemediationCatalogue.discover(), Optional.empty());
      Thread executing = new Thread(executor, "executor-under-test");
      executing.start();
      HttpRole http = new HttpRole(config.http(), List.of(), List.of(ConsoleRoutes.start(config)));
      WebDriver browser = chromium(profile);
      try {
        http.start();
        String base = "http://127.0.0.1:" + http.port();

        browser.get(base + "/console/held");
        signIn(browser);
        browser.get(base + "/console/held");
        WebElement hostileRow = row(browser, "left-held");
        assertThat(hostileRow.getText()).contains(HOSTILE_BUCKET);
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();

        submit(browser, row(browser, "to-release").findElement(By.cssSelector("button.release")));

        assertThat(browser.findElement(By.id("flash")).getText()).isEqualTo("Released 1 command (command to-release).");
        assertThat(browser.findElements(By.cssSelector("tr[data-command='to-release']"))).isEmpty();
        keepScreenshot(browser, "held-after-release.png");
        String cookie = "redress_console=" + browser.manage().getCookieNamed("redress_console").getValue();
        assertThat(post(base, null)).isEqualTo(403);
        assertThat(post(base, cookie)).isEqualTo(403);
        addAndRevokeAnException(browser, base);

        List<RemediationResult> results = readExactly(client, Topics.UNPREFIXED.remediationResults(), RemediationResult.class, 1);
        assertThat(results).singleElement().satisfies(result -> {
          assertThat(result.getCommandId()).isEqualTo("to-release");
          assertThat(result.getStatus()).isEqualTo(RemediationStatus.DRY_RUN);
        });
        assertThat(readExactly(client, Topics.UNPREFIXED.heldResolutions(), HeldResolution.class, 1)).singleElement()
            .satisfies(resolution -> {
              assertThat(resolution.getResolution()).isEqualTo(Resolution.RELEASED);
              assertThat(resolution.getBy()).isEqualTo("alice");
            });
      } finally {
        browser.quit();
        http.close();
        executor.close();
        executing.join();
      }
    }
  }

  /** Through the form, with markup and template syntax in the scope and the reason; then revoked from its row. */
  private static void addAndRevokeAnException(WebDriver browser, String base) throws InterruptedException {
    String reason = "accepted \"risk\" <b>${7*7}</b>";
    browser.get(base + "/console/exceptions");
    browser.findElement(By.cssSelector("form.add input[name=scope]")).sendKeys("control=S3.8;resource=" + HOSTILE_BUCKET);
    browser.findElement(By.cssSelector("form.add input[name=reason]")).sendKeys(reason);
    browser.findElement(By.cssSelector("form.add input[name=approver]")).sendKeys("ciso@example.com");
    browser.findElement(By.cssSelector("form.add input[name=expires]")).sendKeys("30d");
    submit(browser, browser.findElement(By.id("add-exception")));

    assertThat(browser.findElement(By.id("flash")).getText())
        .startsWith("Published exception 'control=S3.8;resource=" + HOSTILE_BUCKET + "' until ");
    WebElement row = browser.findElement(By.cssSelector("tr[data-scope]"));
    assertThat(row.getText()).contains(reason).contains("29d 23h").contains("ciso@example.com").contains("alice");
    assertThat(browser.findElements(By.tagName("script"))).isEmpty();
    assertThat(browser.findElements(By.tagName("b"))).isEmpty();

    submit(browser, row.findElement(By.cssSelector("button.discard")));

    assertThat(browser.findElement(By.id("flash")).getText())
        .isEqualTo("Revoked exception 'control=S3.8;resource=" + HOSTILE_BUCKET + "'.");
    assertThat(browser.findElements(By.cssSelector("tr[data-scope]"))).isEmpty();
  }

  private static void signIn(WebDriver browser) throws InterruptedException {
    assertThat(browser.getCurrentUrl()).endsWith("/console/login");
    browser.findElement(By.name("operator")).sendKeys("alice");
    browser.findElement(By.name("token")).sendKeys(TOKEN);
    submit(browser, browser.findElement(By.id("sign-in")));
    assertThat(browser.findElement(By.id("operator")).getText()).isEqualTo("alice");
  }

  /**
   * Clicks a form's button and waits for the page it answers with. The old page is marked in its window object, which
   * a navigation replaces; asking about an old element instead races the navigation, and chromium then answers with
   * an inspector error rather than a stale element.
   */
  private static void submit(WebDriver browser, WebElement button) throws InterruptedException {
    JavascriptExecutor page = (JavascriptExecutor) browser;
    page.executeScript("window.redressAnswered = false;");
    button.click();
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (Boolean.TRUE.equals(page.executeScript(
            "return window.redressAnswered === undefined && document.readyState === 'complete';"))) {
          return;
        }
      } catch (WebDriverException navigating) {
        // Asked while the answer replaces the page; ask again.
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the form's answer did not replace the page within 30 s");
  }

  /** The held command's row; the console shows what its view has read, so a just-started one is asked again. */
  private static WebElement row(WebDriver browser, String commandId) throws InterruptedException {
    By selector = By.cssSelector("tr[data-command='" + commandId + "']");
    Instant deadline = Instant.now().plusSeconds(30);
    while (browser.findElements(selector).isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      browser.navigate().refresh();
    }
    return browser.findElement(selector);
  }

  /** A release of the hostile command without a session, or with one but without the form's CSRF token. */
  private static int post(String base, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/console/held/release"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("command=left-held"));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static WebDriver chromium(Path profile) {
    for (String binary : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
      if (!Files.isExecutable(Path.of(binary))) {
        throw new IllegalStateException(binary + " is missing: run the tests with ./redress test, which installs"
            + " Debian's chromium and chromium-driver, or install them with apt-get");
      }
    }
    // The system driver and browser: Selenium Manager downloads nothing when both are given.
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1400,900", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static void keepScreenshot(WebDriver browser, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private static RemediationCommand command(String id, String bucketArn) {
    return RemediationCommand.newBuilder(ConsoleRecords.held(id, "account:" + ACCOUNT, ConsoleRecords.bucket(ACCOUNT, bucketArn)))
        .setIssuedAt(Instant.now()).build();
  }

  private static void hold(Properties client, RemediationCommand... commands) throws Exception {
    var serializer = AvroSerde.of(RemediationCommand.class).serializer();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
      for (RemediationCommand command : commands) {
        producer.send(new ProducerRecord<>(Topics.UNPREFIXED.remediationsHeld(), RecordKeys.resource(command.getResource()),
            serializer.serialize(Topics.UNPREFIXED.remediationsHeld(), command))).get();
      }
    }
  }
}
