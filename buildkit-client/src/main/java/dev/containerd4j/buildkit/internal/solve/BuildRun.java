package dev.containerd4j.buildkit.internal.solve;

import dev.containerd4j.buildkit.Build;
import dev.containerd4j.buildkit.BuildEvent;
import dev.containerd4j.buildkit.BuildProgressListener;
import dev.containerd4j.buildkit.BuildRequest;
import dev.containerd4j.buildkit.BuildResult;
import dev.containerd4j.buildkit.internal.proto.api.services.control.ControlGrpc;
import dev.containerd4j.buildkit.internal.proto.api.services.control.SolveResponse;
import dev.containerd4j.buildkit.internal.proto.api.services.control.StatusRequest;
import dev.containerd4j.buildkit.internal.proto.api.services.control.StatusResponse;
import dev.containerd4j.buildkit.internal.session.AuthService;
import dev.containerd4j.buildkit.internal.session.CallHeaders;
import dev.containerd4j.buildkit.internal.session.ContentStoreService;
import dev.containerd4j.buildkit.internal.session.FileSendService;
import dev.containerd4j.buildkit.internal.session.FileSyncService;
import dev.containerd4j.buildkit.internal.session.SecretsService;
import dev.containerd4j.buildkit.internal.session.SessionTransport;
import dev.containerd4j.buildkit.internal.session.SshForwardService;
import dev.containerd4j.image.Digest;
import dev.containerd4j.registry.DockerConfig;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One build: opens the session, then runs {@code Solve} and {@code Status} side by side, and
 * finishes by closing the session and completing the handle. See {@link Build} for the contract.
 */
public final class BuildRun implements Build {

  private static final Logger LOG = Logger.getLogger(BuildRun.class.getName());
  private static final Duration STATUS_DRAIN = Duration.ofSeconds(5);

  private final Channel channel;
  private final SolvePlan plan;
  private final BuildProgressListener listener;
  private final Function<Throwable, RuntimeException> otherFailures;
  private final Context.CancellableContext solveContext = Context.current().withCancellation();
  private final Context.CancellableContext statusContext = Context.current().withCancellation();
  private final CountDownLatch statusDone = new CountDownLatch(1);
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final StatusTracker tracker;
  private final CompletableFuture<BuildResult> completion;
  private SessionTransport session;

