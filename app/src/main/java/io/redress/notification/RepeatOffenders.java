package io.redress.notification;

import io.redress.contract.DeliveryStatus;
import io.redress.contract.NotificationResult;
import io.redress.contract.TrainingFigure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Does training work? For each creator and control: how many lessons they were taught, and how often they caused
 * the same control again after a lesson. Counted from the delivery results: one lesson is one decision taught,
 * however many channels carried it and however many notifications told of it (a held command's lesson and its lesson
 * after release); lessons to the security contact teach no creator and are left out.
 */
public final class RepeatOffenders {

  /** @param repeats lessons after the first: each one means the creator caused the control again after a lesson */
  public record Figure(String creator, String control, int lessons, int repeats) {
  }

  /**
   * How many lessons a running figure remembers. A lesson's results (one per channel, or its repeated delivery
   * after a crash) come right after each other, far within this many lessons of the same creator and control; a held
   * command's lesson after release comes when a person released it, within this many as long as the creator was not
   * taught the control twenty times meanwhile.
   */
  static final int RECENT_LESSONS = 20;

  private final String securityContact;
  private final Map<String, Set<String>> lessonsByCreatorAndControl = new HashMap<>();

  public RepeatOffenders(String securityContact) {
    this.securityContact = securityContact;
  }

  public void add(NotificationResult result) {
    if (!teaches(result)) {
      return;
    }
    lessonsByCreatorAndControl.computeIfAbsent(result.getRecipient() + "\n" + result.getControl(),
        key -> new HashSet<>()).add(lessonOf(result));
  }

  /**
   * The lesson a result counts for: its decision, since a held command's creator hears at decision time and again
   * after a release, two notifications about one misconfiguration. A result recorded before results named their
   * decision counts by its notification.
   */
  private static String lessonOf(NotificationResult result) {
    return result.getDecisionId() != null ? result.getDecisionId() : result.getNotificationId();
  }

  /** True when a delivery result taught a creator: delivered, about a control, and not to the security contact. */
  public boolean teaches(NotificationResult result) {
    return result.getStatus() == DeliveryStatus.DELIVERED && result.getControl() != null
        && !result.getRecipient().equalsIgnoreCase(securityContact);
  }

  /**
   * A creator's figure for a control after one more result that {@link #teaches} them, as published on
   * {@code redress.training-stats}: the same as {@link #figures()} counts, kept as a running record.
   *
   * @param before the figure so far, or null for the creator's first lesson about the control
   * @param at when the result entered Kafka
   * @return the new figure, or {@code before} itself when the result's lesson was counted already
   */
  public static TrainingFigure counted(TrainingFigure before, NotificationResult result, Instant at) {
    String lesson = lessonOf(result);
    if (before != null && before.getRecentLessons().contains(lesson)) {
      return before;
    }
    List<String> recent = new ArrayList<>(before == null ? List.of() : before.getRecentLessons());
    recent.add(lesson);
    int lessons = before == null ? 1 : before.getLessons() + 1;
    return TrainingFigure.newBuilder()
        .setCreator(result.getRecipient())
        .setControl(result.getControl())
        .setLessons(lessons)
        .setRepeats(lessons - 1)
        .setLastLessonAt(at)
        .setRecentLessons(List.copyOf(recent.subList(Math.max(0, recent.size() - RECENT_LESSONS), recent.size())))
        .build();
  }

  /** Most repeats first. */
  public List<Figure> figures() {
    List<Figure> figures = new ArrayList<>();
    lessonsByCreatorAndControl.forEach((key, lessons) -> {
      String[] creatorAndControl = key.split("\n", 2);
      figures.add(new Figure(creatorAndControl[0], creatorAndControl[1], lessons.size(), lessons.size() - 1));
    });
    figures.sort(Comparator.comparingInt(Figure::repeats).reversed().thenComparing(Figure::creator)
        .thenComparing(Figure::control));
    return figures;
  }

  /** Creators and controls taught at least once, and how many of them were caused again after a lesson. */
  public String summary() {
    List<Figure> figures = figures();
    long repeated = figures.stream().filter(figure -> figure.repeats() > 0).count();
    return repeated + " of " + figures.size() + " (creator, control) pairs taught were caused again after a lesson";
  }
}
