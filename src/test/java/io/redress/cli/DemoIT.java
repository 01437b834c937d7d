package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.testing.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code redress demo} end to end, as a newcomer runs it: its own broker, the samples, every outcome printed. */
class DemoIT {

  @Test
  void theDemoShowsEveryKindOfDecisionAndExitsCleanly(@TempDir Path dataDir) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int exit = demo(dataDir, printed);
    String output = printed.toString(StandardCharsets.UTF_8);

    assertThat(exit).isZero();
    assertThat(output)
        .contains("DECISION  DRY_RUN", "arn:aws:s3:::acme-payments-exports")
        .contains("DECISION  DUPLICATE")
        .contains("DECISION  EXCEPTED", "arn:aws:s3:::acme-public-website", "ciso@acme.example")
        .contains("DECISION  NOTIFY_ONLY", "EC2.19")
        .contains("DEAD LETTER")
        .contains("RESULT    DRY_RUN")
        .contains("Demo complete: 4 decision(s), 1 remediation result(s), 1 dead letter(s)");
    assertThat(ProcessHandle.allProcesses()
        .filter(process -> process.info().arguments().map(args -> String.join(" ", args)).orElse("")
            .contains(dataDir.toString())))
        .as("broker processes left behind").isEmpty();
  }

  @Test
  void theDemoStartsAfreshOnTheDirectoryItMadeBefore(@TempDir Path dataDir) {
    assertThat(demo(dataDir, new ByteArrayOutputStream())).isZero();

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    assertThat(demo(dataDir, printed)).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Demo complete: 4 decision(s), 1 remediation result(s), 1 dead letter(s)");
  }

  private static int demo(Path dataDir, ByteArrayOutputStream printed) {
    PrintStream console = System.out;
    try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      return Main.commandLine().execute("demo", "--data-dir", dataDir.toString(),
          "--broker-classpath", TestBroker.classpathFile().toString());
    } finally {
      System.setOut(console);
      console.println(printed.toString(StandardCharsets.UTF_8));
    }
  }
}
