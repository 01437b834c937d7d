package io.redress.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw events the demo feeds into {@code redress.findings.raw}, read from the classpath in the order that
 * {@value #INDEX} lists them, so the story (a finding, its re-import, an excepted bucket, a control without a fix,
 * a broken record) plays out the same way every time.
 */
public final class SampleEvents {

  public static final String INDEX = "/samples/index.txt";

  /** One sample: its file name, which says its purpose, and its content exactly as a producer would send it. */
  public record SampleEvent(String name, String json) {
  }

  private SampleEvents() {
  }

  public static List<SampleEvent> load() {
    List<SampleEvent> samples = new ArrayList<>();
    for (String line : read(INDEX).split("\\R")) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        samples.add(new SampleEvent(name, read("/samples/" + name)));
      }
    }
    return List.copyOf(samples);
  }

  private static String read(String resource) {
    try (InputStream in = SampleEvents.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("sample " + resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read sample " + resource, e);
    }
  }
}