  private BuildRun(Channel channel, SolvePlan plan, BuildProgressListener listener,
      Function<Throwable, RuntimeException> otherFailures) {
    this.channel = channel;
    this.plan = plan;
    this.listener = listener;
    this.otherFailures = otherFailures;
    this.tracker = new StatusTracker(this::deliver);
    this.completion = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        BuildRun.this.cancel();
        return isCancelled();
      }
    };
  }

  /**
   * Validates the request, opens the session and starts the solve; returns at once.
   *
   * @param workerLabels the default worker's labels; asked once per build, after the request was
   *     validated and before any stream is opened, so it doubles as the readiness check
   * @param otherFailures maps failures that are not build failures (daemon unreachable, refused) to
   *     the client's exceptions
   * @throws IllegalArgumentException for a missing context or Dockerfile, before anything is sent
   */
  public static Build start(Channel channel, BuildRequest request, Supplier<Map<String, String>> workerLabels,
      Function<Throwable, RuntimeException> otherFailures) {
    java.util.concurrent.atomic.AtomicReference<Map<String, String>> labels = new java.util.concurrent.atomic.AtomicReference<>();
    Supplier<Map<String, String>> once = () -> {
      if (labels.get() == null) {
        labels.set(workerLabels.get());
      }
      return labels.get();
    };
    SolvePlan plan = SolvePlan.create(request, once);
    BuildRun run = new BuildRun(channel, plan, request.listener(), otherFailures);
    try {
      once.get(); // the daemon answers before any stream is opened (or the error names its address)
      run.begin(request);
    } catch (IOException | RuntimeException e) {
      run.cleanup();
      throw e instanceof RuntimeException ? (RuntimeException) e : otherFailures.apply(e);
    }
    return run;
  }

  private void begin(BuildRequest request) throws IOException {
    ExecutorService executor = SessionTransport.newExecutor();
    List<ServerServiceDefinition> services = new ArrayList<>();
    services.add(new HealthStatusManager().getHealthService().bindService());
    services.add(CallHeaders.intercept(new FileSyncService(plan.localDirs, executor).bindService()));
    services.add(new AuthService(request.credentials().orElseGet(DockerConfig::load)).bindService());
    if (!plan.secrets.isEmpty()) {
      services.add(new SecretsService(plan.secrets).bindService());
    }
    if (!request.sshAgents().isEmpty()) {
      services.add(CallHeaders.intercept(new SshForwardService(request.sshAgents(), executor).bindService()));
    }
    if (!plan.contentStores.isEmpty()) {
      services.add(CallHeaders.intercept(new ContentStoreService(plan.contentStores).definition()));
    }
    if (plan.receivers.stream().anyMatch(r -> r != null)) {
      services.add(CallHeaders.intercept(new FileSendService(plan.receivers).definition()));
    }
    session = SessionTransport.open(channel, plan.sessionId, sharedKey(plan), services, executor);
    solveContext.run(() -> ControlGrpc.newStub(channel).solve(plan.solveRequest, new StreamObserver<>() {
      private SolveResponse response;

      @Override
      public void onNext(SolveResponse value) {
        response = value;
      }

      @Override
      public void onError(Throwable t) {
        finishAsync(null, t);
      }

      @Override
      public void onCompleted() {
        finishAsync(response, null);
      }
    }));
    startStatus(0);
  }

  /**
   * buildkitd keeps the last copy of each local directory under this key (with the directory's
   * name) and transfers only what changed since. One key per context path keeps two projects
   * built in turn from invalidating each other's copy.
   */
  private static String sharedKey(SolvePlan plan) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      byte[] h = md.digest(plan.localDirs.get("context").toString().getBytes(StandardCharsets.UTF_8));
      return "c4j-" + java.util.HexFormat.of().formatHex(h, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      return "";
    }
  }

  private void startStatus(int attempt) {
    statusContext.run(() -> ControlGrpc.newStub(channel).status(
        StatusRequest.newBuilder().setRef(plan.ref).build(), new StreamObserver<>() {
          private boolean any;

          @Override
          public void onNext(StatusResponse value) {
            any = true;
            tracker.accept(value);
          }

          @Override
          public void onError(Throwable t) {
            // the job may not exist yet when Status arrives first: ask again
            if (!any && !finished.get() && !cancelled.get() && attempt < 5
                && Status.fromThrowable(t).getCode() == Status.Code.NOT_FOUND) {
              startStatus(attempt + 1);
              return;
            }
            statusDone.countDown();
          }

          @Override
          public void onCompleted() {
            statusDone.countDown();
          }
        }));
  }

  private void deliver(BuildEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "build progress listener failed on " + event.getClass().getSimpleName(), e);
    }
  }

  private void finishAsync(SolveResponse response, Throwable error) {
    Thread t = new Thread(() -> finish(response, error), "c4j-build-finish-" + plan.ref.substring(0, 8));
    t.setDaemon(true);
    t.start();
  }

  private void finish(SolveResponse response, Throwable error) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    try {
      // the status stream ends by itself once the job is done; its last batches carry the error logs
      if (!statusDone.await(STATUS_DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
        statusContext.cancel(null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    statusContext.cancel(null);
    if (session != null) {
      session.close();
    }
    cleanup();
    if (cancelled.get()) {
      complete(null, new CancellationException("build " + plan.ref + " was cancelled"));
      return;
    }
    if (error != null) {
      Throwable sinkFailure = sinkFailure();
      RuntimeException ex;
      if (sinkFailure != null) {
        ex = sinkFailure instanceof RuntimeException ? (RuntimeException) sinkFailure : new CompletionException(sinkFailure);
      } else if (SolveErrors.isBuildFailure(error)) {
        ex = SolveErrors.toBuildFailure((StatusRuntimeException) error, tracker);
      } else {
        ex = otherFailures.apply(error);
      }
      complete(null, ex);
      return;
    }
    try {
      BuildResult result = result(response);
      complete(result, null);
    } catch (RuntimeException e) {
      complete(null, e);
    }
  }

  private Throwable sinkFailure() {
    for (Object r : plan.receivers) {
      if (r instanceof Receivers.ToSink) {
        Throwable f = ((Receivers.ToSink) r).failure();
        if (f != null) {
          return f;
        }
      }
    }
    return null;
  }

  private BuildResult result(SolveResponse response) {
    Map<String, String> resp = response == null ? Map.of() : response.getExporterResponseMap();
    Optional<Digest> image = digest(resp.get("containerimage.digest"));
    Optional<Digest> config = digest(resp.get("containerimage.config.digest"));
    List<String> names = new ArrayList<>(plan.directImageNames);
    for (Object r : plan.receivers) {
      if (r instanceof Receivers.ToSink && ((Receivers.ToSink) r).result() != null) {
        for (String n : ((Receivers.ToSink) r).result().names()) {
          if (!names.contains(n)) {
            names.add(n);
          }
        }
      }
    }
    LocalCache.recordExport(plan.cacheIndexUpdates, resp.get("cache.manifest"));
    BuildResult result = new BuildResult(plan.ref, image, config, names, resp, tracker.warnings());
    Optional<Path> iid = plan.iidFile;
    if (iid.isPresent()) {
      Optional<Digest> id = result.imageId();
      try {
        Files.writeString(iid.get(), id.map(Digest::toString).orElse(""), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException("the build succeeded but writing the image ID to " + iid.get() + " failed: " + e.getMessage(), e);
      }
    }
    return result;
  }

  private static Optional<Digest> digest(String s) {
    if (s == null || s.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.parse(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private void complete(BuildResult result, Throwable failure) {
    try {
      listener.onFinished(result, failure);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "build progress listener failed in onFinished", e);
    }
    if (failure == null) {
      completion.complete(result);
    } else {
      completion.completeExceptionally(failure);
    }
  }

  private void cleanup() {
    if (plan.temporaryDir != null) {
      try (Stream<Path> s = Files.walk(plan.temporaryDir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a leftover temporary Dockerfile is harmless
      }
    }
  }

  @Override
  public String ref() {
    return plan.ref;
  }

  @Override
  public CompletableFuture<BuildResult> completion() {
    return completion;
  }

  @Override
  public void cancel() {
    if (finished.get() || !cancelled.compareAndSet(false, true)) {
      return;
    }
    // cancelling the Solve call makes buildkitd cancel the job; the session goes with it
    solveContext.cancel(new CancellationException("cancelled by the caller"));
    statusContext.cancel(null);
    if (session != null) {
      session.cancel("build cancelled");
    }
  }

  @Override
  public BuildResult await() {
    try {
      return completion.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for build " + plan.ref + " (the build keeps running)");
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  @Override
  public Optional<BuildResult> await(Duration timeout) {
    try {
      return Optional.of(completion.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for build " + plan.ref + " (the build keeps running)");
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException) {
      return (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    return new CompletionException(cause);
  }
}
