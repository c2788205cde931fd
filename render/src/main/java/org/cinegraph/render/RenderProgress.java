package org.cinegraph.render;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * How far a render is, in one place for the command line and the editor. Work is measured in
 * frames written, not nodes finished: lazy clips do their work while the writers pull frames,
 * so a graph of twenty instant nodes and one writer is not 95% done when the writer starts. A
 * writer's frame count is known once it starts (it reports frames through
 * {@code NodeContext.progressFrames}); until then it is estimated as the mean of the writers
 * that have said. The ETA comes from measured throughput (frames per second over the last
 * {@link #WINDOW_NANOS}), never from elapsed time over a fraction. Thread-safe: events come from
 * render threads, snapshots are read by a display.
 */
public final class RenderProgress implements RenderListener {
    /** Throughput is measured over this much recent time, so a slow start (loading a model) does not drag the ETA. */
    static final long WINDOW_NANOS = 10_000_000_000L;

    /** One node as last reported, and when that report arrived. */
    public record Node(NodeEvent event, long receivedNanos) {
        /** Time spent on the node: as reported, plus the time since while it runs. */
        public long millis(long nowNanos) {
            return event.state() == NodeState.RUNNING ? event.millis() + Math.max(0, nowNanos - receivedNanos) / 1_000_000 : event.millis();
        }
    }

    /**
     * Where the render stands.
     *
     * @param fraction       0..1 of the work, or -1 while no writer has said how much it will write
     * @param framesDone     frames written so far (all writers)
     * @param framesTotal    frames to write, counting not-yet-started writers by estimate
     * @param totalExact     whether every writer's frame count is known (else the total is an estimate)
     * @param etaSeconds     time left at the measured throughput, or NaN while it cannot be measured
     * @param framesPerSecond the measured throughput, or 0
     * @param running        the nodes running now
     * @param nodesFinished  nodes in a final state
     * @param nodes          nodes in the render
     * @param elapsedSeconds since the first event
     */
    public record Snapshot(double fraction, long framesDone, long framesTotal, boolean totalExact, double etaSeconds,
                           double framesPerSecond, List<String> running, int nodesFinished, int nodes, double elapsedSeconds) {
        public boolean fractionKnown() {
            return fraction >= 0;
        }

        public boolean etaKnown() {
            return !Double.isNaN(etaSeconds);
        }
    }

    private final LongSupplier clock;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private Set<String> writers = Set.of();
    private boolean planned;
    private long startNanos = -1;
    // (time, frames done) samples for the throughput window; the oldest stays as the anchor
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private long lastDone = -1;
    private boolean writing;

    public RenderProgress() {
        this(System::nanoTime);
    }

    /** @param clock nanoseconds (tests drive time) */
    public RenderProgress(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void planned(Plan plan) {
        planned = true;
        writers = plan.writers();
        for (String id : plan.order()) nodes.putIfAbsent(id, new Node(new NodeEvent(id, NodeState.QUEUED, 0, ""), now()));
    }

    @Override
    public synchronized void onEvent(NodeEvent e) {
        long t = now();
        if (startNanos < 0) startNanos = t;
        Node prev = nodes.put(e.nodeId(), new Node(e, t));
        boolean writerStarts = writers.contains(e.nodeId()) && e.countsFrames() && (prev == null || !prev.event().countsFrames());
        if (writerStarts && !writing) {
            // throughput counts from the first frame a writer asks for, not from the render's start
            writing = true;
            samples.clear();
        }
        long done = Math.round(work()[0]);
        if (done != lastDone || writerStarts) {
            lastDone = done;
            samples.addLast(new long[]{t, done});
        }
    }

    private long now() {
        return clock.getAsLong();
    }

    /** The last report of every node in the render, in plan order. */
    public synchronized Map<String, Node> nodes() {
        return Map.copyOf(nodes);
    }

    public synchronized Snapshot snapshot() {
        long t = now();
        double[] w = work();
        double done = w[0], total = w[1];
        boolean anyKnown = w[2] > 0, exact = w[3] == 0;
        List<String> running = new ArrayList<>();
        int finished = 0;
        for (Node n : nodes.values()) {
            if (n.event().state() == NodeState.RUNNING) running.add(n.event().nodeId());
            if (n.event().state().isFinal()) finished++;
        }
        double fraction;
        if (writers.isEmpty()) fraction = nodes.isEmpty() ? -1 : (double) finished / nodes.size();
        else fraction = anyKnown ? (total <= 0 ? 1 : Math.min(1, done / total)) : -1;
        if (planned && finished == nodes.size() && !nodes.isEmpty()) fraction = 1;
        double rate = rate(t);
        double eta = rate > 0 && anyKnown ? Math.max(0, total - done) / rate : Double.NaN;
        double elapsed = startNanos < 0 ? 0 : (t - startNanos) / 1e9;
        return new Snapshot(fraction, Math.round(done), Math.round(total), exact, eta, rate, List.copyOf(running), finished, nodes.size(), elapsed);
    }

    /**
     * {frames done, frames to do, writers whose count is known or finished, writers still estimated}.
     * A writer served from the cache (or that failed, was skipped or cancelled) has no more work:
     * it counts what it did. One that finished without counting frames counts one.
     */
    private double[] work() {
        double knownTotal = 0;
        int known = 0;
        for (String id : writers) {
            Node n = nodes.get(id);
            if (n != null && n.event().countsFrames()) {
                knownTotal += n.event().framesTotal();
                known++;
            }
        }
        double estimate = known == 0 ? 1 : knownTotal / known;
        double done = 0, total = 0;
        int settled = 0, estimated = 0;
        for (String id : writers) {
            Node n = nodes.get(id);
            NodeEvent e = n == null ? null : n.event();
            if (e != null && e.countsFrames()) {
                long d = e.state() == NodeState.DONE ? e.framesTotal() : e.framesDone();
                done += d;
                total += e.state().isFinal() && e.state() != NodeState.DONE ? d : e.framesTotal();
                settled++;
            } else if (e != null && e.state() == NodeState.DONE) {
                done += 1;
                total += 1;
                settled++;
            } else if (e != null && e.state().isFinal()) {
                settled++; // cached, failed, skipped, cancelled: nothing more to write
            } else {
                double f = e == null ? 0 : e.fraction();
                done += f * estimate;
                total += estimate;
                estimated++;
            }
        }
        return new double[]{done, total, settled, estimated};
    }

    /**
     * Frames per second since the oldest sample inside the recent window, or 0 when not
     * measurable yet. Measured up to now, not to the last frame, so a stall lowers it.
     */
    private double rate(long t) {
        while (samples.size() > 2 && t - samples.peekFirst()[0] > WINDOW_NANOS) samples.pollFirst();
        if (samples.size() < 2) return 0;
        long[] a = samples.peekFirst(), b = samples.peekLast();
        double secs = (t - a[0]) / 1e9;
        return secs <= 0.2 || b[1] <= a[1] ? 0 : (b[1] - a[1]) / secs;
    }

    /** What a node did, for tooltips and the command line: "done in 2.3 s, 48 frames (parameter size changed)". */
    public static String describe(NodeEvent e, long millis) {
        String state = e.state().name().toLowerCase(Locale.ROOT);
        String time = seconds(millis);
        StringBuilder sb = new StringBuilder();
        switch (e.state()) {
            case RUNNING -> {
                sb.append("running ").append(Math.round(e.fraction() * 100)).append('%');
                if (e.countsFrames()) sb.append(", frame ").append(e.framesDone()).append(" of ").append(e.framesTotal());
                sb.append(", ").append(time);
            }
            case QUEUED -> sb.append("queued");
            case CACHED -> sb.append("cached in ").append(time);
            default -> {
                sb.append(state).append(" in ").append(time);
                if (e.countsFrames()) sb.append(", ").append(e.framesDone()).append(e.framesDone() == 1 ? " frame" : " frames");
            }
        }
        if (!e.message().isEmpty()) sb.append(" (").append(e.message()).append(')');
        return sb.toString();
    }

    /** 0.4 s, 12 s, 3 min 05 s. */
    public static String seconds(long millis) {
        if (millis < 10_000) return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        long s = Math.round(millis / 1000.0);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
