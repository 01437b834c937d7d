package io.redress.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a chaos run is told; {@link ChaosCommand} documents each option.
 *
 * @param findings valid findings of the kill phase
 * @param kills times Redress is killed with SIGKILL during the kill phase
 * @param brokerRestart whether the broker phase runs
 * @param brokerFindings valid findings of the broker phase
 * @param fuzz fuzzed inputs of the fuzz phase
 * @param fuzzValid valid findings mixed into the fuzz phase
 * @param rate inputs sent per second in every phase
 */
record ChaosOptions(
    int findings,
    int kills,
    boolean brokerRestart,
    int brokerFindings,
    Duration brokerDown,
    int fuzz,
    int fuzzValid,
    long seed,
    double rate,
    Duration stall,
    Duration drainTimeout,
    Duration settle,
    int hugeFieldLength,
    int nestingDepth,
    Path out,
    Path workDir,
    Path projectDir,
    String javaOpts) {

  ChaosOptions {
    if (findings < 0 || kills < 0 || brokerFindings < 0 || fuzz < 0 || fuzzValid < 0) {
      throw new IllegalArgumentException("counts cannot be negative");
    }
    if (kills > 0 && findings < kills + 1) {
      throw new IllegalArgumentException("--kills " + kills + " needs at least " + (kills + 1)
          + " findings, so that findings still flow after each kill");
    }
    if (brokerRestart && brokerFindings < 2) {
      throw new IllegalArgumentException("--broker-restart needs at least 2 broker findings, so that findings"
          + " still flow after the restart");
    }
    if (rate <= 0) {
      throw new IllegalArgumentException("--rate must be positive");
    }
  }

  /** The broker's jars, as {@code mvn -f broker/pom.xml dependency:build-classpath} writes them. */
  Path brokerClasspath() {
    return projectDir.resolve("broker/target/classpath.txt");
  }
}
