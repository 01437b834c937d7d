package io.redress.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;

class TrailManagementEventsTest {

  private static final EventSelector DATA_ONLY = EventSelector.builder().readWriteType(ReadWriteType.WRITE_ONLY)
      .includeManagementEvents(false).dataResources(d -> d.type("AWS::S3::Object").values("arn:aws:s3")).build();

  @Test
  void aTrailWithoutSelectorsLogsCloudTrailsDefaultOfEveryManagementEvent() {
    assertThat(TrailManagementEvents.logged(List.of())).isEqualTo("All");
    assertThat(TrailManagementEvents.logged(List.of(EventSelector.builder().build()))).isEqualTo("All");
  }

  @Test
  void readOnlyAndWriteOnlyManagementSelectorsTogetherLogBoth() {
    assertThat(TrailManagementEvents.logged(List.of(management(ReadWriteType.READ_ONLY)))).isEqualTo("ReadOnly");
    assertThat(TrailManagementEvents.logged(List.of(management(ReadWriteType.READ_ONLY),
        management(ReadWriteType.WRITE_ONLY)))).isEqualTo("All");
  }

  @Test
  void aSelectorExcludingManagementEventsLogsNone() {
    assertThat(TrailManagementEvents.logged(List.of(DATA_ONLY))).isEqualTo("None");
  }

  @Test
  void advancedSelectorsLogManagementEventsByCategoryNarrowedByReadOnly() {
    assertThat(TrailManagementEvents.loggedByAdvanced(List.of(advanced()))).isEqualTo("All");
    assertThat(TrailManagementEvents.loggedByAdvanced(List.of(advanced(AdvancedFieldSelector.builder()
        .field("readOnly").equalsValue("false").build())))).isEqualTo("WriteOnly");
    assertThat(TrailManagementEvents.loggedByAdvanced(List.of(AdvancedEventSelector.builder().fieldSelectors(
        AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Data").build()).build())))
        .isEqualTo("None");
  }

  @Test
  void wideningTurnsTheManagementOnlySelectorToBothAndKeepsTheOthers() {
    assertThat(TrailManagementEvents.widened(List.of(DATA_ONLY, management(ReadWriteType.READ_ONLY)), "t"))
        .containsExactly(DATA_ONLY, management(ReadWriteType.ALL));
  }

  @Test
  void wideningAddsAManagementOnlySelectorRatherThanLoggingMoreDataEvents() {
    EventSelector dataAndReads = DATA_ONLY.toBuilder().includeManagementEvents(true).build();

    assertThat(TrailManagementEvents.widened(List.of(dataAndReads), "t"))
        .containsExactly(dataAndReads, management(ReadWriteType.ALL));
  }

  @Test
  void wideningATrailWithTheMostSelectorsAllowedIsRefused() {
    List<EventSelector> five = Collections.nCopies(TrailManagementEvents.MAX_SELECTORS, DATA_ONLY);

    assertThat(TrailManagementEvents.widened(five.subList(0, 4), "t")).hasSize(5);
    assertThatThrownBy(() -> TrailManagementEvents.widened(five, "arn:trail"))
        .isInstanceOf(CheckedChange.Refused.class).hasMessageContaining("arn:trail has 5 event selectors");
  }

  private static EventSelector management(ReadWriteType type) {
    return EventSelector.builder().readWriteType(type).includeManagementEvents(true).build();
  }

  private static AdvancedEventSelector advanced(AdvancedFieldSelector... narrowing) {
    AdvancedEventSelector.Builder selector = AdvancedEventSelector.builder();
    List<AdvancedFieldSelector> fields = new ArrayList<>(List.of(
        AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Management").build()));
    fields.addAll(List.of(narrowing));
    return selector.fieldSelectors(fields).build();
  }
}
