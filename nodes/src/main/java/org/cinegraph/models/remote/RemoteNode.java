package org.cinegraph.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cinegraph.models.ModelLibrary;
import org.cinegraph.models.ModelManifest;
import org.cinegraph.spi.FileStore;
import org.cinegraph.spi.ModelRef;
import org.cinegraph.spi.NodeContext;
import org.cinegraph.spi.NodeInputs;
import org.cinegraph.spi.NodeSpec;
import org.cinegraph.spi.NodeType;
import org.cinegraph.spi.PaidService;
import org.cinegraph.spi.ServiceCall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A node type made from a remote model's manifest (format "remote"), with no Java per model: type
 * id {@code remote.NAME}, ports and parameters from the manifest's mapping, plus {@code timeout}
 * (seconds; not part of the cache key) and {@code take} ("Generate again"). Evaluating it asks
 * the provider once: the answer and its downloaded files are kept in the render cache under the
 * node's cache key ({@link NodeContext#fileStore()}), so a re-render, a preview, or another
 * process never calls (or pays) again for the same request. The key is looked up only when a
 * call is actually needed, so graphs open, validate and re-render from the cache without one.
 */
public final class RemoteNode implements NodeType, PaidService {
    static final String RESULT = "result.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ModelManifest manifest;
    private final RemoteModel remote;
    private final NodeSpec spec;
    private final Supplier<RemoteConfig> config;
    /** Where results that are models (a trained LoRA) are installed. */
    private final Supplier<ModelLibrary> library;

    public RemoteNode(ModelManifest manifest, Supplier<RemoteConfig> config) {
        this(manifest, config, ModelLibrary::fromEnvironment);
    }

    public RemoteNode(ModelManifest manifest, Supplier<RemoteConfig> config, Supplier<ModelLibrary> library) {
        this.library = library;
        if (!manifest.isRemote()) throw new IllegalArgumentException("model " + manifest.name() + " is not a remote model");
        this.manifest = manifest;
        this.remote = manifest.remote();
        this.config = config;
        this.spec = RemoteSpecs.specOf(manifest);
    }

