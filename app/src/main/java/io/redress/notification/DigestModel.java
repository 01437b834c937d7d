package io.redress.notification;

import io.redress.contract.AddressedLesson;
import io.redress.contract.DueLessons;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * Everything a digest layout may use. The items are the digest's lessons, each already rendered in the layout's own
 * form by its item template, which escaped every finding-supplied value; the layout inserts them as they are.
 *
 * @param count how many lessons the digest carries
 * @param from broker time of the window's first lesson, in UTC
 * @param until the window's end, in UTC
 * @param controls the distinct controls of the lessons, in the order they came
 * @param items the rendered lessons, in the order they came
 */
public record DigestModel(int count, String from, String until, List<String> controls, List<String> items) {

  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  static DigestModel of(DueLessons due, List<String> items) {
    List<String> controls = due.getLessons().stream().map(AddressedLesson::getNotification)
        .map(lesson -> lesson.getDecision().getFinding().getControl()).filter(Objects::nonNull).map(Shown::text)
        .distinct().toList();
    return new DigestModel(due.getLessons().size(), shown(due.getWindowStart()), shown(due.getWindowEnd()),
        controls, List.copyOf(items));
  }

  private static String shown(Instant time) {
    return time == null ? "" : SHOWN.format(time);
  }
}
