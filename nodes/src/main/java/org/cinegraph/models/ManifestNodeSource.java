package org.cinegraph.models;

import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.NodeTypeSource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The node types made from model manifests ({@link ManifestNode}): one per catalogue model with a
 * "node" section (so a graph using it opens, validates and can pull the model even before it is
 * installed), and one per installed TorchScript, ONNX or ncnn model that can be a node (an
 * installed manifest of the same name as a catalogue one replaces it). Registered through
 * ServiceLoader; models with broken manifests are logged and left out rather than stopping the
 * application.
 */
public final class ManifestNodeSource implements NodeTypeSource {
    private static final Logger LOG = Logger.getLogger(ManifestNodeSource.class.getName());
    private final ModelLibrary library;

    public ManifestNodeSource() {
        this(ModelLibrary.fromEnvironment());
    }

    public ManifestNodeSource(ModelLibrary library) {
        this.library = library;
    }

    @Override
    public Collection<NodeType> types() {
        List<String> problems = new ArrayList<>();
        Map<String, NodeType> out = new LinkedHashMap<>();
        for (ModelManifest m : ModelLibrary.catalogue().values()) {
            if (m.node() != null) out.put(ManifestNode.typeId(m.name()), new ManifestNode(m, true, () -> library, ModelRuntime::shared));
        }
        for (ModelLibrary.Installed m : library.installed(problems).values()) {
            ModelManifest mf = m.manifest();
            if (!ModelManifest.NODE_FORMATS.contains(mf.format()) || (mf.node() == null && !"torchscript".equals(mf.format()))) continue;
            ModelManifest known = ModelLibrary.catalogue().get(mf.name());
            if (known != null && known.digest().equals(mf.digest())) continue; // the catalogue's own node already covers it
            try {
                out.put(ManifestNode.typeId(mf.name()), new ManifestNode(m, () -> library, ModelRuntime::shared));
            } catch (IllegalArgumentException e) {
                problems.add(m.dir().resolve("manifest.json") + ": " + e.getMessage());
            }
        }
        problems.forEach(p -> LOG.warning("model library: " + p));
        return out.values();
    }
}
