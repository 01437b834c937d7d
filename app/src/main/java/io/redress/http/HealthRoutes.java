package io.redress.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.Supplier;

/**
 * {@code GET /health/live} and {@code GET /health/ready} for Kubernetes probes: 200 when the probe passes, 503 when
 * it does not, with one plain-text line per role either way. Liveness fails only when a role has failed for good
 * (restart the process); readiness fails while any role is starting, restarting or rebalancing (wait).
 */
public final class HealthRoutes implements HttpRoutes {

  public static final String LIVE = "/health/live";
  public static final String READY = "/health/ready";

  private final Supplier<Probe> liveness;
  private final Supplier<Probe> readiness;

  public HealthRoutes(Supplier<Probe> liveness, Supplier<Probe> readiness) {
    this.liveness = liveness;
    this.readiness = readiness;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get(LIVE, context -> answer(context, liveness.get()));
    routes.get(READY, context -> answer(context, readiness.get()));
  }

  private static void answer(Context context, Probe probe) {
    context.status(probe.passing() ? 200 : 503)
        .contentType("text/plain; charset=utf-8")
        .result((probe.passing() ? "ok" : "failing") + "\n" + String.join("\n", probe.lines()) + "\n");
  }
}
