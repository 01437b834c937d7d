package io.redress.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files as the tests read them: deploy/base (Kubernetes) and docker-compose.yml.
 * SnakeYAML, unlike a tree of Jackson nodes, resolves the compose file's anchors and merge keys as Docker does.
 */
final class Manifests {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path BASE = ROOT.resolve("deploy/base");
  static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
  /** Files in deploy/base that are not Kubernetes objects applied by the kustomization. */
  static final List<String> NOT_RESOURCES = List.of("kustomization.yaml", "redress.yaml", "secret.example.yaml",
      "ingress.example.yaml");

  private Manifests() {
  }

  /** Every object of every YAML file in deploy/base except the kustomization and the Redress configuration. */
  static List<Map<String, Object>> kubernetesObjects() {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Path file : baseFiles()) {
      if (!file.getFileName().toString().equals("kustomization.yaml")
          && !file.getFileName().toString().equals("redress.yaml")) {
        objects.addAll(documents(file));
      }
    }
    return objects;
  }

  static List<Path> baseFiles() {
    try (var files = Files.list(BASE)) {
      return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> documents(Path file) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : yaml().loadAll(read(file))) {
      if (document != null) {
        documents.add((Map<String, Object>) document);
      }
    }
    return documents;
  }

  static Map<String, Object> document(Path file) {
    List<Map<String, Object>> documents = documents(file);
    if (documents.size() != 1) {
      throw new IllegalStateException(file + " holds " + documents.size() + " documents, not one");
    }
    return documents.get(0);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value at a path of keys and list indexes, failing with the path when a step is missing. */
  @SuppressWarnings("unchecked")
  static <T> T at(Object node, Object... path) {
    Object current = node;
    for (Object step : path) {
      current = step instanceof Integer index ? ((List<Object>) current).get(index)
          : ((Map<String, Object>) Objects.requireNonNull(current, "no value before " + step)).get(step);
      if (current == null) {
        throw new AssertionError("no " + step + " in " + List.of(path));
      }
    }
    return (T) current;
  }

  /**
   * A memory quantity in MiB, as Kubernetes writes it ({@code 768Mi}, {@code 2Gi}), compose ({@code 768m},
   * {@code 2g}) or a JVM flag ({@code 128m}); each of those units is a power of 1024.
   */
  static long mebibytes(String quantity) {
    Matcher matcher = Pattern.compile("(\\d+)(Mi|Gi|m|g)").matcher(quantity);
    if (!matcher.matches()) {
      throw new AssertionError("not a memory quantity in Mi, Gi, m or g: " + quantity);
    }
    long amount = Long.parseLong(matcher.group(1));
    return matcher.group(2).startsWith("G") || matcher.group(2).equals("g") ? amount * 1024 : amount;
  }

  static Map<String, Object> object(String kind, String name) {
    return kubernetesObjects().stream()
        .filter(object -> kind.equals(object.get("kind")) && name.equals(at(object, "metadata", "name")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/base"));
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(options);
  }
}
