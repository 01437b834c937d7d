package io.redress.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redress.config.ConfigException;
import io.redress.config.ConfigLoader;
import io.redress.config.RedressConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WireFormatTest {

  @TempDir
  Path directory;

  @Test
  void withoutAChoiceRecordsAreWrittenInSingleObjectEncoding() throws Exception {
    assertThat(WireFormat.of(config(""))).isInstanceOf(WireFormat.SingleObject.class);
  }

  @Test
  void glueChoosesTheGlueSchemaRegistryFraming() throws Exception {
    assertThat(WireFormat.of(config("    redress.wire.format: glue\n    registry.name: redress\n")))
        .isInstanceOf(GlueSchemaRegistry.class);
  }

  @Test
  void anUnknownFormatIsAConfigurationErrorNamingTheKeyAndTheChoices() throws Exception {
    RedressConfig config = config("    redress.wire.format: confluent\n");

    assertThatThrownBy(() -> WireFormat.of(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.properties.redress.wire.format")
        .hasMessageContaining("single-object or glue").hasMessageContaining("confluent");
  }

  @Test
  void anAutoRegistrationSettingOtherThanTrueOrFalseIsAConfigurationError() throws Exception {
    RedressConfig config = config("    redress.wire.format: glue\n    schemaAutoRegistrationEnabled: yes-please\n");

    assertThatThrownBy(() -> WireFormat.of(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.properties.schemaAutoRegistrationEnabled").hasMessageContaining("yes-please");
  }

  @Test
  void aGlueEndpointThatIsNotAnAbsoluteUrlIsAConfigurationErrorNamingTheKey() throws Exception {
    RedressConfig config = config("    redress.wire.format: glue\n    endpoint: \"127.0.0.1:4566\"\n");

    assertThatThrownBy(() -> WireFormat.of(config)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kafka.properties.endpoint: expected an absolute URL")
        .hasMessageContaining("127.0.0.1:4566");
  }

  @Test
  void aBlankGlueRegionIsAConfigurationErrorNamingTheKey() throws Exception {
    RedressConfig config = config("    redress.wire.format: glue\n    region: ''\n");

    assertThatThrownBy(() -> WireFormat.of(config)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kafka.properties.region: must not be blank");
  }

  private RedressConfig config(String properties) throws Exception {
    Path file = directory.resolve("redress.yaml");
    Files.writeString(file, "kafka:\n  bootstrap-servers: localhost:9092\n"
        + (properties.isEmpty() ? "" : "  properties:\n" + properties));
    return ConfigLoader.load(file, Map.of());
  }
}
