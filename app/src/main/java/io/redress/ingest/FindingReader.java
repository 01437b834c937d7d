package io.redress.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.redress.contract.Finding;
import java.util.List;

/**
 * Reads one format of raw finding (an EventBridge event type, a scanner's output file, a webhook payload) into
 * normalized {@link Finding}s. Readers are discovered with {@link java.util.ServiceLoader} from
 * {@code META-INF/services/io.redress.ingest.FindingReader}, so a new source is one class and one line there; the
 * normalizer asks every reader whether it recognizes a record and hands it to the one that does.
 *
 * <p>A reader treats its input as hostile: every field it uses is checked for type and size, and anything it cannot
 * use is a {@link MalformedFindingException} naming the finding and the field, never a guess.
 */
public interface FindingReader {

  /** The format in words, as rejection reasons and the README name it, e.g. "AWS Config compliance change". */
  String format();

  /**
   * Whether {@code record} is in this reader's format, judged by the fields that identify the format (an
   * EventBridge {@code detail-type}, a product name) and nothing else, so that exactly one reader claims a record.
   * Never throws.
   */
  boolean recognizes(JsonNode record);

  /** Every finding the record carries, in order; a record with none is malformed. */
  List<Finding> read(JsonNode record, ReadContext context) throws MalformedFindingException;
}
