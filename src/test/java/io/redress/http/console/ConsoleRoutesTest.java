package io.redress.http.console;

import static io.redress.http.console.ConsoleRecords.HOSTILE;
import static io.redress.http.console.ConsoleRecords.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.redress.config.ConfigLoader;
import io.redress.config.ConsoleSettings;
import io.redress.config.HttpSettings;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.contract.Resolution;
import io.redress.decision.Ids;
import io.redress.exceptions.ExceptionRequest;
import io.redress.http.HttpRole;
import io.redress.operations.HeldCommands;
import io.redress.operations.HeldCommands.Selection;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The console over HTTP with its view filled by hand and its operations recorded instead of sent to Kafka: who
 * may see and change what, and that no text from a finding or a person ever becomes markup.
 */
class ConsoleRoutesTest {

  private static final String TOKEN = "0123456789abcdef0123456789abcdef-alice";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final LiveState state = new LiveState(100);
  private final RecordedOperations operations = new RecordedOperations(state);
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private HttpRole role;
  private String base;

  @BeforeEach
  void serve() {
    HttpSettings http = ConfigLoader.fromYaml("""
        http:
          port: 0
          console: {enabled: true, operators: {alice: {}}}
        """, Map.of("REDRESS_HTTP_CONSOLE_OPERATORS_ALICE_TOKEN", TOKEN)).http();
    ConsoleSettings settings = http.console();
    role = new HttpRole(http, List.of(), List.of(new ConsoleRoutes(settings, Duration.ofDays(90), state, operations,
        Clock.fixed(NOW, ZoneOffset.UTC), () -> { })));
    role.start();
    base = "http://127.0.0.1:" + role.port();
  }

  @AfterEach
  void stop() {
    role.close();
  }

