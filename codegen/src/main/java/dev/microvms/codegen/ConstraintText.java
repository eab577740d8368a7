package dev.microvms.codegen;

import dev.microvms.codegen.ServiceModel.Shape;
import java.util.ArrayList;
import java.util.List;

/** The model's constraints on a shape in words, for the Javadoc of the members that target it. */
final class ConstraintText {
    private final ServiceModel model;

    ConstraintText(ServiceModel model) {
        this.model = model;
    }

    /**
     * Describes a member's constraints.
     *
     * @param target the member's target shape
     * @return a sentence such as {@code " 1-64 characters matching <code>[a-z]+</code>."}, or empty
     */
    String sentence(Shape target) {
        String words = describe(target);
        return words.isEmpty() ? "" : " " + capitalizeFirst(words) + ".";
    }

    private String describe(Shape s) {
        return switch (s.type()) {
            case "string" -> s.isEnum() ? "" : string(s);
            case "integer", "long" -> range(s.min(), s.max(), "");
            case "list" -> join(range(s.min(), s.max(), " items"), element("each", model.shape(s.member())));
            case "map" ->
                join(
                        join(range(s.min(), s.max(), " entries"), element("keys", model.shape(s.key()))),
                        element("values", model.shape(s.value())));
            default -> "";
        };
    }

    private String element(String prefix, Shape element) {
        String words = describe(element);
        return words.isEmpty() ? "" : prefix + " " + words;
    }

    private static String string(Shape s) {
        String length = range(s.min(), s.max(), " characters");
        if (s.pattern() == null) {
            return length;
        }
        String pattern = "matching <code>" + JavaSource.javadocText(s.pattern()) + "</code>";
        return length.isEmpty() ? pattern : length + " " + pattern;
    }

    private static String range(Long min, Long max, String unit) {
        boolean noMin = min == null || min == 0 && !unit.isEmpty();
        if (noMin && max == null) {
            return "";
        }
        if (noMin) {
            return "at most " + max + unit;
        }
        if (max == null) {
            return "at least " + min + unit;
        }
        return min + "-" + max + unit;
    }

    private static String join(String a, String b) {
        List<String> parts = new ArrayList<>();
        if (!a.isEmpty()) {
            parts.add(a);
        }
        if (!b.isEmpty()) {
            parts.add(b);
        }
        return String.join(", ", parts);
    }

    private static String capitalizeFirst(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
