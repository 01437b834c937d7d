package io.redress.http.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.javalin.http.servlet.MaxRequestSize;
import io.redress.config.ConsoleSettings;
import io.redress.config.RedressConfig;
import io.redress.contract.BreakerState;
import io.redress.contract.Outcome;
import io.redress.contract.RemediationCommand;
import io.redress.contract.Resolution;
import io.redress.exceptions.ExceptionRequest;
import io.redress.exceptions.ScopeSyntax;
import io.redress.http.HttpRoutes;
import io.redress.http.console.Sessions.Flash;
import io.redress.http.console.Sessions.Session;
import io.redress.kafka.KafkaSetupException;
import io.redress.operations.HeldCommands;
import io.redress.operations.HeldCommands.Selection;
import io.redress.operations.HeldCommands.Selection.Holds;
import io.redress.operations.InvalidInput;
import io.redress.operations.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console under {@code /console}: breakers, held commands, pending approvals, exceptions and recent
 * decisions, read from a live view of the topics, and the same release, discard and exception operations as the
 * command line, done as the signed-in operator.
 *
 * <p>Guards, in the order a request meets them: security headers on every response (no framing, no script, no
 * caching); a POST must be a url-encoded form within the size limit that decodes (else 415, 413 or 400); a page
 * needs a session, else it redirects to the sign-in; a POST needs a session and its CSRF token, and is refused from
 * another origin, else 403 with nothing done. Cookies are HttpOnly and SameSite=Strict.
 */
public final class ConsoleRoutes implements HttpRoutes {

  static final String ROOT = "/console";
  static final String COOKIE = "redress_console";
  static final String APPROVAL = "approval:";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final Logger log = LoggerFactory.getLogger(ConsoleRoutes.class);
  private static final String POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
      + " frame-ancestors 'none'; base-uri 'none'";

  private final ConsoleSettings settings;
  private final Duration maxExpiry;
  private final LiveState state;
  private final ConsoleOperations operations;
  private final Sessions sessions;
  private final Clock clock;
  private final AutoCloseable feed;
  private final ConsolePages pages = new ConsolePages();
  private final byte[] style = resource("style.css");

  ConsoleRoutes(ConsoleSettings settings, Duration maxExpiry, LiveState state, ConsoleOperations operations,
      Clock clock, AutoCloseable feed) {
    this.settings = settings;
    this.maxExpiry = maxExpiry;
    this.state = state;
    this.operations = operations;
    this.sessions = new Sessions(settings, clock);
    this.clock = clock;
    this.feed = feed;
  }

  /** The console on the configured cluster, its view of the topics starting to fill at once. */
  public static ConsoleRoutes start(RedressConfig config) {
    ConsoleSettings settings = config.http().console();
    LiveState state = new LiveState(settings.recentDecisions());
    ConsoleFeed feed = new ConsoleFeed(config.kafka(), state, settings.recentDecisions());
    feed.start();
    return new ConsoleRoutes(settings, config.exceptions().maxExpiry(), state,
        new KafkaConsoleOperations(config.kafka(), feed, Clock.systemUTC()), Clock.systemUTC(), feed);
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.before(ROOT, ConsoleRoutes::secure);
    routes.before(ROOT + "/*", ConsoleRoutes::secure);
    routes.before(ROOT + "/*", ConsoleRoutes::checkForm);
    routes.exception(Refusal.class, (refusal, ctx) -> ctx.status(refusal.status)
        .html(pages.render("error", Map.of("message", refusal.getMessage()))));
    routes.get(ROOT + "/style.css", ctx -> ctx.contentType("text/css; charset=utf-8").result(style));
    routes.get(ROOT + "/login", ctx -> ctx.html(pages.render("login", new HashMap<>())));
    routes.post(ROOT + "/login", this::signIn);
    routes.post(ROOT + "/logout", ctx -> {
      sessions.signOut(posted(ctx));
      ctx.removeCookie(COOKIE, ROOT);
      ctx.redirect(ROOT + "/login", HttpStatus.SEE_OTHER);
    });
    routes.get(ROOT, ctx -> page(ctx, "breakers", this::breakers));
    routes.get(ROOT + "/held", ctx -> page(ctx, "held", () -> held(Paged.requested(ctx.queryParam("page")))));
    routes.get(ROOT + "/approvals", ctx -> page(ctx, "approvals", () -> Map.of("approvals",
        Paged.of(state.pending(ConsoleRoutes::awaitsApproval), Paged.requested(ctx.queryParam("page")),
            Rows::held))));
    routes.get(ROOT + "/exceptions", ctx -> page(ctx, "exceptions", this::exceptions));
    routes.get(ROOT + "/decisions", ctx -> page(ctx, "decisions", () -> decisions(ctx)));
    routes.post(ROOT + "/held/release", ctx -> resolve(ctx, Resolution.RELEASED, false));
    routes.post(ROOT + "/held/discard", ctx -> resolve(ctx, Resolution.DISCARDED, false));
    routes.post(ROOT + "/approvals/approve", ctx -> resolve(ctx, Resolution.RELEASED, true));
    routes.post(ROOT + "/approvals/deny", ctx -> resolve(ctx, Resolution.DISCARDED, true));
    routes.post(ROOT + "/exceptions/add", this::addException);
    routes.post(ROOT + "/exceptions/revoke", this::revokeException);
  }

