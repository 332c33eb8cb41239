package dev.ganymede.kubernetes;

import dev.ganymede.hub.config.KubernetesConfig;
import dev.ganymede.hub.spawner.SingleuserEnvironment;
import dev.ganymede.hub.spawner.SpawnRequest;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the Kubernetes objects of one user's server from the effective settings: the pod, its home
 * PVC ({@code dynamic} storage) and its network policy, all in the server's namespace (the hub's,
 * or the user's with {@code namespacePerUser}). Pure: no API calls.
 *
 * <p>The notebook container's environment, later entries winning: JupyterHub's variables for a
 * single-user server ({@link SingleuserEnvironment}, listening on {@code 0.0.0.0}) and {@code
 * MEM_LIMIT}/{@code MEM_GUARANTEE}/{@code CPU_LIMIT}/{@code CPU_GUARANTEE} when set; the request's
 * variables ({@code spawner.environment}, a sign-in's tokens); {@code kubernetes.environment};
 * {@code JUPYTER_IMAGE} and {@code JUPYTER_IMAGE_SPEC}; {@code kubernetes.extraEnv} (an EnvVar
 * replaces a variable of the same name). Nothing of the hub's own environment.
 */
final class PodFactory {

  static final String MANAGED_BY = "ganymede";
  static final String LABEL_USER = "hub.jupyter.org/username";
  static final String LABEL_SERVER = "hub.jupyter.org/servername";
  static final String LABEL_MANAGED = "app.kubernetes.io/managed-by";

  /**
   * The hub's own namespace, on every object: with {@code namespacePerUser} the watch and orphan
   * sweep span all namespaces, and this label keeps them to this hub's servers.
   */
  static final String LABEL_HUB_NAMESPACE = "ganymede.dev/hub-namespace";

  private static final KubernetesSerialization SERIAL = new KubernetesSerialization();

  private final KubernetesConfig config;
  private final KubeNames names;
  private final SpawnRequest request;
  private final URI hubUrl;
  private final String namespace;

  /**
   * @param hubUrl the hub's URL with its base path as pods reach it ({@code kubernetes.hubUrl} with
   *     {@code hub.baseUrl})
   */
  PodFactory(KubernetesConfig config, KubeNames names, SpawnRequest request, URI hubUrl) {
    this.config = Objects.requireNonNull(config, "config");
    this.names = Objects.requireNonNull(names, "names");
    this.request = Objects.requireNonNull(request, "request");
    this.hubUrl = Objects.requireNonNull(hubUrl, "hubUrl");
    this.namespace = UserNamespaces.of(config, names);
  }

  /**
   * The labels that mark a pod as a user server of this hub (for watches and orphans): with {@code
   * namespacePerUser}, where they span all namespaces, the hub's namespace too.
   */
  static Map<String, String> selector(KubernetesConfig config) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put("component", config.componentLabel());
    selector.put(LABEL_MANAGED, MANAGED_BY);
    if (config.namespacePerUser()) {
      selector.put(LABEL_HUB_NAMESPACE, config.namespace());
    }
    return selector;
  }

  /** The namespace of the server's objects (see {@link UserNamespaces}). */
  String namespace() {
    return namespace;
  }

  Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    config.extraLabels().forEach((k, v) -> labels.put(k, names.expand(v)));
    labels.put("app", "jupyterhub");
    labels.put("app.kubernetes.io/name", "jupyterhub");
    labels.put("heritage", "jupyterhub");
    labels.put("component", config.componentLabel());
    labels.put("app.kubernetes.io/component", config.componentLabel());
    labels.put(LABEL_MANAGED, MANAGED_BY);
    labels.put(LABEL_HUB_NAMESPACE, config.namespace());
    labels.put(LABEL_USER, names.username());
    labels.put(LABEL_SERVER, names.servername());
    labels.put("hub.jupyter.org/network-access-hub", "true");
    return labels;
  }

  Map<String, String> annotations() {
    Map<String, String> annotations = new LinkedHashMap<>();
    config.extraAnnotations().forEach((k, v) -> annotations.put(k, names.expand(v)));
    annotations.put(LABEL_USER, request.user());
    annotations.put(LABEL_SERVER, request.serverName());
    return annotations;
  }

  Pod pod() {
    ObjectMeta meta =
        new ObjectMetaBuilder()
            .withName(names.pod())
            .withNamespace(namespace)
            .withLabels(labels())
            .withAnnotations(annotations())
            .build();
    PodBuilder pod =
        new PodBuilder()
            .withMetadata(meta)
            .withNewSpec()
            .withRestartPolicy("OnFailure")
            .withAutomountServiceAccountToken(config.automountServiceAccountToken())
            .withServiceAccountName(config.serviceAccount().orElse(null))
            .withImagePullSecrets(
                config.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
            .withNodeSelector(config.nodeSelector().isEmpty() ? null : config.nodeSelector())
            .withTolerations(convertAll(config.tolerations(), Toleration.class))
            .withAffinity(
                config.affinity().isEmpty() ? null : convert(config.affinity(), Affinity.class))
            .withPriorityClassName(config.priorityClassName().orElse(null))
            .withSchedulerName(config.schedulerName().orElse(null))
            .withNewSecurityContext()
            .withFsGroup((long) config.fsGid())
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .withInitContainers(convertAll(config.initContainers(), Container.class))
            .addToContainers(notebook())
            .addAllToContainers(convertAll(config.extraContainers(), Container.class))
            .withVolumes(volumes())
            .endSpec();
    return pod.build();
  }

  private Container notebook() {
    List<String> args = new ArrayList<>(config.args());
    args.add("--ip=0.0.0.0");
    args.add("--port=" + config.port());
    return new ContainerBuilder()
        .withName("notebook")
        .withImage(config.image())
        .withImagePullPolicy(config.imagePullPolicy().orElse(null))
        .withCommand(config.command())
        .withArgs(args)
        .withWorkingDir(config.workingDir().map(names::expand).orElse(null))
        .addNewPort()
        .withName("notebook-port")
        .withContainerPort(config.port())
        .withProtocol("TCP")
        .endPort()
        .withEnv(environment())
        .withEnvFrom(convertAll(config.envFrom(), EnvFromSource.class))
        .withResources(resources())
        .withLifecycle(
            config.lifecycleHooks().isEmpty()
                ? null
                : convert(config.lifecycleHooks(), Lifecycle.class))
        .withNewSecurityContext()
        .withRunAsUser((long) config.uid())
        .withRunAsNonRoot(config.uid() != 0)
        .withAllowPrivilegeEscalation(config.allowPrivilegeEscalation())
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .withVolumeMounts(mounts())
        .build();
  }

  /** The notebook container's environment, in the order of the class comment. */
  List<EnvVar> environment() {
    Map<String, String> plain =
        new LinkedHashMap<>(SingleuserEnvironment.of(request, hubUrl, "0.0.0.0", config.port()));
    config.memoryLimit().ifPresent(q -> plain.put("MEM_LIMIT", bytes(q)));
    config.memoryGuarantee().ifPresent(q -> plain.put("MEM_GUARANTEE", bytes(q)));
    config.cpuLimit().ifPresent(q -> plain.put("CPU_LIMIT", cores(q)));
    config.cpuGuarantee().ifPresent(q -> plain.put("CPU_GUARANTEE", cores(q)));
    plain.putAll(request.environment());
    config.environment().forEach((k, v) -> plain.put(k, names.expand(v)));
    plain.put("JUPYTER_IMAGE", config.image());
    plain.put("JUPYTER_IMAGE_SPEC", config.image());
    Map<String, EnvVar> env = new LinkedHashMap<>();
    plain.forEach((k, v) -> env.put(k, new EnvVar(k, v, null)));
    for (EnvVar extra : convertAll(config.extraEnv(), EnvVar.class)) {
      env.remove(extra.getName());
      env.put(extra.getName(), extra);
    }
    return List.copyOf(env.values());
  }

  /**
   * A memory quantity in bytes, as JupyterHub passes {@code mem_limit}: {@code 1G} → 1000000000.
   */
  private static String bytes(String quantity) {
    return Quantity.getAmountInBytes(new Quantity(quantity)).toBigInteger().toString();
  }

  /** A CPU quantity as a float, as JupyterHub passes {@code cpu_limit}: {@code 500m} → 0.5. */
  private static String cores(String quantity) {
    BigDecimal amount = Quantity.getAmountInBytes(new Quantity(quantity));
    return Double.toString(amount.doubleValue());
  }

  ResourceRequirements resources() {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    Map<String, Quantity> limits = new LinkedHashMap<>();
    config.cpuGuarantee().ifPresent(q -> requests.put("cpu", new Quantity(q)));
    config.memoryGuarantee().ifPresent(q -> requests.put("memory", new Quantity(q)));
    config.extraResourceGuarantees().forEach((k, q) -> requests.put(k, new Quantity(q)));
    config.cpuLimit().ifPresent(q -> limits.put("cpu", new Quantity(q)));
    config.memoryLimit().ifPresent(q -> limits.put("memory", new Quantity(q)));
    config.extraResourceLimits().forEach((k, q) -> limits.put(k, new Quantity(q)));
    ResourceRequirements resources = new ResourceRequirements();
    resources.setRequests(requests);
    resources.setLimits(limits);
    return resources;
  }

  List<Volume> volumes() {
    List<Volume> volumes = new ArrayList<>();
    switch (config.storageType()) {
      case KubernetesConfig.DYNAMIC -> volumes.add(claimVolume("home", names.claim(), false));
      case KubernetesConfig.STATIC ->
          volumes.add(
              claimVolume(
                  "home",
                  config
                      .staticClaim()
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  "kubernetes.staticClaim is required for static storage")),
                  false));
      default -> {}
    }
    config.dataClaim().ifPresent(claim -> volumes.add(claimVolume("data", claim, true)));
    config.sharedClaim().ifPresent(claim -> volumes.add(claimVolume("shared", claim, false)));
    for (int i = 0; i < config.extraFiles().size(); i++) {
      volumes.add(fileVolume(i, config.extraFiles().get(i)));
    }
    volumes.addAll(convertAll(config.volumes(), Volume.class));
    return volumes;
  }

  List<VolumeMount> mounts() {
    List<VolumeMount> mounts = new ArrayList<>();
    switch (config.storageType()) {
      case KubernetesConfig.DYNAMIC ->
          mounts.add(
              new VolumeMountBuilder()
                  .withName("home")
                  .withMountPath(config.homeMountPath())
                  .build());
      case KubernetesConfig.STATIC ->
          mounts.add(
              new VolumeMountBuilder()
                  .withName("home")
                  .withMountPath(config.homeMountPath())
                  .withSubPath(names.expand(config.staticSubPath()))
                  .build());
      default -> {}
    }
    config
        .dataClaim()
        .ifPresent(
            c ->
                mounts.add(
                    new VolumeMountBuilder()
                        .withName("data")
                        .withMountPath(config.dataMountPath())
                        .withReadOnly(true)
                        .build()));
    config
        .sharedClaim()
        .ifPresent(
            c ->
                mounts.add(
                    new VolumeMountBuilder()
                        .withName("shared")
                        .withMountPath(config.sharedMountPath())
                        .build()));
    for (int i = 0; i < config.extraFiles().size(); i++) {
      Map<String, Object> file = config.extraFiles().get(i);
      mounts.add(
          new VolumeMountBuilder()
              .withName("files-" + i)
              .withMountPath(text(file, "mountPath"))
              .withSubPath(text(file, "key"))
              .withReadOnly(true)
              .build());
    }
    mounts.addAll(convertAll(config.volumeMounts(), VolumeMount.class));
    return mounts;
  }

  private static Volume claimVolume(String name, String claim, boolean readOnly) {
    return new VolumeBuilder()
        .withName(name)
        .withNewPersistentVolumeClaim()
        .withClaimName(claim)
        .withReadOnly(readOnly ? Boolean.TRUE : null)
        .endPersistentVolumeClaim()
        .build();
  }

  private static Volume fileVolume(int index, Map<String, Object> file) {
    String key = text(file, "key");
    Integer mode = file.get("mode") instanceof Number n ? n.intValue() : null;
    VolumeBuilder volume = new VolumeBuilder().withName("files-" + index);
    if (file.containsKey("secret")) {
      return volume
          .withNewSecret()
          .withSecretName(file.get("secret").toString())
          .addNewItem()
          .withKey(key)
          .withPath(key)
          .withMode(mode)
          .endItem()
          .endSecret()
          .build();
    }
    if (file.containsKey("configMap")) {
      return volume
          .withNewConfigMap()
          .withName(file.get("configMap").toString())
          .addNewItem()
          .withKey(key)
          .withPath(key)
          .withMode(mode)
          .endItem()
          .endConfigMap()
          .build();
    }
    throw new IllegalStateException(
        "kubernetes.extraFiles: each file needs a secret or a configMap, got " + file.keySet());
  }

  private static String text(Map<String, Object> map, String key) {
    Object value = map.get(key);
    if (value == null) {
      throw new IllegalStateException("kubernetes.extraFiles: each file needs " + key);
    }
    return value.toString();
  }

  /** The home PVC of {@code dynamic} storage. */
  PersistentVolumeClaim claim() {
    Map<String, String> labels = new LinkedHashMap<>(labels());
    labels.put("component", "singleuser-storage");
    labels.put("app.kubernetes.io/component", "singleuser-storage");
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(names.claim())
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(annotations())
        .endMetadata()
        .withNewSpec()
        .withAccessModes(config.storageAccessModes())
        .withStorageClassName(config.storageClass().orElse(null))
        .withNewResources()
        .addToRequests("storage", new Quantity(config.storageCapacity()))
        .endResources()
        .endSpec()
        .build();
  }

  /**
   * Ingress only from pods with {@link KubernetesSpawner#SERVER_ACCESS_LABELS} (the hub and proxy)
   * in the hub's namespace; egress as configured, or anywhere but the cloud metadata address.
   */
  NetworkPolicy networkPolicy() {
    List<NetworkPolicyEgressRule> egress =
        config.networkPolicyEgress().isEmpty()
            ? List.of(
                new NetworkPolicyEgressRuleBuilder()
                    .addNewTo()
                    .withNewIpBlock()
                    .withCidr("0.0.0.0/0")
                    .withExcept("169.254.169.254/32")
                    .endIpBlock()
                    .endTo()
                    .build())
            : convertAll(config.networkPolicyEgress(), NetworkPolicyEgressRule.class);
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(names.pod())
        .withNamespace(namespace)
        .withLabels(labels())
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .addToMatchLabels(LABEL_USER, names.username())
        .addToMatchLabels(LABEL_SERVER, names.servername())
        .addToMatchLabels("component", config.componentLabel())
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .addNewFrom()
        .withNamespaceSelector(hubNamespaceSelector())
        .withNewPodSelector()
        .addToMatchLabels(KubernetesSpawner.SERVER_ACCESS_LABELS)
        .endPodSelector()
        .endFrom()
        .addNewPort()
        .withNewPort(config.port())
        .withProtocol("TCP")
        .endPort()
        .endIngress()
        .withEgress(egress)
        .endSpec()
        .build();
  }

  /** None in the hub's namespace; in a user's namespace, the hub's (where hub and proxy run). */
  private LabelSelector hubNamespaceSelector() {
    if (namespace.equals(config.namespace())) {
      return null;
    }
    return new LabelSelectorBuilder()
        .addToMatchLabels("kubernetes.io/metadata.name", config.namespace())
        .build();
  }

  private <T> T convert(Map<String, Object> raw, Class<T> type) {
    return SERIAL.convertValue(expand(raw), type);
  }

  private <T> List<T> convertAll(List<Map<String, Object>> raw, Class<T> type) {
    return raw.stream().map(item -> convert(item, type)).toList();
  }

  private Object expand(Object data) {
    if (data instanceof String text) {
      return names.expand(text);
    }
    if (data instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k.toString(), expand(v)));
      return out;
    }
    if (data instanceof List<?> list) {
      return list.stream().map(this::expand).toList();
    }
    return data;
  }
}
