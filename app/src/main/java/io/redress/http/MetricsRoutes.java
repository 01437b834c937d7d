package io.redress.http;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: every meter of the process in Prometheus text format, for a scrape. */
public final class MetricsRoutes implements HttpRoutes {

  public static final String PATH = "/metrics";
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  public MetricsRoutes(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get(PATH, context -> context.contentType(TEXT_FORMAT).result(registry.scrape()));
  }
}
