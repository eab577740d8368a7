package dev.microvms.emulator.api;

import dev.microvms.emulator.http.HttpAnswer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The API's routes: a method and a path template whose {@code {label}} segments match one segment each. */
final class Routes {
    /** What a route does with a matched call. */
    @FunctionalInterface
    interface Operation {
        HttpAnswer handle(ApiHandler.Call call);
    }

    record Route(String method, List<String> template, Operation operation) {}

    record Match(Route route, Map<String, String> labels) {}

    private final List<Route> routes = new ArrayList<>();

    void add(String method, String template, Operation operation) {
        routes.add(new Route(method, List.of(template.split("/")), operation));
    }

    /** @return the route for a call, or null when none matches */
    @Nullable
    Match match(String method, List<String> segments) {
        for (Route route : routes) {
            if (!route.method().equals(method) || route.template().size() != segments.size()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            boolean matches = true;
            for (int i = 0; i < segments.size() && matches; i++) {
                String part = route.template().get(i);
                if (part.startsWith("{")) {
                    labels.put(part.substring(1, part.length() - 1), segments.get(i));
                } else {
                    matches = part.equals(segments.get(i));
                }
            }
            if (matches) {
                return new Match(route, labels);
            }
        }
        return null;
    }
}
