package io.redress.ingest;

import static io.redress.ingest.Fixtures.SINGLE_FINDING_ID;
import static io.redress.ingest.Fixtures.firstResource;
import static io.redress.ingest.Fixtures.rejectionOf;
import static io.redress.ingest.Fixtures.singleFinding;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A string field must be a JSON string: a number, boolean, array or object in its place is never converted. */
class FieldTypeTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void a_numeric_id_is_rejected_not_read_as_its_digits() {
    ObjectNode asff = singleFinding().put("Id", 12345);

    assertThat(rejectionOf(asff)).isEqualTo("finding 1 of 1: Id is a number, expected a string");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
      "/GeneratorId, GeneratorId",
      "/Title, Title",
      "/Description, Description",
      "/AwsAccountId, AwsAccountId",
      "/ProductName, ProductName",
      "/RecordState, RecordState",
      "/UpdatedAt, UpdatedAt",
      "/Severity/Label, Severity.Label",
      "/Compliance/Status, Compliance.Status",
      "/Compliance/SecurityControlId, Compliance.SecurityControlId",
      "/Workflow/Status, Workflow.Status",
      "/Resources/0/Type, Resources[0].Type",
      "/Resources/0/Id, Resources[0].Id",
      "/Resources/0/Region, Resources[0].Region",
      "/Resources/0/Partition, Resources[0].Partition",
      "/Resources/0/Tags/team, Resources[0].Tags['team']"})
  void a_number_in_a_string_field_is_rejected_naming_the_field(String pointer, String field) {
    ObjectNode asff = singleFinding();
    replace(asff, pointer, NODES.numberNode(2025));

    assertThat(rejectionOf(asff))
        .isEqualTo("finding 1 of 1 (id " + SINGLE_FINDING_ID + "): " + field + " is a number, expected a string");
  }

  @Test
  void a_boolean_array_or_object_in_a_string_field_is_rejected_naming_the_type_found() {
    ObjectNode booleanId = singleFinding().put("Id", true);
    ObjectNode arrayTitle = singleFinding();
    arrayTitle.putArray("Title").add("S3 buckets should block public access");
    ObjectNode objectResourceId = singleFinding();
    firstResource(objectResourceId).putObject("Id").put("Name", "acme-payments-exports");

    assertThat(rejectionOf(booleanId)).endsWith(": Id is a boolean, expected a string");
    assertThat(rejectionOf(arrayTitle)).endsWith(": Title is an array, expected a string");
    assertThat(rejectionOf(objectResourceId)).endsWith(": Resources[0].Id is an object, expected a string");
  }

  @Test
  void a_nested_object_of_another_type_is_rejected_naming_it() {
    ObjectNode stringSeverity = singleFinding().put("Severity", "HIGH");
    ObjectNode stringResources = singleFinding().put("Resources", "arn:aws:s3:::acme-payments-exports");
    ObjectNode stringResource = singleFinding();
    stringResource.putArray("Resources").add("arn:aws:s3:::acme-payments-exports");
    ObjectNode arrayTags = singleFinding();
    firstResource(arrayTags).putArray("Tags").add("team");

    assertThat(rejectionOf(stringSeverity)).endsWith(": Severity is a string, expected an object");
    assertThat(rejectionOf(stringResources)).endsWith(": Resources is a string, expected an array");
    assertThat(rejectionOf(stringResource)).endsWith(": Resources[0] is a string, expected an object");
    assertThat(rejectionOf(arrayTags)).endsWith(
        ": Resources[0].Tags is an array, expected an object of tag key to value");
  }

  private static void replace(ObjectNode asff, String pointer, JsonNode value) {
    JsonPointer path = JsonPointer.compile(pointer);
    ((ObjectNode) asff.at(path.head())).set(path.last().getMatchingProperty(), value);
  }
}
