package org.cinegraph.render;

import org.cinegraph.spi.ServiceCall;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Outcome of a render: per-node reports (by id), the files the output nodes wrote, and the calls
 * nodes made to paid services.
 */
public record RenderResult(Map<String, NodeReport> reports, List<Path> files, boolean cancelled, List<ServiceCall> serviceCalls) {
    public RenderResult {
        reports = Map.copyOf(reports);
        files = List.copyOf(files);
        serviceCalls = List.copyOf(serviceCalls);
    }

    public RenderResult(Map<String, NodeReport> reports, List<Path> files, boolean cancelled) {
        this(reports, files, cancelled, List.of());
    }

    public boolean failed() {
        return reports.values().stream().anyMatch(r -> r.state() == NodeState.FAILED);
    }

    public List<NodeReport> failures() {
        return reports.values().stream().filter(r -> r.state() == NodeState.FAILED).sorted(java.util.Comparator.comparing(NodeReport::nodeId)).toList();
    }

    public NodeReport report(String nodeId) {
        return reports.get(nodeId);
    }
}
