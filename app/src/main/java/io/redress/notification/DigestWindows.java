package io.redress.notification;

import io.redress.config.RedressConfig.DigestSettings;
import io.redress.contract.AddressedLesson;
import io.redress.contract.DueLessons;
import io.redress.contract.LessonWindow;
import io.redress.decision.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Digest, not spam: a recipient's lessons are counted in windows. The lesson that finds no open window opens one
 * lasting {@link DigestSettings#window()}; the first {@link DigestSettings#atOnce()} lessons of a window go out at
 * once, the rest are collected and released together when the window ends (one collected lesson goes out as
 * itself, two or more as one digest). A window covers its start up to, not including, its end: a lesson at the end
 * opens the next window. A digest holds at most {@value #MOST_IN_DIGEST} lessons: a full one goes out at once and
 * the window collects on, which keeps a window's state (and its changelog record) and a mail of sane size. Times
 * are the broker's, given by the caller; this class only decides.
 */
public final class DigestWindows {

  static final int MOST_IN_DIGEST = 25;

  private final Duration window;
  private final int atOnce;

  public DigestWindows(DigestSettings settings) {
    this.window = settings.window();
    this.atOnce = settings.atOnce();
  }

  /**
   * @param window the recipient's window after the lesson; never empty (the lesson opened it, if none was open)
   * @param due what goes out now: the ended window's collection, and the lesson itself when it goes at once
   */
  public record Admitted(LessonWindow window, List<DueLessons> due) {
  }

  /**
   * @param open the recipient's window before this lesson, or null
   * @param at when the lesson entered Kafka
   */
  public Admitted admit(LessonWindow open, AddressedLesson lesson, Instant at) {
    List<DueLessons> due = new ArrayList<>();
    LessonWindow current = open;
    if (current != null && !at.isBefore(current.getEnd())) {
      release(current).ifPresent(due::add);
      current = null;
    }
    if (current == null) {
      current = LessonWindow.newBuilder().setRecipient(lesson.getRecipient()).setStart(at).setEnd(at.plus(window))
          .setSentAtOnce(0).setCollected(new ArrayList<>()).build();
    }
    if (current.getSentAtOnce() < atOnce) {
      current.setSentAtOnce(current.getSentAtOnce() + 1);
      due.add(single(lesson));
    } else {
      List<AddressedLesson> collected = new ArrayList<>(current.getCollected());
      collected.add(lesson);
      current.setCollected(collected);
      if (collected.size() >= MOST_IN_DIGEST) {
        due.add(digest(current, at));
        current.setCollected(new ArrayList<>());
      }
    }
    return new Admitted(current, due);
  }

  /** True once {@code now} has reached the window's end: nothing more can join it. */
  public boolean hasEnded(LessonWindow window, Instant now) {
    return !now.isBefore(window.getEnd());
  }

  /** What an ended window releases: nothing, its one collected lesson, or a digest of its collected lessons. */
  public Optional<DueLessons> release(LessonWindow ended) {
    List<AddressedLesson> collected = ended.getCollected();
    if (collected.isEmpty()) {
      return Optional.empty();
    }
    if (collected.size() == 1) {
      return Optional.of(single(collected.get(0)));
    }
    return Optional.of(digest(ended, ended.getEnd()));
  }

  /** @param until the window's end, or the time a full digest filled up */
  private static DueLessons digest(LessonWindow window, Instant until) {
    List<AddressedLesson> collected = window.getCollected();
    // Named by its first lesson, which no other digest carries: a window may release a full digest before its end.
    return DueLessons.newBuilder()
        .setDeliveryId(Ids.of("digest", window.getRecipient(), collected.get(0).getNotification().getNotificationId()))
        .setRecipient(window.getRecipient())
        .setLessons(List.copyOf(collected))
        .setWindowStart(window.getStart())
        .setWindowEnd(until)
        .build();
  }

  private static DueLessons single(AddressedLesson lesson) {
    return DueLessons.newBuilder()
        .setDeliveryId(lesson.getNotification().getNotificationId())
        .setRecipient(lesson.getRecipient())
        .setLessons(List.of(lesson))
        .build();
  }
}
