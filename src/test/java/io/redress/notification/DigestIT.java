package io.redress.notification;

import static io.redress.notification.TestNotifications.finding;
import static io.redress.notification.TestNotifications.lesson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import io.redress.config.Topics;
import io.redress.contract.FindingKind;
import io.redress.contract.Notification;
import io.redress.contract.Outcome;
import io.redress.contract.TrainingFigure;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.TopicProvisioner;
import io.redress.remediation.RemediationCatalogue;
import io.redress.testing.TestBroker;
import io.redress.testing.TopicReader;
import io.redress.topology.StreamsRole;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Digests end to end on a real broker: lessons raised on redress.notifications, addressed by the notifier, collected
 * by the topology's digest step and mailed through a real SMTP server (GreenMail, in this JVM); and the repeat
 * offenders the topology counts from the deliveries. The window is a few seconds, so each test waits about one
 * window.
 */
class DigestIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Duration SETTLE = Duration.ofSeconds(3);
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String SECURITY_CONTACT = "soc-" + RUN + "@example.com";

  private static GreenMail smtp;
  private static StreamsRole streams;
  private static Notifier notifier;
  private static Thread notifierThread;
  private static KafkaProducer<String, byte[]> producer;
  private static RedressConfig config;

  @BeforeAll
  static void startRedress() throws Exception {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    config = ConfigLoader.fromYaml("""
        kafka: {application-id: redress-digest-%s}
        notifications:
          security-contact: %s
          email-domain: example.com
          digest: {window: PT6S, at-once: 1}
          channels:
            email: {type: smtp, host: 127.0.0.1, port: %d, from: redress@example.com}
        """.formatted(RUN, SECURITY_CONTACT, smtp.getSmtp().getPort()), Map.of())
        .withBootstrapServers(TestBroker.bootstrapServers());
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    streams = new StreamsRole(config, RemediationCatalogue.discover(), Files.createTempDirectory("redress-digest"),
        () -> true, reason -> { });
    streams.start();
    assertThat(streams.awaitRunning(PATIENCE)).as("topology running").isTrue();
    notifier = new Notifier(config, Optional.empty());
    notifierThread = new Thread(notifier, "notifier-under-test");
    notifierThread.start();
    producer = new KafkaProducer<>(config.kafka().clientProperties(), new StringSerializer(),
        new ByteArraySerializer());
  }

  @AfterAll
  static void stopRedress() throws Exception {
    if (producer != null) {
      producer.close();
    }
    if (notifier != null) {
      notifier.close();
      notifierThread.join();
    }
    if (streams != null) {
      streams.close();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  @Test
  void manyLessonsToOneCreatorInAWindowArriveAsTheFirstAloneAndTheRestAsOneDigest() throws Exception {
    String alice = creator("alice");
    raise(lessonFor(alice, "S3.8", Outcome.NOTIFY_ONLY), lessonFor(alice, "S3.2", Outcome.NOTIFY_ONLY),
        lessonFor(alice, "S3.1", Outcome.NOTIFY_ONLY), lessonFor(alice, "EC2.19", Outcome.NOTIFY_ONLY));

    List<MimeMessage> mails = awaitMails(alice, 2);

    assertThat(mails.get(0).getSubject()).startsWith("[Redress] S3.8 on ").endsWith(": please fix");
    assertThat(mails.get(1).getSubject())
        .isEqualTo("[Redress] 3 lessons about resources you created or changed (S3.2, S3.1, EC2.19)");
    assertThat(mails.get(1).getHeader("X-Redress-Notification")[0]).startsWith("digest-");
  }

  @Test
  void differentCreatorsGetDigestsOfTheirOwn() throws Exception {
    String bob = creator("bob");
    String carol = creator("carol");
    raise(lessonFor(bob, "S3.8", Outcome.NOTIFY_ONLY), lessonFor(carol, "S3.8", Outcome.NOTIFY_ONLY),
        lessonFor(bob, "S3.2", Outcome.NOTIFY_ONLY), lessonFor(carol, "S3.1", Outcome.NOTIFY_ONLY),
        lessonFor(bob, "S3.5", Outcome.NOTIFY_ONLY), lessonFor(carol, "EC2.19", Outcome.NOTIFY_ONLY));

    assertThat(awaitMails(bob, 2).get(1).getSubject()).endsWith("(S3.2, S3.5)");
    assertThat(awaitMails(carol, 2).get(1).getSubject()).endsWith("(S3.1, EC2.19)");
  }

  @Test
  void aHeldCommandAndAThreatAreSentAtOnceNeverCollectedIntoTheDigest() throws Exception {
    String dave = creator("dave");
    Notification threat = lesson(finding("GuardDuty.1").setKind(FindingKind.THREAT)
        .setActor("arn:aws:iam::111122223333:user/" + dave.substring(0, dave.indexOf('@'))).build(),
        Outcome.NOTIFY_ONLY);
    threat.setNotificationId("lesson-threat-" + RUN);
    raise(lessonFor(dave, "S3.8", Outcome.NOTIFY_ONLY), lessonFor(dave, "S3.2", Outcome.NOTIFY_ONLY),
        lessonFor(dave, "S3.1", Outcome.NOTIFY_ONLY), lessonFor(dave, "S3.5", Outcome.HELD), threat);

    List<MimeMessage> mails = awaitMails(dave, 3);

    String held = "[Redress] S3.5 on arn:aws:s3:::team-reports-" + RUN + ": fix waits for a human";
    String digest = "[Redress] 2 lessons about resources you created or changed (S3.2, S3.1)";
    assertThat(subjects(mails)).containsExactlyInAnyOrder(
        "[Redress] S3.8 on arn:aws:s3:::team-reports-" + RUN + ": please fix", held, digest);
    assertThat(subjects(mails).indexOf(held)).as("the held command's lesson comes on its own, before the window ends")
        .isLessThan(subjects(mails).indexOf(digest));
    assertThat(awaitMails(SECURITY_CONTACT, 1)).as("a threat goes to the security contact, at once").hasSize(1);
  }

  @Test
  void aCreatorTaughtTheSameControlAgainIsCountedAsARepeatOnTheTrainingStatsTopic() throws Exception {
    String erin = creator("erin");
    Notification first = lessonFor(erin, "S3.8", Outcome.NOTIFY_ONLY);
    Notification again = lessonFor(erin, "S3.8", Outcome.NOTIFY_ONLY);
    again.setNotificationId(first.getNotificationId() + "-again");
    again.getDecision().setDecisionId(first.getDecision().getDecisionId() + "-again");
    raise(first, again);
    awaitMails(erin, 2);

    List<TrainingFigure> figures = TopicReader.readExactly(config.kafka().clientProperties(), Topics.UNPREFIXED.trainingStats(),
        TrainingFigure.class, figure -> figure.getCreator().equals(erin), 2);

    assertThat(figures).extracting(TrainingFigure::getControl, TrainingFigure::getLessons, TrainingFigure::getRepeats)
        .containsExactly(tuple("S3.8", 1, 0), tuple("S3.8", 2, 1));
  }

  @Test
  void collectedLessonsSurviveTheTopologyMovingToAnInstanceWithNoLocalState() throws Exception {
    String frank = creator("frank");
    raise(lessonFor(frank, "S3.8", Outcome.NOTIFY_ONLY), lessonFor(frank, "S3.2", Outcome.NOTIFY_ONLY),
        lessonFor(frank, "S3.1", Outcome.NOTIFY_ONLY));
    awaitAtLeast(frank, 1);

    streams.close();
    streams = new StreamsRole(config, RemediationCatalogue.discover(), Files.createTempDirectory("redress-digest"),
        () -> true, reason -> { });
    streams.start();
    assertThat(streams.awaitRunning(PATIENCE)).as("topology running again").isTrue();

    assertThat(awaitMails(frank, 2).get(1).getSubject()).as("the window, restored from its changelog, still ends")
        .isEqualTo("[Redress] 2 lessons about resources you created or changed (S3.2, S3.1)");
  }

  private static String creator(String name) {
    return name + "-" + RUN + "@example.com";
  }

  private static Notification lessonFor(String address, String control, Outcome outcome) {
    Notification lesson = lesson(finding(control).setActor("arn:aws:iam::111122223333:user/"
        + address.substring(0, address.indexOf('@'))).build(), outcome);
    lesson.getDecision().getFinding().getResource().setId("arn:aws:s3:::team-reports-" + RUN);
    lesson.setNotificationId("lesson-" + control + "-" + address);
    return lesson;
  }

  private static void raise(Notification... lessons) throws Exception {
    for (Notification lesson : lessons) {
      producer.send(new ProducerRecord<>(Topics.UNPREFIXED.notifications(), lesson.getDecision().getFinding().getResource().getId(),
          AvroSerde.of(Notification.class).serializer().serialize(Topics.UNPREFIXED.notifications(), lesson))).get();
    }
  }

  /** The mails to one address, in the order they arrived, once the expected count came and a little longer. */
  private static List<MimeMessage> awaitMails(String address, int expected) throws Exception {
    awaitAtLeast(address, expected);
    Thread.sleep(SETTLE.toMillis());
    List<MimeMessage> mails = mailsTo(address);
    assertThat(subjects(mails)).as("mails to %s", address).hasSize(expected);
    return mails;
  }

  /** Fails when the mails did not come in time: the topology moves only once the first lesson has gone out. */
  private static void awaitAtLeast(String address, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + PATIENCE.toMillis();
    while (mailsTo(address).size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(mailsTo(address)).as("mails to %s within %s", address, PATIENCE).hasSizeGreaterThanOrEqualTo(count);
  }

  private static List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(mail -> {
      try {
        return mail.getAllRecipients()[0].toString().equals(address);
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static List<String> subjects(List<MimeMessage> mails) throws MessagingException {
    List<String> subjects = new java.util.ArrayList<>();
    for (MimeMessage mail : mails) {
      subjects.add(mail.getSubject());
    }
    return subjects;
  }
}
