package io.redress.http;

import io.javalin.config.RoutesConfig;

/**
 * A set of endpoints the http role serves (the webhook receiver today; health and the console are meant to join it
 * the same way). Closed with the role, after the server has stopped taking requests.
 */
public interface HttpRoutes extends AutoCloseable {

  void addTo(RoutesConfig routes);

  @Override
  default void close() {
  }
}