    public static String typeId(String modelName) {
        return "remote." + modelName;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    @Override
    public NodeSpec spec() {
        return spec;
    }

    @Override
    public List<ModelRef> requiredModels(Map<String, Object> params) {
        return List.of(new ModelRef(manifest.name(), manifest.digest()));
    }

    @Override
    public boolean resultDependsOn(String param) {
        return !param.equals(RemoteSpecs.TIMEOUT);
    }

    @Override
    public Estimate estimate(Map<String, Object> params) {
        return Pricing.estimate(remote, RemoteSpecs.byField(remote, params));
    }

    @Override
    public boolean hasStoredResult(Optional<FileStore> store) {
        return store.flatMap(s -> StoredResult.load(s, remote)).isPresent();
    }

    @Override
    public Map<String, Object> evaluate(NodeInputs in, NodeContext ctx) throws Exception {
        String who = "node " + ctx.nodeId() + ": " + remote.providerName() + " " + remote.endpointName();
        Optional<FileStore> store = ctx.fileStore();
        Optional<StoredResult> kept = store.flatMap(s -> StoredResult.load(s, remote));
        if (kept.isPresent()) {
            try {
                Map<String, Object> values = RemoteOutputs.values(manifest, kept.get(), ctx, library, who);
                ctx.log("result of request " + kept.get().requestId() + " from the cache (no call made)");
                return values;
            } catch (RemoteException e) {
                // a damaged cache entry counts as a miss, as everywhere in the render cache
                ctx.log("the kept result of request " + kept.get().requestId() + " is damaged (" + e.getMessage() + "); asking again");
            }
        }
        ObjectNode input = RemoteSpecs.requestFields(remote, in.params(), who);
        RemoteConfig cfg;
        try {
            cfg = config.get();
        } catch (IllegalArgumentException e) {
            throw new RemoteException(who + ": " + e.getMessage());
        }
        Secret key = cfg.credentials().require(remote.provider(), who);
        RemoteHttp http = new RemoteHttp(cfg.limits());
        Provider provider = remote.isFal() ? new FalProvider(http, cfg.falQueue(), cfg.falRest()) : new ReplicateProvider(http, cfg.replicateApi());
        long timeout = in.integer(RemoteSpecs.TIMEOUT);
        CallContext call = new CallContext(who, key, Duration.ofSeconds(timeout),
                () -> ctx.isCancelled() || Thread.currentThread().isInterrupted(), ctx::log, ctx::progress);
        RemoteInputs.attach(remote, in, input, provider, http.limits(), ctx.tempDir(), call);
        JsonPaths.compact(input);
        Estimate estimate = estimate(in.params());
        ctx.log("calling " + remote.providerName() + " " + remote.endpointName()
                + (estimate.amount() == null ? " (no price known)" : " (estimated " + Pricing.fmt(estimate.amount()) + " " + estimate.currency() + ")"));
        Provider.Outcome outcome = provider.run(remote.endpoint(), remote.version(), input, call);
        ctx.serviceCall(new ServiceCall(ctx.nodeId(), remote.providerName(), remote.endpointName(), outcome.requestId(), outcome.millis(),
                estimate.amount(), estimate.currency()));
        StoredResult result = StoredResult.download(remote, outcome, http, store, ctx.tempDir(), call);
        return RemoteOutputs.values(manifest, result, ctx, library, who);
    }

    /** The call's answer with its files on disk: in the cache when there is one, else in the render's temp folder. */
    record StoredResult(String requestId, JsonNode output, Map<String, Path> files) {

        /** The result kept for this node, if it and every file it names are still in the cache. */
        static Optional<StoredResult> load(FileStore store, RemoteModel remote) {
            Optional<Path> rec = store.get(RESULT);
            if (rec.isEmpty()) return Optional.empty();
            try {
                JsonNode j = JSON.readTree(Files.readString(rec.get(), StandardCharsets.UTF_8));
                if (!remote.endpoint().equals(j.path("endpoint").asText())) return Optional.empty();
                Map<String, Path> files = new LinkedHashMap<>();
                var it = j.path("files").fields();
                while (it.hasNext()) {
                    var e = it.next();
                    Optional<Path> f = store.get(e.getValue().asText());
                    if (f.isEmpty()) return Optional.empty();
                    files.put(e.getKey(), f.get());
                }
                return Optional.of(new StoredResult(j.path("requestId").asText(""), j.path("output"), files));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        /**
         * Downloads every file the output ports use (each URL once) and, with a cache, keeps them
         * there followed by the answer itself, which is written last: a result is complete or absent.
         */
        static StoredResult download(RemoteModel remote, Provider.Outcome outcome, RemoteHttp http, Optional<FileStore> store,
                                     Path temp, CallContext call) throws RemoteException {
            Map<String, String> names = new LinkedHashMap<>();
            Map<String, Path> files = new LinkedHashMap<>();
            Path dir = temp.resolve("remote-" + outcome.requestId());
            for (RemoteModel.Port port : remote.outputs()) {
                Downloads.Kind kind = RemoteOutputs.fileKind(port);
                if (kind == null) continue;
                List<String> urls = RemoteOutputs.urls(outcome.output(), port, call.who);
                for (int i = 0; i < urls.size(); i++) {
                    String url = urls.get(i);
                    if (files.containsKey(url)) continue;
                    call.checkCancelled();
                    Path f = Downloads.fetch(http, url, kind, dir, port.name() + "-" + i, call);
                    String name = f.getFileName().toString();
                    if (store.isPresent()) {
                        try {
                            f = store.get().put(name, f);
                        } catch (IOException e) {
                            throw new RemoteException(call.who + ": cannot keep the result in the render cache: " + e.getMessage(), e);
                        }
                    }
                    files.put(url, f);
                    names.put(url, name);
                }
            }
            if (store.isPresent()) {
                ObjectNode rec = JsonNodeFactory.instance.objectNode();
                rec.put("provider", remote.provider()).put("endpoint", remote.endpoint()).put("requestId", outcome.requestId())
                        .put("millis", outcome.millis());
                if (remote.version() != null) rec.put("version", remote.version());
                rec.set("output", outcome.output());
                ObjectNode fm = rec.putObject("files");
                names.forEach(fm::put);
                try {
                    Path f = Files.createDirectories(dir).resolve(RESULT);
                    Files.writeString(f, rec.toPrettyString(), StandardCharsets.UTF_8);
                    store.get().put(RESULT, f);
                } catch (IOException e) {
                    throw new RemoteException(call.who + ": cannot keep the result in the render cache: " + e.getMessage(), e);
                }
            }
            return new StoredResult(outcome.requestId(), outcome.output(), files);
        }
    }
}
