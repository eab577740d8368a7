package dev.microvms.emulator.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds that reuse the steps of earlier builds through a {@link DirectoryStepCache}. */
class ImageAssemblerCacheTest {

    private static final String DOCKERFILE = String.join(
            "\n",
            "FROM public.ecr.aws/lambda/microvms:al2023-minimal",
            "RUN dnf install -y java-17-amazon-corretto-headless",
            "WORKDIR /app",
            "COPY conf/ /app/conf/",
            "ARG FLAVOUR=plain",
            "RUN make $FLAVOUR",
            "COPY app.jar /app/app.jar",
            "CMD [\"java\", \"-jar\", \"/app/app.jar\"]");

    @TempDir
    Path directory;

    private Path context;
    private DirectoryStepCache cache;
    private int runs;
    private int builds;

    @BeforeEach
    void setUp() throws IOException {
        context = directory.resolve("context");
        Files.createDirectories(context.resolve("conf"));
        Files.writeString(context.resolve("conf/app.properties"), "greeting=hello\n");
        Files.writeString(context.resolve("conf/notes.tmp"), "scratch\n");
        Files.writeString(context.resolve(".dockerignore"), "**/*.tmp\n");
        Files.writeString(context.resolve("app.jar"), "jar 1");
        cache = new DirectoryStepCache(directory.resolve("cache"), 1 << 20, Clock.systemUTC());
    }

    /** Builds into a new rootfs; each RUN writes what it ran and the config it saw into the tree. */
    private AssembledImage build(String dockerfile) throws Exception {
        Path rootfs = directory.resolve("rootfs-" + ++builds);
        return ImageAssembler.builder()
                .stepRunner(step -> {
                    runs++;
                    Path out = step.root().resolve("app/made.txt");
                    Files.writeString(
                            out,
                            String.join(" ", step.argv()) + "|"
                                    + step.environment().get("FLAVOUR") + "|"
                                    + Files.readString(step.root().resolve("app/conf/app.properties")));
                    return StepResult.success("");
                })
                .stepCache(cache)
                .platform("linux/amd64")
                .build()
                .assemble(Dockerfile.parse(dockerfile), context, rootfs);
    }

    private Path rootfs() {
        return directory.resolve("rootfs-" + builds);
    }

    @Test
    void assemble_sameInputs_takesEveryStepFromTheCacheWithTheSameTree() throws Exception {
        build(DOCKERFILE);
        String made = Files.readString(rootfs().resolve("app/made.txt"));

        AssembledImage again = build(DOCKERFILE);

        assertThat(runs).isOne();
        assertThat(Files.readString(rootfs().resolve("app/made.txt"))).isEqualTo(made);
        assertThat(Files.readString(rootfs().resolve("app/app.jar"))).isEqualTo("jar 1");
        assertThat(rootfs().resolve("app/conf/notes.tmp")).doesNotExist();
        assertThat(again.command()).containsExactly("java", "-jar", "/app/app.jar");
        assertThat(again.notes())
                .anyMatch(n -> n.startsWith("line 6: CACHED RUN make $FLAVOUR"))
                .anyMatch(n -> n.startsWith("line 7: CACHED COPY app.jar"))
                .anyMatch(n -> n.startsWith("line 2: skipped `dnf install"));
    }

    @Test
    void assemble_changedFileOfTheLastCopy_runsOnlyThatStep() throws Exception {
        build(DOCKERFILE);

        Files.writeString(context.resolve("app.jar"), "jar 2"); // same size, other content
        AssembledImage again = build(DOCKERFILE);

        assertThat(runs).isOne();
        assertThat(Files.readString(rootfs().resolve("app/app.jar"))).isEqualTo("jar 2");
        assertThat(Files.readString(rootfs().resolve("app/made.txt"))).contains("greeting=hello");
        assertThat(again.notes())
                .anyMatch(n -> n.startsWith("line 6: CACHED"))
                .noneMatch(n -> n.startsWith("line 7: CACHED"));
    }

