package io.redress.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.redress.contract.Finding;
import io.redress.contract.FindingSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Security Hub v2's EventBridge event {@code "detail-type": "Findings Imported V2"}: OCSF findings in
 * {@code detail.findings[]}. Control findings name their control in {@code compliance.control}; GuardDuty's
 * detections (product GuardDuty) are threats, mapped by their type through the GUARDDUTY rows of the control table.
 */
public final class SecurityHubV2Reader implements FindingReader {

  static final String DETAIL_TYPE = "Findings Imported V2";

  @Override
  public String format() {
    return "Security Hub v2 OCSF (EventBridge '" + DETAIL_TYPE + "' event)";
  }

  @Override
  public boolean recognizes(JsonNode record) {
    return DETAIL_TYPE.equals(record.path("detail-type").asText(null));
  }

  @Override
  public List<Finding> read(JsonNode record, ReadContext context) throws MalformedFindingException {
    JsonNode findings = Batches.nonEmptyArray(record.path("detail").path("findings"), "detail.findings");
    OcsfFindingReader reader = new OcsfFindingReader(FindingSource.SECURITY_HUB, context.mappings());
    List<Finding> normalized = new ArrayList<>(findings.size());
    for (int i = 0; i < findings.size(); i++) {
      normalized.add(reader.read(findings.get(i), "finding " + (i + 1) + " of " + findings.size(),
          context.receivedAt()));
    }
    return normalized;
  }
}
