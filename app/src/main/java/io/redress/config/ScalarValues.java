package io.redress.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.redress.contract.Mode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/**
 * How each kind of single value reads, from the file or from an environment variable (where every value is a
 * string), and what is said when it does not. A problem is a {@link ConfigException} without a key: Jackson
 * wraps it with the path of the value, which the loader turns into the key.
 */
final class ScalarValues {

  private ScalarValues() {
  }

  static SimpleModule module() {
    SimpleModule module = new SimpleModule("redress-config-values");
    module.addDeserializer(Mode.class, reading(Mode.class, ScalarValues::mode));
    module.addDeserializer(ControlMode.class, reading(ControlMode.class, ScalarValues::controlMode));
    module.addDeserializer(Duration.class, reading(Duration.class, ScalarValues::duration));
    module.addDeserializer(Boolean.class, reading(Boolean.class, ScalarValues::bool));
    module.addDeserializer(Integer.class, reading(Integer.class, ScalarValues::wholeNumber));
    module.addDeserializer(URI.class, reading(URI.class, ScalarValues::url));
    return module;
  }

  /** Mode names as written in the file: auto, dry-run, notify-only, off, in any case. */
  static Mode mode(String value) {
    try {
      return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("", "'" + value + "' is not a mode; " + RedressConfig.MODES);
    }
  }

  /** A control's mode as written in the file: a {@link #mode} or approve, in any case. */
  static ControlMode controlMode(String value) {
    try {
      return ControlMode.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("", "'" + value + "' is not a mode; " + RedressConfig.CONTROL_MODES);
    }
  }

  static Duration duration(String value) {
    try {
      return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new ConfigException("", "'" + value + "' is not an ISO-8601 duration such as PT5M or PT1H");
    }
  }

  static Boolean bool(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes" -> true;
      case "false", "no" -> false;
      default -> throw new ConfigException("", "'" + value + "' is not true or false");
    };
  }

  static Integer wholeNumber(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("", "'" + value + "' is not a whole number");
    }
  }

  /** What is wrong with a URL is said without the URL: a Slack webhook URL is itself the credential. */
  static URI url(String value) {
    try {
      return new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new ConfigException("", "not a URL: " + e.getReason() + " (the value is not shown, as a URL may hold a"
          + " secret)");
    }
  }

  private static <T> JsonDeserializer<T> reading(Class<T> type, Function<String, T> parse) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (!parser.currentToken().isScalarValue()) {
          return type.cast(context.handleUnexpectedToken(type, parser));
        }
        return parse.apply(parser.getText());
      }

      @Override
      public Class<?> handledType() {
        return type;
      }
    };
  }
}
