package io.redress.remediation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;

/**
 * Which management events a trail's event selectors log (CloudTrail.1 asks for read and write ones), and the
 * smallest widening of basic selectors that logs both. Excluded event sources are left as they are: excluding,
 * say, KMS events is a deliberate cost choice, and CloudTrail.1 asks for read and write, not for every source.
 */
final class TrailManagementEvents {

  static final String ALL = "All";
  static final String READ_ONLY = "ReadOnly";
  static final String WRITE_ONLY = "WriteOnly";
  static final String NONE = "None";
  /** CloudTrail's limit of basic event selectors per trail. */
  static final int MAX_SELECTORS = 5;

  private TrailManagementEvents() {
  }

  /**
   * {@value #ALL}, {@value #READ_ONLY}, {@value #WRITE_ONLY} or {@value #NONE}. No selector at all is CloudTrail's
   * default, every management event; an unset flag or type is CloudTrail's default too (included, both).
   */
  static String logged(List<EventSelector> selectors) {
    if (selectors.isEmpty()) {
      return ALL;
    }
    return union(selectors.stream().filter(TrailManagementEvents::includesManagement)
        .map(selector -> selector.readWriteType() == null ? ALL : selector.readWriteTypeAsString())
        .collect(Collectors.toSet()));
  }

  /** As {@link #logged(List)}, for advanced selectors: one on {@code eventCategory} Management, narrowed by readOnly. */
  static String loggedByAdvanced(List<AdvancedEventSelector> selectors) {
    return union(selectors.stream().filter(TrailManagementEvents::selectsManagement)
        .map(TrailManagementEvents::readWrite).collect(Collectors.toSet()));
  }

  /**
   * The selectors with read and write management events logged, every other selector unchanged: the first selector
   * of management events only is widened to both; without one, a selector of management events only is added, so
   * no data event selector logs more than it did.
   *
   * @throws CheckedChange.Refused when the trail already has the most selectors CloudTrail allows
   */
  static List<EventSelector> widened(List<EventSelector> selectors, String trail) {
    List<EventSelector> widened = new ArrayList<>(selectors);
    for (int i = 0; i < widened.size(); i++) {
      EventSelector selector = widened.get(i);
      if (includesManagement(selector) && selector.dataResources().isEmpty()) {
        widened.set(i, selector.toBuilder().readWriteType(ReadWriteType.ALL).build());
        return widened;
      }
    }
    if (widened.size() >= MAX_SELECTORS) {
      throw new CheckedChange.Refused("the multi-Region trail " + trail + " has " + widened.size()
          + " event selectors, the most CloudTrail allows, and none logs management events alone; add read and"
          + " write management events to one of them by hand");
    }
    widened.add(EventSelector.builder().readWriteType(ReadWriteType.ALL).includeManagementEvents(true).build());
    return widened;
  }

  private static boolean includesManagement(EventSelector selector) {
    return !Boolean.FALSE.equals(selector.includeManagementEvents());
  }

  private static boolean selectsManagement(AdvancedEventSelector selector) {
    return selector.fieldSelectors().stream()
        .anyMatch(field -> field.field().equals("eventCategory") && field.equalsValue().contains("Management"));
  }

  private static String readWrite(AdvancedEventSelector selector) {
    return selector.fieldSelectors().stream().filter(field -> field.field().equals("readOnly")).findFirst()
        .map(TrailManagementEvents::readOnlyField).orElse(ALL);
  }

  private static String readOnlyField(AdvancedFieldSelector field) {
    boolean reads = field.equalsValue().contains("true") || field.notEquals().contains("false");
    boolean writes = field.equalsValue().contains("false") || field.notEquals().contains("true");
    return reads == writes ? (reads ? ALL : NONE) : reads ? READ_ONLY : WRITE_ONLY;
  }

  private static String union(Set<String> logged) {
    if (logged.contains(ALL) || logged.containsAll(Set.of(READ_ONLY, WRITE_ONLY))) {
      return ALL;
    }
    return logged.contains(READ_ONLY) ? READ_ONLY : logged.contains(WRITE_ONLY) ? WRITE_ONLY : NONE;
  }
}
