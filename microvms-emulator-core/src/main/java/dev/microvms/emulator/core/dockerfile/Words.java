package dev.microvms.emulator.core.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** Splits instruction arguments into words the way BuildKit's parser does. */
final class Words {

    private Words() {}

    /** Splits on whitespace, ignoring quotes, for FROM, EXPOSE and the shell form of COPY. */
    static List<String> whitespace(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.strip().split("\\s+", -1)) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /**
     * Splits on whitespace outside quotes, keeping quotes and escapes in the words (they are removed when
     * variables are substituted), for ENV, LABEL and ARG. A port of BuildKit's {@code parseWords}.
     */
    static List<String> quoted(String text, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        boolean blankOk = false;
        int pos = 0;
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else if (ch == escape && quote != '\'') {
                    if (pos + 1 == text.length()) {
                        pos++;
                        continue;
                    }
                    word.append(ch);
                    pos++;
                    ch = text.charAt(pos);
                }
                word.append(ch);
                pos++;
                continue;
            }
            if (Character.isWhitespace(ch)) {
                if (inWord && (blankOk || word.length() > 0)) {
                    words.add(word.toString());
                }
                word.setLength(0);
                inWord = false;
                blankOk = false;
                pos++;
                continue;
            }
            inWord = true;
            if (ch == '\'' || ch == '"') {
                quote = ch;
                blankOk = true;
            } else if (ch == escape) {
                if (pos + 1 == text.length()) {
                    pos++;
                    continue;
                }
                word.append(ch);
                pos++;
                ch = text.charAt(pos);
            }
            word.append(ch);
            pos++;
        }
        if (inWord && (blankOk || word.length() > 0)) {
            words.add(word.toString());
        }
        return words;
    }

    /** The flags at the start of an instruction's arguments, and the arguments after them. */
    record FlagsAndRest(List<String> flags, String rest) {}

    /**
     * Takes the {@code --name[=value]} words off the start of the arguments, quotes removed. A port of
     * BuildKit's {@code extractBuilderFlags}: a lone {@code --} ends the flags.
     */
    static FlagsAndRest flags(String text) {
        List<String> flags = new ArrayList<>();
        int pos = 0;
        while (true) {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            if (!text.startsWith("--", pos)) {
                return new FlagsAndRest(flags, text.substring(pos));
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            while (pos < text.length()) {
                char ch = text.charAt(pos);
                if (quote == 0 && Character.isWhitespace(ch)) {
                    break;
                }
                pos++;
                if (quote == 0 && (ch == '\'' || ch == '"')) {
                    quote = ch;
                    continue;
                }
                if (quote != 0 && ch == quote) {
                    quote = 0;
                    continue;
                }
                if (ch == '\\' && pos < text.length()) {
                    ch = text.charAt(pos);
                    pos++;
                }
                word.append(ch);
            }
            if (word.toString().equals("--")) {
                return new FlagsAndRest(flags, text.substring(pos).strip());
            }
            flags.add(word.toString());
        }
    }

    /**
     * Finds a heredoc ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}) outside quotes, which BuildKit
     * reads from the following lines.
     */
    static boolean hasHeredoc(String text, char escape) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == escape && quote != '\'') {
                i++;
            } else if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (text.startsWith("<<", i) && !text.startsWith("<<<", i)) {
                int j = i + 2;
                if (j < text.length() && text.charAt(j) == '-') {
                    j++;
                }
                if (j < text.length() && (text.charAt(j) == '"' || text.charAt(j) == '\'')) {
                    j++;
                }
                if (j < text.length() && (Character.isLetter(text.charAt(j)) || text.charAt(j) == '_')) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }
}
