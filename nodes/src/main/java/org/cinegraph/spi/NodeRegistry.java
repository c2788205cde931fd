package org.cinegraph.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The node types available in this process: built-ins plus plugin jars, by type id. */
public final class NodeRegistry {
    private final Map<String, NodeType> types;

    public NodeRegistry(Collection<? extends NodeType> types) {
        Map<String, NodeType> m = new TreeMap<>();
        for (NodeType t : types) {
            NodeType prev = m.put(t.spec().id(), t);
            if (prev != null) {
                throw new IllegalStateException("node type id " + t.spec().id() + " is registered twice: "
                        + prev.getClass().getName() + " and " + t.getClass().getName());
            }
        }
        this.types = Collections.unmodifiableMap(m);
    }

    /**
     * Every node type found through ServiceLoader on the given class loader: NodeType classes,
     * plus the types each NodeTypeSource supplies (e.g. from model manifests).
     */
    public static NodeRegistry load(ClassLoader loader) {
        List<NodeType> types = new ArrayList<>();
        ServiceLoader.load(NodeType.class, loader).stream().map(ServiceLoader.Provider::get).forEach(types::add);
        ServiceLoader.load(NodeTypeSource.class, loader).stream().map(ServiceLoader.Provider::get).forEach(s -> types.addAll(s.types()));
        return new NodeRegistry(types);
    }

    private static volatile NodeRegistry standard;

    /** The node types on this application's class path (cached). */
    public static NodeRegistry standard() {
        NodeRegistry r = standard;
        if (r == null) {
            synchronized (NodeRegistry.class) {
                if (standard == null) standard = load(NodeRegistry.class.getClassLoader());
                r = standard;
            }
        }
        return r;
    }

    public Optional<NodeType> find(String id) {
        return Optional.ofNullable(types.get(id));
    }

    /** All types, sorted by id. */
    public Collection<NodeType> all() {
        return types.values();
    }
}
