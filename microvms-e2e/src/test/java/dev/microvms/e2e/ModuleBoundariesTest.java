package dev.microvms.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules across modules, which only this module sees all of: no module uses another module's {@code
 * internal} packages (what is not promised may change without notice; STYLE.md). A module is known by
 * where its classes come from: {@code microvms-client/target/classes} in the reactor, {@code
 * microvms-client-<version>.jar} from the local repository.
 */
class ModuleBoundariesTest {
    /**
     * Known crossings, each with the reason it is still there. The CLI finds bwrap, nsenter and unshare
     * with the emulator's executable finder; moving the finder to a public place is work on the sandbox
     * executor (executor/), under way elsewhere.
     */
    private static final Set<String> KNOWN =
            Set.of("dev.microvms.cli.internal.LocalEmulator -> dev.microvms.emulator.executor.internal.Executables");

    private static final Pattern REACTOR = Pattern.compile(".*/(microvms-[a-z-]+|codegen)/target/(test-)?classes/.*");
    private static final Pattern JAR = Pattern.compile(".*/(microvms-[a-z-]+?)-\\d[^/]*\\.jar!?/.*");

    private static JavaClasses classes;

    @BeforeAll
    static void importEveryModule() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.microvms");
    }

    @Test
    void noModule_usesAnotherModulesInternalPackages() {
        ArchRule rule = classes()
                .that(areInAModule())
                .should(notUseAnotherModulesInternals())
                .because("an internal package is not promised to other modules; make what they need public"
                        + " API, or move it");

        rule.check(classes);
    }

    @Test
    void everyModuleOfTheKit_isImported() {
        // The rule above can only fail for modules it sees: this keeps it from passing on an empty import.
        Set<String> seen = new TreeSet<>();
        classes.forEach(c -> module(c).ifPresent(seen::add));

        assertThat(seen)
                .contains(
                        "microvms-model",
                        "microvms-client",
                        "microvms-sdk",
                        "microvms-emulator-core",
                        "microvms-emulator",
                        "microvms-project",
                        "microvms-cli",
                        "microvms-testkit");
    }

    private static DescribedPredicate<JavaClass> areInAModule() {
        return DescribedPredicate.describe(
                "are in a module of the kit", c -> module(c).isPresent());
    }

    private static ArchCondition<JavaClass> notUseAnotherModulesInternals() {
        return new ArchCondition<>("not use another module's internal packages") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<String> from = module(origin);
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass();
                    if (!isInternal(target)) {
                        continue;
                    }
                    Optional<String> to = module(target);
                    if (to.isEmpty() || to.equals(from)) {
                        continue;
                    }
                    String crossing = origin.getName() + " -> " + target.getName();
                    if (KNOWN.contains(outer(origin) + " -> " + outer(target))) {
                        continue;
                    }
                    events.add(SimpleConditionEvent.violated(
                            d,
                            from.get() + " uses " + to.get() + "'s internal " + crossing + " (" + d.getDescription()
                                    + ")"));
                }
            }
        };
    }

    private static boolean isInternal(JavaClass c) {
        return c.getPackageName().contains(".internal");
    }

    /** A nested class counts as its outermost class, so that known crossings list classes, not lambdas. */
    private static String outer(JavaClass c) {
        String name = c.getName();
        int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar);
    }

    static Optional<String> module(JavaClass c) {
        Optional<Source> source = c.getSource();
        if (source.isEmpty()) {
            return Optional.empty();
        }
        URI uri = source.get().getUri();
        String path = uri.toString();
        for (Pattern p : new Pattern[] {REACTOR, JAR}) {
            Matcher m = p.matcher(path);
            if (m.matches()) {
                return Optional.of(m.group(1).equals("codegen") ? "microvms-codegen" : m.group(1));
            }
        }
        return Optional.empty();
    }
}
