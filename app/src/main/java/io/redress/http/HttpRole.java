package io.redress.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.redress.config.HttpSettings;
import io.redress.operations.InvalidInput;
import io.redress.operations.Printable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The http role: an HTTP server (Javalin on Jetty) serving every {@link HttpRoutes} it is given, and with {@code
 * http.management-port} set, a second one serving the management routes (probes, {@code /metrics}) alone, the first
 * then serving none of them. {@link #run()} listens until {@link #close()}; a server that cannot listen (the port is
 * taken) fails the run, so the role's supervisor retries it and, if it keeps failing, stops Redress with the reason.
 *
 * <p>The webhook and the console's sign-in read bodies from anyone who can connect, each on a thread of its own while
 * the body arrives. So that a few hundred clients sending bodies slowly cannot take every thread, and with them the
 * probes (Kubernetes would restart the pod): a body arriving slower than {@value #MIN_BODY_BYTES_PER_SECOND} bytes a
 * second is cut off (408), a connection silent for {@link #IDLE_TIMEOUT} is closed, and requests other than the
 * probes and the scrape take at most {@value #SHARED_THREADS} of the {@value #THREADS} threads at once, the rest
 * waiting without a thread (503 after {@link #IDLE_TIMEOUT}).
 */
public final class HttpRole implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpRole.class);
  static final int THREADS = 250;
  static final int SHARED_THREADS = 200;
  static final long MIN_BODY_BYTES_PER_SECOND = 1024;
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
  /**
   * How long a stop waits for the requests in hand (a finding waiting for Kafka's acknowledgement) to be answered
   * after the server stopped taking new ones: without it Jetty resets them, and the sender is not told the finding
   * was taken. Short enough to leave the rest of a pod's grace period to the other roles.
   */
  static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final HttpSettings settings;
  private final List<HttpRoutes> management;
  private final List<HttpRoutes> routes;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Javalin server;
  private Javalin managementServer;
  private boolean closing;

  /**
   * @param management the probes and the scrape, served on the management port when one is set
   * @param routes the rest: the webhooks, the console
   */
  public HttpRole(HttpSettings settings, List<HttpRoutes> management, List<HttpRoutes> routes) {
    this.settings = settings;
    this.management = List.copyOf(management);
    this.routes = List.copyOf(routes);
  }

  /**
   * Starts listening and returns once the port is bound.
   *
   * @throws io.redress.config.ConfigException when a webhook source's secret or a console operator's token is
   *     missing or too short: loading the configuration does not check them, this role does
   */
  public synchronized void start() {
    if (closing || server != null) {
      return;
    }
    settings.requireSecrets();
    if (settings.managementPort().isEmpty()) {
      server = serve(settings.port(), Stream.concat(management.stream(), routes.stream()).toList());
      log.info("http role listening on {}:{}", settings.bind(), server.port());
      return;
    }
    managementServer = serve(settings.managementPort().get(), management);
    server = serve(settings.port(), routes);
    log.info("http role listening on {}:{}, its probes and /metrics on port {}", settings.bind(), server.port(),
        managementServer.port());
  }

  private Javalin serve(int port, List<HttpRoutes> served) {
    Javalin created = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.startup.startupWatcherEnabled = false;
      config.jetty.threadPool = new QueuedThreadPool(THREADS);
      config.jetty.modifyHttpConfiguration(http -> http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND));
      config.jetty.addConnector((jetty, http) -> connector(jetty, http, port));
      config.jetty.modifyServer(jetty -> {
        jetty.insertHandler(probesApart());
        jetty.setStopTimeout(STOP_WAIT.toMillis());
      });
      config.http.maxRequestSize = settings.maxBodyBytes();
      config.routes.exception(EofException.class, (e, ctx) -> unreadable(ctx, 400, e.getMessage()));
      config.routes.exception(BadMessageException.class, (e, ctx) -> unreadable(ctx, e.getCode(), e.getReason()));
      served.forEach(endpoints -> endpoints.addTo(config.routes));
    });
    created.start();
    return created;
  }

  /**
   * Refuses a port that cannot be listened on (another process has it) before anything starts. Bound with the
   * address reuse Jetty's connector uses, so that a port a stopped Redress left in TIME_WAIT is not refused.
   *
   * @throws InvalidInput naming the address, what the system said, and the key that moves it
   */
  public static void requireFreePort(HttpSettings settings) {
    requireFree(settings.bind(), settings.port(), "http.port (REDRESS_HTTP_PORT)");
    settings.managementPort().ifPresent(port ->
        requireFree(settings.bind(), port, "http.management-port (REDRESS_HTTP_MANAGEMENT_PORT)"));
  }

  private static void requireFree(String bind, int port, String key) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(bind, port));
    } catch (IOException e) {
      throw new InvalidInput("the http role cannot listen on " + bind + ":" + port + " (" + e.getMessage()
          + "); stop what uses that port, or set " + key + " or http.bind");
    }
  }

  private Connector connector(Server server, HttpConfiguration http, int port) {
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(settings.bind());
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    return connector;
  }

  /** Probes and scrapes never wait behind other requests, however many of those are stuck on slow clients. */
  private static QoSHandler probesApart() {
    QoSHandler shared = new QoSHandler();
    shared.setMaxRequestCount(SHARED_THREADS);
    shared.setMaxSuspend(IDLE_TIMEOUT);
    shared.excludePath(HealthRoutes.LIVE, HealthRoutes.READY, MetricsRoutes.PATH);
    return shared;
  }

  /**
   * A body that stopped arriving (the client went away) or came too slowly (cut off): the client's doing, and
   * anyone who can connect can do it as often as they like, so it is one line, not a stack trace.
   */
  private static void unreadable(Context ctx, int status, String reason) {
    log.info("http: {} {} from {}: the request could not be read ({}): {}", ctx.method(), Printable.of(ctx.path()),
        Printable.of(ctx.ip()), status, Printable.of(reason));
    ctx.status(status).result("the request could not be read: " + reason + "\n");
  }

  /** The port listened on; with port 0 configured, the one the system picked. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the http role is not listening");
    }
    return server.port();
  }

  /** Where the probes and {@code /metrics} are served: the management port, or {@link #port()} without one. */
  public synchronized int managementPort() {
    if (server == null) {
      throw new IllegalStateException("the http role is not listening");
    }
    return managementServer != null ? managementServer.port() : server.port();
  }

  @Override
  public void run() {
    try {
      start();
    } catch (RuntimeException e) {
      close(); // the routes' producer, which the next instance does not reuse
      throw e;
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops taking requests, answers those in hand (for up to {@link #STOP_WAIT}), then closes the routes (and the
   * producer behind them).
   */
  @Override
  public synchronized void close() {
    closing = true;
    try {
      if (server != null) {
        server.stop();
      }
    } finally {
      try {
        if (managementServer != null) {
          managementServer.stop();
        }
      } finally {
        management.forEach(HttpRoutes::close);
        routes.forEach(HttpRoutes::close);
        stopped.countDown();
      }
    }
  }
}
