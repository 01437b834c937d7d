package io.redress.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bundled logback.xml: readable lines by default, one JSON object a line with REDRESS_LOG_FORMAT=json. */
class LogFormatTest {

  private static final String MESSAGE = "a message with \"quotes\"\nand a second line";

  @Test
  void logsArePlainTextLinesByDefault() throws Exception {
    String logged = logOnce(Optional.empty());

    assertThat(logged).contains("INFO  redress-log-test - a message with \"quotes\"");
  }

  @Test
  void jsonFormatWritesEachEventAsOneParsableJsonLine() throws Exception {
    String logged = logOnce(Optional.of("json"));

    assertThat(logged.lines()).hasSize(1);
    JsonNode event = new ObjectMapper().readTree(logged);
    assertThat(event.path("level").asText()).isEqualTo("INFO");
    assertThat(event.path("loggerName").asText()).isEqualTo("io.redress.redress-log-test");
    assertThat(event.path("message").asText()).isEqualTo(MESSAGE);
  }

  @Test
  void anUnknownFormatIsSaidAndLoggedAsText() throws Exception {
    String logged = logOnce(Optional.of("xml"));

    assertThat(logged).contains("REDRESS_LOG_FORMAT must be text or json, not 'xml'; logging as text")
        .contains("INFO  redress-log-test - a message");
  }

  @Test
  void theConfigurationRaisesNoWarningWhichLogbackWouldPrintOnStdout() throws Exception {
    for (String format : new String[] {"text", "json"}) {
      LoggerContext context = new LoggerContext();
      context.putProperty("REDRESS_LOG_FORMAT", format);
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));

      assertThat(new StatusUtil(context).getHighestLevel(0)).as(format).isLessThan(Status.WARN);
      context.stop();
    }
  }

  private static String logOnce(Optional<String> format) throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    format.ifPresent(value -> context.putProperty("REDRESS_LOG_FORMAT", value));
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      context.getLogger("io.redress.redress-log-test").info(MESSAGE);
    } finally {
      context.stop();
      System.setErr(stderr);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
