package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class BoundedDecoderTest {

  @FunctionalInterface
  private interface Body {
    void write(BinaryEncoder out) throws IOException;
  }

  @Test
  void everyPrimitiveReadsAsAvroWroteItAndTheRecordEndsAfterTheLast() throws IOException {
    BoundedDecoder in = over(out -> {
      out.writeNull();
      out.writeBoolean(true);
      out.writeBoolean(false);
      out.writeInt(-7);
      out.writeLong(1L << 40);
      out.writeFloat(1.5f);
      out.writeDouble(-2.25);
      out.writeEnum(3);
      out.writeIndex(1);
      out.writeFixed(new byte[] {9, 8});
    });

    in.readNull();
    assertThat(in.readBoolean()).isTrue();
    assertThat(in.readBoolean()).isFalse();
    assertThat(in.readInt()).isEqualTo(-7);
    assertThat(in.readLong()).isEqualTo(1L << 40);
    assertThat(in.readFloat()).isEqualTo(1.5f);
    assertThat(in.readDouble()).isEqualTo(-2.25);
    assertThat(in.readEnum()).isEqualTo(3);
    assertThat(in.readIndex()).isEqualTo(1);
    assertThat(in.isEnd()).isFalse();
    byte[] fixed = new byte[2];
    in.readFixed(fixed, 0, 2);
    assertThat(fixed).containsExactly(9, 8);
    assertThat(in.isEnd()).isTrue();
  }

  @Test
  void aNullTakesNoByteSoTheValueAfterItIsReadWhole() throws IOException {
    BoundedDecoder in = over(out -> {
      out.writeNull();
      out.writeString("after");
    });

    in.readNull();

    assertThat(in.readString()).isEqualTo("after");
    assertThat(in.isEnd()).isTrue();
  }

  @Test
  void skippedValuesLeaveTheReaderAtTheOneAfterThem() throws IOException {
    BoundedDecoder in = over(out -> {
      out.writeString("skipped");
      out.writeBytes(new byte[] {1, 2, 3});
      out.writeFixed(new byte[] {4, 5});
      out.writeString("kept");
    });

    in.skipString();
    in.skipBytes();
    in.skipFixed(2);

    assertThat(in.readString()).isEqualTo("kept");
  }

  @Test
  void bytesThatFitAreReadIntoTheOldBufferWhenItIsLargeEnough() throws IOException {
    BoundedDecoder in = over(out -> {
      out.writeBytes(new byte[] {1, 2, 3});
      out.writeBytes(new byte[] {4, 5, 6, 7});
    });
    ByteBuffer old = ByteBuffer.allocate(3);

    ByteBuffer first = in.readBytes(old);
    assertThat(first).isSameAs(old);
    assertThat(first.remaining()).isEqualTo(3);
    assertThat(first.get(2)).isEqualTo((byte) 3);

    ByteBuffer second = in.readBytes(old);
    assertThat(second).isNotSameAs(old);
    assertThat(second.remaining()).isEqualTo(4);
    assertThat(second.get(3)).isEqualTo((byte) 7);
  }

  @Test
  void bytesOfExactlyWhatIsLeftAreReadAndOneMoreIsRefused() throws IOException {
    // A length of 3 is one byte (6, zigzag), leaving exactly 3 bytes.
    assertThat(over(new byte[] {6, 1, 2, 3}).readBytes(null).remaining()).isEqualTo(3);

    assertThatThrownBy(() -> over(new byte[] {8, 1, 2, 3}).readBytes(null))
        .isInstanceOf(EOFException.class)
        .hasMessage("a bytes field of 4 bytes cannot fit in the 3 bytes left in the record");
  }

  @Test
  void aStringClaimingMoreThanTheRecordHoldsIsRefusedBeforeAnythingIsAllocated() {
    // 2^30 as a zigzag varint: five bytes claiming a gigabyte.
    byte[] record = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};

    assertThatThrownBy(() -> over(record).readString())
        .isInstanceOf(EOFException.class)
        .hasMessage("a string of 1073741824 bytes cannot fit in the 0 bytes left in the record");
  }

  @Test
  void aNegativeLengthIsRefused() {
    assertThatThrownBy(() -> over(new byte[] {1, 0}).readString())
        .isInstanceOf(EOFException.class)
        .hasMessageStartingWith("a string of -1 bytes");
  }

  @Test
  void arraysAndMapsAreReadBlockByBlockAsWritten() throws IOException {
    BoundedDecoder in = over(out -> {
      out.writeArrayStart();
      out.setItemCount(2);
      out.startItem();
      out.writeInt(1);
      out.startItem();
      out.writeInt(2);
      out.writeArrayEnd();
      out.writeMapStart();
      out.setItemCount(1);
      out.startItem();
      out.writeString("k");
      out.writeString("v");
      out.writeMapEnd();
    });

    assertThat(in.readArrayStart()).isEqualTo(2);
    assertThat(in.readInt()).isEqualTo(1);
    assertThat(in.readInt()).isEqualTo(2);
    assertThat(in.arrayNext()).isZero();
    assertThat(in.readMapStart()).isEqualTo(1);
    assertThat(in.readString()).isEqualTo("k");
    assertThat(in.readString()).isEqualTo("v");
    assertThat(in.mapNext()).isZero();
    assertThat(in.isEnd()).isTrue();
  }

  @Test
  void aSecondBlockOfAnArrayOrMapIsCountedAsWritten() throws IOException {
    // Blocks of one item each, as a streaming writer makes them: count 1 (zigzag 2), the item, count 1, the item, 0.
    BoundedDecoder array = over(new byte[] {2, 10, 2, 12, 0});
    assertThat(array.readArrayStart()).isEqualTo(1);
    assertThat(array.readInt()).isEqualTo(5);
    assertThat(array.arrayNext()).isEqualTo(1);
    assertThat(array.readInt()).isEqualTo(6);
    assertThat(array.arrayNext()).isZero();

    BoundedDecoder map = over(new byte[] {2, 2, 'a', 10, 2, 2, 'b', 12, 0});
    assertThat(map.readMapStart()).isEqualTo(1);
    assertThat(map.readString()).isEqualTo("a");
    assertThat(map.readInt()).isEqualTo(5);
    assertThat(map.mapNext()).isEqualTo(1);
    assertThat(map.readString()).isEqualTo("b");
    assertThat(map.readInt()).isEqualTo(6);
    assertThat(map.mapNext()).isZero();
  }

  @Test
  void skippingAnArrayOrMapSaysHowManyItemsAreLeftToSkip() throws IOException {
    // A count of 2 (zigzag 4), then two one-byte items.
    byte[] twoItems = {4, 2, 4, 0};

    assertThat(over(twoItems).skipArray()).isEqualTo(2);
    assertThat(over(twoItems).skipMap()).isEqualTo(2);
  }

  @Test
  void anArrayOrMapClaimingMoreItemsThanBytesLeftIsRefusedAtEveryBlock() {
    // A count of 5 (zigzag 10) with two bytes after it.
    byte[] fiveClaimed = {10, 1, 1};

    assertThatThrownBy(() -> over(fiveClaimed).readArrayStart())
        .isInstanceOf(EOFException.class).hasMessageStartingWith("an array of 5 items");
    assertThatThrownBy(() -> over(fiveClaimed).readMapStart())
        .isInstanceOf(EOFException.class).hasMessageStartingWith("a map of 5 entries");
    assertThatThrownBy(() -> over(fiveClaimed).skipArray())
        .isInstanceOf(EOFException.class).hasMessageStartingWith("an array of 5 items");
    assertThatThrownBy(() -> over(fiveClaimed).skipMap())
        .isInstanceOf(EOFException.class).hasMessageStartingWith("a map of 5 entries");

    byte[] secondBlockClaimsFive = {2, 0, 10, 1};
    BoundedDecoder array = over(secondBlockClaimsFive);
    BoundedDecoder map = over(secondBlockClaimsFive);
    assertThatThrownBy(() -> {
      array.readArrayStart();
      array.readInt();
      array.arrayNext();
    }).isInstanceOf(EOFException.class).hasMessageStartingWith("an array of 5 items");
    assertThatThrownBy(() -> {
      map.readMapStart();
      map.readInt();
      map.mapNext();
    }).isInstanceOf(EOFException.class).hasMessageStartingWith("a map of 5 entries");
  }

  @Test
  void theBodyStartsAtTheOffsetGiven() throws IOException {
    byte[] header = "HEAD".getBytes(StandardCharsets.US_ASCII);
    byte[] body = encode(out -> out.writeString("body"));
    byte[] record = ByteBuffer.allocate(header.length + body.length).put(header).put(body).array();

    BoundedDecoder in = BoundedDecoder.over(record, header.length);

    assertThat(in.readString()).isEqualTo("body");
    assertThat(in.isEnd()).isTrue();
  }

  private static BoundedDecoder over(Body body) throws IOException {
    return over(encode(body));
  }

  private static BoundedDecoder over(byte[] record) {
    return BoundedDecoder.over(record, 0);
  }

  private static byte[] encode(Body body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
    body.write(out);
    out.flush();
    return bytes.toByteArray();
  }
}
