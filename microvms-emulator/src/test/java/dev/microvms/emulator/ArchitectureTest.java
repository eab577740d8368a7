package dev.microvms.emulator;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.microvms.emulator.core.Admission;
import dev.microvms.emulator.core.EndpointGate;

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

    /** The proxy moves bytes: what to admit is the core's gate's to say, and the shell is handed on. */
    @ArchTest
    static final ArchRule proxyAsksTheGateOnly = noClasses()
            .that()
            .resideInAPackage("dev.microvms.emulator.proxy..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.microvms.emulator.core..")
                    .and(not(belongToAnyOf(EndpointGate.class, Admission.class))))
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.microvms.emulator.shell..", "dev.microvms.emulator.runtime..");

    @ArchTest
    static final ArchRule shellKnowsNoRuntimeAndNoCore = noClasses()
            .that()
            .resideInAPackage("dev.microvms.emulator.shell..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.microvms.emulator.runtime..", "dev.microvms.emulator.core..");

    @ArchTest
    static final ArchRule emulatorPackagesHaveNoCycles =
            slices().matching("dev.microvms.emulator.(*)..").should().beFreeOfCycles();

    /** STS, IAM and CloudWatch Logs: route (the handler) -> service -> store, like the MicroVMs API. */
    @ArchTest
    static final ArchRule otherApisServicesKnowNoRoutes = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.microvms.emulator.sts..", "dev.microvms.emulator.iam..", "dev.microvms.emulator.logs..")
            .and()
            .haveSimpleNameNotEndingWith("Handler")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.microvms.emulator.http..", "dev.microvms.emulator.api..");

    @ArchTest
    static final ArchRule otherApisRoutesGoThroughTheirService = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.microvms.emulator.sts..", "dev.microvms.emulator.iam..", "dev.microvms.emulator.logs..")
            .and()
            .haveSimpleNameEndingWith("Handler")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.microvms.emulator.store..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("dev.microvms.emulator.core.Store");
}
