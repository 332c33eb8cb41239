package dev.ganymede.hub.config;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Section {@code kubernetes}: how the Kubernetes spawner ({@code spawner.type: kubernetes}) builds
 * users' pods. Plain data only: Kubernetes objects that are passed through (tolerations, affinity,
 * init containers, ...) are YAML mappings here and become API objects in the {@code
 * ganymede-kubernetes} module. {@code docs/kubernetes.md} maps every key to its z2jh / KubeSpawner
 * equivalent.
 *
 * <p>Text values of {@code workingDir}, {@code staticSubPath}, {@code volumes}, {@code
 * volumeMounts}, {@code extraLabels}, {@code extraAnnotations} and environment values expand {@code
 * {username}} and {@code {servername}} (the escaped names) per server.
 *
 * <p>With {@code namespacePerUser}, each user's servers run in a namespace of their own named by
 * {@code userNamespaceTemplate} ({@code {namespace}} is {@code namespace}, the hub's; {@code
 * {username}} the escaped user name); {@code userNamespaceLabels} and {@code
 * userNamespaceAnnotations} expand {@code {username}}. A claim names one namespace, so {@code
 * static} storage, {@code dataClaim} and {@code sharedClaim} are refused in that mode.
 *
 * <p>{@code hubUrl} is the hub's URL as users' pods reach it (required with the Kubernetes spawner;
 * the Helm chart sets the hub Service's fully qualified name): pods get {@code JUPYTERHUB_API_URL}
 * = its origin, {@code hub.baseUrl} and {@code hub/api}.
 */
public record KubernetesConfig(
    String namespace,
    boolean namespacePerUser,
    String userNamespaceTemplate,
    Map<String, String> userNamespaceLabels,
    Map<String, String> userNamespaceAnnotations,
    Optional<URI> hubUrl,
    String image,
    Optional<String> imagePullPolicy,
    List<String> imagePullSecrets,
    List<String> command,
    List<String> args,
    int port,
    Optional<String> workingDir,
    Map<String, String> environment,
    List<Map<String, Object>> extraEnv,
    List<Map<String, Object>> envFrom,
    List<Map<String, Object>> extraFiles,
    List<Map<String, Object>> initContainers,
    List<Map<String, Object>> extraContainers,
    Map<String, Object> lifecycleHooks,
    Optional<String> serviceAccount,
    boolean automountServiceAccountToken,
    Optional<String> cpuGuarantee,
    Optional<String> cpuLimit,
    Optional<String> memoryGuarantee,
    Optional<String> memoryLimit,
    Map<String, String> extraResourceGuarantees,
    Map<String, String> extraResourceLimits,
    Map<String, String> nodeSelector,
    List<Map<String, Object>> tolerations,
    Map<String, Object> affinity,
    Optional<String> priorityClassName,
    Optional<String> schedulerName,
    int uid,
    int fsGid,
    boolean allowPrivilegeEscalation,
    Map<String, String> extraLabels,
    Map<String, String> extraAnnotations,
    String storageType,
    String storageCapacity,
    Optional<String> storageClass,
    List<String> storageAccessModes,
    Optional<String> staticClaim,
    String staticSubPath,
    String homeMountPath,
    Optional<String> dataClaim,
    String dataMountPath,
    Optional<String> sharedClaim,
    String sharedMountPath,
    List<Map<String, Object>> volumes,
    List<Map<String, Object>> volumeMounts,
    boolean networkPolicy,
    List<Map<String, Object>> networkPolicyEgress,
    String componentLabel,
    List<ProfileConfig> profiles) {

  public static final String DYNAMIC = "dynamic";
  public static final String STATIC = "static";
  public static final String NONE = "none";

  /** {@code {namespace}-{username}}, KubeSpawner's {@code {hubnamespace}-{username}}. */
  public static final String DEFAULT_USER_NAMESPACE_TEMPLATE = "{namespace}-{username}";

  public KubernetesConfig {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(userNamespaceTemplate, "userNamespaceTemplate");
    userNamespaceLabels = Map.copyOf(userNamespaceLabels);
    userNamespaceAnnotations = Map.copyOf(userNamespaceAnnotations);
    Objects.requireNonNull(hubUrl, "hubUrl");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(imagePullPolicy, "imagePullPolicy");
    imagePullSecrets = List.copyOf(imagePullSecrets);
    command = List.copyOf(command);
    args = List.copyOf(args);
    Objects.requireNonNull(workingDir, "workingDir");
    environment = Map.copyOf(environment);
    extraEnv = List.copyOf(extraEnv);
    envFrom = List.copyOf(envFrom);
    extraFiles = List.copyOf(extraFiles);
    initContainers = List.copyOf(initContainers);
    extraContainers = List.copyOf(extraContainers);
    lifecycleHooks = Map.copyOf(lifecycleHooks);
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    Objects.requireNonNull(cpuGuarantee, "cpuGuarantee");
    Objects.requireNonNull(cpuLimit, "cpuLimit");
    Objects.requireNonNull(memoryGuarantee, "memoryGuarantee");
    Objects.requireNonNull(memoryLimit, "memoryLimit");
    extraResourceGuarantees = Map.copyOf(extraResourceGuarantees);
    extraResourceLimits = Map.copyOf(extraResourceLimits);
    nodeSelector = Map.copyOf(nodeSelector);
    tolerations = List.copyOf(tolerations);
    affinity = Map.copyOf(affinity);
    Objects.requireNonNull(priorityClassName, "priorityClassName");
    Objects.requireNonNull(schedulerName, "schedulerName");
    extraLabels = Map.copyOf(extraLabels);
    extraAnnotations = Map.copyOf(extraAnnotations);
    Objects.requireNonNull(storageType, "storageType");
    Objects.requireNonNull(storageCapacity, "storageCapacity");
    Objects.requireNonNull(storageClass, "storageClass");
    storageAccessModes = List.copyOf(storageAccessModes);
    Objects.requireNonNull(staticClaim, "staticClaim");
    Objects.requireNonNull(staticSubPath, "staticSubPath");
    Objects.requireNonNull(homeMountPath, "homeMountPath");
    Objects.requireNonNull(dataClaim, "dataClaim");
    Objects.requireNonNull(dataMountPath, "dataMountPath");
    Objects.requireNonNull(sharedClaim, "sharedClaim");
    Objects.requireNonNull(sharedMountPath, "sharedMountPath");
    volumes = List.copyOf(volumes);
    volumeMounts = List.copyOf(volumeMounts);
    networkPolicyEgress = List.copyOf(networkPolicyEgress);
    Objects.requireNonNull(componentLabel, "componentLabel");
    profiles = List.copyOf(profiles);
  }

  public static KubernetesConfig defaults() {
    return new KubernetesConfig(
        "default",
        false,
        DEFAULT_USER_NAMESPACE_TEMPLATE,
        Map.of(),
        Map.of(),
        Optional.empty(),
        "quay.io/jupyterhub/singleuser:latest",
        Optional.empty(),
        List.of(),
        List.of("jupyterhub-singleuser"),
        List.of(),
        8888,
        Optional.empty(),
        Map.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Map.of(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.of("1G"),
        Optional.empty(),
        Map.of(),
        Map.of(),
        Map.of(),
        List.of(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        1000,
        100,
        false,
        Map.of(),
        Map.of(),
        DYNAMIC,
        "10Gi",
        Optional.empty(),
        List.of("ReadWriteOnce"),
        Optional.empty(),
        "{username}",
        "/home/jovyan",
        Optional.empty(),
        "/data",
        Optional.empty(),
        "/shared",
        List.of(),
        List.of(),
        false,
        List.of(),
        "singleuser-server",
        List.of());
  }

  /**
   * This section with {@code overrides} (key name to plain YAML data, as in a profile) applied:
   * mappings of text ({@code environment}, {@code nodeSelector}, labels, ...) are merged, every
   * other value replaced. {@code profiles} cannot be overridden.
   *
   * @throws IllegalArgumentException naming the key, for an unknown key or a bad value
   */
  public KubernetesConfig withOverrides(Map<String, Object> overrides) {
    return KubernetesOverrides.apply(this, overrides);
  }
}
