package io.redress.cli;

import io.redress.audit.ChainVerification;
import io.redress.audit.ProgressLine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {
        "Checks the hash chain of every partition of the decisions and results topics, from the first stored record"
            + " to what is committed now.",
        "Prints each partition's head hash (note them outside Kafka: a later run must find them in the chain) or the"
            + " first altered, inserted, removed or reordered record with its topic, partition and offset.",
        "Exit status: 0 when every chain is intact, 1 when one is broken, 2 when it could not be checked."})
final class AuditVerifyCommand implements Callable<Integer> {

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  @Spec
  CommandSpec spec;

  @Mixin
  RecordedTopicsOption recorded;

  @Option(names = "--decisions-topic", paramLabel = "TOPIC",
      description = "The decisions topic to check, e.g. a copy restored from a backup (default: the configured one,"
          + " redress.decisions after kafka.topic-prefix).")
  String decisionsTopic;

  @Option(names = "--results-topic", paramLabel = "TOPIC",
      description = "The results topic to check (default: the configured one, redress.remediation-results after"
          + " kafka.topic-prefix).")
  String resultsTopic;

  @Option(names = "--noted-head", paramLabel = "TOPIC-PARTITION=HASH",
      description = "A head an earlier run printed, e.g. redress.decisions-2=e9fc…; the chain must still hold it,"
          + " or records were removed from its end. Repeatable.")
  Map<String, String> notedHeads = new LinkedHashMap<>();

  @Override
  public Integer call() {
    notedHeads.forEach((partition, hash) -> {
      if (!HASH.matcher(hash).matches()) {
        throw new ParameterException(spec.commandLine(), "--noted-head " + partition + "=" + hash
            + ": a head is 64 hexadecimal characters, as audit verify prints it");
      }
    });
    try (RecordedTopics topics = recorded.open(recorded.load())) {
      ChainVerification.Result result;
      try {
        result = ChainVerification.verify(topics.consumerProperties(),
            List.of(Objects.requireNonNullElse(decisionsTopic, topics.names().decisions()),
                Objects.requireNonNullElse(resultsTopic, topics.names().remediationResults())),
            notedHeads, new ProgressLine("audit verify", System.err, System.console() != null));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--noted-head: " + e.getMessage());
      }
      result.print(spec.commandLine().getOut());
      return result.intact() ? 0 : 1;
    }
  }
}
