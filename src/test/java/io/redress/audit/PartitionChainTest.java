package io.redress.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.redress.audit.ChainBreak.Kind;
import io.redress.chain.HashChain;
import io.redress.contract.Decision;
import io.redress.contract.Outcome;
import io.redress.kafka.AvroSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a partition's chain reads, and how each kind of tampering shows, on the record where it begins. */
class PartitionChainTest {

  private static final String TOPIC = "redress.decisions";

  private static byte[] stored(Decision decision) {
    return AvroSerde.of(Decision.class).serializer().serialize(TOPIC, decision);
  }

  /** Six decisions, each linked to the one before, as the topology writes them. */
  private static List<byte[]> history(int size) {
    List<byte[]> records = new ArrayList<>();
    String previous = null;
    for (int i = 0; i < size; i++) {
      Decision linked = HashChain.link(AuditRecords.decision("arn:aws:s3:::bucket-" + i, "reason " + i), previous);
      previous = linked.getRecordHash();
      records.add(stored(linked));
    }
    return records;
  }

  private static Optional<ChainBreak> check(List<byte[]> records) {
    return check(records, 0);
  }

  private static Optional<ChainBreak> check(List<byte[]> records, long logStart) {
    PartitionChain chain = new PartitionChain(TOPIC, 2, logStart);
    for (int i = 0; i < records.size(); i++) {
      chain.accept(logStart + i, records.get(i));
    }
    return chain.finish();
  }

  @Test
  void anUntouchedHistoryHoldsAndItsHeadIsTheLastRecordsHash() {
    List<byte[]> records = history(6);
    PartitionChain chain = new PartitionChain(TOPIC, 2, 0);
    for (int i = 0; i < records.size(); i++) {
      chain.accept(i, records.get(i));
    }

    assertThat(chain.finish()).isEmpty();
    assertThat(chain.head()).contains(HashChain.read(records.get(5)).hash());
    assertThat(chain.headOffset()).isEqualTo(5);
    assertThat(chain.records()).isEqualTo(6);
  }

