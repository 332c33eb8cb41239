package dev.ganymede.kubernetes;

import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.KubernetesConfig;
import dev.ganymede.hub.config.ProfileConfig;
import dev.ganymede.hub.spawner.InvalidOptionsException;
import dev.ganymede.hub.spawner.RunningServer;
import dev.ganymede.hub.spawner.ServerStatus;
import dev.ganymede.hub.spawner.SpawnContext;
import dev.ganymede.hub.spawner.SpawnException;
import dev.ganymede.hub.spawner.SpawnRequest;
import dev.ganymede.hub.spawner.Spawner;
import dev.ganymede.hub.spawner.SpawnerState;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each user server as a pod (see {@code docs/kubernetes.md}), in the hub's namespace or, with
 * {@code namespacePerUser}, in a namespace per user that it creates when missing and never deletes.
 * One shared informer watches the pods labelled as this hub's user servers (in the hub's namespace,
 * or across all namespaces); {@link #poll}, readiness waits and orphan removal read its cache, so
 * no pod is polled through the API. Kubernetes events of a starting pod are streamed as spawn
 * progress.
 *
 * <p>Thread-safe: the hub calls it from many virtual threads (one per server at a time).
 */
public final class KubernetesSpawner implements Spawner, AutoCloseable {

  static final String KIND = "kubernetes";

  /**
   * The labels a pod in the hub's namespace needs to reach users' servers when {@code
   * kubernetes.networkPolicy} is on: each server's policy admits only pods carrying them (z2jh's
   * label). The Helm chart puts them on the hub and proxy pods.
   */
  public static final Map<String, String> SERVER_ACCESS_LABELS =
      Map.of("hub.jupyter.org/network-access-singleuser", "true");

  private static final Logger log = LoggerFactory.getLogger(KubernetesSpawner.class);
  private static final Duration HTTP_RETRY = Duration.ofMillis(200);

  private final KubernetesConfig config;
  private final Duration startTimeout;
  private final KubernetesClient client;
  private final Function<String, Set<String>> groupsOf;
  private final Function<Pod, URI> address;
  private final URI hubUrl;
  private final ProfileResolver resolver;
  private final SharedIndexInformer<Pod> pods;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * Starts the pod informer and waits until its cache is filled.
   *
   * @param address where a running pod's server answers; {@link #podAddress} in production, a local
   *     test server in tests
   * @param hubUrl the hub's URL with its base path as pods reach it (see {@link #hubUrl}); pods get
   *     {@code JUPYTERHUB_API_URL} and {@code JUPYTERHUB_ACTIVITY_URL} under it
   */
  public KubernetesSpawner(
      KubernetesConfig config,
      Duration startTimeout,
      KubernetesClient client,
      Function<String, Set<String>> groupsOf,
      Function<Pod, URI> address,
      URI hubUrl) {
    this.config = Objects.requireNonNull(config, "config");
    this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
    this.client = Objects.requireNonNull(client, "client");
    this.groupsOf = Objects.requireNonNull(groupsOf, "groupsOf");
    this.address = Objects.requireNonNull(address, "address");
    this.hubUrl = Objects.requireNonNull(hubUrl, "hubUrl");
    this.resolver = new ProfileResolver(config);
    var scope =
        config.namespacePerUser()
            ? client.pods().inAnyNamespace()
            : client.pods().inNamespace(config.namespace());
    this.pods = scope.withLabels(PodFactory.selector(config)).inform();
  }

  /**
   * The hub's URL as pods reach it: the origin of {@code kubernetes.hubUrl} and {@code
   * hub.baseUrl}, e.g. {@code http://ganymede-hub.jupyter.svc.cluster.local:8081/jh/}.
   *
   * @throws IllegalArgumentException naming the key when {@code kubernetes.hubUrl} is not set
   */
  public static URI hubUrl(GanymedeConfig config) {
    URI configured =
        config
            .kubernetes()
            .hubUrl()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "kubernetes.hubUrl: required when spawner.type is kubernetes (the hub's"
                            + " URL as users' pods reach it)"));
    return URI.create(
        configured.getScheme() + "://" + configured.getRawAuthority() + config.hub().baseUrl());
  }

  /** {@code http://<pod IP>:<port>}. */
  public static Function<Pod, URI> podAddress(int port) {
    return pod -> URI.create("http://" + pod.getStatus().getPodIP() + ":" + port);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<ProfileConfig> profiles(String user) {
    return resolver.visible(groupsOf.apply(user));
  }

  @Override
  public void validateOptions(String user, Map<String, Object> userOptions) {
    resolver.resolve(groupsOf.apply(user), userOptions);
  }

  @Override
  public RunningServer start(SpawnRequest request, SpawnContext context) {
    ProfileResolver.Resolution resolution;
    try {
      resolution = resolver.resolve(groupsOf.apply(request.user()), request.userOptions());
    } catch (InvalidOptionsException e) {
      throw new SpawnException(e.getMessage());
    }
    KubernetesConfig effective = resolution.config();
    KubeNames names = KubeNames.of(request.user(), request.serverName());
    PodFactory factory = new PodFactory(effective, names, request, hubUrl);
    String namespace = factory.namespace();
    Map<String, Object> values = new HashMap<>();
    values.put("pod", names.pod());
    values.put("namespace", namespace);
    resolution.profile().ifPresent(p -> values.put("profile", p));
    if (effective.storageType().equals(KubernetesConfig.DYNAMIC)) {
      values.put("pvc", names.claim());
    }
    SpawnerState state = new SpawnerState(values);
    context.checkpoint(state);
    Deque<String> lastEvents = new ArrayDeque<>();
    EventStream events = new EventStream(names.pod(), lastEvents, context);
    Watch watch = null;
    Instant deadline = Instant.now().plus(startTimeout);
    try {
      if (effective.namespacePerUser()
          && ensureNamespace(UserNamespaces.manifest(effective, names, request.user()))) {
        context.progress(5, "Created namespace " + namespace);
      }
      watch = client.v1().events().inNamespace(namespace).watch(events);
      context.progress(10, "Requesting pod " + names.pod());
      removeLeftover(namespace, names.pod(), deadline);
      if (effective.storageType().equals(KubernetesConfig.DYNAMIC)) {
        ensureClaim(factory);
      }
      if (effective.networkPolicy()) {
        createNetworkPolicy(factory.networkPolicy(), deadline);
      }
      Pod created = client.pods().inNamespace(namespace).resource(factory.pod()).create();
      events.podUid(created.getMetadata().getUid());
      context.progress(20, "Pod " + names.pod() + " created");
      Pod running = awaitRunning(namespace, names.pod(), deadline, lastEvents);
      URI url = address.apply(running);
      context.progress(90, "Pod running at " + running.getStatus().getPodIP());
      awaitHttp(url.resolve(request.basePath() + "api"), deadline, lastEvents);
      return new RunningServer(url, state);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteQuietly(namespace, names.pod());
      throw new SpawnException("The start was cancelled");
    } catch (SpawnException e) {
      deleteQuietly(namespace, names.pod());
      throw e;
    } catch (KubernetesClientException e) {
      deleteQuietly(namespace, names.pod());
      throw new SpawnException("Kubernetes refused the server: " + e.getStatus().getMessage(), e);
    } finally {
      if (watch != null) {
        watch.close();
      }
    }
  }

  /**
   * Creates the user's namespace unless it exists (two servers of one user may race: the loser's
   * conflict is fine). Never updates or deletes it.
   *
   * @return whether this call created it
   */
  private boolean ensureNamespace(Namespace namespace) {
    String name = namespace.getMetadata().getName();
    if (client.namespaces().withName(name).get() != null) {
      return false;
    }
    try {
      client.namespaces().resource(namespace).create();
      log.info("Created namespace {}", name);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  private void removeLeftover(String namespace, String pod, Instant deadline) {
    var resource = client.pods().inNamespace(namespace).withName(pod);
    if (resource.get() != null) {
      log.info("Deleting leftover pod {}", pod);
      resource.withGracePeriod(0).delete();
      try {
        resource.waitUntilCondition(Objects::isNull, remaining(deadline), TimeUnit.MILLISECONDS);
      } catch (KubernetesClientException e) {
        throw new SpawnException("The previous pod " + pod + " is still terminating");
      }
    }
  }

  /**
   * Creates the server's network policy; a leftover one of the same name (a stop that never
   * finished) is deleted and created anew, never updated: the hub needs no {@code update} or {@code
   * patch} on network policies, only {@code create} and {@code delete}. No pod of this server runs
   * meanwhile (a leftover pod was removed before), so nothing is exposed while the policy is gone.
   */
  private void createNetworkPolicy(NetworkPolicy policy, Instant deadline)
      throws InterruptedException {
    var policies =
        client.network().v1().networkPolicies().inNamespace(policy.getMetadata().getNamespace());
    String name = policy.getMetadata().getName();
    while (true) {
      try {
        policies.resource(policy).create();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
      }
      log.info("Replacing leftover network policy {}", name);
      policies.withName(name).delete();
      if (Instant.now().isAfter(deadline)) {
        throw new SpawnException("The previous network policy " + name + " is still being deleted");
      }
      pause(HTTP_RETRY);
    }
  }

  private void ensureClaim(PodFactory factory) {
    var claim = factory.claim();
    var resource =
        client
            .persistentVolumeClaims()
            .inNamespace(claim.getMetadata().getNamespace())
            .withName(claim.getMetadata().getName());
    if (resource.get() == null) {
      log.info("Creating claim {}", claim.getMetadata().getName());
      client.persistentVolumeClaims().resource(claim).create();
    }
  }

  /**
   * Waits until the informer sees the pod running with an IP. The wait is a future completed by an
   * informer handler, never a sleep: the fabric8 client completes its responses on the common
   * fork-join pool, which a caller on that pool must not hold (a blocked {@code get} lets the pool
   * add a worker, a sleeping thread does not).
   */
  private Pod awaitRunning(String namespace, String name, Instant deadline, Deque<String> events)
      throws InterruptedException {
    String key = namespace + "/" + name;
    CompletableFuture<Pod> running = new CompletableFuture<>();
    Consumer<Pod> check =
        pod -> {
          if (pod == null || !key.equals(namespace(pod) + "/" + pod.getMetadata().getName())) {
            return;
          }
          String phase =
              pod.getStatus() == null
                  ? "Pending"
                  : Objects.toString(pod.getStatus().getPhase(), "Pending");
          if (phase.equals("Failed") || phase.equals("Succeeded")) {
            running.completeExceptionally(
                new SpawnException(
                    "The pod stopped (" + phase + ") before it was ready" + eventsText(events)));
          } else if (phase.equals("Running") && pod.getStatus().getPodIP() != null) {
            running.complete(pod);
          }
        };
    ResourceEventHandler<Pod> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            check.accept(pod);
          }

          @Override
          public void onUpdate(Pod before, Pod pod) {
            check.accept(pod);
          }

          @Override
          public void onDelete(Pod pod, boolean finalStateUnknown) {
            if (key.equals(namespace(pod) + "/" + pod.getMetadata().getName())) {
              running.completeExceptionally(
                  new SpawnException(
                      "The pod was deleted before it was ready" + eventsText(events)));
            }
          }
        };
    pods.addEventHandler(handler);
    try {
      check.accept(pods.getStore().getByKey(key));
      return running.get(remaining(deadline), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw timedOut(events);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof SpawnException failure
          ? failure
          : new SpawnException("Waiting for the pod failed", e.getCause());
    } finally {
      pods.removeEventHandler(handler);
    }
  }

  private static String namespace(Pod pod) {
    return Objects.toString(pod.getMetadata().getNamespace(), "");
  }

  private void awaitHttp(URI uri, Instant deadline, Deque<String> events)
      throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
    while (true) {
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status < 500) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      checkDeadline(deadline, events);
      pause(HTTP_RETRY);
    }
  }

  /** Waits without holding a fork-join worker (see {@link #awaitRunning}). */
  private static void pause(Duration duration) throws InterruptedException {
    try {
      new CompletableFuture<Void>()
          .completeOnTimeout(null, duration.toMillis(), TimeUnit.MILLISECONDS)
          .get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long remaining(Instant deadline) {
    return Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
  }

  private SpawnException timedOut(Deque<String> events) {
    return new SpawnException(
        "The server did not start within " + startTimeout.toSeconds() + " s" + eventsText(events));
  }

  private void checkDeadline(Instant deadline, Deque<String> events) {
    if (Instant.now().isAfter(deadline)) {
      throw timedOut(events);
    }
  }

  private static String eventsText(Deque<String> events) {
    synchronized (events) {
      return events.isEmpty() ? "" : "; last events: " + String.join("; ", events);
    }
  }

  @Override
  public ServerStatus poll(SpawnerState state) {
    String namespace = namespaceOf(state);
    return state
        .string("pod")
        .map(name -> pods.getStore().getByKey(namespace + "/" + name))
        .filter(KubernetesSpawner::alive)
        .map(pod -> ServerStatus.RUNNING)
        .orElse(ServerStatus.STOPPED);
  }

  private static boolean alive(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    String phase = pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase();
    return phase == null || phase.equals("Pending") || phase.equals("Running");
  }

  @Override
  public void stop(SpawnerState state, Duration grace) {
    String namespace = namespaceOf(state);
    state
        .string("pod")
        .ifPresent(
            name -> {
              client
                  .pods()
                  .inNamespace(namespace)
                  .withName(name)
                  .withGracePeriod(grace.toSeconds())
                  .delete();
              client
                  .network()
                  .v1()
                  .networkPolicies()
                  .inNamespace(namespace)
                  .withName(name)
                  .delete();
              log.info("Deleted pod {} (its claim is kept)", name);
            });
  }

  /** The namespace recorded with the server; states from before it was recorded: the hub's. */
  private String namespaceOf(SpawnerState state) {
    return state.string("namespace").orElse(config.namespace());
  }

  /**
   * Deletes the pods in the informer's cache (this hub's labels, in its namespace or the user
   * namespaces) that no record names by namespace and name.
   */
  @Override
  public void removeOrphans(Collection<SpawnerState> known) {
    Set<String> keys =
        known.stream()
            .flatMap(s -> s.string("pod").map(pod -> namespaceOf(s) + "/" + pod).stream())
            .collect(Collectors.toUnmodifiableSet());
    for (Pod pod : pods.getStore().list()) {
      String key = namespace(pod) + "/" + pod.getMetadata().getName();
      if (!keys.contains(key)) {
        log.warn("Removing orphan pod {}: no server record names it", key);
        deleteQuietly(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
      }
    }
  }

  /** Stops the informer; the client belongs to whoever created it. */
  @Override
  public void close() {
    pods.close();
  }

  /**
   * Deletes a pod, logging a failure. Works on a thread whose start was cancelled: the interrupt is
   * put aside for the call (the client refuses to send from an interrupted thread) and restored.
   */
  private void deleteQuietly(String namespace, String name) {
    boolean interrupted = Thread.interrupted();
    try {
      client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      log.warn("Cannot delete pod {}: {}", name, e.getMessage());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Forwards the events of one pod to the spawn's progress and keeps the last five. */
  private static final class EventStream implements Watcher<Event> {
    private final String pod;
    private final Deque<String> last;
    private final SpawnContext context;
    private volatile String uid;
    private int percent = 20;

    EventStream(String pod, Deque<String> last, SpawnContext context) {
      this.pod = pod;
      this.last = last;
      this.context = context;
    }

    void podUid(String value) {
      uid = value;
    }

    @Override
    public synchronized void eventReceived(Action action, Event event) {
      var involved = event.getInvolvedObject();
      if (action == Action.DELETED || involved == null || !pod.equals(involved.getName())) {
        return;
      }
      if (uid != null && involved.getUid() != null && !uid.equals(involved.getUid())) {
        return;
      }
      String text = event.getReason() + ": " + event.getMessage();
      synchronized (last) {
        last.addLast(text);
        while (last.size() > 5) {
          last.removeFirst();
        }
      }
      percent = Math.min(85, percent + Math.max(1, (85 - percent) / 4));
      context.progress(percent, text);
    }

    @Override
    public void onClose(WatcherException cause) {
      log.debug("Event watch of {} closed: {}", pod, cause.getMessage());
    }
  }
}
