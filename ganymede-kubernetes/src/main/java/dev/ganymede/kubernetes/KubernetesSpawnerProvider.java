package dev.ganymede.kubernetes;

import dev.ganymede.hub.config.KubernetesConfig;
import dev.ganymede.hub.spawner.Spawner;
import dev.ganymede.hub.spawner.SpawnerProvider;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;

/**
 * Provides {@code spawner.type: kubernetes}. The client finds the cluster as kubectl does (the
 * in-cluster service account, or {@code KUBECONFIG}).
 */
public final class KubernetesSpawnerProvider implements SpawnerProvider {

  @Override
  public String kind() {
    return KubernetesSpawner.KIND;
  }

  @Override
  public Spawner create(Environment environment) {
    KubernetesConfig config = environment.config().kubernetes();
    URI hubUrl = KubernetesSpawner.hubUrl(environment.config());
    KubernetesClient client = new KubernetesClientBuilder().build();
    KubernetesSpawner spawner =
        new KubernetesSpawner(
            config,
            environment.config().spawner().startTimeout(),
            client,
            environment.groupsOf(),
            KubernetesSpawner.podAddress(config.port()),
            hubUrl);
    return new ClosingSpawner(spawner, client);
  }
}
