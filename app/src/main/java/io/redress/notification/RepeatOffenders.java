package io.redress.notification;

import io.redress.contract.DeliveryStatus;
import io.redress.contract.NotificationResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Does training work? For each creator and control: how many lessons they were taught, and how often they caused
 * the same control again after a lesson. Counted from the delivery results: one lesson is one notification however
 * many channels carried it; lessons to the security contact teach no creator and are left out.
 */
public final class RepeatOffenders {

  /** @param repeats lessons after the first: each one means the creator caused the control again after a lesson */
  public record Figure(String creator, String control, int lessons, int repeats) {
  }

  private final String securityContact;
  private final Map<String, Set<String>> lessonsByCreatorAndControl = new HashMap<>();

  public RepeatOffenders(String securityContact) {
    this.securityContact = securityContact;
  }

  public void add(NotificationResult result) {
    if (result.getStatus() != DeliveryStatus.DELIVERED || result.getControl() == null
        || result.getRecipient().equalsIgnoreCase(securityContact)) {
      return;
    }
    lessonsByCreatorAndControl.computeIfAbsent(result.getRecipient() + "\n" + result.getControl(),
        key -> new HashSet<>()).add(result.getNotificationId());
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
