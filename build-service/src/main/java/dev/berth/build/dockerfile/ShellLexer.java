package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The builder's own expansion of {@code $VAR}, {@code ${VAR}} and {@code ${VAR:-word}}-style modifiers in
 * instruction arguments, with sh quoting rules: nothing expands inside {@code '...'}, inside {@code "..."} the escape
 * character only escapes {@code " $} and itself, and quotes are removed from the result. An unset variable
 * expands to the empty string. Models BuildKit's {@code frontend/dockerfile/shell/lex.go}.
 */
public final class ShellLexer {
    private final char escape;

    public ShellLexer(char escape) {
        this.escape = escape;
    }

    /** One word: whitespace is kept, quotes are removed, variables expanded. */
    public String word(String text, Map<String, String> env) {
        List<String> words = new Scan(text, env, false, false).run();
        return words.isEmpty() ? "" : words.get(0);
    }

    /**
     * A here-document's body as COPY expands it (BuildKit's {@code SkipProcessQuotes}): variables expanded,
     * quotes kept as they are.
     */
    public String raw(String text, Map<String, String> env) {
        List<String> words = new Scan(text, env, false, true).run();
        return words.isEmpty() ? "" : words.get(0);
    }

    /** Several words, split on unquoted whitespace (in the text and in unquoted expansions). */
    public List<String> words(String text, Map<String, String> env) {
        return new Scan(text, env, true, false).run();
    }

    private final class Scan {
        private final String text;
        private final Map<String, String> env;
        private final boolean split;
        private final boolean keepQuotes;
        private int pos;
        private final List<String> words = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();
        private boolean inWord;

        Scan(String text, Map<String, String> env, boolean split, boolean keepQuotes) {
            this.text = text;
            this.env = env;
            this.split = split;
            this.keepQuotes = keepQuotes;
        }

        List<String> run() {
            String rest = readUntil((char) 0, true);
            current.append(rest);
            endWord();
            return words;
        }

        private void endWord() {
            if (inWord || current.length() > 0) {
                words.add(current.toString());
            }
            current.setLength(0);
            inWord = false;
        }

        /**
         * Reads up to {@code stop} (or the end when stop is 0), expanding as it goes. At the top level (splitting
         * allowed) words end at unquoted whitespace; inside {@code ${...}} the text is one word.
         */
        private String readUntil(char stop, boolean topLevel) {
            StringBuilder out = topLevel ? current : new StringBuilder();
            while (pos < text.length()) {
                char ch = text.charAt(pos);
                if (stop != 0 && ch == stop) {
                    pos++;
                    return out.toString();
                }
                if (topLevel && split && Character.isWhitespace(ch)) {
                    pos++;
                    endWord();
                    continue;
                }
                if (topLevel) {
                    inWord = true;
                }
                if (ch == escape) {
                    pos++;
                    if (pos < text.length()) {
                        out.append(text.charAt(pos++));
                    } else {
                        out.append(ch);
                    }
                } else if (ch == '\'' && !keepQuotes) {
                    pos++;
                    out.append(singleQuoted());
                } else if (ch == '"' && !keepQuotes) {
                    pos++;
                    out.append(doubleQuoted());
                } else if (ch == '$') {
                    pos++;
                    String value = expansion();
                    if (topLevel && split) {
                        appendSplitting(value);
                    } else {
                        out.append(value);
                    }
                } else {
                    out.append(ch);
                    pos++;
                }
            }
            if (stop != 0) {
                throw new DockerfileException("missing '" + stop + "' in '" + text + "'");
            }
            return topLevel ? "" : out.toString();
        }

        private void appendSplitting(String value) {
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                if (Character.isWhitespace(ch)) {
                    endWord();
                } else {
                    current.append(ch);
                    inWord = true;
                }
            }
        }

        private String singleQuoted() {
            int end = text.indexOf('\'', pos);
            if (end < 0) {
                throw new DockerfileException("unexpected end of statement while looking for matching single-quote");
            }
            String literal = text.substring(pos, end);
            pos = end + 1;
            return literal;
        }

        private String doubleQuoted() {
            StringBuilder out = new StringBuilder();
            while (pos < text.length()) {
                char ch = text.charAt(pos);
                if (ch == '"') {
                    pos++;
                    return out.toString();
                }
                if (ch == escape && pos + 1 < text.length()) {
                    char next = text.charAt(pos + 1);
                    if (next == '"' || next == '$' || next == escape) {
                        out.append(next);
                        pos += 2;
                        continue;
                    }
                }
                if (ch == '$') {
                    pos++;
                    out.append(expansion());
                    continue;
                }
                out.append(ch);
                pos++;
            }
            throw new DockerfileException("unexpected end of statement while looking for matching double-quote");
        }

        /** After a {@code $}: a name, a braced expression, or a literal dollar. */
        private String expansion() {
            if (pos >= text.length()) {
                return "$";
            }
            char ch = text.charAt(pos);
            if (ch == '{') {
                pos++;
                return braced();
            }
            if (isNameStart(ch)) {
                String name = name();
                String value = env.get(name);
                return value == null ? "" : value;
            }
            return "$";
        }

        private String name() {
            int start = pos;
            while (pos < text.length() && isNamePart(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private String braced() {
            String name = name();
            if (name.isEmpty()) {
                throw new DockerfileException("bad substitution in '" + text + "'");
            }
            if (pos >= text.length()) {
                throw new DockerfileException("missing '}' in '" + text + "'");
            }
            String value = env.get(name);
            char op = text.charAt(pos++);
            if (op == '}') {
                return value == null ? "" : value;
            }
            boolean colon = op == ':';
            if (colon) {
                if (pos >= text.length()) {
                    throw new DockerfileException("missing '}' in '" + text + "'");
                }
                op = text.charAt(pos++);
            }
            switch (op) {
                case '-', '+', '?' -> {
                    String word = readUntil('}', false);
                    return modifier(name, value, colon, op, word);
                }
                case '#', '%' -> {
                    if (colon) {
                        throw new DockerfileException("unsupported modifier (:" + op + ") in substitution");
                    }
                    boolean longest = pos < text.length() && text.charAt(pos) == op;
                    if (longest) {
                        pos++;
                    }
                    String pattern = readUntil('}', false);
                    return trim(value == null ? "" : value, pattern, op == '#', longest);
                }
                case '/' -> {
                    if (colon) {
                        throw new DockerfileException("unsupported modifier (:/) in substitution");
                    }
                    boolean all = pos < text.length() && text.charAt(pos) == '/';
                    if (all) {
                        pos++;
                    }
                    String pattern = readUntil('/', false);
                    String replacement = readUntil('}', false);
                    return replace(value == null ? "" : value, pattern, replacement, all);
                }
                default -> throw new DockerfileException("unsupported modifier (" + op + ") in substitution");
            }
        }
    }

    private static String modifier(String name, String value, boolean colon, char op, String word) {
        boolean set = value != null && !(colon && value.isEmpty());
        return switch (op) {
            case '-' -> set ? value : word;
            case '+' -> set ? word : "";
            default -> {
                if (!set) {
                    String message = !word.isEmpty() ? word
                            : value == null ? "is not allowed to be unset" : "is not allowed to be empty";
                    throw new DockerfileException(name + ": " + message);
                }
                yield value;
            }
        };
    }

    private static String trim(String value, String glob, boolean prefix, boolean longest) {
        Pattern pattern = Pattern.compile(globRegex(glob));
        if (prefix) {
            int from = longest ? value.length() : 0;
            for (int end = from; longest ? end >= 0 : end <= value.length(); end += longest ? -1 : 1) {
                if (pattern.matcher(value.substring(0, end)).matches()) {
                    return value.substring(end);
                }
            }
        } else {
            int from = longest ? 0 : value.length();
            for (int start = from; longest ? start <= value.length() : start >= 0; start += longest ? 1 : -1) {
                if (pattern.matcher(value.substring(start)).matches()) {
                    return value.substring(0, start);
                }
            }
        }
        return value;
    }

    private static String replace(String value, String glob, String replacement, boolean all) {
        if (glob.isEmpty()) {
            return value;
        }
        Pattern pattern = Pattern.compile(globRegex(glob));
        StringBuilder out = new StringBuilder();
        int i = 0;
        boolean replaced = false;
        while (i < value.length()) {
            int matchEnd = -1;
            if (all || !replaced) {
                for (int end = value.length(); end > i; end--) {
                    if (pattern.matcher(value.substring(i, end)).matches()) {
                        matchEnd = end;
                        break;
                    }
                }
            }
            if (matchEnd > 0) {
                out.append(replacement);
                i = matchEnd;
                replaced = true;
            } else {
                out.append(value.charAt(i++));
            }
        }
        return out.toString();
    }

    /** sh glob ({@code * ? [...]}) as a Java regex. */
    static String globRegex(String glob) {
        return globRegex(glob, false);
    }

    /**
     * A glob as a Java regex; with {@code pathAware} {@code *} and {@code ?} do not match {@code /} (Go's
     * {@code filepath.Match}, for COPY sources), else they match anything (sh's {@code ${v#pattern}}).
     */
    public static String globRegex(String glob, boolean pathAware) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char ch = glob.charAt(i);
            switch (ch) {
                case '*' -> regex.append(pathAware ? "[^/]*" : ".*");
                case '?' -> regex.append(pathAware ? "[^/]" : ".");
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close < 0) {
                        regex.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, close);
                        if (set.startsWith("!") || set.startsWith("^")) {
                            set = "^" + set.substring(1);
                        }
                        regex.append('[').append(set.replace("\\", "\\\\")).append(']');
                        i = close;
                    }
                }
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    } else {
                        regex.append("\\\\");
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return regex.toString();
    }

    private static boolean isNameStart(char ch) {
        return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    }

    private static boolean isNamePart(char ch) {
        return isNameStart(ch) || (ch >= '0' && ch <= '9');
    }
}
