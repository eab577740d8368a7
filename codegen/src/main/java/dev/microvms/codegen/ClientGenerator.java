package dev.microvms.codegen;

import dev.microvms.codegen.ServiceModel.Member;
import dev.microvms.codegen.ServiceModel.Operation;
import dev.microvms.codegen.ServiceModel.Paginator;
import dev.microvms.codegen.ServiceModel.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the client's operation surface from the model: the synchronous and asynchronous client
 * interfaces (each operation, its {@code Consumer<Builder>} overload and its paginator), their default
 * implementations, which hand each operation's binding to the invoker, and one exception per modelled
 * error with an accessor per member.
 */
final class ClientGenerator {
    static final String PACKAGE = "dev.microvms.client";
    static final String INTERNAL = PACKAGE + ".internal";
    static final String EXCEPTION = PACKAGE + ".exception";

    /** Members every service exception has already, through {@code MicrovmsServiceException}. */
    private static final Set<String> BASE_MEMBERS =
            Set.of("message", "retryAfterSeconds", "resourceType", "resourceId");

    private final JavaModel java;
    private final ServiceModel model;

    ClientGenerator(JavaModel java) {
        this.java = java;
        this.model = java.model();
    }

    static String path(String qualifiedName) {
        return qualifiedName.replace('.', '/') + ".java";
    }

    void generate(Map<String, String> files) {
        files.put(path(PACKAGE + ".LambdaMicrovmsClient"), client(false));
        files.put(path(PACKAGE + ".LambdaMicrovmsAsyncClient"), client(true));
        files.put(path(INTERNAL + ".DefaultLambdaMicrovmsClient"), implementation(false));
        files.put(path(INTERNAL + ".DefaultLambdaMicrovmsAsyncClient"), implementation(true));
        for (Shape error : model.shapes().values()) {
            if (error.exception()) {
                files.put(path(EXCEPTION + "." + error.name()), exception(error));
            }
        }
        files.put(path(INTERNAL + ".ServiceErrors"), serviceErrors());
    }

    private static String method(Operation op) {
        return JavaModel.memberName(op.name());
    }

    /** The item type of a paginated operation. */
    private String itemType(Operation op, Paginator p) {
        Member result = model.shape(op.output()).members().get(p.resultKey());
        return java.javaType(model.shape(result.shape()).member());
    }

    private void importModel(JavaSource s, String type) {
        s.importType(StructureGenerator.PACKAGE + "." + type);
    }

    private String errorsSentence(Operation op) {
        List<String> links = op.errors().stream()
                .map(e -> "{@link " + EXCEPTION + "." + e + " " + e + "}")
                .toList();
        return "The service may answer " + String.join(", ", links) + ".";
    }

    private String client(boolean async) {
        String name = async ? "LambdaMicrovmsAsyncClient" : "LambdaMicrovmsClient";
        JavaSource s = new JavaSource(PACKAGE).importType("java.util.function.Consumer");
        if (async) {
            s.importType("java.util.concurrent.CompletableFuture");
        }
        s.line("/**");
        for (String line :
                java.custom().clientDocs().get(async ? "async" : "sync").split("\n")) {
            s.line(line.isEmpty() ? " *" : " * " + line);
        }
        s.line(" */")
                .line("public interface " + name + " extends AutoCloseable {")
                .line("")
                .line("    /**")
                .line(
                        "     * Creates a client with the default settings: region, credentials and endpoint from the AWS SDK's")
                .line("     * chains (environment, system properties, profile, container and instance metadata).")
                .line("     *")
                .line("     * @return the client")
                .line("     */")
                .line("    static " + name + " create() {")
                .line("        return builder().build();")
                .line("    }")
                .line("")
                .line("    /**")
                .line("     * Returns a builder to configure a client.")
                .line("     *")
                .line("     * @return the builder")
                .line("     */")
                .line("    static " + name + "Builder builder() {")
                .line("        return new " + name + "Builder();")
                .line("    }");
        for (Operation op : model.operations().values()) {
            String in = java.requestType(op);
            String out = java.responseType(op);
            importModel(s, in);
            importModel(s, out);
            String result = async ? "CompletableFuture<" + out + ">" : out;
            String doc = java.custom().operationDocs().getOrDefault(op.name(), "Calls " + op.name() + ".");
            s.line("")
                    .line("    /**")
                    .line("     * " + doc)
                    .line("     *")
                    .line("     * <p>" + errorsSentence(op))
                    .line("     *")
                    .line("     * @param request the request")
                    .append(
                            async
                                    ? "     * @return the response, or a future failed with the service's error or the client's\n"
                                    : "     * @return the response\n" + throwsLines())
                    .line("     */")
                    .line("    " + result + " " + method(op) + "(" + in + " request);")
                    .line("")
                    .line("    /**")
                    .line("     * " + doc)
                    .line("     *")
                    .line("     * <p>The request is built in place: {@code " + method(op) + "(r -> r.member(value))}.")
                    .line("     *")
                    .line("     * @param request sets the members of a new request")
                    .append(
                            async
                                    ? "     * @return the response (see {@link #" + method(op) + "(" + in + ")})\n"
                                    : "     * @return the response\n" + throwsLines())
                    .line("     */")
                    .line("    default " + result + " " + method(op) + "(Consumer<" + in + ".Builder> request) {")
                    .line("        " + in + ".Builder builder = " + in + ".builder();")
                    .line("        request.accept(builder);")
                    .line("        return " + method(op) + "(builder.build());")
                    .line("    }");
            Paginator p = model.paginators().get(op.name());
            if (p != null) {
                paginator(s, op, p, async);
            }
        }
        return s.line("")
                .line("    /** @return the client's settings: region, endpoint, retries */")
                .line("    default LambdaMicrovmsClientConfiguration serviceClientConfiguration() {")
                .line(
                        "        throw new UnsupportedOperationException(getClass().getName() + \" does not report its settings\");")
                .line("    }")
                .line("")
                .line("    /** Releases the client's resources; calls after this fail. */")
                .line("    @Override")
                .line("    void close();")
                .line("}")
                .toString();
    }