  @Test
  void aPageWithoutASessionSendsToTheSignIn() throws Exception {
    HttpResponse<String> response = get("/console/held", null);

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).hasValue("/console/login");
  }

  @Test
  void aWrongTokenOpensNoSession() throws Exception {
    HttpResponse<String> response = post("/console/login", null, Map.of("operator", "alice", "token", TOKEN + "x"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(response.body()).contains("Unknown operator or wrong token.");
  }

  @Test
  void aRefusedSignInLogsAKnownOperatorsNameAndNeverWhatWasTypedAsAnother() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(ConsoleRoutes.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      post("/console/login", null, Map.of("operator", TOKEN, "token", "alice"));
      post("/console/login", null, Map.of("operator", " alice ", "token", TOKEN + "x"));
    } finally {
      logger.detachAppender(logged);
    }

    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "console: refused a sign-in from 127.0.0.1 as an unknown operator",
        "console: refused a sign-in from 127.0.0.1 as 'alice' (wrong token)");
  }

  @Test
  void theSessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
    HttpResponse<String> response = post("/console/login", null, Map.of("operator", "alice", "token", TOKEN));

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Set-Cookie").orElseThrow())
        .contains(ConsoleRoutes.COOKIE + "=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
        .contains("Path=/console");
  }

  @Test
  void everyConsoleResponseForbidsFramingScriptsAndCaching() throws Exception {
    HttpResponse<String> response = get("/console/login", null);

    assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'").contains("frame-ancestors 'none'").contains("form-action 'self'")
        .doesNotContain("script-src");
    assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void aPostWithoutASessionIsRefusedAndChangesNothing() throws Exception {
    HttpResponse<String> response = post("/console/held/release", null, Map.of("command", "command-1"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(operations.calls).isEmpty();
  }

  @Test
  void aPostWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
    String cookie = signIn();

    HttpResponse<String> missing = post("/console/held/release", cookie, Map.of("command", "command-1"));
    HttpResponse<String> wrong = post("/console/exceptions/revoke", cookie,
        Map.of("scope", "control=S3.8", "csrf", "not-the-token"));

    assertThat(missing.statusCode()).isEqualTo(403);
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(operations.calls).isEmpty();
  }

  @Test
  void aPostFromAnotherOriginIsRefusedEvenWithTheToken() throws Exception {
    String cookie = signIn();
    String csrf = csrf(get("/console", cookie).body());

    assertThat(postFrom("Origin", "https://evil.example", cookie, csrf)).isEqualTo(403);
    assertThat(postFrom("Origin", "null", cookie, csrf)).isEqualTo(403);
    assertThat(postFrom("Sec-Fetch-Site", "cross-site", cookie, csrf)).isEqualTo(403);
    assertThat(postFrom("Sec-Fetch-Site", "same-site", cookie, csrf)).isEqualTo(403);
    assertThat(operations.calls).isEmpty();
    assertThat(postFrom("Origin", base, cookie, csrf)).isEqualTo(303);
    assertThat(operations.calls).hasSize(1);
  }

  private int postFrom(String header, String value, String cookie, String csrf) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + "/console/held/release"))
        .header("Cookie", cookie).header(header, value)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("command", "command-1", "csrf", csrf))))
        .build()).statusCode();
  }

  @Test
  void aReleaseWithTheTokenIsDoneAsTheSignedInOperator() throws Exception {
    state.held(ConsoleRecords.held("command-1", "account:111122223333", ConsoleRecords.bucket("111122223333", "b")));
    String cookie = signIn();
    String csrf = csrf(get("/console/held", cookie).body());

    HttpResponse<String> response = post("/console/held/release", cookie, Map.of("command", "command-1", "csrf", csrf));

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(operations.calls).containsExactly("RELEASED command command-1 by alice");
    assertThat(get("/console/held", cookie).body()).contains("Released 1 command (command command-1).");
  }

  @Test
  void aScopeIsDiscardedWithItsReason() throws Exception {
    state.held(ConsoleRecords.held("command-1", "account:111122223333", ConsoleRecords.bucket("111122223333", "b")));
    String cookie = signIn();
    String page = get("/console", cookie).body();

    post("/console/held/discard", cookie, formOf(page, "/console/held/discard") + "&reason=a+test+stack");

    assertThat(operations.calls).containsExactly("DISCARDED held by account:111122223333 by alice: a test stack");
  }

  @Test
  void releaseAllOfAScopeActsOnTheCommandsThePageShowed() throws Exception {
    state.held(ConsoleRecords.held("command-1", "account:111122223333", ConsoleRecords.bucket("111122223333", "a")));
    state.held(ConsoleRecords.held("command-2", "account:111122223333", ConsoleRecords.bucket("111122223333", "b")));
    String cookie = signIn();
    String page = get("/console", cookie).body();

    post("/console/held/release", cookie, formOf(page, "/console/held/release"));

    assertThat(page).contains("Release all 2");
    assertThat(operations.selections).singleElement().satisfies(selection -> assertThat(selection.seen())
        .contains(new HeldCommands.Shown(Set.of("command-1", "command-2"))));
  }

  @Test
  void releaseAllIsRefusedWhenMoreCommandsWereHeldSinceThePageWasShown() throws Exception {
    state.held(ConsoleRecords.held("seen", "account:111122223333", ConsoleRecords.bucket("111122223333", "seen")));
    String cookie = signIn();
    String page = get("/console", cookie).body();
    for (int i = 0; i < 39; i++) {
      state.held(ConsoleRecords.held("newcomer-" + i, "account:111122223333",
          ConsoleRecords.bucket("111122223333", "newcomer-" + i)));
    }

    HttpResponse<String> response = post("/console/held/release", cookie, formOf(page, "/console/held/release"));

    assertThat(page).contains("Release all 1");
    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(operations.calls).isEmpty();
    assertThat(get("/console", cookie).body()).contains(
        "39 more commands were held since this page was shown; review them first. Nothing was released or discarded.");
  }

  @Test
  void aScopeIsNotReleasedWithoutTheCommandsThePageShowed() throws Exception {
    state.held(ConsoleRecords.held("command-1", "account:111122223333", ConsoleRecords.bucket("111122223333", "b")));
    String cookie = signIn();
    String csrf = csrf(get("/console", cookie).body());

    post("/console/held/release", cookie, Map.of("scope", "account:111122223333", "csrf", csrf));

    assertThat(operations.calls).isEmpty();
    assertThat(get("/console", cookie).body()).contains("a decision on all of a scope names the commands it was shown");
  }

  @Test
  void aFloodOfHeldCommandsIsShownAHundredAtATimeInTheOrderHeld() throws Exception {
    holdMany("held-", "account:111122223333", 250);
    String cookie = signIn();

    String first = get("/console/held", cookie).body();
    String third = get("/console/held?page=3", cookie).body();

    assertThat(commandsOn(first)).hasSize(100).startsWith("held-0").endsWith("held-99");
    assertThat(first).contains("Showing 1–100 of 250").contains("(page 1 of 3)")
        .contains("href=\"/console/held?page=2\" rel=\"next\"").doesNotContain("rel=\"prev\"");
    assertThat(commandsOn(third)).hasSize(50).startsWith("held-200").endsWith("held-249");
    assertThat(third).contains("Showing 201–250 of 250").contains("href=\"/console/held?page=2\" rel=\"prev\"")
        .doesNotContain("rel=\"next\"");
  }

  @Test
  void aHundredHeldCommandsFillOnePageWithNoLinkToAnother() throws Exception {
    holdMany("held-", "account:111122223333", 100);
    String cookie = signIn();

    String page = get("/console/held", cookie).body();

    assertThat(commandsOn(page)).hasSize(100);
    assertThat(page).contains("Showing 1–100 of 100.").doesNotContain("rel=\"next\"", "(page 1 of");
  }

  @Test
  void approvalsArePagedApartFromBreakerHolds() throws Exception {
    holdMany("held-", "account:111122223333", 30);
    holdMany("awaiting-", "approval:S3.8", 101);
    String cookie = signIn();

    String second = get("/console/approvals?page=2", cookie).body();

    assertThat(commandsOn(second)).containsExactly("awaiting-100");
    assertThat(second).contains("Showing 101–101 of 101");
    assertThat(get("/console/held", cookie).body()).contains("Showing 1–30 of 30.");
  }

  @Test
  void aPagePastTheEndShowsTheLastAndAPageThatIsNoNumberIsRefused() throws Exception {
    holdMany("held-", "account:111122223333", 150);
    String cookie = signIn();

    assertThat(commandsOn(get("/console/held?page=999999999", cookie).body())).hasSize(50).startsWith("held-100");
    for (String bad : List.of("0", "-1", "two", "1e3", "9999999999", "%3Cb%3E")) {
      HttpResponse<String> refused = get("/console/held?page=" + bad, cookie);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.body()).as(bad).contains("is not a page number; pages are numbered from 1.")
          .doesNotContain("<b>");
    }
  }

  @Test
  void aCommandDecidedOnALaterPageLeadsBackToThatPage() throws Exception {
    holdMany("held-", "account:111122223333", 150);
    String cookie = signIn();
    String second = get("/console/held?page=2", cookie).body();

    HttpResponse<String> released = post("/console/held/release", cookie, formOf(second, "/console/held/release"));
    HttpResponse<String> tampered = post("/console/held/release", cookie,
        Map.of("command", "held-101", "page", "/evil", "csrf", csrf(second)));

    assertThat(operations.calls).startsWith("RELEASED command held-100 by alice");
    assertThat(released.headers().firstValue("Location")).hasValue("/console/held?page=2");
    assertThat(tampered.headers().firstValue("Location")).hasValue("/console/held");
  }

  /** Every id the page showed comes back in the form: at 20,000 commands, some 0.8 MB within the 1 MiB allowed. */
  @Test
  void releaseAllOfAFloodedScopeActsOnEveryCommandThePageCounted() throws Exception {
    holdFlood(20_000);
    String cookie = signIn();
    String page = get("/console", cookie).body();

    HttpResponse<String> response = post("/console/held/release", cookie, formOf(page, "/console/held/release"));

    assertThat(page).contains("Release all 20000");
    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(operations.calls).containsExactly("RELEASED held by account:111122223333 by alice");
    assertThat(operations.selections).singleElement().satisfies(selection -> assertThat(selection.seen())
        .hasValueSatisfying(seen -> assertThat(((HeldCommands.Shown) seen).commandIds()).hasSize(20_000)));
  }

  /** Past the request limit nothing is released, and the console's own page says what to do instead. */
  @Test
  void releaseAllOfAScopeTooLargeToPostBackIsRefusedOnTheConsolesPageNamingTheCommandLine() throws Exception {
    holdFlood(30_000);
    String cookie = signIn();
    String page = get("/console", cookie).body();

    HttpResponse<String> response = post("/console/held/release", cookie, formOf(page, "/console/held/release"));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
        .startsWith("text/html"));
    assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(response.body()).contains("id=\"refusal\"", "nothing was done",
        "./redress breaker release|discard --scope SCOPE --expect COUNT");
    assertThat(operations.calls).isEmpty();
  }

  /** The console's forms are url-encoded; a multipart body, sent without its length, is never read at all. */
  @Test
  void aSignInNotSentAsAUrlEncodedFormIsRefusedWith415BeforeItsBodyIsRead() throws Exception {
    byte[] multipart = ("--b\r\nContent-Disposition: form-data; name=\"operator\"\r\n\r\n" + "a".repeat(300_000)
        + "\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8);
    HttpRequest chunked = HttpRequest.newBuilder(URI.create(base + "/console/login"))
        .header("Content-Type", "multipart/form-data; boundary=b")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(multipart))).build();

    HttpResponse<String> response = send(chunked);

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.body()).contains("id=\"refusal\"", "application/x-www-form-urlencoded", "nothing was done");
  }

  @Test
  void aFormInACharsetThatDoesNotExistIsRefusedWith400() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/console/login"))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=no-such-charset")
        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("operator", "alice", "token", TOKEN)))).build();

    HttpResponse<String> response = send(request);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("id=\"refusal\"", "nothing was done");
    assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
  }

  /** {@code count} commands held in one account's scope, their ids as long as real ones: the form's size counts. */
  private void holdFlood(int count) {
    for (int i = 0; i < count; i++) {
      String id = Ids.of("command", "decision-" + i, "arn:aws:s3:::flooded-" + i, "s3-block-public-access");
      state.held(ConsoleRecords.held(id, "account:111122223333", ConsoleRecords.bucket("111122223333", id)));
    }
  }

  private void holdMany(String prefix, String heldBy, int count) {
    for (int i = 0; i < count; i++) {
      state.held(ConsoleRecords.held(prefix + i, heldBy, ConsoleRecords.bucket("111122223333", prefix + i)));
    }
  }

  /** The commands a page lists, in its order. */
  private static List<String> commandsOn(String html) {
    Matcher row = Pattern.compile("<tr data-command=\"([^\"]+)\">").matcher(html);
    List<String> commands = new ArrayList<>();
    while (row.find()) {
      commands.add(row.group(1));
    }
    return commands;
  }

  @Test
  void theHeldPagesRefuseAnApprovalAsAScope() throws Exception {
    state.held(ConsoleRecords.held("awaiting", "approval:S3.8", ConsoleRecords.bucket("111122223333", "b")));
    String cookie = signIn();
    String csrf = csrf(get("/console", cookie).body());

    HttpResponse<String> release = post("/console/held/release", cookie, Map.of("scope", "approval:S3.8",
        "shown", "awaiting", "csrf", csrf));
    HttpResponse<String> discard = post("/console/held/discard", cookie, Map.of("scope", "approval:S3.8",
        "shown", "awaiting", "csrf", csrf));

    assertThat(release.statusCode()).isEqualTo(400);
    assertThat(discard.statusCode()).isEqualTo(400);
    assertThat(release.body()).contains("approvals are decided one command at a time, on the approvals page");
    assertThat(operations.calls).isEmpty();
  }

  @Test
  void theHeldPagesDecideOnlyCommandsTheBreakerHeld() throws Exception {
    RemediationCommand awaiting = ConsoleRecords.held("awaiting", "approval:S3.8",
        ConsoleRecords.bucket("111122223333", "b"));
    state.held(awaiting);
    String cookie = signIn();
    String csrf = csrf(get("/console/held", cookie).body());

    post("/console/held/release", cookie, Map.of("command", "awaiting", "csrf", csrf));

    assertThat(operations.selections).singleElement()
        .satisfies(selection -> assertThat(selection.includes(awaiting)).isFalse());
  }

  @Test
  void theApprovalsPageDecidesOnlyCommandsAwaitingApproval() throws Exception {
    RemediationCommand breakerHeld = ConsoleRecords.held("breaker-held", "global",
        ConsoleRecords.bucket("111122223333", "a"));
    state.held(breakerHeld);
    String cookie = signIn();
    String csrf = csrf(get("/console/approvals", cookie).body());

    post("/console/approvals/approve", cookie, Map.of("command", "breaker-held", "csrf", csrf));
    post("/console/approvals/deny", cookie, Map.of("command", "breaker-held", "csrf", csrf));

    assertThat(operations.selections).hasSize(2)
        .allSatisfy(selection -> assertThat(selection.includes(breakerHeld)).isFalse());
  }

  @Test
  void approvalsAreListedApartAndApprovedOneByOne() throws Exception {
    state.held(ConsoleRecords.held("breaker-held", "global", ConsoleRecords.bucket("111122223333", "a")));
    state.held(ConsoleRecords.held("awaiting", "approval:S3.8", ConsoleRecords.bucket("111122223333", "b")));
    String cookie = signIn();
    String approvals = get("/console/approvals", cookie).body();
    String held = get("/console/held", cookie).body();

    post("/console/approvals/approve", cookie, Map.of("command", "awaiting", "csrf", csrf(approvals)));
    post("/console/approvals/deny", cookie, Map.of("command", "awaiting", "reason", "not now", "csrf", csrf(approvals)));

    assertThat(approvals).contains("data-command=\"awaiting\"").doesNotContain("breaker-held").contains("Approve");
    assertThat(held).contains("data-command=\"breaker-held\"").doesNotContain("data-command=\"awaiting\"");
    assertThat(operations.calls).containsExactly("RELEASED command awaiting by alice",
        "DISCARDED command awaiting by alice: not now");
  }

  @Test
  void anExceptionIsPublishedWithTheOperatorAsItsCreator() throws Exception {
    String cookie = signIn();
    String csrf = csrf(get("/console/exceptions", cookie).body());

    post("/console/exceptions/add", cookie, Map.of("scope", "resource=arn:aws:s3:::site;control=S3.8",
        "reason", "public website", "approver", "ciso@example.com", "expires", "30d", "csrf", csrf));

    assertThat(operations.calls).containsExactly(
        "publish control=S3.8;resource=arn:aws:s3:::site until " + NOW.plus(Duration.ofDays(30)) + " by alice");
  }

  @Test
  void anExceptionIsRevokedByTheScopeItsRowCarries() throws Exception {
    String scope = "control=S3.8;resource=arn:aws:s3:::" + "long-bucket-".repeat(60);
    state.exception(scope, ConsoleRecords.exception("r", "why", "ciso", NOW.plusSeconds(60)));
    String cookie = signIn();
    String page = get("/console/exceptions", cookie).body();
    Matcher carried = Pattern.compile("name=\"scope\" value=\"([^\"]+)\"").matcher(page);
    assertThat(carried.find()).isTrue();

    post("/console/exceptions/revoke", cookie, Map.of("scope", carried.group(1), "csrf", csrf(page)));

    assertThat(operations.calls).containsExactly("revoke " + scope);
    assertThat(get("/console/exceptions", cookie).body()).contains("Revoked exception");
  }

  @Test
  void anExceptionTooLongIsRefusedWithTheReasonShown() throws Exception {
    String cookie = signIn();
    String csrf = csrf(get("/console/exceptions", cookie).body());

    post("/console/exceptions/add", cookie, Map.of("scope", "control=S3.8", "reason", "r", "approver", "a",
        "expires", "91d", "csrf", csrf));

    assertThat(operations.calls).isEmpty();
    assertThat(get("/console/exceptions", cookie).body()).contains("is beyond the maximum of 90 days");
  }

  @Test
  void noFindingOrPersonSuppliedTextBecomesMarkup() throws Exception {
    state.held(ConsoleRecords.held(HOSTILE, "account:111122223333", ConsoleRecords.bucket("111122223333", HOSTILE)));
    state.resolution(io.redress.contract.HeldResolution.newBuilder().setCommandId("gone").setBy(HOSTILE)
        .setResolution(Resolution.DISCARDED).setAt(NOW).setHeldBy("global").setReason(HOSTILE).build());
    state.breaker(HOSTILE, ConsoleRecords.open(HOSTILE));
    state.exception(HOSTILE, ConsoleRecords.exception(HOSTILE, HOSTILE, HOSTILE, NOW.plusSeconds(60)));
    state.decision(ConsoleRecords.decision("S3.8", "111122223333", Outcome.EXCEPTED, HOSTILE, HOSTILE));
    String cookie = signIn();

    for (String page : List.of("/console", "/console/held", "/console/exceptions", "/console/decisions",
        "/console/decisions?control=" + URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8))) {
      String html = get(page, cookie).body();
      assertThat(html).as(page).doesNotContain("<script>").doesNotContain("\"'$")
          .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;${7*7}&lt;#assign x=1&gt;");
    }
  }

  @Test
  void decisionsAreFilteredByControlAccountAndOutcome() throws Exception {
    state.decision(ConsoleRecords.decision("S3.8", "111122223333", Outcome.HELD, "wanted", "r"));
    state.decision(ConsoleRecords.decision("S3.8", "999999999999", Outcome.HELD, "other-account", "r"));
    state.decision(ConsoleRecords.decision("EC2.19", "111122223333", Outcome.HELD, "other-control", "r"));
    state.decision(ConsoleRecords.decision("S3.8", "111122223333", Outcome.DUPLICATE, "other-outcome", "r"));
    String cookie = signIn();

    String html = get("/console/decisions?control=s3.8&account=111122223333&outcome=HELD", cookie).body();
    String refused = get("/console/decisions?outcome=SOMETIMES", cookie).body();

    assertThat(html).contains("wanted").doesNotContain("other-account", "other-control", "other-outcome");
    assertThat(refused).contains("outcome: not one of");
  }

  @Test
  void eachDecisionSaysWhichEmitterDetectedItsFindingAndWhichSourceDeliveredIt() throws Exception {
    Decision delivered = ConsoleRecords.decision("S3.8", "111122223333", Outcome.HELD, "delivered", "r");
    delivered.getFinding().setSender("team-a");
    state.decision(delivered);
    state.decision(ConsoleRecords.decision("S3.8", "111122223333", Outcome.HELD, "unnamed", "r"));
    String cookie = signIn();

    String html = get("/console/decisions", cookie).body();

    String source = delivered.getFinding().getSource().name();
    assertThat(html).contains("<th>From</th>").contains("<td>" + source + " via team-a</td>")
        .contains("<td>" + source + "</td>");
  }

  /** Nothing of the kept decisions is looked at for a request without a session: a row that cannot be made says so. */
  @Test
  void theDecisionsPageWithoutASessionSendsToTheSignInWithoutMakingItsRows() throws Exception {
    Decision withoutItsFinding = ConsoleRecords.decision("S3.8", "111122223333", Outcome.HELD, "b", "r");
    withoutItsFinding.setFinding(null);
    state.decision(withoutItsFinding);

    HttpResponse<String> response = get("/console/decisions", null);

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).hasValue("/console/login");
  }

  private String signIn() throws Exception {
    HttpResponse<String> response = post("/console/login", null, Map.of("operator", "alice", "token", TOKEN));
    assertThat(response.statusCode()).isEqualTo(303);
    return response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
  }

  private static String csrf(String html) {
    Matcher matcher = CSRF.matcher(html);
    assertThat(matcher.find()).as("a CSRF field in " + html).isTrue();
    return matcher.group(1);
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return send(request.build());
  }

  private HttpResponse<String> post(String path, String cookie, Map<String, String> fields) throws Exception {
    return post(path, cookie, form(fields));
  }

  private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return send(request.build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The hidden fields of the page's form that posts to {@code action}, encoded as the browser would send them. */
  private static String formOf(String html, String action) {
    Matcher form = Pattern.compile("<form method=\"post\" action=\"" + Pattern.quote(action) + "\">(.*?)</form>",
        Pattern.DOTALL).matcher(html);
    assertThat(form.find()).as("a form posting to " + action + " in " + html).isTrue();
    Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
        .matcher(form.group(1));
    List<String> fields = new ArrayList<>();
    while (hidden.find()) {
      fields.add(hidden.group(1) + "=" + URLEncoder.encode(hidden.group(2), StandardCharsets.UTF_8));
    }
    return String.join("&", fields);
  }

  private static String form(Map<String, String> fields) {
    return new LinkedHashMap<>(fields).entrySet().stream()
        .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /**
   * Records what the console asked for, as one line each, and takes the view's held commands for the held topic:
   * a selection is checked against what it holds the way {@link HeldCommands#resolve} checks it.
   */
  private static final class RecordedOperations implements ConsoleOperations {
    final List<String> calls = new ArrayList<>();
    final List<Selection> selections = new ArrayList<>();
    private final LiveState held;

    RecordedOperations(LiveState held) {
      this.held = held;
    }

    @Override
    public HeldCommands.Outcome resolve(Selection selection, Resolution resolution, String by,
        Optional<String> reason) {
      List<RemediationCommand> pending = held.pending(selection::includes);
      selection.seen().ifPresent(seen -> seen.confirm(pending));
      calls.add(resolution + " " + selection + " by " + by + reason.map(text -> ": " + text).orElse(""));
      selections.add(selection);
      RemediationCommand command = ConsoleRecords.held(selection.commandId().orElse("any"), "global",
          ConsoleRecords.bucket("111122223333", "b"));
      return new HeldCommands.Outcome(List.of(command), List.of(), List.of());
    }

    @Override
    public boolean publish(ExceptionRequest request, String by) {
      calls.add("publish " + request.key() + " until " + request.expiresAt() + " by " + by);
      return false;
    }

    @Override
    public boolean revoke(String key) {
      calls.add("revoke " + key);
      return true;
    }

    @Override
    public boolean ready() {
      return true;
    }

    @Override
    public void awaitVisible() {
    }
  }
}
