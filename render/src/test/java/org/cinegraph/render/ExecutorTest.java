package org.cinegraph.render;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.cinegraph.spi.FrameRange;
import org.cinegraph.spi.NodeRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutorTest {
    private final NodeRegistry registry = TestNodes.registry();
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        TestNodes.reset();
    }

    private static GraphNode node(String id, String type, Map<String, Object> params) {
        return GraphNode.of(id, type, 1, id, 0, 0).withParams(params);
    }

    /** value1 -> add1 -> write1, value2 -> add1.b */
    private Graph chain(double offset) {
        return Graph.of(List.of(
                node("value1", "test.value", Map.of("value", 2.0)),
                node("value2", "test.value", Map.of("value", 3.0)),
                node("add1", "test.add", Map.of("offset", offset)),
                node("write1", "test.write", Map.of())), List.of(
                Link.of("value1", "out", "add1", "a"),
                Link.of("value2", "out", "add1", "b"),
                Link.of("add1", "out", "write1", "value")));
    }

    private RenderResult render(Executor ex, Graph g, RenderListener l) throws RenderException {
        return ex.render(RenderRequest.of(g, dir, dir.resolve("out")), "graph-under-test", l, new CancelToken());
    }

    private Executor executor(Path cacheDir) {
        return new Executor(registry, new RenderCache(cacheDir, 1 << 30, 1 << 28), 2);
    }

    @Test
    void rendersOutputsAndReportsWrittenFiles() throws Exception {
        RenderResult r = render(executor(dir.resolve("cache")), chain(10), RenderListener.NONE);
        assertThat(r.failed()).isFalse();
        assertThat(r.files()).containsExactly(dir.resolve("out/value.txt"));
        assertThat(Files.readString(dir.resolve("out/value.txt"))).isEqualTo("15.0");
    }

    @Test
    void unchangedWorkIsServedFromCacheAcrossExecutorsAndChangesRecomputeOnlyDownstream() throws Exception {
        Path cache = dir.resolve("cache");
        render(executor(cache), chain(10), RenderListener.NONE);
        assertThat(TestNodes.evals("add1")).isEqualTo(1);

        // A new executor and cache object on the same folder: a fresh process, as from the CLI.
        RenderResult again = render(executor(cache), chain(10), RenderListener.NONE);
        assertThat(TestNodes.evals("value1")).isEqualTo(1);
        assertThat(TestNodes.evals("add1")).isEqualTo(1);
        assertThat(again.report("add1").state()).isEqualTo(NodeState.CACHED);
        assertThat(again.report("add1").reason()).contains("disk");

        RenderResult changed = render(executor(cache), chain(20), RenderListener.NONE);
        assertThat(TestNodes.evals("value1")).isEqualTo(1);
        assertThat(TestNodes.evals("value2")).isEqualTo(1);
        assertThat(TestNodes.evals("add1")).isEqualTo(2);
        assertThat(TestNodes.evals("write1")).isEqualTo(2);
        assertThat(changed.report("add1").reason()).isEqualTo("parameter offset changed");
        assertThat(changed.report("write1").reason()).isEqualTo("input value changed");
        assertThat(changed.report("value1").state()).isEqualTo(NodeState.CACHED);
        assertThat(Files.readString(dir.resolve("out/value.txt"))).isEqualTo("25.0");
    }

    @Test
    void outputIsRewrittenWhenTheWrittenFileWasRemoved() throws Exception {
        Executor ex = executor(dir.resolve("cache"));
        render(ex, chain(1), RenderListener.NONE);
        Files.delete(dir.resolve("out/value.txt"));
        RenderResult r = render(executor(dir.resolve("cache")), chain(1), RenderListener.NONE);
        assertThat(r.report("write1").state()).isEqualTo(NodeState.DONE);
        assertThat(dir.resolve("out/value.txt")).exists();
    }

    @Test
    void noCacheRecomputesEverything() throws Exception {
        Executor ex = executor(dir.resolve("cache"));
        render(ex, chain(1), RenderListener.NONE);
        RenderRequest req = RenderRequest.of(chain(1), dir, dir.resolve("out")).withCache(false);
        RenderResult r = ex.render(req, null, RenderListener.NONE, new CancelToken());
        assertThat(TestNodes.evals("value1")).isEqualTo(2);
        assertThat(r.report("value1").reason()).contains("--no-cache");
    }

    @Test
    void aFailureStaysWithItsNodeAndOtherBranchesFinish() throws Exception {
        Graph g = Graph.of(List.of(
                node("value1", "test.value", Map.of()),
                node("fail1", "test.fail", Map.of()),
                node("writebad", "test.write", Map.of("filename", "bad.txt")),
                node("writegood", "test.write", Map.of("filename", "good.txt"))), List.of(
                Link.of("value1", "out", "fail1", "a"),
                Link.of("fail1", "out", "writebad", "value"),
                Link.of("value1", "out", "writegood", "value")));
        RenderResult r = render(executor(dir.resolve("cache")), g, RenderListener.NONE);
        assertThat(r.failed()).isTrue();
        assertThat(r.report("fail1").state()).isEqualTo(NodeState.FAILED);
        assertThat(r.report("fail1").reason()).isEqualTo("file 'broken.png' is corrupt");
        assertThat(r.report("writebad").state()).isEqualTo(NodeState.SKIPPED);
        assertThat(r.report("writebad").reason()).contains("fail1");
        assertThat(r.report("writegood").state()).isEqualTo(NodeState.DONE);
        assertThat(dir.resolve("out/good.txt")).exists();
        assertThat(dir.resolve("out/bad.txt")).doesNotExist();
    }

    @Test
    void cancellationStopsTheRunningNodeAndSkipsTheRest() throws Exception {
        Graph g = Graph.of(List.of(
                node("value1", "test.value", Map.of()),
                node("slow1", "test.slow", Map.of()),
                node("write1", "test.write", Map.of())), List.of(
                Link.of("value1", "out", "slow1", "a"),
                Link.of("slow1", "out", "write1", "value")));
        CancelToken cancel = new CancelToken();
        Executor ex = executor(dir.resolve("cache"));
        CompletableFuture<RenderResult> f = CompletableFuture.supplyAsync(() -> {
            try {
                return ex.render(RenderRequest.of(g, dir, dir.resolve("out")), null, RenderListener.NONE, cancel);
            } catch (RenderException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(TestNodes.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
        cancel.cancel();
        RenderResult r = f.get(10, TimeUnit.SECONDS);
        assertThat(r.cancelled()).isTrue();
        assertThat(r.report("slow1").state()).isEqualTo(NodeState.CANCELLED);
        assertThat(r.report("write1").state()).isEqualTo(NodeState.CANCELLED);
        assertThat(TestNodes.evals("write1")).isZero();
        assertThat(r.files()).isEmpty();
    }

    @Test
    void frameRangeComputesOnlyThoseFramesThroughPerFrameNodes() throws Exception {
        Graph g = Graph.of(List.of(
                node("frames1", "test.frames", Map.of()),
                node("brighten1", "test.brighten", Map.of()),
                node("write1", "test.write-frames", Map.of())), List.of(
                Link.of("frames1", "clip", "brighten1", "image"),
                Link.of("brighten1", "image", "write1", "clip")));
        RenderRequest req = RenderRequest.of(g, dir, dir.resolve("out")).withFrames(new FrameRange(57, 59));
        RenderResult r = executor(dir.resolve("cache")).render(req, null, RenderListener.NONE, new CancelToken());
        assertThat(r.failed()).isFalse();
        assertThat(Files.readAllLines(dir.resolve("out/frames.txt"))).containsExactly("58", "59", "60");
        assertThat(TestNodes.FRAMES.keySet()).containsExactlyInAnyOrder(57, 58, 59);
    }

    @Test
    void aLongClipStreamsThroughPerFrameNodesInBoundedMemory() throws Exception {
        int frames = 3000;
        long totalBytes = 1280L * 720 * 4 * frames;
        assertThat(Runtime.getRuntime().maxMemory()).as("the heap must be smaller than the clip for this test to mean anything")
                .isLessThan(totalBytes / 2);
        Graph g = Graph.of(List.of(
                node("big1", "test.big-clip", Map.of("frames", (long) frames)),
                node("brighten1", "test.brighten", Map.of()),
                node("write1", "test.write-frames", Map.of())), List.of(
                Link.of("big1", "clip", "brighten1", "image"),
                Link.of("brighten1", "image", "write1", "clip")));
        RenderResult r = render(executor(dir.resolve("cache")), g, RenderListener.NONE);
        assertThat(r.failed()).as("%s", r.failures()).isFalse();
        List<String> lines = Files.readAllLines(dir.resolve("out/frames.txt"));
        assertThat(lines).hasSize(frames);
        assertThat(lines.get(2999)).isEqualTo(Integer.toString((2999 & 0xFF) + 1));
    }

    @Test
    void aDiskCacheNodeKeepsFramesAcrossRendersSoDownstreamChangesDoNotRecomputeUpstream() throws Exception {
        NodeRegistry withCache = new NodeRegistry(java.util.stream.Stream.concat(registry.all().stream(),
                java.util.stream.Stream.of(new org.cinegraph.builtin.time.DiskCache())).toList());
        java.util.function.Function<String, Graph> graph = name -> Graph.of(List.of(
                node("frames1", "test.frames", Map.of()),
                node("cache1", "clip.cache", Map.of()),
                node("brighten1", "test.brighten", Map.of()),
                node("write1", "test.write-frames", Map.of("filename", name))), List.of(
                Link.of("frames1", "clip", "cache1", "clip"),
                Link.of("cache1", "clip", "brighten1", "image"),
                Link.of("brighten1", "image", "write1", "clip")));
        Path cache = dir.resolve("cache");
        new Executor(withCache, new RenderCache(cache, 1 << 30, 1 << 28), 2)
                .render(RenderRequest.of(graph.apply("a.txt"), dir, dir.resolve("out")), null, RenderListener.NONE, new CancelToken());
        assertThat(TestNodes.FRAMES).hasSize(100);
        // A fresh executor and cache object (a new process); only the downstream writer changed.
        RenderResult r = new Executor(withCache, new RenderCache(cache, 1 << 30, 1 << 28), 2)
                .render(RenderRequest.of(graph.apply("b.txt"), dir, dir.resolve("out")), null, RenderListener.NONE, new CancelToken());
        assertThat(r.failed()).isFalse();
        assertThat(TestNodes.FRAMES.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(Files.readAllLines(dir.resolve("out/b.txt"))).hasSize(100).startsWith("1", "2");
    }

    @Test
    void aFailingLazyFrameIsBlamedOnTheNodeThatMadeIt() throws Exception {
        Graph g = Graph.of(List.of(
                node("frames1", "test.frames", Map.of("failAt", 5L)),
                node("write1", "test.write-frames", Map.of())), List.of(
                Link.of("frames1", "clip", "write1", "clip")));
        RenderResult r = render(executor(dir.resolve("cache")), g, RenderListener.NONE);
        assertThat(r.report("frames1").state()).isEqualTo(NodeState.FAILED);
        assertThat(r.report("frames1").reason()).contains("frame 5").contains("decoder error at frame 5");
        assertThat(r.report("write1").state()).isEqualTo(NodeState.FAILED);
        assertThat(r.report("write1").reason()).contains("frames1");
    }

    @Test
    void bypassPassesTheInputThrough() throws Exception {
        Graph g = chain(100);
        g = g.withNode(g.requireNode("add1").withBypass(true));
        RenderResult r = render(executor(dir.resolve("cache")), g, RenderListener.NONE);
        assertThat(r.failed()).as("%s", r.failures()).isFalse();
        assertThat(Files.readString(dir.resolve("out/value.txt"))).isEqualTo("2.0");
        assertThat(TestNodes.evals("add1")).isZero();
    }

    @Test
    void invalidGraphsAreRefusedBeforeAnythingRuns() {
        Graph g = Graph.of(List.of(
                node("mystery1", "plugin.mystery", Map.of()),
                node("add1", "test.add", Map.of()),
                node("write1", "test.write", Map.of())), List.of(
                Link.of("mystery1", "out", "write1", "value")));
        Graph withUnconnected = g.withLinks(List.of(Link.of("add1", "out", "write1", "value")));
        assertThatThrownBy(() -> render(executor(dir.resolve("cache")), g, RenderListener.NONE))
                .isInstanceOf(RenderException.class).hasMessageContaining("mystery1").hasMessageContaining("not installed");
        assertThatThrownBy(() -> render(executor(dir.resolve("cache")), withUnconnected, RenderListener.NONE))
                .isInstanceOf(RenderException.class).hasMessageContaining("add1").hasMessageContaining("required input 'a'");
        assertThat(TestNodes.EVALS).isEmpty();
    }

    @Test
    void outputsCannotEscapeTheOutputFolder() throws Exception {
        Graph g = chain(0);
        Graph escaping = g.withNode(g.requireNode("write1").withParam("filename", "../../escaped.txt"));
        // bad input, refused before anything runs (the CLI's exit 2), not a node failure
        assertThatThrownBy(() -> render(executor(dir.resolve("cache")), escaping, RenderListener.NONE))
                .isInstanceOf(RenderException.class).hasMessageContaining("write1").hasMessageContaining("climbs out of the output folder");
        assertThat(TestNodes.EVALS).isEmpty();
        try (Stream<Path> s = Files.walk(dir.getParent(), 2)) {
            assertThat(s.filter(p -> p.getFileName().toString().equals("escaped.txt"))).isEmpty();
        }
    }

    @Test
    void eventsGoFromQueuedThroughRunningToAFinalState() throws Exception {
        List<NodeEvent> events = Collections.synchronizedList(new ArrayList<>());
        render(executor(dir.resolve("cache")), chain(0), events::add);
        List<NodeState> add = events.stream().filter(e -> e.nodeId().equals("add1")).map(NodeEvent::state).toList();
        assertThat(add).containsExactly(NodeState.QUEUED, NodeState.RUNNING, NodeState.DONE);
    }

    @Test
    void onlyRequestedTargetsAndWhatTheyNeedRun() throws Exception {
        Graph g = Graph.of(List.of(
                node("value1", "test.value", Map.of()),
                node("value2", "test.value", Map.of()),
                node("writea", "test.write", Map.of("filename", "a.txt")),
                node("writeb", "test.write", Map.of("filename", "b.txt"))), List.of(
                Link.of("value1", "out", "writea", "value"),
                Link.of("value2", "out", "writeb", "value")));
        RenderRequest req = RenderRequest.of(g, dir, dir.resolve("out")).withTargets(Set.of("writea"));
        executor(dir.resolve("cache")).render(req, null, RenderListener.NONE, new CancelToken());
        assertThat(TestNodes.evals("value2")).isZero();
        assertThat(dir.resolve("out/b.txt")).doesNotExist();
    }
}
