package dev.ganymede.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.config.KubernetesConfig;
import dev.ganymede.hub.spawner.SpawnRequest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodFactoryTest {

  static final SpawnRequest REQUEST =
      new SpawnRequest(
          "a@b.org",
          "",
          "/user/a@b.org/",
          "secret-token",
          Map.of("FROM_SPAWNER", "spawner.environment"),
          Map.of());
  static final String SLUG = "a-b-org---5b26064b";
  static final URI HUB_URL = URI.create("http://hub-ganymede-hub.jupyter.svc.cluster.local:8081/");

  static KubernetesConfig config(Map<String, Object> overrides) {
    return KubernetesConfig.defaults().withOverrides(overrides);
  }

  static Pod pod(KubernetesConfig config) {
    return new PodFactory(config, KubeNames.of(REQUEST.user(), ""), REQUEST, HUB_URL).pod();
  }

  static Container notebook(Pod pod) {
    return pod.getSpec().getContainers().get(0);
  }

  @Test
  void dynamicStorageMountsTheUsersClaimAtHome() {
    KubernetesConfig config =
        config(Map.of("storageClass", "managed-csi", "storageCapacity", "20Gi"));
    Pod pod = pod(config);
    assertThat(pod.getMetadata().getName()).isEqualTo("jupyter-" + SLUG);
    assertThat(pod.getSpec().getVolumes()).containsExactly(volume("home", "claim-" + SLUG, null));
    assertThat(notebook(pod).getVolumeMounts())
        .containsExactly(new VolumeMount("/home/jovyan", null, "home", null, null, null, null));

    PersistentVolumeClaim claim =
        new PodFactory(config, KubeNames.of(REQUEST.user(), ""), REQUEST, HUB_URL).claim();
    assertThat(claim.getMetadata().getName()).isEqualTo("claim-" + SLUG);
    assertThat(claim.getMetadata().getLabels())
        .containsEntry("component", "singleuser-storage")
        .containsEntry("hub.jupyter.org/username", SLUG);
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("managed-csi");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsExactly(Map.entry("storage", new Quantity("20Gi")));
  }

  @Test
  void staticStorageMountsTheSharedClaimWithTheUsersSubPathAndDataReadOnly() {
    Pod pod =
        pod(
            config(
                Map.of(
                    "storageType", "static",
                    "staticClaim", "home-nfs",
                    "dataClaim", "datasets",
                    "sharedClaim", "shared-rw")));
    assertThat(pod.getSpec().getVolumes())
        .containsExactly(
            volume("home", "home-nfs", null),
            volume("data", "datasets", true),
            volume("shared", "shared-rw", null));
    assertThat(notebook(pod).getVolumeMounts())
        .containsExactly(
            new VolumeMount("/home/jovyan", null, "home", null, null, SLUG, null),
            new VolumeMount("/data", null, "data", true, null, null, null),
            new VolumeMount("/shared", null, "shared", null, null, null, null));
  }

  @Test
  void noStorageMountsNothing() {
    Pod pod = pod(config(Map.of("storageType", "none")));
    assertThat(pod.getSpec().getVolumes()).isEmpty();
    assertThat(notebook(pod).getVolumeMounts()).isEmpty();
  }

  @Test
  void securityContextDefaultsAreHardened() {
    Pod pod = pod(KubernetesConfig.defaults());
    var podSecurity = pod.getSpec().getSecurityContext();
    assertThat(podSecurity.getFsGroup()).isEqualTo(100L);
    assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var security = notebook(pod).getSecurityContext();
    assertThat(security.getRunAsUser()).isEqualTo(1000L);
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void labelsAndAnnotationsFollowZ2jh() {
    Pod pod = pod(KubernetesConfig.defaults());
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("component", "singleuser-server")
        .containsEntry("app.kubernetes.io/component", "singleuser-server")
        .containsEntry("app", "jupyterhub")
        .containsEntry("hub.jupyter.org/username", SLUG)
        .containsEntry("hub.jupyter.org/servername", "")
        .containsEntry("app.kubernetes.io/managed-by", "ganymede");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("hub.jupyter.org/username", "a@b.org");
  }

  @Test
  void theServerGetsJupyterHubsEnvironmentWithTheHubsInClusterUrlAndListensOnAllInterfaces() {
    SpawnRequest named =
        new SpawnRequest("a@b.org", "gpu", "/jh/user/a@b.org/gpu/", "t0k3n", Map.of(), Map.of());
    KubernetesConfig config =
        config(
            Map.of(
                "port", 9999,
                "image", "quay.io/jupyter/scipy-notebook:2025-06-02",
                "memoryGuarantee", "512Mi",
                "memoryLimit", "2G",
                "cpuGuarantee", "500m",
                "cpuLimit", "2"));
    URI hub = URI.create("http://hub-ganymede-hub.jupyter.svc.cluster.local:8081/jh/");
    String api = "http://hub-ganymede-hub.jupyter.svc.cluster.local:8081/jh/hub/api";
    String scopes = "[\"access:servers!server=a@b.org/gpu\",\"access:servers!user=a@b.org\"]";

    List<EnvVar> env =
        notebook(new PodFactory(config, KubeNames.of("a@b.org", "gpu"), named, hub).pod()).getEnv();

    assertThat(env)
        .containsExactly(
            plain("JUPYTERHUB_API_TOKEN", "t0k3n"),
            plain("JPY_API_TOKEN", "t0k3n"),
            plain("JUPYTERHUB_CLIENT_ID", "jupyterhub-user-a%40b.org-gpu"),
            plain("JUPYTERHUB_API_URL", api),
            plain("JUPYTERHUB_ACTIVITY_URL", api + "/users/a%40b.org/activity"),
            plain("JUPYTERHUB_BASE_URL", "/jh/"),
            plain("JUPYTERHUB_SERVICE_PREFIX", "/jh/user/a@b.org/gpu/"),
            plain("JUPYTERHUB_SERVICE_URL", "http://0.0.0.0:9999/jh/user/a@b.org/gpu/"),
            plain("JUPYTERHUB_OAUTH_CALLBACK_URL", "/jh/user/a@b.org/gpu/oauth_callback"),
            plain("JUPYTERHUB_OAUTH_ACCESS_SCOPES", scopes),
            plain("JUPYTERHUB_OAUTH_SCOPES", scopes),
            plain("JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES", "[]"),
            plain("JUPYTERHUB_USER", "a@b.org"),
            plain("JUPYTERHUB_SERVER_NAME", "gpu"),
            plain("JUPYTERHUB_HOST", ""),
            plain("JUPYTERHUB_PUBLIC_URL", ""),
            plain("JUPYTERHUB_PUBLIC_HUB_URL", ""),
            plain("JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED", "0"),
            plain("JUPYTERHUB_DEFAULT_URL", "/lab"),
            plain("MEM_LIMIT", "2000000000"),
            plain("MEM_GUARANTEE", "536870912"),
            plain("CPU_LIMIT", "2.0"),
            plain("CPU_GUARANTEE", "0.5"),
            plain("JUPYTER_IMAGE", "quay.io/jupyter/scipy-notebook:2025-06-02"),
            plain("JUPYTER_IMAGE_SPEC", "quay.io/jupyter/scipy-notebook:2025-06-02"));
  }

  @Test
  void configuredVariablesWinOverTheHubsInOrderSpawnerKubernetesThenEnvVarObjects() {
    SpawnRequest request =
        new SpawnRequest(
            "alice",
            "",
            "/user/alice/",
            "t0k3n",
            Map.of("JUPYTERHUB_DEFAULT_URL", "/tree", "LEVEL", "spawner", "ONLY_SPAWNER", "s"),
            Map.of());
    KubernetesConfig config =
        config(
            Map.of(
                "environment",
                Map.of("LEVEL", "kubernetes", "JUPYTER_IMAGE", "ignored"),
                "extraEnv",
                List.of(
                    Map.of("name", "JUPYTERHUB_DEFAULT_URL", "value", "/lab/tree/work"),
                    Map.of(
                        "name",
                        "LEVEL",
                        "valueFrom",
                        Map.of("configMapKeyRef", Map.of("name", "env", "key", "level"))))));

    List<EnvVar> env =
        notebook(new PodFactory(config, KubeNames.of("alice", ""), request, HUB_URL).pod())
            .getEnv();

    assertThat(env).extracting(EnvVar::getName).doesNotHaveDuplicates();
    assertThat(env)
        .contains(
            plain("JUPYTERHUB_API_TOKEN", "t0k3n"),
            plain("ONLY_SPAWNER", "s"),
            plain("JUPYTER_IMAGE", "quay.io/jupyterhub/singleuser:latest"),
            plain("JUPYTERHUB_DEFAULT_URL", "/lab/tree/work"));
    assertThat(env)
        .filteredOn(e -> e.getName().equals("LEVEL"))
        .singleElement()
        .satisfies(
            e -> assertThat(e.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("level"));
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVar(name, value, null);
  }

  @Test
  void environmentHasHubVariablesConfiguredValuesAndSecretReferences() {
    Pod pod =
        pod(
            config(
                Map.of(
                    "environment",
                    Map.of("HOME_DIR", "/home/{username}"),
                    "extraEnv",
                    List.of(
                        Map.of(
                            "name",
                            "S3_SECRET",
                            "valueFrom",
                            Map.of("secretKeyRef", Map.of("name", "s3", "key", "secret")))),
                    "envFrom",
                    List.of(Map.of("secretRef", Map.of("name", "mlflow"))))));
    List<EnvVar> env = notebook(pod).getEnv();
    assertThat(env)
        .contains(
            new EnvVar("JUPYTERHUB_SERVICE_PREFIX", "/user/a@b.org/", null),
            new EnvVar("JUPYTERHUB_API_URL", HUB_URL + "hub/api", null),
            new EnvVar("FROM_SPAWNER", "spawner.environment", null),
            new EnvVar("HOME_DIR", "/home/" + SLUG, null),
            new EnvVar("JUPYTER_IMAGE", "quay.io/jupyterhub/singleuser:latest", null));
    EnvVar secret = env.stream().filter(e -> e.getName().equals("S3_SECRET")).findFirst().get();
    assertThat(secret.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3");
    assertThat(secret.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("secret");
    assertThat(notebook(pod).getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("mlflow");
  }

  @Test
  void resourcesPlacementAndContainersComeFromTheSettings() {
    Pod pod =
        pod(
            config(
                Map.ofEntries(
                    Map.entry("cpuGuarantee", "500m"),
                    Map.entry("cpuLimit", "2"),
                    Map.entry("memoryLimit", "4G"),
                    Map.entry("extraResourceLimits", Map.of("nvidia.com/gpu", "1")),
                    Map.entry("nodeSelector", Map.of("karpenter.sh/nodepool", "gpu")),
                    Map.entry(
                        "tolerations",
                        List.of(
                            Map.of(
                                "key",
                                "nvidia.com/gpu",
                                "operator",
                                "Exists",
                                "effect",
                                "NoSchedule"))),
                    Map.entry("priorityClassName", "user-pods"),
                    Map.entry("schedulerName", "user-scheduler"),
                    Map.entry("imagePullPolicy", "IfNotPresent"),
                    Map.entry("imagePullSecrets", List.of("regcred")),
                    Map.entry("serviceAccount", "notebook"),
                    Map.entry("workingDir", "/home/jovyan/{username}"),
                    Map.entry(
                        "initContainers", List.of(Map.of("name", "init", "image", "busybox"))),
                    Map.entry(
                        "extraContainers", List.of(Map.of("name", "sidecar", "image", "nginx"))),
                    Map.entry(
                        "lifecycleHooks",
                        Map.of(
                            "postStart",
                            Map.of("exec", Map.of("command", List.of("sh", "-c", "true"))))),
                    Map.entry(
                        "extraFiles",
                        List.of(
                            Map.of(
                                "mountPath",
                                "/etc/jupyter/jupyter_server_config.json",
                                "configMap",
                                "jupyter-config",
                                "key",
                                "jupyter_server_config.json"))))));
    Container notebook = notebook(pod);
    assertThat(notebook.getResources().getRequests())
        .containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("1G"));
    assertThat(notebook.getResources().getLimits())
        .containsEntry("cpu", new Quantity("2"))
        .containsEntry("memory", new Quantity("4G"))
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(pod.getSpec().getNodeSelector()).containsEntry("karpenter.sh/nodepool", "gpu");
    assertThat(pod.getSpec().getTolerations().get(0).getKey()).isEqualTo("nvidia.com/gpu");
    assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("user-pods");
    assertThat(pod.getSpec().getSchedulerName()).isEqualTo("user-scheduler");
    assertThat(pod.getSpec().getImagePullSecrets().get(0).getName()).isEqualTo("regcred");
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("notebook");
    assertThat(notebook.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(notebook.getWorkingDir()).isEqualTo("/home/jovyan/" + SLUG);
    assertThat(notebook.getCommand()).containsExactly("jupyterhub-singleuser");
    assertThat(notebook.getArgs()).containsExactly("--ip=0.0.0.0", "--port=8888");
    assertThat(pod.getSpec().getInitContainers().get(0).getName()).isEqualTo("init");
    assertThat(pod.getSpec().getContainers())
        .extracting(Container::getName)
        .containsExactly("notebook", "sidecar");
    assertThat(notebook.getLifecycle().getPostStart().getExec().getCommand())
        .containsExactly("sh", "-c", "true");
    assertThat(pod.getSpec().getVolumes().get(1).getConfigMap().getName())
        .isEqualTo("jupyter-config");
    assertThat(notebook.getVolumeMounts().get(1).getSubPath())
        .isEqualTo("jupyter_server_config.json");
  }

  @Test
  void networkPolicyAdmitsTheHubAndBlocksCloudMetadata() {
    var policy =
        new PodFactory(KubernetesConfig.defaults(), KubeNames.of("alice", ""), REQUEST, HUB_URL)
            .networkPolicy();
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("hub.jupyter.org/username", "alice");
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getFrom())
                    .singleElement()
                    .satisfies(
                        from ->
                            assertThat(from.getPodSelector().getMatchLabels())
                                .isEqualTo(KubernetesSpawner.SERVER_ACCESS_LABELS)
                                .isEqualTo(
                                    Map.of("hub.jupyter.org/network-access-singleuser", "true"))));
    assertThat(policy.getSpec().getEgress().get(0).getTo().get(0).getIpBlock().getExcept())
        .containsExactly("169.254.169.254/32");
  }

  @Test
  void inAUsersNamespaceEveryObjectGoesThereAndThePolicyAdmitsTheHubsNamespace() {
    KubernetesConfig config =
        config(Map.of("namespace", "jupyter", "namespacePerUser", true, "networkPolicy", true));
    PodFactory factory = new PodFactory(config, KubeNames.of(REQUEST.user(), ""), REQUEST, HUB_URL);

    assertThat(factory.namespace()).isEqualTo("jupyter-" + SLUG);
    assertThat(factory.pod().getMetadata().getNamespace()).isEqualTo("jupyter-" + SLUG);
    assertThat(factory.claim().getMetadata().getNamespace()).isEqualTo("jupyter-" + SLUG);
    var policy = factory.networkPolicy();
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("jupyter-" + SLUG);
    var from = policy.getSpec().getIngress().get(0).getFrom().get(0);
    assertThat(from.getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "jupyter"));
    assertThat(from.getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("hub.jupyter.org/network-access-singleuser", "true"));
    assertThat(factory.pod().getMetadata().getLabels())
        .containsEntry("ganymede.dev/hub-namespace", "jupyter");
    assertThat(PodFactory.selector(config))
        .isEqualTo(
            Map.of(
                "component", "singleuser-server",
                "app.kubernetes.io/managed-by", "ganymede",
                "ganymede.dev/hub-namespace", "jupyter"));
  }

  @Test
  void inTheHubsNamespaceThePolicyHasNoNamespaceSelectorAndTheWatchNoHubLabel() {
    KubernetesConfig config = config(Map.of("namespace", "jupyter"));
    PodFactory factory = new PodFactory(config, KubeNames.of(REQUEST.user(), ""), REQUEST, HUB_URL);

    assertThat(factory.namespace()).isEqualTo("jupyter");
    assertThat(factory.networkPolicy().getSpec().getIngress().get(0).getFrom().get(0))
        .satisfies(from -> assertThat(from.getNamespaceSelector()).isNull());
    assertThat(PodFactory.selector(config))
        .isEqualTo(
            Map.of("component", "singleuser-server", "app.kubernetes.io/managed-by", "ganymede"));
  }

  private static Volume volume(String name, String claim, Boolean readOnly) {
    return new io.fabric8.kubernetes.api.model.VolumeBuilder()
        .withName(name)
        .withNewPersistentVolumeClaim()
        .withClaimName(claim)
        .withReadOnly(readOnly)
        .endPersistentVolumeClaim()
        .build();
  }
}
