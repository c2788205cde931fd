package org.cinegraph.models;

import org.cinegraph.files.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LoRA files made elsewhere (by a provider's trainer, or brought by the user) installed in the model
 * library: the safetensors header is read (never any code), the adapted layers and the rank come
 * from its lora_A/lora_down tensors, and the manifest names the model the LoRA is for and, when it
 * is hosted, its URL.
 */
public final class LoraFiles {
    static final String FILE = "lora.safetensors";
    private static final Pattern DOWN = Pattern.compile("(.*)\\.(lora_A|lora_down)(\\.weight)?");

    private LoraFiles() {
    }

    /**
     * Installs {@code file} as LoRA {@code name}; an installed LoRA of that name with the same file
     * is kept as it is.
     *
     * @param forModel the model the LoRA adapts (its name and digest go into the manifest)
     * @param url      where the provider can fetch it, or null when it exists only here
     */
    public static ModelLibrary.Installed install(ModelLibrary lib, Path file, String name, ModelManifest forModel, String url,
                                                 String description, String licence) throws IOException, ModelException {
        String sha = ModelLibrary.sha256(file);
        ModelManifest.FileEntry entry = new ModelManifest.FileEntry(FILE, sha, Files.size(file));
        Optional<ModelLibrary.Installed> have = lib.find(name).filter(i -> i.manifest().files().equals(List.of(entry)));
        if (have.isPresent()) return have.get();
        Map<String, Safetensors.Info> header;
        try (InputStream in = Files.newInputStream(file)) {
            header = Safetensors.header(in, file.toString());
        }
        List<String> targets = new ArrayList<>();
        int rank = 0;
        for (Map.Entry<String, Safetensors.Info> e : header.entrySet()) {
            Matcher down = DOWN.matcher(e.getKey());
            if (down.matches() && e.getValue().shape().length >= 1) {
                targets.add(down.group(1));
                rank = (int) e.getValue().shape()[0];
            }
        }
        if (targets.isEmpty()) throw new ModelException(file + ": holds no LoRA tensors (no lora_A / lora_down weights)");
        ModelManifest lora = new ModelManifest(name, "1", "lora", "lora", "LoRA for " + forModel.name(), description, FILE, List.of(entry),
                List.of(), List.of(), List.of(), licence, null, null, null,
                new ModelManifest.LoraSection(forModel.name(), forModel.digest(), rank, rank, targets, List.of(), List.of(), 0, url));
        Path staged = lib.stagingFolder(name);
        try {
            Files.copy(file, staged.resolve(FILE));
            return lib.install(lora, staged);
        } finally {
            AtomicFiles.deleteTree(staged);
        }
    }
}
