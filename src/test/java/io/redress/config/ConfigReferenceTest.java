package io.redress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.redress.config.ConfigReference.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The configuration reference is read from the configuration classes, and the README holds the current one. */
class ConfigReferenceTest {

  private static final Path README = Path.of(System.getProperty("user.dir"), "README.md");
  private static final Map<String, Entry> BY_KEY = ConfigReference.entries().stream()
      .collect(Collectors.toMap(Entry::key, Function.identity()));

  @Test
  void theReadmeHoldsTheReferenceOfTheCurrentConfigurationClasses() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);

    assertThat(ConfigReference.update(readme))
        .as("the README's configuration reference is out of date: run ./redress config reference --update README.md")
        .isEqualTo(readme);
  }

  @Test
  void everyKeyIsSetByTheEnvironmentVariableTheReferenceNames() {
    for (Entry entry : ConfigReference.entries()) {
      ObjectNode tree = JsonNodeFactory.instance.objectNode();
      String variable = entry.variable().replaceAll("<[^>]*>", "X1");

      EnvironmentOverrides.apply(ConfigLoader.SCHEMA, tree, Map.of(variable, "set"));

      String path = "/" + entry.key().replaceAll("<[^>]*>", "x1").replace('.', '/');
      JsonNode value = tree.at(path);
      assertThat(value.isArray() ? value.get(0).asText() : value.asText()).as(variable + " sets " + entry.key())
          .isEqualTo("set");
    }
  }

  @Test
  void defaultsAreTheOnesAConfigurationFromNothingHas() {
    assertThat(BY_KEY.get("cooldown").defaultValue()).isEqualTo("PT1H");
    assertThat(BY_KEY.get("kafka.partitions").defaultValue()).isEqualTo("6");
    assertThat(BY_KEY.get("breaker.thresholds.account").defaultValue()).isEqualTo("20");
    assertThat(BY_KEY.get("controls.default-mode").defaultValue()).isEqualTo("dry-run");
    assertThat(BY_KEY.get("notifications.creator-tags").defaultValue()).isEqualTo("[owner, created-by]");
    assertThat(BY_KEY.get("notifications.email-domain").defaultValue()).isEqualTo("none");
    assertThat(BY_KEY.get("http.port").defaultValue()).isEqualTo("8080");
  }

  @Test
  void keysTheUserChoosesAreWrittenAsPlaceholdersInKeyAndVariable() {
    assertThat(BY_KEY.get("kafka.consumer.<name>").variable()).isEqualTo("REDRESS_KAFKA_CONSUMER_<NAME>");
    assertThat(BY_KEY.get("controls.<control-id>.mode").variable()).isEqualTo("REDRESS_CONTROLS_<CONTROL-ID>_MODE");
    assertThat(BY_KEY).containsKey("aws.accounts.<account-id>.role-arn");
  }

  @Test
  void everyKeyIsDescribed() {
    assertThat(ConfigReference.entries()).filteredOn(entry -> entry.meaning().isBlank())
        .as("keys without a meaning.<key> line in config-reference.properties").isEmpty();
  }

  /** A configuration of another shape, standing for keys other work adds to the records. */
  record Sample(Integer answer, Duration maxWait, Map<String, String> extras, Nested nested) {
  }

  record Nested(Optional<String> name) {
  }

  @Test
  void aKeyAddedToTheRecordsIsListedWithoutAnEditToTheReference() {
    DeserializationConfig config = YAMLMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
        .addModule(new Jdk8Module()).build().getDeserializationConfig();
    Properties texts = new Properties();
    texts.setProperty("meaning.answer", "The answer.");

    List<Entry> entries = ConfigReference.entries(new ConfigSchema(config), config.constructType(Sample.class),
        new Sample(42, Duration.ofMinutes(1), Map.of(), new Nested(Optional.empty())), texts);

    assertThat(entries).containsExactly(
        new Entry("answer", "42", "REDRESS_ANSWER", "The answer."),
        new Entry("max-wait", "PT1M", "REDRESS_MAX_WAIT", ""),
        new Entry("extras.<name>", "", "REDRESS_EXTRAS_<NAME>", ""),
        new Entry("nested.name", "none", "REDRESS_NESTED_NAME", ""));
  }

  @Test
  void updatingReplacesOnlyTheTextBetweenTheMarkers() {
    String document = "# Title\n\n" + ConfigReference.BEGIN + "\nstale\n" + ConfigReference.END + "\n\nAfter.\n";

    String updated = ConfigReference.update(document);

    assertThat(updated).startsWith("# Title\n\n" + ConfigReference.BEGIN + "\n| key |")
        .endsWith(ConfigReference.END + "\n\nAfter.\n")
        .doesNotContain("stale");
  }

  @Test
  void aDocumentWithoutTheMarkersIsRefused() {
    assertThatThrownBy(() -> ConfigReference.update("# Title\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("add both where the reference belongs");
  }
}
