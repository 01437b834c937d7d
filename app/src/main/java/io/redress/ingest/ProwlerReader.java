package io.redress.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Prowler's OCSF output ({@code prowler aws -M json-ocsf}): a file is a JSON array of Detection Findings, and one
 * finding alone is read too. A FAIL acts, a PASS resolves, a MANUAL is nothing to do, and a muted finding (written
 * with {@code status} Suppressed) never acts. The check id ({@code metadata.event_code}) is mapped to a control by
 * the PROWLER rows of the control table.
 */
public final class ProwlerReader implements FindingReader {

  private static final String PRODUCT = "Prowler";

  @Override
  public String format() {
    return "Prowler OCSF (the JSON array prowler -M json-ocsf writes, or one finding of it)";
  }

  @Override
  public boolean recognizes(JsonNode record) {
    JsonNode first = record.isArray() && !record.isEmpty() ? record.get(0) : record;
    return PRODUCT.equals(first.path("metadata").path("product").path("name").asText(null));
  }

  @Override
  public List<Finding> read(JsonNode record, ReadContext context) throws MalformedFindingException {
    JsonNode findings = record.isArray() ? record : JsonNodeFactory.instance.arrayNode().add(record);
    OcsfFindingReader reader = new OcsfFindingReader(FindingSource.PROWLER, context.mappings());
    List<Finding> normalized = new ArrayList<>(findings.size());
    for (int i = 0; i < findings.size(); i++) {
      normalized.add(reader.read(findings.get(i), "finding " + (i + 1) + " of " + findings.size(),
          context.receivedAt()));
    }
    return normalized;
  }
}
