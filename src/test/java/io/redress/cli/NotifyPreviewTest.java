package io.redress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NotifyPreviewTest {

  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  private int redress(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(out, true));
    return commandLine.execute(args);
  }

  @Test
  void aPreviewPrintsTheTextLessonAndWritesTheHtmlEmailToAFile(@TempDir Path dir) throws Exception {
    Path html = dir.resolve("s3.8.html");

    assertThat(redress("notify", "preview", "--control", "S3.8", "--html-file", html.toString())).isZero();

    assertThat(out.toString()).startsWith("Subject: [Redress] S3.8 on sample-resource-for-S3.8: fixed automatically")
        .contains("Redress fixed it: it has turned on all four S3 Block Public Access settings for the bucket")
        .contains("aws_s3_bucket_public_access_block");
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<title>[Redress] S3.8 on");
    assertThat(err.toString()).contains(html.toAbsolutePath().toString());
  }

  @Test
  void aPreviewInSlackFormShowsTheSlackMessageForTheChosenStatus(@TempDir Path dir) {
    assertThat(redress("notify", "preview", "--control", "EC2.13", "--format", "slack", "--status", "failed",
        "--html-file", dir.resolve("x.html").toString())).isZero();

    assertThat(out.toString()).startsWith("*[Redress] EC2.13 on sample-resource-for-EC2.13: automatic fix FAILED")
        .contains("Redress tried to fix it and FAILED");
  }

  @Test
  void aPreviewShowsTheLessonOfADryRunThatStoppedShort(@TempDir Path dir) {
    assertThat(redress("notify", "preview", "--control", "Lambda.1", "--format", "text", "--status", "dry_run_failed",
        "--html-file", dir.resolve("x.html").toString())).isZero();

    assertThat(out.toString()).contains("dry run stopped short, please fix",
        "Redress only planned a fix (dry run), so nothing was changed, and the plan stopped short of one: the resource "
            + "is not one Redress may change as it is").doesNotContain("tried to fix it");
  }

  @Test
  void aControlIdTypedInAnyCaseFindsItsLesson(@TempDir Path dir) {
    assertThat(redress("notify", "preview", "--control", "cloudtrail.2", "--html-file",
        dir.resolve("x.html").toString())).isZero();

    assertThat(out.toString()).contains("CloudTrail.2").doesNotContain("cloudtrail.2");
  }

  @Test
  void aControlWithoutALessonIsRefusedNamingIt(@TempDir Path dir) {
    assertThat(redress("notify", "preview", "--control", "S3.99", "--html-file", dir.resolve("x.html").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no lesson for control 'S3.99'");
    assertThat(dir.resolve("x.html")).doesNotExist();
  }

  @Test
  void anUnknownFormatIsRefusedNamingTheChoices() {
    assertThat(redress("notify", "preview", "--control", "S3.8", "--format", "pdf")).isEqualTo(2);
    assertThat(err.toString()).contains("pdf").contains("TEXT, HTML, SLACK");
  }

  @Test
  void statsWithNeitherAClusterNorARunsDirectoryIsRefusedSayingWhatToSet(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("redress.yaml"), "notifications: {security-contact: s@example.com}\n");

    assertThat(redress("notify", "stats", "-c", config.toString(), "--data-dir", dir.resolve("none").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("kafka.bootstrap-servers").contains("--data-dir");
  }
}
