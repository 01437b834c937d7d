package io.redress.exceptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.operations.InvalidInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExceptionsFileTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  @TempDir
  Path dir;

  private Map<String, ExceptionRequest> read(String yaml) throws IOException {
    return ExceptionsFile.read(Files.writeString(dir.resolve("exceptions.yaml"), yaml), NOW, Duration.ofDays(90));
  }

  @Test
  void entriesAreReadByScopeKeyWithScopesWrittenEitherWay() throws IOException {
    Map<String, ExceptionRequest> requests = read("""
        exceptions:
          - scope: resource=arn:aws:s3:::acme-site;control=S3.8
            reason: public website
            approver: ciso@example.com
            expires: 2027-01-31
            ticket: SEC-1
          - scope: {account: "111122223333", control: S3.2}
            reason: sandbox account
            approver: ciso@example.com
            expires: 2027-02-01T12:00:00Z
        """);
    assertThat(requests).containsOnlyKeys("control=S3.8;resource=arn:aws:s3:::acme-site",
        "account=111122223333;control=S3.2");
    assertThat(requests.get("account=111122223333;control=S3.2").expiresAt())
        .isEqualTo(Instant.parse("2027-02-01T12:00:00Z"));
  }

  @Test
  void anEmptyListMeansNoExceptions() throws IOException {
    assertThat(read("exceptions: []\n")).isEmpty();
  }

  @Test
  void aRelativeExpiryIsRefusedBecauseItWouldMoveAtEverySync() {
    assertThatThrownBy(() -> read("""
        exceptions:
          - {scope: control=S3.8, reason: r, approver: a, expires: 30d}
        """)).isInstanceOf(InvalidInput.class).hasMessageContaining("exceptions[0]: expires: '30d' is relative");
  }

  @Test
  void theEntryWithAProblemIsNamed() {
    assertThatThrownBy(() -> read("""
        exceptions:
          - {scope: control=S3.8, reason: r, approver: a, expires: 2027-01-01}
          - {scope: control=S3.2, approver: a, expires: 2027-01-01}
        """)).isInstanceOf(InvalidInput.class).hasMessageContaining("exceptions[1]: reason: required");
  }

  @Test
  void theSameScopeTwiceIsRefused() {
    assertThatThrownBy(() -> read("""
        exceptions:
          - {scope: control=S3.8;account=111122223333, reason: r, approver: a, expires: 2027-01-01}
          - {scope: account=111122223333;control=S3.8, reason: r2, approver: a, expires: 2027-01-01}
        """)).isInstanceOf(InvalidInput.class).hasMessageContaining("exceptions[1]: scope account=111122223333;control=S3.8 is listed twice");
  }

  @Test
  void theSameScopeTwiceInAnotherCaseOfItsControlIsRefused() {
    assertThatThrownBy(() -> read("""
        exceptions:
          - {scope: control=S3.8, reason: r, approver: a, expires: 2027-01-01}
          - {scope: control=s3.8, reason: r2, approver: a, expires: 2027-01-01}
        """)).isInstanceOf(InvalidInput.class)
        .hasMessageContaining("exceptions[1]: scope control=s3.8 is listed twice (as control=S3.8: control ids have no case)");
  }

  @Test
  void anUnknownKeyIsRefused() {
    assertThatThrownBy(() -> read("""
        exceptions:
          - {scope: control=S3.8, reason: r, approver: a, expires: 2027-01-01, expiry: 2027-02-01}
        """)).isInstanceOf(InvalidInput.class).hasMessageContaining("unknown key 'expiry'");
  }

  @Test
  void anExpiryBeyondTheMaximumIsRefused() {
    assertThatThrownBy(() -> read("""
        exceptions:
          - {scope: control=S3.8, reason: r, approver: a, expires: 2028-01-01}
        """)).isInstanceOf(InvalidInput.class).hasMessageContaining("beyond the maximum of 90 days");
  }

  @Test
  void aFileOfAnotherShapeIsRefused() {
    assertThatThrownBy(() -> read("- scope: control=S3.8\n")).isInstanceOf(InvalidInput.class)
        .hasMessageContaining("expected one key, 'exceptions', holding a list");
  }

  @Test
  void brokenYamlIsReported() {
    assertThatThrownBy(() -> read("exceptions: [\n")).isInstanceOf(InvalidInput.class)
        .hasMessageContaining("not valid YAML");
  }
}