    private static String throwsLines() {
        return "     * @throws dev.microvms.client.exception.MicrovmsServiceException when the service refuses the call\n"
                + "     * @throws dev.microvms.client.exception.MicrovmsClientException when the request fails a check before"
                + " it is\n     *     sent, or cannot be sent\n";
    }

    private void paginator(JavaSource s, Operation op, Paginator p, boolean async) {
        String in = java.requestType(op);
        String item = itemType(op, p);
        importModel(s, item);
        String result = (async ? "PaginatedPublisher<" : "PaginatedItems<") + item + ">";
        String what = java.custom().operationDocs().getOrDefault(op.name() + ".paginator", "the items");
        String name = method(op) + "Paginator";
        List<String> doc = async
                ? List.of(
                        "     * Publishes every one of " + what
                                + ", fetching a page only when the subscriber asks for more",
                        "     * items than it holds; {@code " + JavaModel.memberName(p.limitKey())
                                + "} sets the page size. Each subscription starts again from the",
                        "     * first page.",
                        "     *",
                        "     * <pre>{@code",
                        "     * client." + name + "(r -> {}).forEach(System.out::println).join();",
                        "     * }</pre>")
                : List.of(
                        "     * Returns every one of " + what + ", fetching pages lazily as the iteration goes; {@code "
                                + JavaModel.memberName(p.limitKey()) + "}",
                        "     * sets the page size. Each iteration starts again from the first page.",
                        "     *",
                        "     * <pre>{@code",
                        "     * client." + name + "(r -> {}).stream().forEach(System.out::println);",
                        "     * }</pre>");
        s.line("").line("    /**");
        doc.forEach(s::line);
        s.line("     *")
                .line("     * @param request the request for the first page; its {@code "
                        + JavaModel.memberName(p.inputToken()) + "} is where the pages start")
                .line("     * @return the items")
                .line("     */")
                .line("    " + result + " " + name + "(" + in + " request);")
                .line("")
                .line("    /**");
        doc.forEach(s::line);
        s.line("     *")
                .line("     * @param request sets the members of the request for the first page")
                .line("     * @return the items")
                .line("     */")
                .line("    default " + result + " " + name + "(Consumer<" + in + ".Builder> request) {")
                .line("        " + in + ".Builder builder = " + in + ".builder();")
                .line("        request.accept(builder);")
                .line("        return " + name + "(builder.build());")
                .line("    }");
    }