  @Test
  void anAlteredRecordIsReportedAtItsOffset() {
    List<byte[]> records = history(6);
    Decision original = AvroSerde.of(Decision.class).deserializer().deserialize(TOPIC, records.get(3));
    records.set(3, stored(Decision.newBuilder(original).setOutcome(Outcome.EXCEPTED).build()));

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.ALTERED);
    assertThat(broken.offset()).isEqualTo(3);
    assertThat(broken.describe()).isEqualTo(
        "redress.decisions-2@3: altered: its content does not match its hash");
  }

  @Test
  void anInsertedRecordIsReportedAtItsOffset() {
    List<byte[]> records = history(6);
    records.add(2, stored(HashChain.link(AuditRecords.decision("arn:aws:s3:::forged", "forged"),
        HashChain.read(records.get(1)).hash())));

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.INSERTED);
    assertThat(broken.offset()).isEqualTo(2);
  }

  @Test
  void aForgedRecordThatLinksToNothingIsReportedAsInserted() {
    List<byte[]> records = history(6);
    records.add(2, stored(HashChain.link(AuditRecords.decision("arn:aws:s3:::forged", "forged"), "f".repeat(64))));

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.INSERTED);
    assertThat(broken.offset()).isEqualTo(2);
  }

  @Test
  void aCopyOfARecordInsertedElsewhereIsReportedAtItsOffset() {
    List<byte[]> records = history(6);
    records.add(4, records.get(1));

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.INSERTED);
    assertThat(broken.offset()).isEqualTo(4);
  }

  @Test
  void anUnchainedRecordAfterTheChainBeganCountsAsInserted() {
    List<byte[]> records = history(6);
    records.add(3, stored(AuditRecords.decision("arn:aws:s3:::forged", "forged")));

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.INSERTED);
    assertThat(broken.offset()).isEqualTo(3);
  }

  @Test
  void aRemovedRecordIsReportedAtTheOffsetWhereItIsMissing() {
    List<byte[]> records = history(6);
    records.remove(2);

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.REMOVED);
    assertThat(broken.offset()).isEqualTo(2);
  }

  @Test
  void theFirstRecordRemovedFromAPartitionThatStartsAtZeroIsReported() {
    List<byte[]> records = history(4);
    records.remove(0);

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.REMOVED);
    assertThat(broken.offset()).isZero();
  }

  @Test
  void twoSwappedRecordsAreReportedAtTheFirstOfThem() {
    List<byte[]> records = history(6);
    byte[] third = records.get(2);
    records.set(2, records.get(3));
    records.set(3, third);

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.REORDERED);
    assertThat(broken.offset()).isEqualTo(2);
  }

  @Test
  void aRecordMovedToTheEndIsReportedWhereItWasTakenFrom() {
    List<byte[]> records = history(6);
    records.add(records.remove(1));

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.REORDERED);
    assertThat(broken.offset()).isEqualTo(1);
  }

  @Test
  void aRecordMovedAsFarAsTheLookaheadReadsIsStillReportedAsReordered() {
    List<byte[]> records = history(PartitionChain.LOOKAHEAD + 4);
    records.add(1 + PartitionChain.LOOKAHEAD, records.remove(1));

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.REORDERED);
    assertThat(broken.offset()).isEqualTo(1);
    assertThat(broken.detail()).contains("comes later, at offset " + (1 + PartitionChain.LOOKAHEAD));
  }

  @Test
  void aRecordMovedOneFurtherThanTheLookaheadReadsIsReportedAsRemovedWhereItWasTakenFrom() {
    List<byte[]> records = history(PartitionChain.LOOKAHEAD + 5);
    records.add(2 + PartitionChain.LOOKAHEAD, records.remove(1));

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.REMOVED);
    assertThat(broken.offset()).isEqualTo(1);
  }

  @Test
  void aRecordLinkedToTheOldestRememberedHashIsReportedAsInsertedAfterIt() {
    List<byte[]> records = history(PartitionChain.REMEMBERED + 2);
    int oldestRemembered = records.size() - PartitionChain.REMEMBERED;
    records.add(linkedTo(records.get(oldestRemembered)));

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.INSERTED);
    assertThat(broken.offset()).isEqualTo(oldestRemembered + 1);
  }

  @Test
  void aRecordLinkedToAHashOlderThanThoseRememberedIsReportedAsFollowingARemovedRecord() {
    List<byte[]> records = history(PartitionChain.REMEMBERED + 2);
    int forgotten = records.size() - PartitionChain.REMEMBERED - 1;
    records.add(linkedTo(records.get(forgotten)));

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.REMOVED);
    assertThat(broken.offset()).isEqualTo(records.size() - 1);
  }

  private static byte[] linkedTo(byte[] earlier) {
    String hash = AvroSerde.of(Decision.class).deserializer().deserialize(TOPIC, earlier).getRecordHash();
    return stored(HashChain.link(AuditRecords.decision("arn:aws:s3:::spliced", "spliced"), hash));
  }

  @Test
  void recordsFromBeforeTheChainAreCountedNotReported() {
    List<byte[]> records = new ArrayList<>(List.of(
        stored(AuditRecords.decision("arn:aws:s3:::old-0", "old")),
        stored(AuditRecords.decision("arn:aws:s3:::old-1", "old"))));
    records.addAll(history(3));
    PartitionChain chain = new PartitionChain(TOPIC, 0, 0);
    for (int i = 0; i < records.size(); i++) {
      chain.accept(i, records.get(i));
    }

    assertThat(chain.finish()).isEmpty();
    assertThat(chain.unchained()).isEqualTo(2);
    assertThat(chain.headOffset()).isEqualTo(4);
  }

  @Test
  void aChainWhoseBeginningWentByRetentionIsCheckedFromTheFirstRecordLeft() {
    List<byte[]> records = history(6).subList(2, 6);
    PartitionChain chain = new PartitionChain(TOPIC, 0, 120);
    for (int i = 0; i < records.size(); i++) {
      chain.accept(120 + i, records.get(i));
    }

    assertThat(chain.finish()).isEmpty();
    assertThat(chain.chainStartAfterRetention()).contains(120L);
  }

  @Test
  void aChainWhoseLogStartsOnATransactionMarkerIsCheckedFromTheFirstRecordRead() {
    List<byte[]> records = history(8).subList(3, 8);
    PartitionChain chain = new PartitionChain(TOPIC, 0, 5);
    for (int i = 0; i < records.size(); i++) {
      chain.accept(6 + 2 * i, records.get(i));
    }

    assertThat(chain.finish()).isEmpty();
    assertThat(chain.chainStartAfterRetention()).contains(6L);
  }

  @Test
  void aRecordRemovedAfterTheFirstRecordLeftIsStillReported() {
    List<byte[]> records = new ArrayList<>(history(8).subList(3, 8));
    records.remove(2);
    PartitionChain chain = new PartitionChain(TOPIC, 0, 5);
    for (int i = 0; i < records.size(); i++) {
      chain.accept(6 + 2 * i, records.get(i));
    }

    ChainBreak broken = chain.finish().orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.REMOVED);
    assertThat(broken.offset()).isEqualTo(10);
  }

  @Test
  void aRecordThatIsNoDecisionIsReportedAsUnreadable() {
    List<byte[]> records = history(4);
    records.add(1, "{}".getBytes());

    ChainBreak broken = check(records).orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.UNREADABLE);
    assertThat(broken.offset()).isEqualTo(1);
  }

  @Test
  void aHeadNotedEarlierThatIsStillInTheChainHolds() {
    List<byte[]> records = history(6);
    PartitionChain chain = new PartitionChain(TOPIC, 0, 0);
    chain.expectHead(HashChain.read(records.get(3)).hash());
    for (int i = 0; i < records.size(); i++) {
      chain.accept(i, records.get(i));
    }

    assertThat(chain.finish()).isEmpty();
  }

  @Test
  void aHeadNotedEarlierThatIsGoneShowsTheNewestRecordsWereRemoved() {
    List<byte[]> records = history(6);
    String noted = HashChain.read(records.get(5)).hash();
    PartitionChain chain = new PartitionChain(TOPIC, 0, 0);
    chain.expectHead(noted);
    for (int i = 0; i < 4; i++) {
      chain.accept(i, records.get(i));
    }

    ChainBreak broken = chain.finish().orElseThrow();

    assertThat(broken.kind()).isEqualTo(Kind.REMOVED);
    assertThat(broken.offset()).isEqualTo(4);
    assertThat(broken.detail()).contains(noted);
  }

  @Test
  void onlyTheFirstBreakOfAPartitionIsReported() {
    List<byte[]> records = history(8);
    records.remove(6);
    records.remove(2);

    assertThat(check(records).orElseThrow().offset()).isEqualTo(2);
  }
}
