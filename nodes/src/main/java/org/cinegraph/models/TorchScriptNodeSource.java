package org.cinegraph.models;

import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.NodeTypeSource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Logger;

/**
 * One node type per TorchScript model installed in the user's model library (see
 * {@link TorchScriptNode}). Registered through ServiceLoader; models with broken manifests are
 * logged and left out rather than stopping the application.
 */
public final class TorchScriptNodeSource implements NodeTypeSource {
    private static final Logger LOG = Logger.getLogger(TorchScriptNodeSource.class.getName());
    private final ModelLibrary library;

    public TorchScriptNodeSource() {
        this(ModelLibrary.fromEnvironment());
    }

    public TorchScriptNodeSource(ModelLibrary library) {
        this.library = library;
    }

    @Override
    public Collection<NodeType> types() {
        List<String> problems = new ArrayList<>();
        List<NodeType> out = new ArrayList<>();
        for (ModelLibrary.Installed m : library.installed(problems).values()) {
            if (!"torchscript".equals(m.manifest().format())) continue;
            try {
                out.add(new TorchScriptNode(m, () -> library, ModelRuntime::shared));
            } catch (IllegalArgumentException e) {
                problems.add(m.dir().resolve("manifest.json") + ": " + e.getMessage());
            }
        }
        problems.forEach(p -> LOG.warning("model library: " + p));
        return out;
    }
}
