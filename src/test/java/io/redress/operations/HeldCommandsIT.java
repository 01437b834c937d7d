package io.redress.operations;

import static io.redress.testing.TopicReader.readExactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.RedressConfig.KafkaSettings;
import io.redress.config.Topics;
import io.redress.contract.HeldResolution;
import io.redress.contract.RemediationCommand;
import io.redress.contract.Resolution;
import io.redress.contract.Resource;
import io.redress.kafka.AvroSerde;
import io.redress.kafka.EmbeddedBroker;
import io.redress.kafka.KafkaSetupException;
import io.redress.kafka.RecordKeys;
import io.redress.kafka.TopicProvisioner;
import io.redress.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases racing each other on a real broker: however they interleave, each held command reaches the commands
 * topic exactly once. A run that loses the race writes nothing and says so; running it again is harmless.
 */
class HeldCommandsIT {

  private static final int HELD = 6;
  private static final int RACERS = 3;

  @Test
  void concurrentReleasesSendEachHeldCommandExactlyOnce(@TempDir Path brokerDir) throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir)) {
      KafkaSettings kafka = provisioned(broker);
      Properties client = kafka.clientProperties();
      hold(client);

      ExecutorService racers = Executors.newFixedThreadPool(RACERS);
      List<Future<Integer>> released = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        String who = "operator-" + i;
        released.add(racers.submit(() -> release(kafka, who)));
      }
      int total = 0;
      for (Future<Integer> run : released) {
        total += run.get();
      }
      racers.shutdown();
      // Runs that lost the race are repeated, as a person would; what the winners did is not repeated.
      total += release(kafka, "operator-again");

      assertThat(total).isEqualTo(HELD);
      Map<String, Long> sent = readExactly(client, Topics.UNPREFIXED.remediations(), RemediationCommand.class, HELD).stream()
          .collect(Collectors.groupingBy(RemediationCommand::getCommandId, Collectors.counting()));
      assertThat(sent).hasSize(HELD).allSatisfy((id, copies) -> assertThat(copies).as(id).isEqualTo(1));
      assertThat(readExactly(client, Topics.UNPREFIXED.heldResolutions(), HeldResolution.class, HELD))
          .allSatisfy(resolution -> assertThat(resolution.getResolution()).isEqualTo(Resolution.RELEASED));
    }
  }

  @Test
  void aReleaseOfTheCommandsShownIsRefusedWhenMoreWereHeldSince(@TempDir Path brokerDir) throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir)) {
      KafkaSettings kafka = provisioned(broker);
      Properties client = kafka.clientProperties();
      hold(client, List.of("seen"));
      List<String> newcomers = IntStream.range(0, 39).mapToObj(i -> "newcomer-" + i).toList();
      hold(client, newcomers);

      assertThatThrownBy(() -> HeldCommands.resolve(kafka, HeldCommands.Selection.scope("global")
          .asShown(List.of("seen")), Resolution.RELEASED, "alice", Optional.empty(), Instant.now()))
          .isInstanceOf(InvalidInput.class).hasMessageStartingWith("39 more commands were held since");
      List<String> everyOne = new ArrayList<>(newcomers);
      everyOne.add("seen");
      HeldCommands.Outcome reviewed = HeldCommands.resolve(kafka, HeldCommands.Selection.scope("global")
          .asShown(everyOne), Resolution.RELEASED, "alice", Optional.empty(), Instant.now());

      // The refused run wrote nothing: the one after it, shown every command, finds none decided before.
      assertThat(reviewed.resolved()).hasSize(40);
      assertThat(reviewed.earlier()).isEmpty();
    }
  }

  /**
   * A resolution this version cannot decode (a newer version's, or one written by hand) may say the command was
   * discarded, or released already: the command is never released from here, by id or with its scope, and the
   * operators are told which.
   */
  @Test
  void aCommandWhoseDecisionCannotBeReadIsNeverReleased(@TempDir Path brokerDir) throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(TestBroker.classpathFile(), brokerDir)) {
      KafkaSettings kafka = provisioned(broker);
      Properties client = kafka.clientProperties();
      hold(client, List.of("discarded", "waiting"));
      HeldCommands.resolve(kafka, HeldCommands.Selection.command("discarded", HeldCommands.Selection.Holds.BREAKER),
          Resolution.DISCARDED, "alice", Optional.of("never"), Instant.now());
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(Topics.UNPREFIXED.heldResolutions(), "discarded",
            "{\"resolution\":\"DISCARDED\"}".getBytes(StandardCharsets.UTF_8))).get();
      }

      HeldQueue queue = HeldQueue.read(kafka);
      assertThat(queue.pending()).extracting(RemediationCommand::getCommandId).containsExactly("waiting");
      assertThat(queue.unreadableResolutions()).containsExactly("discarded");
      HeldCommands.Outcome byId = HeldCommands.resolve(kafka, HeldCommands.Selection.command("discarded",
          HeldCommands.Selection.Holds.BREAKER), Resolution.RELEASED, "mallory", Optional.empty(), Instant.now());
      assertThat(byId.resolved()).isEmpty();
      assertThat(byId.unreadable()).containsExactly("discarded");
      HeldCommands.Outcome byScope = HeldCommands.resolve(kafka, HeldCommands.Selection.scope("global")
          .expecting(1), Resolution.RELEASED, "mallory", Optional.empty(), Instant.now());
      assertThat(byScope.resolved()).extracting(RemediationCommand::getCommandId).containsExactly("waiting");
      assertThat(readExactly(client, Topics.UNPREFIXED.remediations(), RemediationCommand.class, 1))
          .extracting(RemediationCommand::getCommandId).containsExactly("waiting");
    }
  }

  /** Settings for {@code broker}, whose topics are provisioned as {@code run} makes them. */
  private static KafkaSettings provisioned(EmbeddedBroker broker) throws Exception {
    KafkaSettings kafka = new KafkaSettings(Optional.of(broker.bootstrapServers()), "redress", Map.of(), 3, 1);
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      new TopicProvisioner(admin, Topics.UNPREFIXED, 3, (short) 1).provision();
    }
    return kafka;
  }

  /** How many commands one run released; 0 for a run fenced by another, which wrote nothing. */
  private static int release(KafkaSettings kafka, String who) {
    try {
      return HeldCommands.resolve(kafka, HeldCommands.Selection.scope("global"), Resolution.RELEASED, who,
          Optional.empty(), Instant.now()).resolved().size();
    } catch (KafkaSetupException fenced) {
      assertThat(fenced).hasMessageContaining("nothing of this one was written");
      return 0;
    }
  }

  private static void hold(Properties client) throws Exception {
    hold(client, IntStream.range(0, HELD).mapToObj(i -> "command-" + i).toList());
  }

  /** Commands the breaker held under {@code global}, one per id, each on a bucket of its own. */
  private static void hold(Properties client, List<String> commandIds) throws Exception {
    var commands = AvroSerde.of(RemediationCommand.class).serializer();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
      for (String id : commandIds) {
        Resource resource = Resource.newBuilder().setType("AwsS3Bucket").setId("arn:aws:s3:::held-" + id)
            .setAccount("111122223333").setRegion("us-east-1").build();
        RemediationCommand command = RemediationCommand.newBuilder().setCommandId(id)
            .setDecisionId("decision-" + id).setFindingId("finding-" + id).setControl("S3.8")
            .setAction("s3-block-public-access").setResource(resource).setDryRun(false)
            .setIssuedAt(Instant.now()).setHeldBy("global").build();
        producer.send(new ProducerRecord<>(Topics.UNPREFIXED.remediationsHeld(), RecordKeys.resource(resource),
            commands.serialize(Topics.UNPREFIXED.remediationsHeld(), command))).get();
      }
    }
  }
}
