package org.cinegraph.models;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import org.cinegraph.spi.NodeException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import java.util.zip.ZipFile;

/**
 * The one owner of DJL in the process: starts the PyTorch engine (CPU natives from the
 * classifier jar, so nothing is downloaded) and, for ONNX models, the OnnxRuntime engine (natives
 * inside its jar, CPU provider), picks the device, and keeps loaded models of both engines in one
 * memory budget, unloading the least recently used idle model when a new one needs room. A
 * node evaluation {@link #open opens} a {@link Session}: the model is held for the session and
 * every tensor it makes lives in a child NDManager closed with the session, so native memory
 * does not grow with the number of frames rendered.
 */
public final class ModelRuntime implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ModelRuntime.class.getName());

    public enum DeviceChoice {
        AUTO, CPU, GPU;

        public static DeviceChoice parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("device must be auto, cpu or gpu, not '" + s + "'");
            }
        }
    }

    /** Loads a model onto a device (the TorchScript loader, or a network built from DJL blocks). */
    @FunctionalInterface
    public interface Loader {
        Model load(Device device) throws IOException, MalformedModelException, ModelException;
    }

    private final DeviceChoice choice;
    private final long budgetBytes;
    // access-ordered: iteration starts at the least recently used model
    private final LinkedHashMap<String, Entry> loaded = new LinkedHashMap<>(16, 0.75f, true);
    private long usedBytes;
    private Engine engine;
    private Device device;
    // DJL keeps one engine per process, so its start-up is timed once for all runtimes.
    private static long engineStartMillis = -1;
    private static final String ONNX_ENGINE = "OnnxRuntime";
    private boolean onnxStarted;

    private static final class Entry {
        final String key;
        final Model model;
        final long bytes;
        int users;

        Entry(String key, Model model, long bytes) {
            this.key = key;
            this.model = model;
            this.bytes = bytes;
        }
    }

    public ModelRuntime(DeviceChoice choice, long budgetBytes) {
        if (budgetBytes <= 0) throw new IllegalArgumentException("model memory budget must be positive");
        this.choice = choice;
        this.budgetBytes = budgetBytes;
    }

    // ---- the shared instance ----

    private static ModelRuntime shared;
    private static DeviceChoice sharedDevice;
    private static Long sharedBudget;

    /**
     * The runtime the nodes of this process use, made on first use from the settings given to
     * {@link #configureShared} or the environment: CINEGRAPH_DEVICE (auto|cpu|gpu, default auto)
     * and CINEGRAPH_MODEL_MEMORY (bytes or 512M/4G; default half of the free RAM).
     */
    public static synchronized ModelRuntime shared() {
        if (shared == null) {
            DeviceChoice d = sharedDevice != null ? sharedDevice : envDevice();
            long b = sharedBudget != null ? sharedBudget : envBudget();
            shared = new ModelRuntime(d, b);
        }
        return shared;
    }

    /**
     * Settings for the shared runtime (the CLI's --device); null keeps the environment's. Takes
     * effect at once: a runtime already made is closed and the next {@link #shared()} makes a new one.
     */
    public static synchronized void configureShared(DeviceChoice device, Long budgetBytes) {
        sharedDevice = device;
        sharedBudget = budgetBytes;
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    private static DeviceChoice envDevice() {
        String v = System.getenv("CINEGRAPH_DEVICE");
        return v == null || v.isBlank() ? DeviceChoice.AUTO : DeviceChoice.parse(v);
    }

    private static long envBudget() {
        String v = System.getenv("CINEGRAPH_MODEL_MEMORY");
        if (v != null && !v.isBlank()) return parseSize(v);
        long free = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            free = os.getFreeMemorySize();
        }
        return free > 0 ? Math.max(free / 2, 256L << 20) : 2L << 30;
    }

    /** "512M", "4G", "1000000" to bytes. */
    public static long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("B")) t = t.substring(0, t.length() - 1);
        long mult = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 1;
        };
        if (mult > 1) t = t.substring(0, t.length() - 1);
        try {
            long v = (long) (Double.parseDouble(t.trim()) * mult);
            if (v <= 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model memory must look like 512M or 4G, not '" + s + "'");
        }
    }

    // ---- engine and device ----

    /** Starts PyTorch on first call. */
    public synchronized Engine engine() {
        if (engine == null) {
            // Natives come from the pytorch-native-cpu jar; never reach for a download at run time.
            // A GPU workstation that wants CUDA natives fetched sets -Dai.djl.offline=false.
            if (System.getProperty("ai.djl.offline") == null && choice != DeviceChoice.GPU) System.setProperty("ai.djl.offline", "true");
            synchronized (ModelRuntime.class) {
                long t0 = System.nanoTime();
                engine = Engine.getEngine("PyTorch");
                if (engineStartMillis < 0) engineStartMillis = (System.nanoTime() - t0) / 1_000_000;
            }
            device = pickDevice(engine);
            LOG.info(String.format(Locale.ROOT, "model runtime: PyTorch %s on %s (engine start-up %d ms), model memory budget %s",
                    engine.getVersion(), device.isGpu() ? "GPU " + device.getDeviceId() : "CPU", engineStartMillis, megabytes(budgetBytes)));
        }
        return engine;
    }

    private Device pickDevice(Engine e) {
        int gpus = e.getGpuCount();
        if (choice == DeviceChoice.CPU) return Device.cpu();
        if (gpus > 0) return Device.gpu();
        LOG.info(choice == DeviceChoice.GPU
                ? "model runtime: --device gpu was asked for but PyTorch sees no GPU; running models on the CPU"
                : "model runtime: no GPU found by PyTorch; running models on the CPU");
        return Device.cpu();
    }

    public synchronized Device device() {
        engine();
        return device;
    }

    /** Milliseconds the PyTorch engine took to start in this process (-1 before it started). */
    public static synchronized long engineStartMillis() {
        return engineStartMillis;
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    public synchronized long usedBytes() {
        return usedBytes;
    }

    /**
     * Starts OnnxRuntime on first call (after PyTorch, which it uses for tensor operations that ONNX
     * Runtime lacks). Always the CPU provider: the CUDA provider is a separate native package.
     */
    private synchronized void startOnnx() {
        engine();
        if (onnxStarted) return;
        long t0 = System.nanoTime();
        Engine ort = Engine.getEngine(ONNX_ENGINE);
        onnxStarted = true;
        LOG.info(String.format(Locale.ROOT, "model runtime: ONNX Runtime %s on CPU (engine start-up %d ms)%s", ort.getVersion(),
                (System.nanoTime() - t0) / 1_000_000, device.isGpu() ? "; ONNX models run on the CPU (the GPU provider is not bundled)" : ""));
    }

    /** Keys of the models held in memory, least recently used first. */
    public synchronized List<String> loadedModels() {
        return new ArrayList<>(loaded.keySet());
    }

    // ---- sessions ----

    /** A model held for one node evaluation, with a manager for the evaluation's tensors. */
    public final class Session implements AutoCloseable {
        private final Entry entry;
        private final NDManager manager;
        private NDManager pytorch;
        private boolean closed;

        private Session(Entry entry) {
            this.entry = entry;
            this.manager = entry.model.getNDManager().newSubManager();
        }

        public Model model() {
            return entry.model;
        }

        /** Tensors made here are freed when the session closes. */
        public NDManager manager() {
            return manager;
        }

        /**
         * A PyTorch manager for pre- and post-processing, freed when the session closes: the
         * model's own manager where the model is PyTorch's, else a PyTorch manager of its own
         * (ONNX Runtime has no tensor operations of its own).
         */
        public NDManager tensors() {
            if ("PyTorch".equals(manager.getEngine().getEngineName())) return manager;
            if (pytorch == null) pytorch = engine().newBaseManager(Device.cpu());
            return pytorch;
        }

        /** Runs the model's block in inference mode; outputs belong to this session's manager. */
        public NDList forward(NDList inputs) {
            NDList out = entry.model.getBlock().forward(new ParameterStore(manager, false), inputs, false);
            out.attach(manager);
            return out;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            if (pytorch != null) pytorch.close();
            manager.close();
            release(entry);
        }
    }

    /**
     * Holds a TorchScript model of the library for a node evaluation, loading it if needed.
     *
     * @throws ModelException naming the node and the budget when it does not fit, or the file
     *                        when it is not TorchScript
     */
    public Session openTorchScript(String nodeId, ModelLibrary.Installed model) throws ModelException {
        ModelManifest m = model.manifest();
        if (!"torchscript".equals(m.format())) throw new ModelException("node " + nodeId + ": model " + m.name() + " is " + m.format() + ", not TorchScript");
        return openTorchScript(nodeId, m.name() + "@" + m.digest(), model.file(m.entry()), m.totalBytes());
    }

    /** Holds a TorchScript file under {@code key}, loading it on first use (refused unless it holds compiled code). */
    public Session openTorchScript(String nodeId, String key, Path file, long bytes) throws ModelException {
        String name = key.contains("@") ? key.substring(0, key.indexOf('@')) : key;
        return open(nodeId, key, bytes, dev -> {
            requireTorchScript(file);
            Model djl = Model.newInstance(name, dev, "PyTorch");
            try {
                djl.load(file);
            } catch (IOException | MalformedModelException | RuntimeException e) {
                djl.close();
                throw e;
            }
            return djl;
        });
    }

    /**
     * Holds an ONNX model file for a node evaluation, loading it (ONNX Runtime, CPU) on first use;
     * it shares the memory budget and the least-recently-used unloading with PyTorch models.
     * {@code bytes} is what it costs against the budget (the file's size).
     */
    public Session openOnnx(String nodeId, String key, Path file, long bytes) throws ModelException {
        startOnnx();
        String name = key.contains("@") ? key.substring(0, key.indexOf('@')) : key;
        return open(nodeId, key, bytes, dev -> {
            Model djl = Model.newInstance(name, Device.cpu(), ONNX_ENGINE);
            try {
                djl.load(file);
            } catch (IOException | MalformedModelException | RuntimeException e) {
                djl.close();
                throw e;
            }
            return djl;
        });
    }

    /**
     * Holds the model under {@code key} for a node evaluation, loading it with {@code loader} on
     * first use. {@code bytes} is what the model costs against the budget (its weights' size).
     */
    public Session open(String nodeId, String key, long bytes, Loader loader) throws ModelException {
        Device dev = device();
        ConvolutionCheck.verify();
        synchronized (this) {
            Entry e = loaded.get(key);
            if (e == null) {
                String name = key.contains("@") ? key.substring(0, key.indexOf('@')) : key;
                if (bytes > budgetBytes) {
                    throw new ModelException("node " + nodeId + ": model " + name + " needs " + megabytes(bytes) + " but the model memory budget is "
                            + megabytes(budgetBytes) + " (raise CINEGRAPH_MODEL_MEMORY)");
                }
                makeRoom(bytes);
                if (usedBytes + bytes > budgetBytes) {
                    throw new ModelException("node " + nodeId + ": model " + name + " needs " + megabytes(bytes) + " but only "
                            + megabytes(budgetBytes - usedBytes) + " of the " + megabytes(budgetBytes)
                            + " model memory budget is free while other nodes use " + String.join(", ", loaded.keySet())
                            + " (raise CINEGRAPH_MODEL_MEMORY)");
                }
                long t0 = System.nanoTime();
                Model model;
                try {
                    model = loader.load(dev);
                } catch (IOException | MalformedModelException | RuntimeException ex) {
                    throw new ModelException("node " + nodeId + ": cannot load model " + name + ": " + NodeException.oneLine(ex.getMessage()), ex);
                }
                e = new Entry(key, model, bytes);
                loaded.put(key, e);
                usedBytes += bytes;
                LOG.fine(() -> String.format(Locale.ROOT, "loaded model %s in %d ms", key, (System.nanoTime() - t0) / 1_000_000));
            }
            e.users++;
            return new Session(e);
        }
    }

    /** Unloads idle models, least recently used first, until {@code bytes} more fit. */
    private void makeRoom(long bytes) {
        Iterator<Map.Entry<String, Entry>> it = loaded.entrySet().iterator();
        while (usedBytes + bytes > budgetBytes && it.hasNext()) {
            Entry e = it.next().getValue();
            if (e.users > 0) continue;
            it.remove();
            usedBytes -= e.bytes;
            e.model.close();
            LOG.fine(() -> "unloaded model " + e.key + " to stay within the model memory budget");
        }
    }

    private synchronized void release(Entry e) {
        e.users--;
    }

    /** TorchScript archives hold compiled code (a code/ folder); a torch.save pickle does not. */
    static void requireTorchScript(Path file) throws ModelException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            boolean code = zip.stream().anyMatch(z -> z.getName().contains("/code/"));
            if (!code) {
                throw new ModelException(file + " is a pickle checkpoint, not TorchScript: pickles are never loaded; export the model with torch.jit.script or torch.jit.trace");
            }
        } catch (IOException e) {
            throw new ModelException(file + " is not a TorchScript archive: " + NodeException.oneLine(e.getMessage()), e);
        }
    }

    static String megabytes(long bytes) {
        if (bytes < 1 << 20) return bytes + " bytes";
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    /** Unloads every model; tensors of sessions still open are freed with them, so call it between renders. */
    @Override
    public synchronized void close() {
        for (Entry e : loaded.values()) e.model.close();
        loaded.clear();
        usedBytes = 0;
    }
}
