package dev.ganymede.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** The chart in {@code deploy/helm/ganymede}, linted and rendered offline by helm-java. */
final class Chart {

  static final Path DIR = Path.of("..", "deploy", "helm", "ganymede").toAbsolutePath().normalize();
  static final String RELEASE = "hub";
  static final String NAMESPACE = "jupyter";
  static final String FULLNAME = "hub-ganymede";
  static final String KUBE_VERSION = "1.31.0";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Chart() {}

  /** The example values files, by file name. */
  static Path example(String name) {
    return DIR.resolve("examples").resolve(name);
  }

  /**
   * {@code helm lint --strict} with the chart's values merged with {@code values} (helm-java's lint
   * takes no values file, so a copy of the chart gets the merged values.yaml).
   */
  static LintResult lint(Optional<Path> values, Path workDir) {
    Path copy = workDir.resolve("ganymede");
    copyTree(DIR, copy);
    values.ifPresent(v -> write(copy.resolve("values.yaml"), merge(DIR.resolve("values.yaml"), v)));
    return new Helm(copy).lint().strict().call();
  }

  /** {@code helm template} with the values files in order and then {@code --set}s. */
  static List<HasMetadata> render(List<Path> valuesFiles, Map<String, Object> sets) {
    return parse(renderText(valuesFiles, sets));
  }

  static String renderText(List<Path> valuesFiles, Map<String, Object> sets) {
    return renderText(DIR, valuesFiles, sets);
  }

  /**
   * The hooks (tests, post-install), which {@code helm template} in helm-java leaves out: rendered
   * from a copy of the chart whose {@code helm.sh/hook*} annotations are renamed to {@value
   * #HOOK_PREFIX}{@code *}, so they come out as plain objects.
   */
  static List<HasMetadata> renderHooks(Path workDir) {
    Path copy = workDir.resolve("ganymede");
    copyTree(DIR, copy);
    try (Stream<Path> files = Files.walk(copy.resolve("templates"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        write(file, Files.readString(file).replace("helm.sh/hook", HOOK_PREFIX));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parse(renderText(copy, List.of(), Map.of()));
  }

  static final String HOOK_PREFIX = "rendered-hook.test/hook";

  private static String renderText(Path chart, List<Path> valuesFiles, Map<String, Object> sets) {
    TemplateCommand template =
        new Helm(chart)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    valuesFiles.forEach(template::withValuesFile);
    template.set("secrets.reuseExisting", false);
    sets.forEach(template::set);
    return template.call();
  }

  /** Each YAML document of the rendered text as a Kubernetes object. */
  static List<HasMetadata> parse(String rendered) {
    return Arrays.stream(rendered.split("(?m)^---\\s*$"))
        .filter(doc -> doc.lines().anyMatch(l -> l.startsWith("kind:")))
        .map(doc -> Serialization.<HasMetadata>unmarshal(doc))
        .toList();
  }

  static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static JsonNode readYaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String merge(Path base, Path over) {
    try {
      ObjectNode merged = (ObjectNode) YAML.readTree(base.toFile());
      mergeInto(merged, (ObjectNode) YAML.readTree(over.toFile()));
      return YAML.writeValueAsString(merged);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Helm's coalescing: maps merge key by key, anything else replaces. */
  private static void mergeInto(ObjectNode target, ObjectNode over) {
    over.properties()
        .forEach(
            e -> {
              JsonNode existing = target.get(e.getKey());
              if (existing instanceof ObjectNode t && e.getValue() instanceof ObjectNode o) {
                mergeInto(t, o);
              } else {
                target.set(e.getKey(), e.getValue());
              }
            });
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(Objects.requireNonNull(file), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
