package io.redress.notification;

import io.micrometer.core.instrument.MeterRegistry;
import io.redress.config.RedressConfig;
import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.config.Topics;
import io.redress.contract.AddressedLesson;
import io.redress.contract.Decision;
import io.redress.contract.DueLessons;
import io.redress.contract.Finding;
import io.redress.contract.FindingKind;
import io.redress.contract.Notification;
import io.redress.contract.NotificationKind;
import io.redress.contract.Outcome;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.Concurrency;
import io.redress.kafka.RecordLoop;
import io.redress.notification.Deliveries.Outgoing;
import io.redress.notification.Deliveries.Taught;
import io.redress.notification.Recipients.Recipient;
import io.redress.resource.OwnAccount;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The notifier role: reads {@link Topics#notifications()} and {@link Topics#lessonsDue()} by the {@link RecordLoop}
 * rules, renders each notification and hands it to the channels its route names, and records what each channel did
 * on {@link Topics#notificationResults()}.
 * <ul>
 *   <li>A lesson for a creator is not sent here when digests are enabled: once its creator is found (and the lesson
 *       renders), it goes to {@link Topics#lessonsAddressed()}, keyed by its recipient, where the digest step decides
 *       whether it goes at once or in a digest; what the step releases comes back on {@link Topics#lessonsDue()}.
 *       Threats, held commands, lessons for the security contact and breaker alerts are sent at once.</li>
 *   <li>A notification that cannot be rendered is dead-lettered at once. When a channel fails, the notification is
 *       tried again ({@link Deliveries}); when the attempts run out, every channel's result is recorded and the
 *       notification is dead-lettered, in one transaction.</li>
 * </ul>
 * {@link #run()} loops until {@link #close()} is called from another thread.
 */
public final class Notifier implements Runnable, AutoCloseable {

  static final String STAGE = "notify";
  private static final int MAX_POLL_RECORDS = 50;

  private final RecordLoop<Inbound> loop;

  /**
   * Lessons and alerts rendered from the packaged templates, delivered through the configured channels.
   *
   * @param instanceId this instance's static member id in the notifier group, if it has one
   */
  public Notifier(RedressConfig config, Optional<String> instanceId) {
    this(config, ChannelRegistry.open(config.notifications()), instanceId);
  }

  /** Every notification through one channel, e.g. a test's. */
  public Notifier(RedressConfig config, DeliveryChannel channel, Optional<String> instanceId) {
    this(config, ChannelRegistry.of("console", channel), instanceId);
  }

  private Notifier(RedressConfig config, ChannelRegistry channels, Optional<String> instanceId) {
    this(config, channels, instanceId, new CreatorIndex(config.kafka()), config.aws().configured()
        ? Optional.of(OwnAccount.of(config.aws().region(), config.aws().endpoint())) : Optional.empty());
  }

  /** @param ownAccount the notifier's own account, present with AWS access: the AWS lookups read that account */
  private Notifier(RedressConfig config, ChannelRegistry channels, Optional<String> instanceId, CreatorIndex index,
      Optional<OwnAccount> ownAccount) {
    this(config, channels, instanceId, index, ownAccount,
        ownAccount.map(own -> CloudTrailApiLookup.of(own, config.aws().endpoint())),
        ownAccount.flatMap(own -> config.notifications().addressTag()
            .map(tag -> IamUserTags.of(tag, own, config.aws().region(), config.aws().endpoint()))));
  }

  /**
   * @param api the CloudTrail API as the creator lookup's last source, with AWS access
   * @param userTags IAM users' address tags, with AWS access and a configured tag
   */
  private Notifier(RedressConfig config, ChannelRegistry channels, Optional<String> instanceId, CreatorIndex index,
      Optional<OwnAccount> ownAccount, Optional<CloudTrailApiLookup> api, Optional<IamUserTags> userTags) {
    this(RecordLoop.consumer(config.kafka(), group(config.kafka()), MAX_POLL_RECORDS, instanceId),
        RecordLoop.producer(config.kafka(), group(config.kafka())),
        new NotificationRenderer(config.notifications(), index, api.<CreatorLookup>map(lookup -> lookup)
            .orElse(CreatorLookup.NONE), userTags.<Recipients.UserAddresses>map(tags -> tags)
            .orElse(Recipients.UserAddresses.NONE)),
        channels, config.notifications().digest().enabled(), config.kafka().topics(), RecordLoop.Retry.DEFAULT,
        RecordLoop.startWithin(config.kafka().consumerConfig()), index::lessonsPolled, () -> {
          index.close();
          api.ifPresent(CloudTrailApiLookup::close);
          userTags.ifPresent(IamUserTags::close);
          ownAccount.ifPresent(OwnAccount::close);
        });
  }

  /** @param collectsCreatorLessons true: creators' lessons go to the digest step, as with digests enabled */
  Notifier(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, NotificationRenderer renderer,
      ChannelRegistry channels, boolean collectsCreatorLessons, Topics topics, RecordLoop.Retry retry) {
    this(consumer, producer, renderer, channels, collectsCreatorLessons, topics, retry,
        RecordLoop.startWithin(Map.of()), () -> { }, () -> { });
  }

  /** @param lessonsPolled told after each poll, before its records are handled, e.g. to refresh a creator index */
  private Notifier(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
      NotificationRenderer renderer, ChannelRegistry channels, boolean collectsCreatorLessons, Topics topics,
      RecordLoop.Retry retry, Duration startWithin, Runnable lessonsPolled, Runnable releaseLookups) {
    Handling handling = new Handling(renderer.rendering(channels.forms()), channels,
        new Deliveries(retry.attempts(), topics), collectsCreatorLessons, topics.lessonsAddressed(), lessonsPolled);
    this.loop = new RecordLoop<>(STAGE, topics.deadLetters(), List.of(topics.notifications(), topics.lessonsDue()),
        new Inbound.Decoder(topics.lessonsDue()),
        handling, retry, Concurrency.sequential(), startWithin, consumer, producer, () -> {
          channels.close();
          releaseLookups.run();
        });
  }

  private static String group(KafkaSettings kafka) {
    return kafka.applicationId() + "-notifier";
  }

  @Override
  public void run() {
    loop.run();
  }

  /** Kafka's own metrics of the role's consumer and producer, until the handle closes. */
  public AutoCloseable bindMetrics(MeterRegistry registry) {
    return loop.bindMetrics(registry);
  }

  /** Stops the loop; safe from any thread, and before {@link #run()} was ever called. */
  @Override
  public void close() {
    loop.close();
  }

  /** Each record read: a raised notification is sent or, for a creator's lesson, addressed; released lessons are sent. */
  private static final class Handling implements RecordLoop.Handler<Inbound> {
    private static final Serializer<AddressedLesson> ADDRESSED = AvroSerde.of(AddressedLesson.class).serializer();

    private final NotificationRenderer renderer;
    private final ChannelRegistry channels;
    private final Deliveries deliveries;
    private final boolean collectsCreatorLessons;
    private final String addressedTopic;
    private final Runnable lessonsPolled;

    Handling(NotificationRenderer renderer, ChannelRegistry channels, Deliveries deliveries,
        boolean collectsCreatorLessons, String addressedTopic, Runnable lessonsPolled) {
      this.addressedTopic = addressedTopic;
      this.lessonsPolled = lessonsPolled;
      this.renderer = renderer;
      this.channels = channels;
      this.deliveries = deliveries;
      this.collectsCreatorLessons = collectsCreatorLessons;
    }

    @Override
    public void beforeBatch() {
      lessonsPolled.run();
    }

    @Override
    public List<ProducerRecord<byte[], byte[]>> handle(ConsumerRecord<byte[], byte[]> input, Inbound inbound) {
      if (inbound instanceof Inbound.Due due) {
        return deliveries.deliver(input, released(due.lessons()));
      }
      Notification notification = ((Inbound.Raised) inbound).notification();
      if (notification.getKind() != NotificationKind.LESSON) {
        Message alert = renderer.render(notification);
        return deliveries.deliver(input, new Outgoing(alert, channels.route(null, null),
            List.of(new Taught(notification.getNotificationId(), null, null))));
      }
      Recipient recipient = renderer.recipientOf(notification);
      // Rendered even when it is only addressed here, so a lesson that cannot be rendered is dead-lettered now
      // rather than taking a whole digest with it later.
      Message lesson = renderer.lesson(notification, recipient);
      if (collectsCreatorLessons && collectible(notification, recipient)) {
        AddressedLesson addressed = AddressedLesson.newBuilder().setRecipient(recipient.address())
            .setCreatorFoundBy(recipient.foundBy()).setNotification(notification).build();
        return List.of(new ProducerRecord<>(addressedTopic, recipient.address().getBytes(StandardCharsets.UTF_8),
            ADDRESSED.serialize(addressedTopic, addressed)));
      }
      return deliveries.deliver(input, alone(lesson, notification));
    }

    /**
     * Only a creator's lessons wait for a digest. A threat goes to the security team, who must act on it now; a held
     * command tells its creator a fix waits for a human, which matters before someone releases it; a lesson for the
     * security contact is a hand-off to forward to the resource's owner, one mail each.
     */
    private static boolean collectible(Notification lesson, Recipient recipient) {
      Decision decision = lesson.getDecision();
      return recipient.isCreator() && decision.getFinding().getKind() != FindingKind.THREAT
          && !(decision.getOutcome() == Outcome.HELD && lesson.getRemediationResult() == null);
    }

    private Outgoing released(DueLessons due) {
      List<AddressedLesson> lessons = due.getLessons();
      if (lessons.size() == 1) {
        AddressedLesson only = lessons.get(0);
        Notification notification = only.getNotification();
        return alone(renderer.lesson(notification,
            new Recipient(only.getRecipient(), true, only.getCreatorFoundBy())), notification);
      }
      Map<String, ChannelRegistry.Named> route = new LinkedHashMap<>();
      List<Taught> taught = new ArrayList<>();
      for (AddressedLesson lesson : lessons) {
        Finding finding = lesson.getNotification().getDecision().getFinding();
        channels.route(finding.getControl(), finding.getSeverity().name())
            .forEach(channel -> route.putIfAbsent(channel.name(), channel));
        taught.add(new Taught(lesson.getNotification().getNotificationId(),
            lesson.getNotification().getDecision().getDecisionId(), finding.getControl()));
      }
      return new Outgoing(renderer.digest(due), List.copyOf(route.values()), taught);
    }

    private Outgoing alone(Message lesson, Notification notification) {
      Finding finding = notification.getDecision().getFinding();
      return new Outgoing(lesson, channels.route(finding.getControl(), finding.getSeverity().name()),
          List.of(new Taught(notification.getNotificationId(), notification.getDecision().getDecisionId(),
              finding.getControl())));
    }
  }
}
