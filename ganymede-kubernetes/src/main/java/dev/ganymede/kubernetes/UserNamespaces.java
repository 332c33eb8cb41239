package dev.ganymede.kubernetes;

import dev.ganymede.hub.config.KubernetesConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a user's servers run: the hub's namespace ({@code kubernetes.namespace}), or with {@code
 * kubernetes.namespacePerUser} a namespace of the user's own, which the spawner creates when it is
 * missing and never deletes (the user's home claim lives there). Pure: no API calls.
 */
final class UserNamespaces {

  private UserNamespaces() {}

  /** The namespace of {@code names}' servers. */
  static String of(KubernetesConfig config, KubeNames names) {
    return config.namespacePerUser()
        ? names.userNamespace(config.userNamespaceTemplate(), config.namespace())
        : config.namespace();
  }

  /**
   * The user's namespace as created: the configured labels and annotations ({@code {username}}
   * expanded), then labels marking it as this hub's ({@code app.kubernetes.io/managed-by}, {@code
   * hub.jupyter.org/username}, {@value PodFactory#LABEL_HUB_NAMESPACE}) and the raw user name as an
   * annotation.
   *
   * @param user the user's name as the hub knows it
   */
  static Namespace manifest(KubernetesConfig config, KubeNames names, String user) {
    Map<String, String> labels = new LinkedHashMap<>();
    config
        .userNamespaceLabels()
        .forEach((k, v) -> labels.put(k, v.replace("{username}", names.username())));
    labels.put(PodFactory.LABEL_MANAGED, PodFactory.MANAGED_BY);
    labels.put(PodFactory.LABEL_USER, names.username());
    labels.put(PodFactory.LABEL_HUB_NAMESPACE, config.namespace());
    Map<String, String> annotations = new LinkedHashMap<>();
    config
        .userNamespaceAnnotations()
        .forEach((k, v) -> annotations.put(k, v.replace("{username}", names.username())));
    annotations.put(PodFactory.LABEL_USER, user);
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(of(config, names))
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }
}
