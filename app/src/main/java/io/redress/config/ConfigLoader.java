package io.redress.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the YAML configuration file, lays environment overrides over it, and binds it onto {@link RedressConfig},
 * whose records check every value. Anything wrong fails here, at start, with the key named; nothing
 * half-configured ever reaches a running remediation.
 */
public final class ConfigLoader {

  private static final ObjectMapper MAPPER = YAMLMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      // A record's map accessor must not pass for a settable key (it would turn up among the "expected" keys).
      .disable(MapperFeature.USE_GETTERS_AS_SETTERS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // YAML 1.1 reads a bare off or no as false; `mode: off` must stay the mode off.
      .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
      .addModule(new Jdk8Module())
      .addModule(ScalarValues.module())
      .build();
  static final ConfigSchema SCHEMA = new ConfigSchema(MAPPER.getDeserializationConfig());

  private ConfigLoader() {
  }

  /** Defaults only, with environment overrides: what {@code redress run} uses without a file. */
  public static RedressConfig defaults(Map<String, String> environment) {
    return bind(MAPPER.createObjectNode(), environment);
  }

  /** Errors about the file itself name it by its absolute path, so it is clear which file was looked for. */
  public static RedressConfig load(Path file, Map<String, String> environment) {
    Path absolute = file.toAbsolutePath();
    String yaml;
    try {
      yaml = Files.readString(absolute);
    } catch (IOException e) {
      throw new ConfigException(absolute.toString(), "cannot read configuration: " + reason(e));
    }
    return bind(tree(absolute.toString(), yaml), environment);
  }

  public static RedressConfig fromYaml(String yaml, Map<String, String> environment) {
    return bind(tree("(file)", yaml), environment);
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text";
    }
    return e.getMessage();
  }

  private static ObjectNode tree(String source, String yaml) {
    JsonNode root;
    try (JsonParser parser = MAPPER.createParser(yaml)) {
      root = MAPPER.readTree(parser);
      // Only the first document would be read: a setting in another one would be ignored without a word. An empty
      // one (a file ending with '---') holds no setting.
      while (parser.nextToken() != null) {
        JsonNode later = MAPPER.readTree(parser);
        boolean empty = later == null || later.isNull() || later.isMissingNode()
            || later.isContainerNode() && later.isEmpty();
        if (!empty) {
          throw new ConfigException(source, "holds more than one YAML document (a second '---' line); put every"
              + " setting in one document");
        }
      }
    } catch (JsonProcessingException e) {
      throw new ConfigException(source, "not valid YAML: " + syntaxProblem(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return MAPPER.createObjectNode();
    }
    if (!root.isObject()) {
      throw new ConfigException(source, "expected a YAML mapping at the top level");
    }
    return (ObjectNode) root;
  }

  /**
   * What is wrong and where, without the parser's copy of the line: the line may hold a secret (a password in the
   * file), and this message goes to a terminal or a pod's log.
   */
  private static String syntaxProblem(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      return marked.getProblem() + " (line " + (marked.getProblemMark().getLine() + 1) + ", column "
          + (marked.getProblemMark().getColumn() + 1) + ")";
    }
    return e.getOriginalMessage();
  }

  private static RedressConfig bind(ObjectNode tree, Map<String, String> environment) {
    EnvironmentOverrides overrides = EnvironmentOverrides.apply(SCHEMA, tree, environment);
    try {
      return MAPPER.treeToValue(tree, RedressConfig.class);
    } catch (JsonMappingException e) {
      throw explain(e, overrides);
    } catch (JsonProcessingException e) {
      throw new ConfigException("(file)", e.getOriginalMessage());
    }
  }

  /** Jackson's account of a binding failure, told as the key and what is wrong with it. */
  private static ConfigException explain(JsonMappingException e, EnvironmentOverrides overrides) {
    String path = e.getPath().stream()
        .map(JsonMappingException.Reference::getFieldName)
        .filter(Objects::nonNull)
        .collect(Collectors.joining("."));
    if (e instanceof UnrecognizedPropertyException unknown) {
      return new ConfigException(path, "unknown key; expected one of " + SCHEMA.keyNames(unknown.getReferringClass()));
    }
    ConfigException problem = recordedProblem(e);
    if (problem != null) {
      String key = problem.key().isEmpty() ? path : path.isEmpty() ? problem.key() : path + "." + problem.key();
      return new ConfigException(overrides.describe(key), problem.problem());
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      Class<?> expected = mismatch.getTargetType();
      String shape = expected.isRecord() || Map.class.isAssignableFrom(expected) ? "expected a mapping"
          : Collection.class.isAssignableFrom(expected) || expected.isArray() ? "expected a list, e.g. [a, b]"
          : "expected a single value";
      return new ConfigException(overrides.describe(path), shape);
    }
    return new ConfigException(overrides.describe(path), e.getOriginalMessage());
  }

  /** The problem a record or a value reader reported, which Jackson wraps with the path where it arose. */
  private static ConfigException recordedProblem(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConfigException problem) {
        return problem;
      }
    }
    return null;
  }
}
