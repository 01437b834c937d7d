package io.redress.kafka;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Avro binary over one record's bytes, refusing any string, bytes, array or map that claims more than the record has
 * left. Avro's own decoder allocates whatever a length or count says before reading it, bounded only by
 * {@code SystemLimitException}'s process-wide limits (about 2 GiB by default, read once from system properties when
 * that class loads), so a few bytes claiming a 1.5 GB string would exhaust the heap; this checks each length against
 * the bytes that remain. A count is bounded the same way because every item of every array and map in Redress's
 * schemas takes at least one byte.
 */
public final class BoundedDecoder extends Decoder {
  private final ByteArrayInputStream remaining;
  /** Unbuffered, so that {@link #remaining} is exactly what it has not read. */
  private final BinaryDecoder in;

  private BoundedDecoder(byte[] record, int offset) {
    this.remaining = new ByteArrayInputStream(record, offset, record.length - offset);
    this.in = DecoderFactory.get().directBinaryDecoder(remaining, null);
  }

  /** The Avro binary body that starts at {@code offset} and runs to the end of {@code record}. */
  public static BoundedDecoder over(byte[] record, int offset) {
    return new BoundedDecoder(record, offset);
  }

  /** Whether every byte of the record has been read. */
  public boolean isEnd() {
    return remaining.available() == 0;
  }

  /** @param what what is claimed, such as "a string of %d bytes" */
  private int bounded(long claimed, String what) throws IOException {
    if (claimed < 0 || claimed > remaining.available()) {
      throw new EOFException(what.formatted(claimed) + " cannot fit in the " + remaining.available()
          + " bytes left in the record");
    }
    return (int) claimed;
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = bounded(in.readLong(), "a string of %d bytes");
    Utf8 string = old != null ? old : new Utf8();
    string.setByteLength(length);
    in.readFixed(string.getBytes(), 0, length);
    return string;
  }

  @Override
  public String readString() throws IOException {
    return readString(null).toString();
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = bounded(in.readLong(), "a bytes field of %d bytes");
    ByteBuffer bytes = old != null && length <= old.capacity() ? old.clear() : ByteBuffer.allocate(length);
    in.readFixed(bytes.array(), bytes.position(), length);
    return bytes.limit(length);
  }

  @Override
  public long readArrayStart() throws IOException {
    return bounded(in.readArrayStart(), "an array of %d items");
  }

  @Override
  public long arrayNext() throws IOException {
    return bounded(in.arrayNext(), "an array of %d items");
  }

  @Override
  public long skipArray() throws IOException {
    return bounded(in.skipArray(), "an array of %d items");
  }

  @Override
  public long readMapStart() throws IOException {
    return bounded(in.readMapStart(), "a map of %d entries");
  }

  @Override
  public long mapNext() throws IOException {
    return bounded(in.mapNext(), "a map of %d entries");
  }

  @Override
  public long skipMap() throws IOException {
    return bounded(in.skipMap(), "a map of %d entries");
  }

  @Override
  public void skipString() throws IOException {
    in.skipString();
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipBytes();
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
