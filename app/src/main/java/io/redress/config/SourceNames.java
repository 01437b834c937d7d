package io.redress.config;

import java.util.regex.Pattern;

/**
 * The names that say who delivered a raw finding: a webhook source's ({@code POST /findings/<name>}), or the one
 * {@code ./redress import --source} is given. Each raw record carries its name in the {@value #HEADER} header, where
 * the topology reads it to record it in the finding and to apply the source's limits ({@code ingest.sources}).
 */
public final class SourceNames {

  /** The record header naming the source a raw finding came from. */
  public static final String HEADER = "redress.source";
  /** What a name may be, in words, for every message refusing one. */
  public static final String RULE = "lower-case letters, digits and '-', at most 63 characters";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private SourceNames() {
  }

  public static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }
}
