package dev.microvms.emulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The direction of dependencies (STYLE.md): client, then emulator core, then emulator; the core has no
 * HTTP and no JSON; inside the emulator, routes call services and the store knows no routes.
 */
@AnalyzeClasses(packages = "dev.microvms", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule clientDependsOnNoEmulator = noClasses()
            .that()
            .resideInAPackage("dev.microvms.client..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.microvms.emulator..");

    @ArchTest
    static final ArchRule coreHasNoHttpAndNoJson = noClasses()
            .that()
            .resideInAPackage("dev.microvms.emulator.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.eclipse.jetty..", "com.fasterxml.jackson..", "java.net.http..", "com.sun.net.httpserver..");

    @ArchTest
    static final ArchRule coreDependsOnNoEmulatorPart = noClasses()
            .that()
            .resideInAPackage("dev.microvms.emulator.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.microvms.emulator.api..",
                    "dev.microvms.emulator.store..",
                    "dev.microvms.emulator.s3..",
                    "dev.microvms.emulator.runtime..",
                    "dev.microvms.emulator.executor..",
                    "dev.microvms.emulator.builder..",
                    "dev.microvms.emulator.http..");

    @ArchTest
    static final ArchRule coreUsesTheModelNotTheClient = noClasses()
            .that()
            .resideInAPackage("dev.microvms.emulator.core..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.microvms.client..");

    @ArchTest
    static final ArchRule storeKnowsNoRoutes = noClasses()
            .that()
            .resideInAnyPackage("dev.microvms.emulator.store..", "dev.microvms.emulator.s3..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.microvms.emulator.api..", "dev.microvms.emulator.runtime..");

    @ArchTest
    static final ArchRule executorsKnowNothingAboveThem = noClasses()
            .that()
            .resideInAPackage("dev.microvms.emulator.executor..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.microvms.emulator.api..",
                    "dev.microvms.emulator.runtime..",
                    "dev.microvms.emulator.builder..",
                    "dev.microvms.emulator.store..",
                    "dev.microvms.emulator.core..");
}
