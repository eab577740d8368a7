package dev.microvms.sdk.internal.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One request line for the framing shell: {@code <nonce> <function> <seq> <args...>}, each argument in
 * single quotes. An argument with a control character (a newline would end the line early) travels as
 * base64 in a variable set at the start of the same line.
 */
final class ShellRequest {
    private final String nonce;
    private final String function;
    private final int seq;
    private final List<String> prefix = new ArrayList<>();
    private final List<String> args = new ArrayList<>();

    ShellRequest(String nonce, String function, int seq) {
        this.nonce = nonce;
        this.function = function;
        this.seq = seq;
        args.add(Integer.toString(seq));
    }

    /** @return the number answers to it carry */
    int seq() {
        return seq;
    }

    /** Adds arguments. */
    ShellRequest arg(Object... values) {
        for (Object v : values) {
            String s = v.toString();
            if (plain(s)) {
                args.add(quote(s));
            } else {
                String variable = "_a" + prefix.size();
                String b64 = Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
                // The x keeps trailing newlines, which command substitution would drop.
                prefix.add(variable + "=$(printf %s " + b64 + " | base64 -d; echo x); " + variable + "=${" + variable
                        + "%x};");
                args.add("\"$" + variable + "\"");
            }
        }
        return this;
    }

    /** Adds arguments. */
    ShellRequest args(List<String> values) {
        for (String v : values) {
            arg(v);
        }
        return this;
    }

    /** @return the line, with its newline */
    byte[] toBytes() {
        StringBuilder line = new StringBuilder(nonce).append(' ');
        for (String p : prefix) {
            line.append(p).append(' ');
        }
        line.append(function);
        for (String a : args) {
            line.append(' ').append(a);
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
