package io.redress.http;

import io.javalin.Javalin;
import io.redress.config.HttpSettings;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The http role: one HTTP server (Javalin on Jetty) serving every {@link HttpRoutes} it is given. {@link #run()}
 * listens until {@link #close()}; a server that cannot listen (the port is taken) fails the run, so the role's
 * supervisor retries it and, if it keeps failing, stops Redress with the reason.
 */
public final class HttpRole implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpRole.class);

  private final HttpSettings settings;
  private final List<HttpRoutes> routes;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Javalin server;
  private boolean closing;

  public HttpRole(HttpSettings settings, List<HttpRoutes> routes) {
    this.settings = settings;
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
    Javalin created = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.startup.startupWatcherEnabled = false;
      config.jetty.host = settings.bind();
      config.jetty.port = settings.port();
      config.http.maxRequestSize = settings.maxBodyBytes();
      routes.forEach(endpoints -> endpoints.addTo(config.routes));
    });
    created.start();
    server = created;
    log.info("http role listening on {}:{}", settings.bind(), created.port());
  }

  /** The port listened on; with port 0 configured, the one the system picked. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the http role is not listening");
    }
    return server.port();
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

  /** Stops taking requests, then closes the routes (and the producer behind them). */
  @Override
  public synchronized void close() {
    closing = true;
    try {
      if (server != null) {
        server.stop();
      }
    } finally {
      routes.forEach(HttpRoutes::close);
      stopped.countDown();
    }
  }
}
