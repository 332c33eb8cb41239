package dev.ganymede.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Terraform in {@code deploy/terraform}: formatted ({@code terraform fmt -check}) and, since
 * providers cannot be downloaded here (so no {@code init}/{@code validate}), the module's interface
 * checked by parsing its HCL.
 */
class TerraformTest {

  private static final Path ROOT =
      Path.of("..", "deploy", "terraform").toAbsolutePath().normalize();
  private static final Path MODULE = ROOT.resolve("modules/ganymede");

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"modules/ganymede", "environments/primary", "environments/dr"})
  void everyModuleIsFormatted(String module) throws Exception {
    System.out.println(
        "terraform validate is not run: providers cannot be downloaded here (fmt + HCL checks only)");
    Process fmt;
    try {
      fmt =
          new ProcessBuilder("terraform", "fmt", "-check", "-diff", "-no-color")
              .directory(ROOT.resolve(module).toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "terraform is not installed (needed for `terraform fmt -check`): install Terraform 1.11"
              + " from https://developer.hashicorp.com/terraform/install",
          e);
    }
    assertThat(fmt.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(fmt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(fmt.exitValue()).as("terraform fmt -check in %s:%n%s", module, output).isZero();
  }

  @Test
  void theModuleTakesTheEnvironmentNamespaceChartVersionValuesFileAndKubeCredentials() {
    Map<String, Object> variables = blocks(MODULE, "variable");

    assertThat(variables)
        .containsKeys(
            "environment",
            "namespace",
            "chart",
            "chart_version",
            "values_file",
            "kube_host",
            "kube_cluster_ca_certificate",
            "kube_token");
    assertThat(variables)
        .allSatisfy((name, v) -> assertThat(block(v)).containsKeys("description", "type"));
    assertThat(block(variables.get("kube_token"))).containsEntry("sensitive", true);
    assertThat(block(variables.get("environment"))).containsKey("validation");
  }

  @Test
  void theModuleReportsReleaseNamespaceVersionStatusAndChartVersion() {
    Map<String, Object> outputs = blocks(MODULE, "output");

    assertThat(outputs.keySet())
        .containsExactlyInAnyOrder(
            "release_name", "namespace", "version", "status", "chart_version");
    assertThat(outputs).allSatisfy((name, o) -> assertThat(block(o)).containsKey("description"));
    assertThat(blocks(MODULE, "resource")).containsKey("helm_release");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"primary", "dr"})
  void eachEnvironmentUsesTheModuleWithItsOwnValuesFileAndSetsEveryRequiredVariable(String env)
      throws IOException {
    Path dir = ROOT.resolve("environments").resolve(env);
    Map<String, Object> module = block(blocks(dir, "module").get("ganymede"));

    assertThat(module).containsEntry("source", "../../modules/ganymede");
    assertThat(module).containsEntry("environment", env);
    assertThat(Files.readString(dir.resolve("main.tf"))).contains("${path.module}/values.yaml");
    assertThat(dir.resolve("values.yaml")).exists();
    List<String> required =
        blocks(MODULE, "variable").entrySet().stream()
            .filter(e -> !block(e.getValue()).containsKey("default"))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(module).containsKeys(required.toArray(String[]::new));
  }

  /** The blocks of one type ({@code variable}, {@code output}, ...) of all .tf files in dir. */
  private static Map<String, Object> blocks(Path dir, String type) {
    Map<String, Object> all = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
        Object blocks = new HCLParser().parse(file.toFile()).get(type);
        if (blocks != null) {
          all.putAll(block(blocks));
        }
      }
    } catch (Exception e) {
      throw new AssertionError("cannot parse HCL in " + dir, e);
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> block(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
