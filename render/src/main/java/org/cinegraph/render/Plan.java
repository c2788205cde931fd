package org.cinegraph.render;

import org.cinegraph.graph.Graph;
import org.cinegraph.graph.PortRef;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a render will run, decided before anything runs: the graph that runs (subgraphs
 * flattened, inner nodes named by path "sub1/grade1"), the nodes in dependency order, each
 * node's fingerprint (its cache key and what it depends on), the key of every output port, how
 * far each node is from an output (nearest first when scheduling), the nodes asked for, and
 * which planned nodes write files (their frames are the work progress is measured in).
 */
public record Plan(Graph graph, List<String> order, Map<String, Fingerprint> fingerprints, Map<PortRef, String> outputKeys,
                   Map<String, Integer> distanceToOutput, Set<String> targets, Set<String> writers) {
    public Plan {
        writers = Set.copyOf(writers);
        order = List.copyOf(order);
        fingerprints = Map.copyOf(fingerprints);
        outputKeys = Map.copyOf(outputKeys);
        distanceToOutput = Map.copyOf(distanceToOutput);
        targets = Set.copyOf(targets);
    }

    public String key(String nodeId) {
        return fingerprints.get(nodeId).key();
    }
}