    @Test
    void assemble_changedInputOfAnEarlierStep_runsThatStepAndEveryStepAfterIt() throws Exception {
        build(DOCKERFILE);

        Files.writeString(context.resolve("conf/app.properties"), "greeting=bonjour\n");
        AssembledImage again = build(DOCKERFILE);

        assertThat(runs).isEqualTo(2);
        assertThat(Files.readString(rootfs().resolve("app/made.txt"))).contains("greeting=bonjour");
        assertThat(again.notes())
                .anyMatch(n -> n.startsWith("line 3: CACHED WORKDIR"))
                .noneMatch(n -> n.startsWith("line 4: CACHED") || n.startsWith("line 6: CACHED"));
    }

    @Test
    void assemble_changedModeOfASource_missesTheCache() throws Exception {
        build(DOCKERFILE);

        Files.setPosixFilePermissions(context.resolve("app.jar"), PosixFilePermissions.fromString("rwxr-xr-x"));
        build(DOCKERFILE);

        assertThat(Files.getPosixFilePermissions(rootfs().resolve("app/app.jar")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void assemble_changeOfAFileDockerignoreExcludes_keepsTheCache() throws Exception {
        build(DOCKERFILE);

        Files.writeString(context.resolve("conf/notes.tmp"), "other scratch\n");
        AssembledImage again = build(DOCKERFILE);

        assertThat(runs).isOne();
        assertThat(again.notes()).anyMatch(n -> n.startsWith("line 4: CACHED"));
    }

    @Test
    void assemble_changedInstructionOrBuildArg_runsTheStepAgain() throws Exception {
        build(DOCKERFILE);

        build(DOCKERFILE.replace("RUN make $FLAVOUR", "RUN make $FLAVOUR install"));
        assertThat(runs).isEqualTo(2);
        assertThat(Files.readString(rootfs().resolve("app/made.txt")))
                .startsWith("/bin/sh -c make $FLAVOUR install|plain|");

        build(DOCKERFILE.replace("ARG FLAVOUR=plain", "ARG FLAVOUR=fancy"));
        assertThat(runs).isEqualTo(3);
        assertThat(Files.readString(rootfs().resolve("app/made.txt"))).startsWith("/bin/sh -c make $FLAVOUR|fancy|");

        build(DOCKERFILE.replace("WORKDIR /app", "WORKDIR /app\nENV MODE=debug"));
        assertThat(runs).isEqualTo(4);
    }

    @Test
    void assemble_copyFromAnEarlierStage_followsThatStagesInputs() throws Exception {
        String dockerfile = String.join(
                "\n",
                "FROM public.ecr.aws/lambda/microvms:al2023-minimal AS build",
                "COPY app.jar /out/app.jar",
                "FROM public.ecr.aws/lambda/microvms:al2023-minimal",
                "COPY --from=build /out/app.jar /app/app.jar",
                "CMD [\"java\", \"-jar\", \"/app/app.jar\"]");
        build(dockerfile);
        AssembledImage same = build(dockerfile);
        assertThat(same.notes()).anyMatch(n -> n.startsWith("line 4: CACHED"));

        Files.writeString(context.resolve("app.jar"), "jar 2");
        AssembledImage changed = build(dockerfile);

        assertThat(Files.readString(rootfs().resolve("app/app.jar"))).isEqualTo("jar 2");
        assertThat(changed.notes()).noneMatch(n -> n.contains("CACHED"));
    }

    @Test
    void assemble_withoutCache_notesNothingCached() throws Exception {
        AssembledImage image = new BuildFixture(directory.resolve("plain"))
                .file("app.jar", "jar")
                .build("FROM scratch\nWORKDIR /app\nCOPY app.jar /app/app.jar\nCMD [\"x\"]");

        assertThat(image.notes()).noneMatch(n -> n.contains("CACHED"));
    }
}
