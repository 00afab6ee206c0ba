import dev.containerd4j.archive.LoadOptions;
import dev.containerd4j.containerd.ContainerdClient;
import dev.containerd4j.containerd.image.Images;
import dev.containerd4j.containerd.image.PullRequest;
import dev.containerd4j.containerd.image.SaveOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * The SDK side of benchmarks/images/run.sh, launched as a single-file program:
 *
 *   java -Xmx128m -cp <classpath> BenchImages.java pull|save|load|warm-pull REF [FILE] [ROUNDS]
 *
 * Prints "seconds=<s>" per measured operation (warm-pull: after one unmeasured warm-up in the same JVM,
 * removing the image and collecting garbage between rounds). The heap limit is the caller's -Xmx.
 */
public class BenchImages {
  public static void main(String[] args) throws Exception {
    String op = args[0];
    String ref = args[1];
    try (ContainerdClient client = ContainerdClient.create()) {
      Images images = client.images();
      switch (op) {
        case "pull" -> time(() -> images.pull(PullRequest.builder(ref).build()).await());
        case "save" -> time(() -> images.save(List.of(ref), Path.of(args[2]), SaveOptions.defaults()));
        case "load" -> time(() -> images.load(Path.of(args[2]), LoadOptions.defaults()));
        case "warm-pull" -> {
          int rounds = Integer.parseInt(args.length > 2 ? args[2] : "3");
          for (int i = 0; i <= rounds; i++) {
            images.remove(ref, true);
            long t = System.nanoTime();
            images.pull(ref);
            double s = (System.nanoTime() - t) / 1e9;
            if (i > 0) {
              System.out.printf("seconds=%.3f%n", s);
            }
          }
        }
        default -> throw new IllegalArgumentException("unknown operation " + op);
      }
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf("heap_max_mib=%d heap_used_mib=%d%n", rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
  }

  interface Op {
    void run() throws Exception;
  }

  static void time(Op op) throws Exception {
    long t = System.nanoTime();
    op.run();
    System.out.printf("seconds=%.3f%n", (System.nanoTime() - t) / 1e9);
  }
}
