package org.cinegraph.render;

import org.cinegraph.format.LoadedGraph;
import org.cinegraph.format.RequiredModels;
import org.cinegraph.graph.GraphNode;
import org.cinegraph.graph.Subgraphs;
import org.cinegraph.graph.Problem;
import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.remote.RemoteNodeSource;
import org.cinegraph.spi.NodeRegistry;
import org.cinegraph.spi.ModelRef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a graph's required models against the library: missing or different weights, with the command that fixes it. */
public final class ModelCheck {
    private ModelCheck() {
    }

    public static List<Problem> check(Collection<ModelRef> required, ModelLibrary library) {
        List<Problem> out = new ArrayList<>();
        Map<String, ModelManifest> catalogue = ModelLibrary.catalogue();
        Map<String, ModelManifest> remote = RemoteNodeSource.manifests(library, new ArrayList<>());
        for (ModelRef ref : new LinkedHashSet<>(required)) {
            if (remote.containsKey(ref.name())) {
                // Nothing to install: the manifest is the model. A different one calls something else.
                ModelManifest m = remote.get(ref.name());
                if (!m.digest().equals(ref.sha256())) {
                    out.add(Problem.warning(Problem.Code.MODEL, "", "remote model " + ref.name() + " here calls " + m.remote().providerName() + " " + m.remote().endpointName()
                            + " with a different mapping than the graph was saved with (" + shortSha(m.digest()) + ", graph " + shortSha(ref.sha256())
                            + "); results will differ from the saved graph's"));
                }
                continue;
            }
            String pull = ModelLibrary.pullCommand(ref.name());
            ModelManifest known = catalogue.get(ref.name());
            boolean pullable = known != null && known.digest().equals(ref.sha256());
            ModelLibrary.Installed m;
            try {
                m = library.require(ref.name(), null);
            } catch (ModelException e) {
                out.add(Problem.error(Problem.Code.MODEL, "", known == null && library.find(ref.name()).isEmpty()
                        ? "model " + ref.name() + " (sha256 " + shortSha(ref.sha256()) + ") is not installed and not in the built-in catalogue: copy its folder into " + library.userDir()
                        : e.getMessage() + (pullable ? "" : " (note: the catalogue has different weights than the graph was saved with)")));
                continue;
            }
            if (!m.manifest().digest().equals(ref.sha256())) {
                out.add(Problem.error(Problem.Code.MODEL, "", "model " + ref.name() + " in " + m.dir() + " has weights " + shortSha(m.manifest().digest())
                        + " but the graph was saved with " + shortSha(ref.sha256())
                        + (pullable ? "; run: " + pull : "; install the version the graph was made with")));
            }
        }
        return out;
    }

    /**
     * Models a loaded graph needs that the library lacks: those its installed node types declare
     * plus those the file lists (their node types may be missing precisely because the model
     * is), and model node types whose model the file no longer lists (re-saved where it was
     * missing).
     */
    public static List<Problem> forGraph(LoadedGraph loaded, NodeRegistry registry, ModelLibrary library) {
        Set<ModelRef> models = new LinkedHashSet<>(RequiredModels.of(loaded.graph(), registry));
        models.addAll(loaded.declaredModels());
        List<Problem> out = new ArrayList<>(check(models, library));
        Set<String> named = new LinkedHashSet<>();
        models.forEach(m -> named.add(m.name()));
        for (Map.Entry<String, GraphNode> e : Subgraphs.allNodes(loaded.graph()).entrySet()) {
            GraphNode n = e.getValue();
            String model = n.type().startsWith("model.") ? n.type().substring("model.".length()) : null;
            if (model == null || registry.find(n.type()).isPresent() || !named.add(model)) continue;
            out.add(Problem.error(Problem.Code.MODEL, e.getKey(), "node type " + n.type() + " comes from model " + model + ", which is not installed: "
                    + (ModelLibrary.catalogue().containsKey(model) ? "run: " + ModelLibrary.pullCommand(model) : "copy its folder into " + library.userDir())));
        }
        return out;
    }

    private static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
