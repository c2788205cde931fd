package org.cinegraph.models.remote;

import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.NodeTypeSource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One node type per remote model: the catalogue's curated manifests plus those in the model
 * library (imported with {@code cinegraph models import}; an installed manifest of the same name
 * replaces the catalogue's). Registered through ServiceLoader; a manifest that cannot become a
 * node is logged and left out.
 */
public final class RemoteNodeSource implements NodeTypeSource {
    private static final Logger LOG = Logger.getLogger(RemoteNodeSource.class.getName());
    private static volatile RemoteConfig environment;
    private final ModelLibrary library;
    private final Supplier<RemoteConfig> config;

    public RemoteNodeSource() {
        this(ModelLibrary.fromEnvironment(), RemoteNodeSource::environment);
    }

    public RemoteNodeSource(ModelLibrary library, Supplier<RemoteConfig> config) {
        this.library = library;
        this.config = config;
    }

    /** The configuration from the environment, read when the first call needs it. */
    public static RemoteConfig environment() {
        RemoteConfig c = environment;
        if (c == null) environment = c = RemoteConfig.fromEnvironment();
        return c;
    }

    /** Remote manifests by name: the catalogue's, then the library's (which win). */
    public static Map<String, ModelManifest> manifests(ModelLibrary library, List<String> problems) {
        Map<String, ModelManifest> out = new TreeMap<>();
        ModelLibrary.catalogue().values().stream().filter(ModelManifest::isRemote).forEach(m -> out.put(m.name(), m));
        library.installed(problems).values().stream().map(ModelLibrary.Installed::manifest).filter(ModelManifest::isRemote)
                .forEach(m -> out.put(m.name(), m));
        return out;
    }

    @Override
    public Collection<NodeType> types() {
        // Unreadable library folders are reported by the TorchScript source, which reads the same library.
        List<String> problems = new ArrayList<>();
        List<NodeType> out = new ArrayList<>();
        for (ModelManifest m : manifests(library, new ArrayList<>()).values()) {
            try {
                out.add(new RemoteNode(m, config, () -> library));
            } catch (IllegalArgumentException e) {
                problems.add("remote model " + m.name() + ": " + e.getMessage());
            }
        }
        problems.forEach(p -> LOG.warning("model library: " + p));
        return out;
    }
}
