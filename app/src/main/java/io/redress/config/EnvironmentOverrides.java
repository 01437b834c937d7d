package io.redress.config;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lays environment variables over the configuration file by one rule: the variable for key path P is
 * {@code REDRESS_} + P in capitals with every {@code .} and {@code -} as {@code _}
 * ({@code kafka.bootstrap-servers} is {@code REDRESS_KAFKA_BOOTSTRAP_SERVERS}). Inside a key the user chooses (a
 * control id, an account id, a Kafka property name) {@code _} stands for {@code .}: such a key matches an entry of
 * the file whatever its case, and a new one is written in lower case ({@code REDRESS_CONTROLS_S3_8_MODE} sets
 * {@code controls."s3.8".mode}, {@code REDRESS_KAFKA_PROPERTIES_SECURITY_PROTOCOL} sets
 * {@code kafka.properties."security.protocol"}). A list takes its items separated by commas
 * ({@code REDRESS_NOTIFICATIONS_CREATOR_TAGS=owner,team}): no item of one (a tag key, a channel name, a port) holds
 * a comma. A variable set but empty is refused. Which names exist is read from the records, never listed here.
 */
final class EnvironmentOverrides {
  private static final String PREFIX = "REDRESS_";
  /** Read by the launcher, the tests and the logging setup, not by the configuration. */
  private static final Set<String> OTHER_USES =
      Set.of("REDRESS_JAVA_OPTS", "REDRESS_MOTO_SERVER", "REDRESS_LOG_FORMAT", "REDRESS_IMAGE", "REDRESS_BENCH_TOOLS");

  /**
   * One step of a key path: a key the schema names, or (chosen) a key the user picks, spelled as in a variable;
   * {@code holds} is the type of what is below it.
   */
  private record Step(String name, boolean chosen, JavaType holds) {
  }

  private final ConfigSchema schema;
  private final Map<String, String> variableByKey = new LinkedHashMap<>();

  private EnvironmentOverrides(ConfigSchema schema) {
    this.schema = schema;
  }

  /** The variable that sets {@code key}, a dotted key path as a message names it. */
  static String variableOf(String key) {
    return PREFIX + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** Writes every REDRESS_ variable into the tree as a string, to be read and checked like the file's own values. */
  static EnvironmentOverrides apply(ConfigSchema schema, ObjectNode tree, Map<String, String> environment) {
    EnvironmentOverrides overrides = new EnvironmentOverrides(schema);
    new TreeMap<>(environment).forEach((variable, value) -> {
      if (variable.startsWith(PREFIX) && !OTHER_USES.contains(variable)) {
        List<Step> path = overrides.resolve(schema.root(), variable.substring(PREFIX.length()));
        if (path == null) {
          throw new ConfigException(variable, "matches no configuration key");
        }
        // Set but empty is a slip (an unset shell or template variable, an empty secret), never a choice: taken as
        // a value, it would drop the file's cluster for the embedded broker, or its recipient domains for any.
        if (Arrays.stream(value.split(",")).allMatch(String::isBlank)) {
          throw new ConfigException(variable, "set but empty; unset it to keep the file's value (or the default)");
        }
        overrides.variableByKey.put(set(tree, path, value), variable);
      }
    });
    return overrides;
  }

  /** The key as an error names it: with the variable that set it, or set a key below it, if there is one. */
  String describe(String key) {
    String variable = variableByKey.containsKey(key) ? variableByKey.get(key) : variableByKey.entrySet().stream()
        .filter(entry -> entry.getKey().startsWith(key + "."))
        .map(Map.Entry::getValue)
        .findFirst().orElse(null);
    return variable == null ? key : key + " (from " + variable + ")";
  }

  /** The path that {@code rest} of a variable's name spells below a value of this type, or null if none. */
  private List<Step> resolve(JavaType type, String rest) {
    if (rest.isEmpty()) {
      return ConfigSchema.isValue(type) ? List.of() : null;
    }
    if (ConfigSchema.isSection(type)) {
      for (Map.Entry<String, JavaType> key : schema.keys(type).entrySet()) {
        String spelled = spelled(key.getKey());
        if (rest.equals(spelled) || rest.startsWith(spelled + "_")) {
          List<Step> below = resolve(key.getValue(), rest.substring(Math.min(spelled.length() + 1, rest.length())));
          if (below != null) {
            return prepend(new Step(key.getKey(), false, key.getValue()), below);
          }
        }
      }
      return schema.otherKeys(type).map(values -> entry(values, rest)).orElse(null);
    }
    if (ConfigSchema.isMap(type)) {
      return entry(ConfigSchema.unwrapped(type).getContentType(), rest);
    }
    return null;
  }

  /** A chosen key then what lies below it: the shortest key after which the rest of the name still resolves. */
  private List<Step> entry(JavaType values, String rest) {
    for (int end = rest.indexOf('_'); end >= 0; end = rest.indexOf('_', end + 1)) {
      List<Step> below = end > 0 ? resolve(values, rest.substring(end + 1)) : null;
      if (below != null) {
        return prepend(new Step(rest.substring(0, end), true, values), below);
      }
    }
    List<Step> whole = resolve(values, "");
    return whole != null ? prepend(new Step(rest, true, values), whole) : null;
  }

  /** Sets the value at the path, making sections as needed, and returns the dotted key it was set at. */
  private static String set(ObjectNode tree, List<Step> path, String value) {
    ObjectNode node = tree;
    List<String> key = new ArrayList<>();
    for (Step step : path) {
      String name = step.chosen() ? existingOrNew(node, step.name()) : step.name();
      key.add(name);
      if (key.size() < path.size()) {
        JsonNode child = node.get(name);
        if (child != null && !child.isNull() && !child.isObject()) {
          throw new ConfigException(String.join(".", key), "expected a mapping");
        }
        node = child instanceof ObjectNode section ? section : node.putObject(name);
      } else if (ConfigSchema.isList(step.holds())) {
        ArrayNode items = node.putArray(name);
        Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).forEach(items::add);
      } else {
        node.put(name, value);
      }
    }
    return String.join(".", key);
  }

  private static String existingOrNew(ObjectNode node, String spelledKey) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (spelled(name).equals(spelledKey)) {
        return name;
      }
    }
    return spelledKey.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** As {@link #variableOf} spells it, so that the variable an error advises sets the key the file declares. */
  private static String spelled(String key) {
    return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  private static List<Step> prepend(Step first, List<Step> rest) {
    List<Step> path = new ArrayList<>();
    path.add(first);
    path.addAll(rest);
    return path;
  }
}
