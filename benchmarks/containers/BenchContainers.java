import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.container.Containers;
import dev.containerd4j.containerd.container.NetworkMode;
import dev.containerd4j.containerd.container.RunSpec;
import dev.containerd4j.containerd.container.Stdio;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The SDK side of benchmarks/containers/run.sh, launched as a single-file program:
 *
 *   java -cp <classpath> BenchContainers.java serial|concurrent IMAGE NETWORK ROUNDS [PARALLEL]
 *
 * serial: ROUNDS run-to-exit of {@code true} (attached, --rm) one after another in this warm JVM, after two
 * unmeasured warm-up runs; prints "ms=<ms>" per run. concurrent: ROUNDS times, PARALLEL runs started at once
 * through one client; prints "ms=<wall ms>" per round.
 */
public class BenchContainers {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String image = args[1];
        NetworkMode network = NetworkMode.parse(args[2]);
        int rounds = Integer.parseInt(args[3]);
        int parallel = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        // one thread per concurrent run: the common pool has (cores - 1) threads, one on a 2-core machine
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try (ContainerdClient client = ContainerdClient.create()) {
            Containers c = client.containers();
            RunSpec spec = RunSpec.builder(image).network(network).remove(true).command("true").build();
            for (int i = 0; i < 2; i++) {
                runOnce(c, spec);
            }
            for (int r = 0; r < rounds; r++) {
                long t = System.nanoTime();
                if (mode.equals("serial")) {
                    runOnce(c, spec);
                } else {
                    List<CompletableFuture<Integer>> all = new ArrayList<>();
                    for (int i = 0; i < parallel; i++) {
                        all.add(CompletableFuture.supplyAsync(() -> runOnce(c, spec), pool));
                    }
                    for (CompletableFuture<Integer> f : all) {
                        f.join();
                    }
                }
                System.out.printf("ms=%.1f%n", (System.nanoTime() - t) / 1e6);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static int runOnce(Containers c, RunSpec spec) {
        int code = c.run(spec, Stdio.discard()).awaitExit().code();
        if (code != 0) {
            throw new IllegalStateException("true exited with " + code);
        }
        return code;
    }
}
