package org.cinegraph.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The house rules, each with the reason it earns its keep. */
class LayeringTest {
    private static final String[] NODES = {"org.cinegraph.graph..", "org.cinegraph.spi..", "org.cinegraph.media..",
            "org.cinegraph.format..", "org.cinegraph.builtin..", "org.cinegraph.models..", "org.cinegraph.files.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // test classes come as folders or, in a full build, as the nodes test jar the app's tests use
        ImportOption noTestJars = location -> !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).withImportOption(noTestJars)
                .importPackages("org.cinegraph");
    }

    @Test
    void nodesLayerDependsOnNeitherRenderNorApp() {
        noClasses().that().resideInAnyPackage(NODES)
                .should().dependOnClassesThat().resideInAnyPackage("org.cinegraph.render..", "org.cinegraph.app..")
                .because("the domain (graphs, node types, media, models) must run in any host: CLI, editor, farm worker, test")
                .check(classes);
    }

    @Test
    void renderLayerDoesNotDependOnApp() {
        noClasses().that().resideInAPackage("org.cinegraph.render..")
                .should().dependOnClassesThat().resideInAPackage("org.cinegraph.app..")
                .because("a graph renders headless, from the CLI or a render farm, with no editor")
                .check(classes);
    }

    @Test
    void nothingBelowAppUsesJavaFx() {
        noClasses().that().resideInAnyPackage(NODES).or().resideInAPackage("org.cinegraph.render..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .because("render-farm workers and CI have no display")
                .check(classes);
    }

    @Test
    void theNodeSpiDependsOnlyOnMedia() {
        classes().that().resideInAPackage("org.cinegraph.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.cinegraph.spi..", "org.cinegraph.media..", "java..")
                .because("plugins compile against the SPI; every type it pulls in becomes a promise to plugin authors")
                .check(classes);
    }

    @Test
    void djlOnlyInTheModelRuntime() {
        noClasses().that().resideOutsideOfPackage("org.cinegraph.models..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..")
                .because("one room owns engines, devices, native loading and the memory budget")
                .check(classes);
    }

    @Test
    void ffmpegOnlyInMediaIo() {
        noClasses().that().resideOutsideOfPackage("org.cinegraph.media..")
                .should().dependOnClassesThat().resideInAPackage("org.bytedeco..")
                .because("native media I/O (decoders, encoders, pixel formats) is one room; nodes work on Frames and Clips")
                .check(classes);
    }

    @Test
    void builtInNodesNeverUseModels() {
        noClasses().that().resideInAPackage("org.cinegraph.builtin..")
                .should().dependOnClassesThat().resideInAPackage("org.cinegraph.models..")
                .because("the built-in media nodes must load and run without any model engine")
                .check(classes);
    }

    @Test
    void modelsServeAnyHost() {
        noClasses().that().resideInAPackage("org.cinegraph.models..")
                .should().dependOnClassesThat().resideInAnyPackage("org.cinegraph.builtin..", "org.cinegraph.graph..", "org.cinegraph.format..")
                .because("the model runtime and library know weights and node types, not graphs or files; graph-level checks live in render")
                .check(classes);
    }

    @Test
    void onlyTheCommandLinePrintsToStandardStreams() {
        noClasses().that().resideOutsideOfPackages("org.cinegraph.render.cli..", "org.cinegraph.app")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .because("stdout carries the list of written files for scripts; everything else reports through logs, events or exceptions")
                .check(classes);
    }

    @Test
    void everyLayerHasClasses() {
        // Guards against the rules above passing vacuously after a package rename.
        assertThat(classes.containPackage("org.cinegraph.graph")).isTrue();
        assertThat(classes.containPackage("org.cinegraph.spi")).isTrue();
        assertThat(classes.containPackage("org.cinegraph.models")).isTrue();
        assertThat(classes.containPackage("org.cinegraph.builtin.io")).isTrue();
        assertThat(classes.containPackage("org.cinegraph.render")).isTrue();
        assertThat(classes.containPackage("org.cinegraph.render.cli")).isTrue();
        assertThat(classes.containPackage("org.cinegraph.app")).isTrue();
    }
}