  /**
   * Every form of the console is url-encoded, so a POST of anything else (a multipart upload, say) is refused before
   * its body is read, and a form that cannot be decoded (a charset that does not exist) is refused before any
   * handler looks at it. A form over {@code http.max-body-bytes} would be refused while it is read, with a bare line
   * of text: a "Release all" of some 27,000 commands at the 1 MiB default. It is refused before that, on the
   * console's own page, with the way out.
   */
  private static void checkForm(Context ctx) {
    if (ctx.method() != HandlerType.POST) {
      return;
    }
    // The header as sent: the servlet's reading of it throws on a charset that does not exist.
    String contentType = Optional.ofNullable(ctx.header(Header.CONTENT_TYPE)).orElse("");
    if (!contentType.split(";", 2)[0].strip().equalsIgnoreCase(FORM)) {
      throw new Refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The console takes forms sent as " + FORM
          + ", as its own pages send them, so nothing was done.");
    }
    if (ctx.req().getContentLengthLong() > ctx.appData(MaxRequestSize.INSTANCE.getMaxRequestSizeKey())) {
      throw new Refusal(HttpStatus.CONTENT_TOO_LARGE, "The form is larger than this server accepts "
          + "(http.max-body-bytes), so nothing was done. A page with this many commands cannot send all their ids "
          + "back: decide them with ./redress breaker release|discard --scope SCOPE --expect COUNT, or raise "
          + "http.max-body-bytes.");
    }
    try {
      ctx.formParamMap(); // read once here; the handlers read the same decoded fields
    } catch (IllegalArgumentException e) {
      throw new Refusal(HttpStatus.BAD_REQUEST, "The form could not be decoded (" + Printable.cut(e.getMessage(), 200)
          + "), so nothing was done.");
    }
  }

  private static void secure(Context ctx) {
    ctx.header("Content-Security-Policy", POLICY);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cache-Control", "no-store");
  }

  /** Approval mode holds a command the way the breaker does, naming the approval instead of a breaker scope. */
  static boolean awaitsApproval(RemediationCommand command) {
    return command.getHeldBy() != null && command.getHeldBy().startsWith(APPROVAL);
  }

  private void signIn(Context ctx) {
    sameOrigin(ctx);
    Optional<Session> session = sessions.signIn(ctx.formParam("operator"), ctx.formParam("token"));
    if (session.isEmpty()) {
      String typed = ctx.formParam("operator") == null ? "" : ctx.formParam("operator").strip();
      // A name no operator has may be a token typed into the wrong field: it stays out of the log.
      log.warn("console: refused a sign-in from {} as {}", Printable.of(ctx.ip()),
          settings.operator(typed).isPresent() ? "'" + typed + "' (wrong token)" : "an unknown operator");
      Map<String, Object> model = new HashMap<>();
      model.put("flash", new Flash("error", "Unknown operator or wrong token."));
      ctx.status(HttpStatus.UNAUTHORIZED).html(pages.render("login", model));
      return;
    }
    log.info("console: {} signed in", session.get().operator());
    ctx.cookie(new Cookie(COOKIE, session.get().id(), ROOT, -1, secureTransport(ctx), true, null,
        SameSite.STRICT));
    ctx.redirect(ROOT, HttpStatus.SEE_OTHER);
  }

  private void page(Context ctx, String page, Supplier<Map<String, Object>> content) {
    Optional<Session> session = sessions.find(ctx.cookie(COOKIE));
    if (session.isEmpty()) {
      ctx.redirect(ROOT + "/login", HttpStatus.SEE_OTHER);
      return;
    }
    ctx.html(pages.render(page, model(session.get(), content.get())));
  }

  private Map<String, Object> model(Session session, Map<String, Object> content) {
    Map<String, Object> model = new HashMap<>(content);
    model.put("session", session);
    model.put("ready", operations.ready());
    sessions.takeFlash(session).ifPresent(flash -> model.put("flash", flash));
    return model;
  }

  private Map<String, Object> breakers() {
    Instant now = clock.instant();
    Map<String, List<String>> held = new TreeMap<>();
    state.pending(command -> !awaitsApproval(command)).forEach(command -> held
        .computeIfAbsent(String.valueOf(command.getHeldBy()), scope -> new ArrayList<>()).add(command.getCommandId()));
    Map<String, BreakerState> states = state.breakers();
    SortedSet<String> scopes = new TreeSet<>(states.keySet());
    scopes.addAll(held.keySet());
    return Map.of(
        "breakers", scopes.stream().map(scope -> Rows.breaker(scope, states.get(scope),
            held.getOrDefault(scope, List.of()), now)).toList(),
        "pendingTotal", held.values().stream().mapToInt(List::size).sum(),
        "approvalsTotal", state.pending(ConsoleRoutes::awaitsApproval).size());
  }

  private Map<String, Object> held(int page) {
    return Map.of(
        "held", Paged.of(state.pending(command -> !awaitsApproval(command)), page, Rows::held),
        "resolutions", state.resolutions().stream().map(Rows::resolution).toList());
  }

  private Map<String, Object> exceptions() {
    Instant now = clock.instant();
    return Map.of(
        "exceptions", state.exceptions().entrySet().stream()
            .map(entry -> Rows.exception(entry.getKey(), entry.getValue(), now)).toList(),
        "maxExpiry", Rows.span(maxExpiry));
  }

  private Map<String, Object> decisions(Context ctx) {
    Map<String, String> form = new HashMap<>();
    for (String field : new String[] {"control", "account", "outcome"}) {
      form.put(field, Optional.ofNullable(ctx.queryParam(field)).map(Printable::of).orElse(""));
    }
    Map<String, Object> content = new HashMap<>();
    content.put("filter", form);
    content.put("outcomes", Arrays.stream(Outcome.values()).map(Enum::name).toList());
    content.put("kept", settings.recentDecisions());
    try {
      DecisionFilter filter = DecisionFilter.of(ctx.queryParam("control"), ctx.queryParam("account"),
          ctx.queryParam("outcome"));
      content.put("decisions", state.decisions(filter).stream().map(Rows::decision).toList());
    } catch (InvalidInput e) {
      content.put("decisions", List.of());
      content.put("flash", new Flash("error", e.getMessage()));
    }
    return content;
  }

  private void resolve(Context ctx, Resolution resolution, boolean approval) {
    Session session = posted(ctx);
    String command = ctx.formParam("command");
    String scope = ctx.formParam("scope");
    Optional<String> reason = Optional.ofNullable(ctx.formParam("reason")).map(String::strip)
        .filter(text -> !text.isEmpty());
    if (!approval && scope != null && scope.startsWith(APPROVAL)) {
      throw new Refusal(HttpStatus.BAD_REQUEST, "'" + Printable.of(scope) + "' is not a breaker scope: approvals"
          + " are decided one command at a time, on the approvals page. Nothing was changed.");
    }
    String back = (approval ? "/approvals" : scope != null ? "" : "/held") + samePage(ctx.formParam("page"));
    act(ctx, session, back, () -> {
      // Approvals and breaker holds are kept apart, as on the command line, so that neither page's button decides
      // the other's commands. An approval is decided one command at a time, by its id; the breaker's one command
      // or a scope, and a scope only as far as the page showed it (see HeldCommands.Shown).
      Selection selection = approval ? Selection.command(command, Holds.APPROVAL)
          : scope == null ? Selection.command(command, Holds.BREAKER)
          : Selection.scope(scope).asShown(ctx.formParams("shown"));
      HeldCommands.Outcome outcome = operations.resolve(selection, resolution, session.operator(), reason);
      log.info("console: {} {} {} ({} commands)", session.operator(), resolution, selection, outcome.resolved().size());
      String verb = approval ? (resolution == Resolution.RELEASED ? "Approved" : "Denied")
          : (resolution == Resolution.RELEASED ? "Released" : "Discarded");
      return verb + " " + outcome.resolved().size() + " command" + (outcome.resolved().size() == 1 ? "" : "s")
          + " (" + selection + ")" + (outcome.earlier().isEmpty() ? "."
          : "; " + outcome.earlier().size() + " already decided before, left alone.")
          + (outcome.unreadable().isEmpty() ? "" : " " + outcome.unreadable().size()
              + " decided by a record this version cannot read, left alone.");
    });
  }

  /** Back to the page a command was decided on; a page number the form did not carry well leads to the first. */
  private static String samePage(String page) {
    try {
      int number = Paged.requested(page);
      return number == 1 ? "" : "?page=" + number;
    } catch (Refusal notAPage) {
      return "";
    }
  }

  private void addException(Context ctx) {
    Session session = posted(ctx);
    act(ctx, session, "/exceptions", () -> {
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      ExceptionRequest request = new ExceptionRequest(ScopeSyntax.parse(ctx.formParam("scope")),
          ctx.formParam("reason"), ctx.formParam("approver"), ExceptionRequest.expiry(ctx.formParam("expires"), now),
          ctx.formParam("ticket")).within(now, maxExpiry);
      boolean replaced = operations.publish(request, session.operator());
      log.info("console: {} published exception {}", session.operator(), Printable.of(request.key()));
      return (replaced ? "Replaced" : "Published") + " exception '" + request.key() + "' until "
          + request.expiresAt() + ".";
    });
  }

  private void revokeException(Context ctx) {
    Session session = posted(ctx);
    act(ctx, session, "/exceptions", () -> {
      String key = ScopeSyntax.named(ctx.formParam("scope")).key();
      if (!operations.revoke(key)) {
        throw new InvalidInput("no exception is published for scope '" + key + "'");
      }
      log.info("console: {} revoked exception {}", session.operator(), Printable.of(key));
      return "Revoked exception '" + key + "'.";
    });
  }

  /** Runs an operation, keeps what it said for the next page, and sends the browser there (POST, redirect, GET). */
  private void act(Context ctx, Session session, String back, Supplier<String> operation) {
    Flash flash;
    try {
      flash = new Flash("info", Printable.cut(operation.get(), 600));
      operations.awaitVisible();
    } catch (InvalidInput | KafkaSetupException e) {
      flash = new Flash("error", Printable.cut(e.getMessage(), 600));
    }
    sessions.flash(session, flash);
    ctx.redirect(ROOT + back, HttpStatus.SEE_OTHER);
  }

  /** The session of a POST that may change something; anything less is refused before the form is looked at. */
  private Session posted(Context ctx) {
    sameOrigin(ctx);
    Session session = sessions.find(ctx.cookie(COOKIE))
        .orElseThrow(() -> new Refusal(HttpStatus.FORBIDDEN, "Not signed in, or the session has expired."));
    if (!Sessions.carriesToken(session, ctx.formParam("csrf"))) {
      log.warn("console: refused a POST to {} without the session's CSRF token", ctx.path());
      throw new Refusal(HttpStatus.FORBIDDEN, "The form's CSRF token is missing or not this session's.");
    }
    return session;
  }

  /**
   * A browser names where a POST comes from: {@code Sec-Fetch-Site} and {@code Origin}. One from another site, or
   * from an opaque origin ({@code null}: a sandboxed frame, a data URL), is refused whatever it carries. Pages are
   * served with {@code Referrer-Policy: same-origin}, under which a browser sends the real origin of our own forms.
   */
  private static void sameOrigin(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    String origin = ctx.header("Origin");
    boolean foreignSite = site != null && !site.equals("same-origin");
    boolean foreignOrigin = origin != null && !origin.equalsIgnoreCase(ctx.scheme() + "://" + ctx.host())
        && !origin.equalsIgnoreCase("https://" + ctx.host());
    if (foreignSite || foreignOrigin) {
      throw new Refusal(HttpStatus.FORBIDDEN, "A request from another origin is refused.");
    }
  }

  private static boolean secureTransport(Context ctx) {
    return "https".equals(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }

  private static byte[] resource(String name) {
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the console's " + name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      feed.close();
    } catch (Exception e) {
      log.warn("error while stopping the console's feed", e);
    }
  }

  /** A request refused with nothing done: the status and a sentence saying why. */
  static final class Refusal extends RuntimeException {
    private final HttpStatus status;

    Refusal(HttpStatus status, String message) {
      super(message);
      this.status = status;
    }
  }
}
