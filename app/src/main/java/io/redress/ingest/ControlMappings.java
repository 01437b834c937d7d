package io.redress.ingest;

import io.redress.contract.FindingSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * The table from a source's own rule or check id to the canonical control id (a Security Hub control id such as
 * {@code S3.8}). It is data, not code: adding a rule is a line in {@value #BUNDLED}, never a new branch. Rows are
 * {@code source,rule_id,control}, the source being a {@link FindingSource} name; {@code #} starts a comment line.
 */
public final class ControlMappings {

  public static final String BUNDLED = "/controls/mappings.csv";

  private static final String HEADER = "source,rule_id,control";
  /**
   * Bounded, as every field a finding carries is: the longest service of Security Hub's controls has 16 letters, and a
   * control id from a payload is kept whole in the finding.
   */
  private static final Pattern CONTROL_ID = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}\\.\\d{1,9}");

  private final Map<Rule, String> controls;

  private ControlMappings(Map<Rule, String> controls) {
    this.controls = Map.copyOf(controls);
  }

  /** The table shipped in the jar; a broken table fails here, at start, with the line named. */
  public static ControlMappings bundled() {
    try (InputStream in = ControlMappings.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("control mapping table " + BUNDLED + " is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read control mapping table " + BUNDLED, e);
    }
  }

  static ControlMappings parse(String table, String origin) {
    Map<Rule, String> controls = new HashMap<>();
    String[] lines = table.split("\\R");
    boolean headerSeen = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = origin + " line " + (i + 1);
      if (!headerSeen) {
        if (!line.equals(HEADER)) {
          throw new IllegalArgumentException(where + ": expected the header '" + HEADER + "', got '" + line + "'");
        }
        headerSeen = true;
        continue;
      }
      String[] columns = line.split(",", -1);
      if (columns.length != 3) {
        throw new IllegalArgumentException(where + ": expected 3 columns (" + HEADER + "), got " + columns.length);
      }
      Rule rule = new Rule(source(columns[0].strip(), where), columns[1].strip());
      String control = columns[2].strip();
      if (rule.id().isEmpty() || !isControlId(control)) {
        throw new IllegalArgumentException(where + ": expected a rule id and a control id such as S3.8, got '"
            + line + "'");
      }
      String earlier = controls.putIfAbsent(rule, control);
      if (earlier != null && !earlier.equals(control)) {
        throw new IllegalArgumentException(where + ": " + rule.source() + " rule " + rule.id()
            + " is already mapped to " + earlier);
      }
    }
    return new ControlMappings(controls);
  }

  public Optional<String> control(FindingSource source, String ruleId) {
    return Optional.ofNullable(controls.get(new Rule(source, ruleId)));
  }

  /** Every control that some rule of {@code source} maps to. */
  public Set<String> controls(FindingSource source) {
    return controls.entrySet().stream().filter(row -> row.getKey().source() == source).map(Map.Entry::getValue)
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Whether {@code candidate} has the shape of a Security Hub control id: a service name (at most 64 characters), a
   * dot, a number (at most 9 digits).
   */
  static boolean isControlId(String candidate) {
    return CONTROL_ID.matcher(candidate).matches();
  }

  private static FindingSource source(String name, String where) {
    try {
      return FindingSource.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": unknown source '" + name + "'");
    }
  }

  private record Rule(FindingSource source, String id) {
  }
}
