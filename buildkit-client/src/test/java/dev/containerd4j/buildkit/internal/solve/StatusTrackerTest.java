package dev.containerd4j.buildkit.internal.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.containerd4j.buildkit.BuildEvent;
import dev.containerd4j.buildkit.internal.proto.api.services.control.StatusResponse;
import dev.containerd4j.buildkit.internal.proto.api.services.control.Vertex;
import dev.containerd4j.buildkit.internal.proto.api.services.control.VertexLog;
import dev.containerd4j.buildkit.internal.proto.api.services.control.VertexWarning;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTrackerTest {

  private static final Timestamp T1 = Timestamp.newBuilder().setSeconds(100).build();
  private static final Timestamp T2 = Timestamp.newBuilder().setSeconds(102).build();

  @Test
  void repeatedVertexUpdates_giveOneEventPerTransition() {
    List<BuildEvent> events = new ArrayList<>();
    StatusTracker t = new StatusTracker(events::add);
    Vertex started = Vertex.newBuilder().setDigest("sha256:a").setName("[2/2] RUN make").setStarted(T1).build();
    t.accept(StatusResponse.newBuilder().addVertexes(started).build());
    t.accept(StatusResponse.newBuilder().addVertexes(started).build());
    t.accept(StatusResponse.newBuilder().addVertexes(started.toBuilder().setCompleted(T2)).build());
    t.accept(StatusResponse.newBuilder().addVertexes(started.toBuilder().setCompleted(T2)).build());
    assertEquals(2, events.size(), events.toString());
    assertTrue(events.get(0) instanceof BuildEvent.VertexStarted);
    BuildEvent.VertexCompleted done = (BuildEvent.VertexCompleted) events.get(1);
    assertEquals(2, done.duration().getSeconds());
    assertEquals("[2/2] RUN make", done.name());
  }

  @Test
  void cachedAndErroredVertices() {
    List<BuildEvent> events = new ArrayList<>();
    StatusTracker t = new StatusTracker(events::add);
    t.accept(StatusResponse.newBuilder()
        .addVertexes(Vertex.newBuilder().setDigest("sha256:c").setName("WORKDIR /app").setStarted(T1).setCompleted(T1).setCached(true))
        .addVertexes(Vertex.newBuilder().setDigest("sha256:e").setName("RUN false").setStarted(T1).setCompleted(T2).setError("exit code: 1"))
        .build());
    assertTrue(events.stream().anyMatch(e -> e instanceof BuildEvent.VertexCached && e.vertex().equals("sha256:c")));
    assertTrue(events.stream().noneMatch(e -> e instanceof BuildEvent.VertexCompleted), "cached and failed steps are not 'completed'");
    assertTrue(events.stream().anyMatch(e -> e instanceof BuildEvent.VertexErrored x && x.error().equals("exit code: 1")));
    assertEquals("sha256:e", t.lastErroredVertex().orElseThrow());
  }

  @Test
  void logs_keepTheLastLinesPerVertex_acrossChunks() {
    List<BuildEvent> events = new ArrayList<>();
    StatusTracker t = new StatusTracker(events::add);
    t.accept(StatusResponse.newBuilder().addVertexes(Vertex.newBuilder().setDigest("sha256:l").setName("RUN x")).build());
    StringBuilder all = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      all.append("line ").append(i).append('\n');
    }
    String text = all.toString();
    // split in the middle of a line: chunks need not end at line breaks
    t.accept(StatusResponse.newBuilder()
        .addLogs(VertexLog.newBuilder().setVertex("sha256:l").setStream(2).setMsg(ByteString.copyFromUtf8(text.substring(0, 50))))
        .addLogs(VertexLog.newBuilder().setVertex("sha256:l").setStream(2).setMsg(ByteString.copyFromUtf8(text.substring(50) + "partial")))
        .build());
    List<String> tail = t.logTail("sha256:l");
    assertEquals(StatusTracker.LOG_TAIL_LINES, tail.size());
    assertEquals("partial", tail.get(tail.size() - 1));
    assertEquals("line 30", tail.get(tail.size() - 2));
    assertEquals(2, events.stream().filter(e -> e instanceof BuildEvent.VertexLog).count());
    assertEquals("RUN x", events.get(events.size() - 1).name());
  }

  @Test
  void warnings_carryFileAndLine() {
    List<BuildEvent> events = new ArrayList<>();
    StatusTracker t = new StatusTracker(events::add);
    t.accept(StatusResponse.newBuilder().addWarnings(VertexWarning.newBuilder().setVertex("sha256:w").setLevel(1)
        .setShort(ByteString.copyFromUtf8("FromAsCasing: mismatch")).setUrl("https://example/rule")
        .setInfo(dev.containerd4j.buildkit.internal.proto.solver.pb.SourceInfo.newBuilder().setFilename("Dockerfile"))
        .addRanges(dev.containerd4j.buildkit.internal.proto.solver.pb.Range.newBuilder()
            .setStart(dev.containerd4j.buildkit.internal.proto.solver.pb.Position.newBuilder().setLine(1))))
        .build());
    BuildEvent.Warning w = (BuildEvent.Warning) events.get(0);
    assertEquals("FromAsCasing: mismatch", w.message());
    assertEquals("Dockerfile", w.file().orElseThrow());
    assertEquals(1, w.line());
    assertEquals(List.of(w), t.warnings());
  }
}