    private String implementation(boolean async) {
        String api = async ? "LambdaMicrovmsAsyncClient" : "LambdaMicrovmsClient";
        String invoker = async ? "AsyncInvoker" : "Invoker";
        JavaSource s = new JavaSource(INTERNAL)
                .importType(PACKAGE + "." + api)
                .importType(PACKAGE + ".LambdaMicrovmsClientConfiguration")
                .importType("dev.microvms.model.wire.Bindings");
        if (async) {
            s.importType("java.util.concurrent.CompletableFuture");
        }
        s.line("/** The " + (async ? "asynchronous " : "") + "client: each operation handed to the {@link " + invoker
                        + "} with its binding. */")
                .line("public final class Default" + api + " implements " + api + " {")
                .line("    private final " + invoker + " invoker;")
                .line("    private final LambdaMicrovmsClientConfiguration configuration;")
                .line("")
                .line("    /**")
                .line("     * @param invoker sends requests, with checks, signing and retries")
                .line("     * @param configuration the settings the client was built with")
                .line("     */")
                .line("    public Default" + api + "(" + invoker
                        + " invoker, LambdaMicrovmsClientConfiguration configuration) {")
                .line("        this.invoker = invoker;")
                .line("        this.configuration = configuration;")
                .line("    }");
        for (Operation op : model.operations().values()) {
            String in = java.requestType(op);
            String out = java.responseType(op);
            importModel(s, in);
            importModel(s, out);
            String constant = JavaModel.constantName(op.name());
            s.line("")
                    .line("    @Override")
                    .line("    public " + (async ? "CompletableFuture<" + out + ">" : out) + " " + method(op) + "(" + in
                            + " request) {")
                    .line("        return invoker.invoke(Bindings." + constant + ", request);")
                    .line("    }");
            Paginator p = model.paginators().get(op.name());
            if (p != null) {
                String item = itemType(op, p);
                importModel(s, item);
                String type = async ? "PaginatedPublisher" : "PaginatedItems";
                s.importType(PACKAGE + "." + type);
                s.line("")
                        .line("    @Override")
                        .line("    public " + type + "<" + item + "> " + method(op) + "Paginator(" + in + " request) {")
                        .line("        return Default" + type + ".of(request, Bindings." + constant + "_PAGES, this::"
                                + method(op) + ");")
                        .line("    }");
            }
        }
        return s.line("")
                .line("    @Override")
                .line("    public LambdaMicrovmsClientConfiguration serviceClientConfiguration() {")
                .line("        return configuration;")
                .line("    }")
                .line("")
                .line("    @Override")
                .line("    public void close() {")
                .line("        invoker.close();")
                .line("    }")
                .line("}")
                .toString();
    }

    private String exception(Shape error) {
        JavaSource s = new JavaSource(EXCEPTION);
        String doc = java.custom().errorDocs().getOrDefault(error.name(), "The service answered " + error.name() + ".");
        List<Member> extra = new ArrayList<>();
        for (Member m : error.members().values()) {
            if (!BASE_MEMBERS.contains(JavaModel.memberName(m.name()))) {
                extra.add(m);
            }
        }
        if (!extra.isEmpty()) {
            s.importType("org.jspecify.annotations.Nullable");
        }
        s.line("/**")
                .line(" * " + doc + " (HTTP " + error.httpStatus() + ", "
                        + (error.fault() ? "the service's fault" : "the caller's")
                        + (error.retryable() ? ", retryable" + (error.throttling() ? ", throttling" : "") : "") + ")")
                .line(" */")
                .line("public final class " + error.name() + " extends MicrovmsServiceException {")
                .line("    private static final long serialVersionUID = 1L;")
                .line("")
                .line("    /**")
                .line("     * Creates the error from what the service said.")
                .line("     *")
                .line("     * @param error the status, code, message, ids and members of the response")
                .line("     */")
                .line("    public " + error.name() + "(ServiceError error) {")
                .line("        super(error);")
                .line("    }");
        for (Member m : extra) {
            String name = JavaModel.memberName(m.name());
            s.line("")
                    .line("    /** @return " + lower(java.custom().memberDoc(error.name(), name)) + " */")
                    .line("    public @Nullable String " + name + "() {")
                    .line("        return serviceError().member(" + JavaSource.literal(name) + ");")
                    .line("    }");
        }
        return s.line("}").toString();
    }

    private String serviceErrors() {
        JavaSource s = new JavaSource(INTERNAL)
                .importType(EXCEPTION + ".MicrovmsServiceException")
                .importType(EXCEPTION + ".ServiceError")
                .importType("java.util.Map")
                .importType("java.util.function.Function");
        List<String> entries = new ArrayList<>();
        for (Shape error : model.shapes().values()) {
            if (error.exception()) {
                s.importType(EXCEPTION + "." + error.name());
                entries.add(
                        "            Map.entry(" + JavaSource.literal(error.name()) + ", " + error.name() + "::new)");
            }
        }
        return s.line("/** The exception of every modelled error, by the error's name. */")
                .line("final class ServiceErrors {")
                .line("    /** Makes the exception of an error, by its name. */")
                .line(
                        "    static final Map<String, Function<ServiceError, MicrovmsServiceException>> FACTORIES = Map.ofEntries(")
                .line(String.join(",\n", entries) + ");")
                .line("")
                .line("    private ServiceErrors() {}")
                .line("}")
                .toString();
    }

    private static String lower(String doc) {
        return Character.toLowerCase(doc.charAt(0)) + doc.substring(1);
    }
}
