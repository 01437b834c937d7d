package io.redress.cli;

import io.redress.audit.ProgressLine;
import io.redress.audit.WhatIf;
import io.redress.audit.WhatIfReport;
import io.redress.config.RedressConfig;
import io.redress.remediation.RemediationCatalogue;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "what-if", mixinStandardHelpOptions = true,
    description = {
        "Runs the recorded findings through the decision topology with a proposed configuration (-c) and prints"
            + " what would change: decisions by control and outcome, resources that would be remediated, breaker"
            + " trips, exceptions that would apply.",
        "Runs in this process on what it reads: no command reaches an executor and nothing of the running"
            + " deployment is written or joined."})
final class WhatIfCommand implements Callable<Integer> {

  @Mixin
  RecordedTopicsOption recorded;

  @Option(names = "--from", paramLabel = "T", defaultValue = "30d", converter = TimePointConverter.class,
      description = "Findings recorded at or after T: an instant, a UTC day or an age (default: ${DEFAULT-VALUE}).")
  Instant from;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
      description = "Lines shown per list (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    RedressConfig proposed = recorded.load();
    try (RecordedTopics topics = recorded.open(proposed)) {
      WhatIfReport report = WhatIf.run(topics.consumerProperties(), proposed, RemediationCatalogue.discover(), from,
          new ProgressLine("what-if", System.err, System.console() != null));
      report.print(System.out, Math.max(0, limit));
    }
    return 0;
  }
}
