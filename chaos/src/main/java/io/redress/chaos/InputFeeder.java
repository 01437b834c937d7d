package io.redress.chaos;

import java.time.Duration;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends inputs to redress.findings.raw at a steady rate on a thread of its own, so that kills and broker restarts
 * happen while inputs flow. The producer is idempotent: its retries across a broker restart never write an input
 * twice (which Redress would rightly decide twice).
 */
final class InputFeeder implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final InputLedger ledger;

  InputFeeder(String bootstrapServers, InputLedger ledger) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "chaos-feeder");
    this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    this.ledger = ledger;
  }

  /** Starts sending {@code inputs} at {@code perSecond}; the returned feed tells how far it got. */
  Feed feed(String topic, Iterator<Payload> inputs, double perSecond) {
    Feed feed = new Feed();
    Thread thread = new Thread(() -> feed.run(topic, inputs, perSecond), "chaos-feeder");
    thread.setDaemon(true);
    feed.thread = thread;
    thread.start();
    return feed;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }

  /** One phase's stream of inputs. */
  final class Feed {
    private final AtomicInteger sent = new AtomicInteger();
    private volatile RuntimeException failure;
    private Thread thread;

    private void run(String topic, Iterator<Payload> inputs, double perSecond) {
      long start = System.nanoTime();
      try {
        for (int i = 0; inputs.hasNext(); i++) {
          pace(start, i, perSecond);
          send(topic, inputs.next());
          sent.incrementAndGet();
        }
        producer.flush();
      } catch (RuntimeException e) {
        failure = e;
      }
    }

    private void send(String topic, Payload payload) {
      Input input = payload.input();
      ledger.sent(input);
      producer.send(new ProducerRecord<>(topic, input.key(), payload.value()), (metadata, exception) -> {
        if (exception != null) {
          ledger.refused(input, exception);
        }
      });
    }

    private void pace(long start, int index, double perSecond) {
      long due = start + (long) (index * 1_000_000_000L / perSecond);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Deadline.sleep(Duration.ofNanos(wait));
      }
    }

    int sent() {
      return sent.get();
    }

    /** Whether every input was sent and acknowledged or refused, or the feed failed. */
    boolean finished() {
      return !thread.isAlive();
    }

    void requireNoFailure() {
      if (failure != null) {
        throw new ChaosException("the feeder failed after " + sent() + " inputs: " + failure, failure);
      }
    }
  }
}
