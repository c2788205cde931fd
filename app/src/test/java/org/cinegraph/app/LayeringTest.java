package org.cinegraph.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The house rule: app -> render -> nodes, never upward, and no JavaFX below app. */
class LayeringTest {
    private static final String[] NODES = {"org.cinegraph.graph..", "org.cinegraph.spi..", "org.cinegraph.media..",
            "org.cinegraph.format..", "org.cinegraph.builtin.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.cinegraph");
    }

    @Test
    void nodesLayerDependsOnNeitherRenderNorApp() {
        noClasses().that().resideInAnyPackage(NODES)
                .should().dependOnClassesThat().resideInAnyPackage("org.cinegraph.render..", "org.cinegraph.app..")
                .check(classes);
    }

    @Test
    void renderLayerDoesNotDependOnApp() {
        noClasses().that().resideInAPackage("org.cinegraph.render..")
                .should().dependOnClassesThat().resideInAPackage("org.cinegraph.app..")
                .check(classes);
    }

    @Test
    void nothingBelowAppUsesJavaFx() {
        noClasses().that().resideInAnyPackage(NODES).or().resideInAPackage("org.cinegraph.render..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(classes);
    }

    @Test
    void everyLayerHasClasses() {
        // Guards against the rules above passing vacuously after a package rename.
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("org.cinegraph.graph")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("org.cinegraph.render")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("org.cinegraph.app")).isTrue();
    }
}
