package io.redress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.testing.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bench in small, on the jar Maven just packaged and with the launcher's JVM flags, so that it cannot rot: every
 * figure is produced, printed and written, and the buckets are really fixed. Its timings are never asserted; with
 * counts this small they mean nothing. Alone: {@code mvn -q verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=BenchSmokeIT}; left out: {@code -DexcludedGroups=bench}.
 */
@Tag("bench")
class BenchSmokeIT {

  @Test
  void everyFigureIsMeasuredPrintedAndWritten() throws Exception {
    assertThat(Path.of("target", "redress.jar")).as("the packaged Redress").isRegularFile();
    BenchOptions options = BenchOptions.parse("--smoke", "--java-opts", launcherJavaOpts(),
        "--work-dir", "target/bench/smoke-it", "--out", "target/bench/smoke-it.json");

    BenchReport report = BenchCommand.run(options, TestBroker.classpathFile(), System.err);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
    report.write(options.out());
    String table = printed.toString(StandardCharsets.UTF_8);
    System.out.println(table);

    assertThat(table).contains("| P1 throughput", "decisions/s", "records/s", "| P2 finding to command",
        "| P3 " + options.buckets() + " public buckets", "| P3 vs Cloud Custodian", "| P3 vs bare SDK loop",
        "| P3 vs bare SDK loop making the executor's calls", "| P4 RSS", "machine: ");
    assertThat(table).containsPattern("p50 \\d+ ms, p95 \\d+ ms, p99 \\d+ ms");
    assertThat(table).contains("| P1 CPU per record");
    // The broker's CPU time comes in 10 ms ticks, which a burst this small may not reach.
    assertThat(List.of(report.p1().redressCpu(), report.p1().passthroughCpu())).as("CPU measured for each contender")
        .allSatisfy(cpu -> {
          assertThat(cpu.processMicros()).isPositive();
          assertThat(cpu.brokerMicros()).isNotNegative();
        });
    assertThat(List.of(report.p1().redressRounds(), report.p1().passthroughRounds())).as("each contender's bursts")
        .allSatisfy(rates -> assertThat(rates).hasSize(Throughput.ROUNDS).allSatisfy(rate -> assertThat(rate)
            .isPositive()));
    assertThat(report.p2().findings()).isEqualTo(options.latencyRate() * options.latencySeconds());
    assertThat(table).contains("| P2 CPU per finding once warm");
    assertThat(report.p2Cpu().redressMicros()).as("the all-roles process's CPU per finding").isPositive();
    assertThat(report.p2Cpu().brokerMicros()).isNotNegative();
    assertThat(report.p3().redress().fixed()).as("buckets Redress fixed").isEqualTo(options.buckets());
    assertThat(report.p3().bareLoop().fixed()).as("buckets the bare loop fixed").isEqualTo(options.buckets());
    assertThat(report.p3().sameCallsLoop().fixed()).as("buckets the same-calls loop fixed")
        .isEqualTo(options.buckets());
    assertThat(report.p4().peakMiB()).as("peak RSS sampled").isPositive();
    assertThat(Files.readString(options.out())).contains("\"p1\"", "\"p2\"", "\"p3\"", "\"p4\"", "\"machine\"");
  }

  /** The flags {@code ./redress run} gives the JVM, so the smoke run also proves Redress runs within them. */
  private static String launcherJavaOpts() throws Exception {
    Matcher flags = Pattern.compile("(?m)^DEFAULT_JAVA_OPTS=\"(.*)\"$").matcher(Files.readString(Path.of("redress")));
    assertThat(flags.find()).as("DEFAULT_JAVA_OPTS in the launcher").isTrue();
    return flags.group(1);
  }
}
