package io.redress.metrics;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;

/**
 * Chooses the log format of logback.xml from {@code REDRESS_LOG_FORMAT} ({@code text}, the default, or
 * {@code json}), looked up as a logback property, a system property, then an environment variable. An unknown
 * value is said on stderr and logged as text: a typo must not leave a process without its log.
 */
public final class LogFormat extends PropertyDefinerBase {

  static final String VARIABLE = "REDRESS_LOG_FORMAT";
  /** The context property logback.xml defines with this class, which {@link LogFormatFilter} reads. */
  static final String PROPERTY = "logFormat";

  @Override
  public String getPropertyValue() {
    String chosen = lookUp();
    if (chosen == null || chosen.isBlank()) {
      return "text";
    }
    String format = chosen.strip().toLowerCase(Locale.ROOT);
    if (format.equals("text") || format.equals("json")) {
      return format;
    }
    System.err.println(VARIABLE + " must be text or json, not '" + chosen + "'; logging as text");
    return "text";
  }

  private String lookUp() {
    String fromContext = getContext() == null ? null : getContext().getProperty(VARIABLE);
    if (fromContext != null) {
      return fromContext;
    }
    String fromSystem = System.getProperty(VARIABLE);
    return fromSystem != null ? fromSystem : System.getenv(VARIABLE);
  }
}
