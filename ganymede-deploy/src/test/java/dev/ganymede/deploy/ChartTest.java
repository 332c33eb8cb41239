package dev.ganymede.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import dev.ganymede.hub.config.ConfigCheck;
import dev.ganymede.hub.config.ConfigLoader;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.kubernetes.KubernetesSpawner;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChartTest {

  private static final String EXAMPLES = "dev.ganymede.deploy.ChartTest#examples";

  /** Default values, the chart's examples and the Terraform environments' values files. */
  static Stream<String> examples() {
    return Stream.of(
        "",
        "values-aks.yaml",
        "values-eks.yaml",
        "../../../terraform/environments/primary/values.yaml",
        "../../../terraform/environments/dr/values.yaml");
  }

  private static List<Path> values(String example) {
    return example.isEmpty() ? List.of() : List.of(Chart.example(example).normalize());
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource(EXAMPLES)
  void lintsCleanInStrictModeWithTheDefaultAndEachExampleValues(
      String example, @TempDir Path work) {
    LintResult result =
        Chart.lint(
            example.isEmpty() ? Optional.empty() : Optional.of(Chart.example(example)), work);

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource(EXAMPLES)
  void rendersKubernetesObjectsAndAHubConfigTheHubAccepts(String example, @TempDir Path work)
      throws IOException {
    List<HasMetadata> objects = Chart.render(values(example), Map.of());

    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .contains(
            "Deployment",
            "Service",
            "ConfigMap",
            "Secret",
            "ServiceAccount",
            "Role",
            "RoleBinding");
    Path file = work.resolve("ganymede.yaml");
    Files.writeString(file, hubConfigText(objects));
    ConfigCheck check = hubCheck(objects, file);
    assertThat(check.problems()).isEmpty();
    GanymedeConfig config = check.orElseThrow();
    assertThat(config.proxy().mode()).isEqualTo("external");
    assertThat(config.proxy().apiUrl().toString()).isEqualTo("http://hub-ganymede-proxy-api:8001");
    assertThat(config.spawner().type()).isEqualTo("kubernetes");
    assertThat(config.spawner().singleuser()).as("pods sign users in through OAuth").isTrue();
    assertThat(config.kubernetes().namespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(config.kubernetes().hubUrl())
        .as("the hub Service's fully qualified name, reachable from every namespace")
        .contains(URI.create("http://hub-ganymede-hub.jupyter.svc.cluster.local:8081"));
    assertThat(Chart.find(objects, Service.class, "hub-ganymede-hub").getSpec().getPorts())
        .extracting(p -> p.getPort())
        .containsExactly(8081);
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource(EXAMPLES)
  void theHubAndProxyPodsCarryTheLabelsUsersServerPoliciesAdmit(String example) {
    List<Map<String, Object>> variants =
        example.isEmpty()
            ? List.of(Map.of(), Map.of("hub.config.kubernetes.namespacePerUser", true))
            : List.of(Map.of());
    for (Map<String, Object> sets : variants) {
      List<HasMetadata> objects = Chart.render(values(example), sets);

      for (String deployment : List.of("hub-ganymede-hub", "hub-ganymede-proxy")) {
        assertThat(
                Chart.find(objects, Deployment.class, deployment)
                    .getSpec()
                    .getTemplate()
                    .getMetadata()
                    .getLabels())
            .as("%s %s", deployment, sets)
            .containsAllEntriesOf(KubernetesSpawner.SERVER_ACCESS_LABELS)
            .containsEntry("hub.jupyter.org/network-access-singleuser", "true");
      }
    }
  }

  @Test
  void withHubEgressRulesTheHubMayStillReachUsersServers() {
    Map<String, Object> egress =
        Map.of("networkPolicy.hubEgress[0].to[0].ipBlock.cidr", "10.20.0.0/16");
    for (boolean perUser : List.of(false, true)) {
      Map<String, Object> sets = new HashMap<>(egress);
      sets.put("hub.config.kubernetes.namespacePerUser", perUser);
      NetworkPolicy hub =
          Chart.find(Chart.render(List.of(), sets), NetworkPolicy.class, "hub-ganymede-hub");

      assertThat(hub.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
      var peers = hub.getSpec().getEgress().get(1).getTo();
      assertThat(peers)
          .as("namespacePerUser %s", perUser)
          .filteredOn(peer -> peer.getPodSelector().getMatchLabels().containsKey("component"))
          .extracting(
              peer ->
                  peer.getNamespaceSelector() == null
                      ? Map.of()
                      : peer.getNamespaceSelector().getMatchLabels())
          .containsExactlyElementsOf(
              perUser
                  ? List.of(
                      Map.of(),
                      Map.of(
                          "app.kubernetes.io/managed-by",
                          "ganymede",
                          "ganymede.dev/hub-namespace",
                          Chart.NAMESPACE))
                  : List.of(Map.of()));
      assertThat(peers)
          .filteredOn(peer -> peer.getPodSelector().getMatchLabels().containsKey("component"))
          .extracting(peer -> peer.getPodSelector().getMatchLabels())
          .containsOnly(Map.of("component", "singleuser-server"));
      assertThat(hub.getSpec().getEgress().get(2).getTo().get(0).getIpBlock().getCidr())
          .isEqualTo("10.20.0.0/16");
    }
  }

  @Test
  void secretsAreReferencedFromSecretsAndNeverInlinedInConfigMaps() {
    String url = "jdbc:postgresql://db.example.org:5432/ganymede";
    List<HasMetadata> objects = Chart.render(List.of(), Map.of("hub.database.url", url));

    for (ConfigMap map : Chart.all(objects, ConfigMap.class)) {
      assertThat(map.getData().values()).noneMatch(v -> v.contains("jdbc:") || v.contains("ken:"));
    }
    Secret secret = Chart.find(objects, Secret.class, "hub-ganymede-secret");
    assertThat(secret.getData()).containsKeys("proxy-auth-token", "auth-state-key", "database-url");
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    Container hub = container(objects, "hub-ganymede-hub");
    assertThat(secretRef(hub, "GANYMEDE_DATABASE_URL"))
        .isEqualTo("hub-ganymede-secret/database-url");
    assertThat(secretRef(hub, "GANYMEDE_PROXY_AUTH_TOKEN"))
        .isEqualTo("hub-ganymede-secret/proxy-auth-token");
    assertThat(secretRef(hub, "GANYMEDE_AUTH_STATE_KEY"))
        .isEqualTo("hub-ganymede-secret/auth-state-key");
    assertThat(secretRef(container(objects, "hub-ganymede-proxy"), "CONFIGPROXY_AUTH_TOKEN"))
        .isEqualTo("hub-ganymede-secret/proxy-auth-token");
    assertThat(hub.getEnv()).allMatch(e -> e.getValue() == null || !e.getValue().contains("jdbc"));
  }

  @Test
  void hubAndProxyGetTheirJavaOptionsTheHubGivingFreeMemoryBackAndTheProxyShortPauses() {
    List<HasMetadata> defaults = Chart.render(List.of(), Map.of());
    List<HasMetadata> tuned =
        Chart.render(
            List.of(), Map.of("proxy.javaOptions", "-Xmx96m", "hub.javaOptions", "-Xmx1g"));

    assertThat(value(container(defaults, "hub-ganymede-hub"), "JAVA_TOOL_OPTIONS"))
        .contains(
            "-XX:MaxRAMPercentage=75",
            "-XX:+UseG1GC",
            "-XX:G1PeriodicGCInterval=",
            "-XX:GCTimeRatio=4",
            "-XX:MaxHeapFreeRatio=");
    assertThat(value(container(defaults, "hub-ganymede-proxy"), "JAVA_TOOL_OPTIONS"))
        .contains(
            "-XX:MaxRAMPercentage=75",
            "-XX:+UseSerialGC",
            "-Xms24m",
            "-XX:NewSize=16m",
            "-XX:SurvivorRatio=4",
            "-XX:-TieredCompilation")
        .doesNotContain("G1");
    for (String deployment : List.of("hub-ganymede-hub", "hub-ganymede-proxy")) {
      assertThat(value(container(defaults, deployment), "MALLOC_ARENA_MAX")).isEqualTo("2");
    }
    assertThat(value(container(tuned, "hub-ganymede-hub"), "JAVA_TOOL_OPTIONS"))
        .isEqualTo("-Xmx1g");
    assertThat(value(container(tuned, "hub-ganymede-proxy"), "JAVA_TOOL_OPTIONS"))
        .isEqualTo("-Xmx96m");
  }

  @Test
  void anExistingSecretSuppliesTheDatabaseUrlAndSqliteGetsNoVolume() {
    List<HasMetadata> objects = Chart.render(List.of(Chart.example("values-aks.yaml")), Map.of());

    assertThat(secretRef(container(objects, "hub-ganymede-hub"), "GANYMEDE_DATABASE_URL"))
        .isEqualTo("ganymede-database/url");
    assertThat(
            secretRef(container(objects, "hub-ganymede-hub"), "GANYMEDE_AUTH_OIDC_CLIENT_SECRET"))
        .isEqualTo("ganymede-sso/client-secret");
    assertThat(Chart.find(objects, Secret.class, "hub-ganymede-secret").getData())
        .doesNotContainKey("database-url");
    assertThat(Chart.all(objects, PersistentVolumeClaim.class))
        .extracting(c -> c.getMetadata().getName())
        .doesNotContain("hub-ganymede-hub-db");
  }

  @Test
  void withoutADatabaseUrlTheHubKeepsSqliteOnAPersistentVolumeAndIsRecreatedNotRolled() {
    List<HasMetadata> objects = Chart.render(List.of(), Map.of());

    PersistentVolumeClaim db =
        Chart.find(objects, PersistentVolumeClaim.class, "hub-ganymede-hub-db");
    assertThat(db.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    Deployment hub = Chart.find(objects, Deployment.class, "hub-ganymede-hub");
    assertThat(hub.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(hub.getSpec().getReplicas()).isEqualTo(1);
    assertThat(hub.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("hub-data"))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.getPersistentVolumeClaim().getClaimName())
                    .isEqualTo("hub-ganymede-hub-db"));
    assertThat(hub.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("run", "--config", "/etc/ganymede/ganymede.yaml");
    assertThat(container(objects, "hub-ganymede-proxy").getArgs())
        .contains("proxy", "--default-target=http://hub-ganymede-hub:8081");
  }

  @Test
  void staticUserStorageAndTheReadOnlyDataClaimReachTheHubConfig(@TempDir Path work)
      throws IOException {
    List<HasMetadata> objects = Chart.render(List.of(Chart.example("values-aks.yaml")), Map.of());

    Path file = work.resolve("ganymede.yaml");
    Files.writeString(file, hubConfigText(objects));
    var kubernetes = hubCheck(objects, file).orElseThrow().kubernetes();
    assertThat(kubernetes.storageType()).isEqualTo("static");
    assertThat(kubernetes.staticClaim()).contains("hub-ganymede-users");
    assertThat(kubernetes.staticSubPath()).isEqualTo("{username}");
    assertThat(kubernetes.dataClaim()).contains("hub-ganymede-data");
    assertThat(kubernetes.dataMountPath()).isEqualTo("/data");
    assertThat(kubernetes.storageClass()).contains("managed-csi-premium");
    PersistentVolumeClaim users =
        Chart.find(objects, PersistentVolumeClaim.class, "hub-ganymede-users");
    assertThat(users.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    assertThat(users.getSpec().getStorageClassName()).isEqualTo("azurefile");
    PersistentVolumeClaim data =
        Chart.find(objects, PersistentVolumeClaim.class, "hub-ganymede-data");
    assertThat(data.getSpec().getAccessModes()).containsExactly("ReadOnlyMany");
  }

  @Test
  void theIngressRoutesToThePublicProxyWithTlsClassAndIssuer() {
    List<HasMetadata> objects = Chart.render(List.of(Chart.example("values-aks.yaml")), Map.of());

    Ingress ingress = Chart.find(objects, Ingress.class, "hub-ganymede");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
    assertThat(ingress.getSpec().getTls())
        .singleElement()
        .satisfies(
            tls -> {
              assertThat(tls.getSecretName()).isEqualTo("ganymede-tls");
              assertThat(tls.getHosts()).containsExactly("hub.example.org");
            });
    assertThat(
            ingress
                .getSpec()
                .getRules()
                .get(0)
                .getHttp()
                .getPaths()
                .get(0)
                .getBackend()
                .getService()
                .getName())
        .isEqualTo("hub-ganymede-proxy-public");
    assertThat(Chart.render(List.of(), Map.of())).noneMatch(Ingress.class::isInstance);
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource(EXAMPLES)
  void everyPodRunsNonRootWithAReadOnlyRootAndNoCapabilities(String example, @TempDir Path work) {
    List<HasMetadata> objects =
        Stream.concat(
                Chart.render(values(example), Map.of()).stream(),
                Chart.renderHooks(work).stream().filter(Pod.class::isInstance))
            .toList();

    List<PodSpec> pods =
        Stream.concat(
                Chart.all(objects, Deployment.class).stream()
                    .map(d -> d.getSpec().getTemplate().getSpec()),
                Chart.all(objects, Pod.class).stream().map(Pod::getSpec))
            .toList();
    assertThat(pods).hasSize(3);
    for (PodSpec pod : pods) {
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      for (Container c : pod.getContainers()) {
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      }
    }
  }

  @Test
  void theProxyAloneMayGetASeccompProfileThatAllowsIoUring() {
    List<HasMetadata> localhost =
        Chart.render(
            List.of(),
            Map.of(
                "proxy.seccompProfile.type",
                "Localhost",
                "proxy.seccompProfile.localhostProfile",
                "profiles/ganymede-proxy.json"));

    var proxy = seccompOf(localhost, "hub-ganymede-proxy");
    assertThat(proxy.getType()).isEqualTo("Localhost");
    assertThat(proxy.getLocalhostProfile()).isEqualTo("profiles/ganymede-proxy.json");
    assertThat(seccompOf(localhost, "hub-ganymede-hub").getType()).isEqualTo("RuntimeDefault");
    assertThat(seccompOf(Chart.render(List.of(), Map.of()), "hub-ganymede-proxy").getType())
        .isEqualTo("RuntimeDefault");
    assertThatThrownBy(
            () -> Chart.renderText(List.of(), Map.of("proxy.seccompProfile.type", "Localhost")))
        .hasMessageContaining("localhostProfile");
    assertThatThrownBy(
            () -> Chart.renderText(List.of(), Map.of("proxy.seccompProfile.type", "Permissive")))
        .hasMessageContaining("seccompProfile");
  }

  private static SeccompProfile seccompOf(List<HasMetadata> objects, String deployment) {
    return Chart.find(objects, Deployment.class, deployment)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getSecurityContext()
        .getSeccompProfile();
  }

  @Test
  void networkPoliciesLetOnlyTheProxyServersAndTestReachTheHubAndOnlyTheHubReachTheRouteApi() {
    List<HasMetadata> objects = Chart.render(List.of(), Map.of());

    NetworkPolicy hub = Chart.find(objects, NetworkPolicy.class, "hub-ganymede-hub");
    assertThat(hub.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getFrom())
                    .extracting(
                        p ->
                            p.getPodSelector()
                                .getMatchLabels()
                                .getOrDefault(
                                    "app.kubernetes.io/component",
                                    p.getPodSelector().getMatchLabels().get("component")))
                    .containsExactly("proxy", "test", "singleuser-server"));
    NetworkPolicy proxy = Chart.find(objects, NetworkPolicy.class, "hub-ganymede-proxy");
    assertThat(proxy.getSpec().getIngress()).hasSize(2);
    assertThat(proxy.getSpec().getIngress().get(0).getFrom()).isNullOrEmpty();
    assertThat(proxy.getSpec().getIngress().get(1).getFrom())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", "hub"));
    assertThat(Chart.render(List.of(), Map.of("networkPolicy.enabled", false)))
        .noneMatch(NetworkPolicy.class::isInstance);
  }

  @Test
  void theDrRegionsHubIsInstalledStoppedAndThePrimarysRuns() {
    String environments = "../../../terraform/environments/";

    assertThat(hubReplicas(environments + "dr/values.yaml")).isZero();
    assertThat(hubReplicas(environments + "primary/values.yaml")).isEqualTo(1);
    assertThatThrownBy(() -> Chart.renderText(List.of(), Map.of("hub.replicas", 2)))
        .hasMessageContaining("replicas");
  }

  private static int hubReplicas(String example) {
    return Chart.find(Chart.render(values(example), Map.of()), Deployment.class, "hub-ganymede-hub")
        .getSpec()
        .getReplicas();
  }

  /**
   * What the spawner calls on users' objects, in the Role or (namespace per user) ClusterRole:
   * exactly these verbs, no update or patch (a leftover network policy is deleted and created anew,
   * see KubernetesSpawnerTest).
   */
  private static final List<PolicyRule> SPAWNER_RULES =
      List.of(
          rule(
              "",
              List.of("pods", "persistentvolumeclaims"),
              "get",
              "list",
              "watch",
              "create",
              "delete"),
          rule("", List.of("events"), "get", "list", "watch"),
          rule("networking.k8s.io", List.of("networkpolicies"), "get", "list", "create", "delete"));

  private static PolicyRule rule(String group, List<String> resources, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource(EXAMPLES)
  void theHubRoleGrantsOnlyWhatTheSpawnerNeedsInItsNamespaceAndNothingIsClusterScoped(
      String example) {
    List<HasMetadata> objects = Chart.render(values(example), Map.of());

    assertThat(objects)
        .as("cluster-scoped objects")
        .filteredOn(o -> !(o instanceof Namespaced))
        .extracting(HasMetadata::getKind)
        .isSubsetOf("ServiceMonitor");
    Role role = Chart.find(objects, Role.class, "hub-ganymede-hub");
    assertThat(role.getRules()).isEqualTo(SPAWNER_RULES);
    RoleBinding binding = Chart.find(objects, RoleBinding.class, "hub-ganymede-hub");
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo("hub-ganymede-hub");
  }

  @Test
  void aNamespacePerUserGetsAClusterRoleWithExactlyTheSpawnersRulesAndNoNamespacedRole(
      @TempDir Path work) throws IOException {
    List<HasMetadata> objects =
        Chart.render(List.of(), Map.of("hub.config.kubernetes.namespacePerUser", true));

    assertThat(objects).noneMatch(o -> o instanceof Role || o instanceof RoleBinding);
    assertThat(objects)
        .filteredOn(o -> !(o instanceof Namespaced))
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "ClusterRole/jupyter-hub-ganymede-hub", "ClusterRoleBinding/jupyter-hub-ganymede-hub");
    ClusterRole role = Chart.find(objects, ClusterRole.class, "jupyter-hub-ganymede-hub");
    List<PolicyRule> expected = new ArrayList<>();
    expected.add(rule("", List.of("namespaces"), "get", "create"));
    expected.addAll(SPAWNER_RULES);
    assertThat(role.getRules()).isEqualTo(expected);
    assertThat(role.getAggregationRule()).isNull();
    ClusterRoleBinding binding =
        Chart.find(objects, ClusterRoleBinding.class, "jupyter-hub-ganymede-hub");
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo("jupyter-hub-ganymede-hub");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getKind()).isEqualTo("ServiceAccount");
              assertThat(subject.getName()).isEqualTo("hub-ganymede");
              assertThat(subject.getNamespace()).isEqualTo(Chart.NAMESPACE);
            });

    Path file = work.resolve("ganymede.yaml");
    Files.writeString(file, hubConfigText(objects));
    ConfigCheck check = hubCheck(objects, file);
    assertThat(check.problems()).isEmpty();
    assertThat(check.orElseThrow().kubernetes().namespacePerUser()).isTrue();
    assertThat(Chart.render(List.of(), Map.of("rbac.create", false)))
        .noneMatch(o -> o instanceof Role || o instanceof ClusterRole);
  }

  @Test
  void aNamespacePerUserLetsServersInUserNamespacesReachTheHub() {
    List<HasMetadata> objects =
        Chart.render(List.of(), Map.of("hub.config.kubernetes.namespacePerUser", true));

    NetworkPolicy hub = Chart.find(objects, NetworkPolicy.class, "hub-ganymede-hub");
    assertThat(hub.getSpec().getIngress().get(0).getFrom())
        .last()
        .satisfies(
            peer -> {
              assertThat(peer.getNamespaceSelector().getMatchLabels())
                  .isEqualTo(
                      Map.of(
                          "app.kubernetes.io/managed-by",
                          "ganymede",
                          "ganymede.dev/hub-namespace",
                          Chart.NAMESPACE));
              assertThat(peer.getPodSelector().getMatchLabels())
                  .isEqualTo(Map.of("component", "singleuser-server"));
            });
  }

  @Test
  void aNamespacePerUserRefusesTheChartsClaimsOfTheReleaseNamespace() {
    assertThatThrownBy(
            () ->
                Chart.renderText(
                    List.of(),
                    Map.of(
                        "hub.config.kubernetes.namespacePerUser", true,
                        "storage.users.enabled", true)))
        .hasMessageContaining(
            "storage.users.enabled cannot be used with hub.config.kubernetes.namespacePerUser");
    assertThatThrownBy(
            () ->
                Chart.renderText(
                    List.of(),
                    Map.of(
                        "hub.config.kubernetes.namespacePerUser", true,
                        "storage.data.enabled", true)))
        .hasMessageContaining(
            "storage.data.enabled cannot be used with hub.config.kubernetes.namespacePerUser");
  }

  @Test
  void optionalMonitoringRendersAServiceMonitorAndADashboard() {
    List<HasMetadata> objects = Chart.render(List.of(Chart.example("values-aks.yaml")), Map.of());

    assertThat(objects)
        .filteredOn(o -> o.getKind().equals("ServiceMonitor"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getMetadata().getName()).isEqualTo("hub-ganymede-hub");
              assertThat(o.toString()).contains("Bearer", "ganymede-metrics");
            });
    assertThat(Chart.find(objects, NetworkPolicy.class, "hub-ganymede-hub").getSpec().getIngress())
        .last()
        .satisfies(
            rule ->
                assertThat(rule.getFrom().get(0).getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "monitoring"));
    JsonNode dashboard =
        Chart.readYaml(
            Chart.find(objects, ConfigMap.class, "hub-ganymede-dashboard")
                .getData()
                .get("ganymede.json"));
    assertThat(dashboard.path("panels").size()).isPositive();
  }

  @Test
  void theTestHookChecksHealthAndApiVersionAndAHookRecordsTheVersion(@TempDir Path work) {
    assertThat(Chart.render(List.of(), Map.of())).noneMatch(Pod.class::isInstance);
    List<HasMetadata> objects = Chart.renderHooks(work);

    Pod test = Chart.find(objects, Pod.class, "hub-ganymede-test");
    assertThat(test.getMetadata().getAnnotations()).containsEntry(Chart.HOOK_PREFIX, "test");
    assertThat(String.join(" ", test.getSpec().getContainers().get(0).getCommand()))
        .contains("/hub/health", "/hub/api", "\"version\"");
    ConfigMap record = Chart.find(objects, ConfigMap.class, "hub-ganymede-release");
    assertThat(record.getMetadata().getAnnotations())
        .containsEntry(Chart.HOOK_PREFIX, "post-install,post-upgrade");
    assertThat(record.getData()).containsKeys("chartVersion", "appVersion", "image", "revision");
  }

  @Test
  void aValuesKeyTheHubDoesNotKnowIsRejected() {
    assertThatThrownBy(() -> Chart.renderText(List.of(), Map.of("hub.config.hub.typo", "x")))
        .hasMessageContaining("typo");
    assertThatThrownBy(() -> Chart.renderText(List.of(), Map.of("hub.config.sso.x", "y")))
        .hasMessageContaining("sso");
    assertThatThrownBy(() -> Chart.renderText(List.of(), Map.of("replicaCount", 2)))
        .hasMessageContaining("replicaCount");
  }

  @Test
  void aSecretWrittenIntoHubConfigIsRejected() {
    assertThatThrownBy(
            () ->
                Chart.renderText(
                    List.of(), Map.of("hub.config.proxy.authToken", "0123456789abcdef0123")))
        .hasMessageContaining("authToken");
    assertThatThrownBy(
            () ->
                Chart.renderText(
                    List.of(), Map.of("hub.config.database.url", "jdbc:postgresql://db/x")))
        .hasMessageContaining("url");
  }

  /**
   * What the hub would load: the rendered file plus the hub container's {@code GANYMEDE_*}
   * variables, each one from a Secret standing in as a valid value.
   */
  private static ConfigCheck hubCheck(List<HasMetadata> objects, Path file) {
    Map<String, String> environment = new HashMap<>();
    for (EnvVar env : container(objects, "hub-ganymede-hub").getEnv()) {
      if (!env.getName().startsWith("GANYMEDE_")) {
        continue;
      }
      if (env.getValueFrom() != null) {
        environment.put(
            env.getName(),
            env.getName().equals("GANYMEDE_DATABASE_URL")
                ? "jdbc:postgresql://db.example.org:5432/ganymede"
                : "s".repeat(48));
      } else {
        environment.put(env.getName(), env.getValue());
      }
    }
    return ConfigLoader.check(Optional.of(file), environment, Map.of());
  }

  private static String hubConfigText(List<HasMetadata> objects) {
    return Chart.find(objects, ConfigMap.class, "hub-ganymede-hub-config")
        .getData()
        .get("ganymede.yaml");
  }

  private static Container container(List<HasMetadata> objects, String deployment) {
    return Chart.find(objects, Deployment.class, deployment)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static String secretRef(Container container, String variable) {
    EnvVar env =
        container.getEnv().stream()
            .filter(e -> e.getName().equals(variable))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + variable));
    var ref = env.getValueFrom().getSecretKeyRef();
    return ref.getName() + "/" + ref.getKey();
  }

  private static String value(Container container, String variable) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(variable))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + variable));
  }
}
