package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.RedressConfig.SourceLimits;
import io.redress.contract.FindingSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ingest.max-record-bytes}: the largest raw finding the normalize step reads, 1 KiB to 16 MiB. */
class IngestSettingsTest {

  private static int maxRecordBytes(String value) {
    return ConfigLoader.fromYaml("ingest: {max-record-bytes: " + value + "}", Map.of()).ingest().maxRecordBytes();
  }

  @Test
  void theDefaultIsOneMebibyte() {
    assertThat(ConfigLoader.defaults(Map.of()).ingest().maxRecordBytes()).isEqualTo(1048576);
    assertThat(ConfigLoader.fromYaml("ingest: {}", Map.of()).ingest().maxRecordBytes()).isEqualTo(1048576);
  }

  @Test
  void oneKibibyteIsTheSmallestAccepted() {
    assertThat(maxRecordBytes("1024")).isEqualTo(1024);
    assertThatThrownBy(() -> maxRecordBytes("1023"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ingest.max-record-bytes: must be at least 1024, got 1023");
  }

  @Test
  void sixteenMebibytesIsTheLargestAccepted() {
    assertThat(maxRecordBytes("16777216")).isEqualTo(16777216);
    assertThatThrownBy(() -> maxRecordBytes("16777217"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ingest.max-record-bytes: must be at most 16777216, got 16777217");
  }

  @Test
  void theEnvironmentIsCheckedByTheSameBounds() {
    assertThat(ConfigLoader.defaults(Map.of("REDRESS_INGEST_MAX_RECORD_BYTES", "2048")).ingest().maxRecordBytes())
        .isEqualTo(2048);
    assertThatThrownBy(() -> ConfigLoader.defaults(Map.of("REDRESS_INGEST_MAX_RECORD_BYTES", "1023")))
        .hasMessage("ingest.max-record-bytes (from REDRESS_INGEST_MAX_RECORD_BYTES): must be at least 1024, got 1023");
  }

  private static SourceLimits limitsOf(String sourceYaml) {
    return ConfigLoader.fromYaml("ingest: {sources: {cspm: " + sourceYaml + "}}", Map.of()).ingest().sources()
        .get("cspm");
  }

  @Test
  void noSourceIsLimitedUnlessNamed() {
    assertThat(ConfigLoader.defaults(Map.of()).ingest().sources()).isEmpty();
  }

  @Test
  void aSourceIsLimitedToTheAccountsAndFormatsListed() {
    SourceLimits limits = limitsOf("{accounts: ['444455556666', '111122223333'], formats: [prowler, security-hub]}");

    assertThat(limits.accounts()).containsExactly("111122223333", "444455556666");
    assertThat(limits.formats()).containsExactlyInAnyOrder(FindingSource.PROWLER, FindingSource.SECURITY_HUB);
    assertThat(limits.allowsAccount("111122223333")).isTrue();
    assertThat(limits.allowsAccount("999999999999")).isFalse();
    assertThat(limits.allowsFormat(FindingSource.PROWLER)).isTrue();
    assertThat(limits.allowsFormat(FindingSource.WEBHOOK)).isFalse();
  }

  @Test
  void whatIsLeftOutIsNotLimited() {
    assertThat(limitsOf("{accounts: ['111122223333']}").allowsFormat(FindingSource.GUARDDUTY)).isTrue();
    assertThat(limitsOf("{formats: [guardduty]}").allowsAccount("999999999999")).isTrue();
  }

  @Test
  void everyFormatIsWrittenAsTheFindingSourceInLowerCaseWithDashes() {
    assertThat(limitsOf("{formats: [security-hub, aws-config, guardduty, prowler, webhook]}").formats())
        .containsExactlyInAnyOrder(FindingSource.values());
  }

  @Test
  void anAccountThatIsNotTwelveDigitsIsRefused() {
    assertThatThrownBy(() -> limitsOf("{accounts: ['11112222333']}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ingest.sources.cspm.accounts: '11112222333' is not a twelve-digit account id");
  }

  @Test
  void anUnknownFormatIsRefusedNamingTheFormats() {
    assertThatThrownBy(() -> limitsOf("{formats: [asff]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ingest.sources.cspm.formats: 'asff' is not a format; one of security-hub, aws-config, guardduty,"
            + " prowler, webhook");
  }

  @Test
  void anEmptyListIsRefusedRatherThanLettingNothingThrough() {
    assertThatThrownBy(() -> limitsOf("{accounts: []}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ingest.sources.cspm.accounts: empty; name at least one account, or leave accounts out for any");
  }

  @Test
  void aSourceLimitedInNothingIsRefused() {
    for (String nothing : List.of("{}", "null")) {
      assertThatThrownBy(() -> limitsOf(nothing))
          .isInstanceOf(ConfigException.class)
          .hasMessage("ingest.sources.cspm: limits nothing; set accounts, formats or both, or leave the source out");
    }
  }

  @Test
  void aNameThatNoSourceCanHaveIsRefused() {
    assertThatThrownBy(() -> ConfigLoader.fromYaml("ingest: {sources: {CSPM: {formats: [prowler]}}}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ingest.sources.CSPM: not a source name: lower-case letters, digits and '-', at most 63"
            + " characters");
  }

  @Test
  void theAccountsCanBeSetFromTheEnvironment() {
    SourceLimits limits = ConfigLoader.fromYaml("ingest: {sources: {cspm: {formats: [prowler]}}}",
        Map.of("REDRESS_INGEST_SOURCES_CSPM_ACCOUNTS", "111122223333,444455556666")).ingest().sources().get("cspm");

    assertThat(limits.accounts()).containsExactly("111122223333", "444455556666");
  }
}
