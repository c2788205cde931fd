package org.cinegraph.render;

import org.cinegraph.format.LoadedGraph;
import org.cinegraph.format.RequiredModels;
import org.cinegraph.models.ModelException;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.models.PullProgress;
import org.cinegraph.models.remote.RemoteNodeSource;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeRegistry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What a graph needs that this machine lacks, and whether the built-in catalogue can supply it:
 * the query behind {@code render --pull}, fetch-on-first-use and the editor's missing-models
 * dialog. Only a catalogue entry whose weights digest is exactly the one the graph names is
 * offered, so a graph file can never make Cinegraph download anything but the catalogue's verified
 * weights.
 */
public final class MissingModels {
    private MissingModels() {
    }

    /**
     * A model the graph needs that is not installed (or installed with other weights).
     *
     * @param available the catalogue entry that installs exactly these weights, if there is one
     */
    public record Need(String name, String sha256, Optional<ModelManifest> available) {
        public boolean pullable() {
            return available.isPresent();
        }
    }

    /** The graph's models (node types' and the file's requires.models) missing from the library. */
    public static List<Need> of(LoadedGraph loaded, NodeRegistry registry, ModelLibrary library) {
        Set<ModelRef> models = new LinkedHashSet<>(RequiredModels.of(loaded.graph(), registry));
        models.addAll(loaded.declaredModels());
        List<Need> out = new ArrayList<>();
        // a remote model is its manifest: nothing to fetch (ModelCheck warns when its mapping differs)
        Set<String> remote = RemoteNodeSource.manifests(library, new ArrayList<>()).keySet();
        for (ModelRef ref : models) {
            if (remote.contains(ref.name())) continue;
            Optional<ModelLibrary.Installed> have = library.find(ref.name());
            if (have.isPresent() && have.get().manifest().digest().equals(ref.sha256())) continue;
            ModelManifest known = ModelLibrary.catalogue().get(ref.name());
            // weights that ship inside the application install themselves on first use
            if (have.isEmpty() && known != null && known.source() != null && known.source().bundled()) continue;
            boolean exact = known != null && known.digest().equals(ref.sha256());
            out.add(new Need(ref.name(), ref.sha256(), exact ? Optional.of(known) : Optional.empty()));
        }
        return out;
    }

    /** Pulls every pullable need in turn; the first failure (or a cancel) stops and is thrown. */
    public static void pull(List<Need> needs, ModelLibrary library, PullProgress.Listener listener, BooleanSupplier cancelled) throws ModelException {
        for (Need n : needs) {
            if (n.pullable()) library.pull(n.available().get(), listener, cancelled);
        }
    }
}
