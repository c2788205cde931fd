package org.cinegraph.render;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Link;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RenderProgressTest {
    private static final long S = 1_000_000_000L;
    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong();

    private RenderProgress planned(List<String> order, Set<String> writers) {
        RenderProgress p = new RenderProgress(now::get);
        p.planned(new Plan(Graph.EMPTY, order, Map.of(), Map.of(), Map.of(), writers, writers));
        return p;
    }

    private static NodeEvent done(String id) {
        return new NodeEvent(id, NodeState.DONE, 1, "first render");
    }

    private static NodeEvent frames(String id, long done, long total) {
        return new NodeEvent(id, NodeState.RUNNING, (double) done / total, "", done, total, 0);
    }

    @Test
    void twentyInstantNodesAndAWriterThatHasNotStartedAreNotNinetyFivePercent() {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 20; i++) order.add("n" + i);
        order.add("save1");
        RenderProgress p = planned(order, Set.of("save1"));
        for (int i = 0; i < 20; i++) p.onEvent(done("n" + i));
        // nothing says how much the writer will write: unknown, not 95%
        assertThat(p.snapshot().fractionKnown()).isFalse();
        assertThat(p.snapshot().etaKnown()).isFalse();
        assertThat(p.snapshot().nodesFinished()).isEqualTo(20);

        now.set(3 * S);
        p.onEvent(frames("save1", 0, 240));
        assertThat(p.snapshot().fraction()).isZero();
        now.set(5 * S);
        p.onEvent(frames("save1", 24, 240));
        RenderProgress.Snapshot s = p.snapshot();
        assertThat(s.fraction()).isCloseTo(0.1, within(1e-9));
        assertThat(s.framesDone()).isEqualTo(24);
        assertThat(s.framesTotal()).isEqualTo(240);
        assertThat(s.totalExact()).isTrue();
        // 12 frames/s measured since the writer started (not since the render did): 216 left -> 18 s
        assertThat(s.framesPerSecond()).isCloseTo(12, within(1e-9));
        assertThat(s.etaSeconds()).isCloseTo(18, within(1e-9));
        assertThat(s.running()).containsExactly("save1");
    }

    @Test
    void theEtaFollowsMeasuredThroughputAndAStallRaisesIt() {
        RenderProgress p = planned(List.of("save1"), Set.of("save1"));
        p.onEvent(frames("save1", 0, 100));
        for (int i = 1; i <= 20; i++) {
            now.set(i * S);
            p.onEvent(frames("save1", i * 2L, 100));
        }
        // 2 frames/s over the last 10 s: 60 left -> 30 s
        assertThat(p.snapshot().framesPerSecond()).isCloseTo(2, within(1e-9));
        assertThat(p.snapshot().etaSeconds()).isCloseTo(30, within(1e-9));
        // it speeds up: the window forgets the slow start
        for (int i = 21; i <= 28; i++) {
            now.set(i * S);
            p.onEvent(frames("save1", 40 + (i - 20) * 5L, 100));
        }
        assertThat(p.snapshot().framesPerSecond()).isGreaterThan(4);
        double eta = p.snapshot().etaSeconds();
        // nothing arrives for a while: the rate falls and the ETA grows instead of counting down to zero
        now.set(60 * S);
        assertThat(p.snapshot().etaSeconds()).isGreaterThan(eta);
    }

    @Test
    void writersNotStartedAreEstimatedFromThoseThatHaveAndCachedOnesWeighNothing() {
        RenderProgress p = planned(List.of("a", "b", "c"), Set.of("a", "b", "c"));
        p.onEvent(frames("a", 50, 100));
        RenderProgress.Snapshot s = p.snapshot();
        // b and c are guessed at 100 frames each
        assertThat(s.framesTotal()).isEqualTo(300);
        assertThat(s.totalExact()).isFalse();
        assertThat(s.fraction()).isCloseTo(50 / 300.0, within(1e-9));
        p.onEvent(new NodeEvent("b", NodeState.CACHED, 1, "cache hit (disk)"));
        p.onEvent(frames("c", 0, 20));
        s = p.snapshot();
        assertThat(s.framesTotal()).isEqualTo(120);
        assertThat(s.totalExact()).isTrue();
        p.onEvent(new NodeEvent("a", NodeState.DONE, 1, "", 100, 100, 900));
        p.onEvent(new NodeEvent("c", NodeState.FAILED, 0, "disk full", 5, 20, 100));
        s = p.snapshot();
        assertThat(s.framesDone()).isEqualTo(105);
        assertThat(s.fraction()).isEqualTo(1);
    }

    @Test
    void aRenderReportsTheFramesItsWriterWroteAndTheTimeOfEveryNode() throws Exception {
        Graph g = Graph.of(List.of(GraphNode.of("frames1", "test.frames", 1, "", 0, 0),
                        GraphNode.of("write1", "test.write-frames", 1, "", 0, 0)),
                List.of(Link.of("frames1", "clip", "write1", "clip")));
        RenderProgress p = new RenderProgress();
        List<NodeEvent> events = Collections.synchronizedList(new ArrayList<>());
        Executor ex = new Executor(TestNodes.registry(), new RenderCache(dir.resolve("cache"), 1 << 30, 1 << 28), 2);
        ex.render(RenderRequest.of(g, dir, dir.resolve("out")), null, new RenderListener() {
            @Override
            public void onEvent(NodeEvent e) {
                events.add(e);
                p.onEvent(e);
            }

            @Override
            public void planned(Plan plan) {
                p.planned(plan);
            }
        }, new CancelToken());
        assertThat(events).anyMatch(e -> e.nodeId().equals("write1") && e.state() == NodeState.RUNNING && e.framesDone() == 0 && e.framesTotal() == 100);
        NodeEvent last = events.stream().filter(e -> e.nodeId().equals("write1")).reduce((a, b) -> b).orElseThrow();
        assertThat(last.state()).isEqualTo(NodeState.DONE);
        assertThat(last.framesDone()).isEqualTo(100);
        assertThat(last.message()).isNotEmpty();
        assertThat(RenderProgress.describe(last, last.millis())).startsWith("done in ").contains("100 frames");
        RenderProgress.Snapshot s = p.snapshot();
        assertThat(s.fraction()).isEqualTo(1);
        assertThat(s.framesDone()).isEqualTo(100);
        assertThat(s.nodes()).isEqualTo(2);
    }
}
