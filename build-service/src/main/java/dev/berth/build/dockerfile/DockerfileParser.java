package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dockerfile text to instructions, as BuildKit's parser reads it: directives at the top, comments dropped (also
 * inside continued lines), the escape character at a line's end joins it with the next, blank continuation lines
 * skipped, leading {@code --flags} split off, and here-documents collected for RUN, COPY and ADD.
 */
public final class DockerfileParser {
    static final Set<String> KEYWORDS = Set.of("add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from",
            "healthcheck", "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume",
            "workdir");
    private static final Set<String> HEREDOC_KEYWORDS = Set.of("run", "copy", "add");
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    private static final Pattern HEREDOC_WORD = Pattern.compile("^<<(-?)(.+)$");

    private DockerfileParser() {
    }

    public static Dockerfile parse(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = List.of(text.split("\r?\n", -1));
        Directives directives = readDirectives(lines);
        List<Instruction> instructions = new ArrayList<>();
        int index = 0;
        while (index < lines.size()) {
            String line = lines.get(index);
            int startLine = index + 1;
            index++;
            if (isComment(line) || line.isBlank()) {
                continue;
            }
            StringBuilder logical = new StringBuilder();
            String first = continued(line.stripLeading(), directives.escape());
            boolean more = first != null;
            logical.append(more ? first : line.stripLeading());
            while (more && index < lines.size()) {
                String part = lines.get(index++);
                if (isComment(part) || part.isBlank()) {
                    continue;
                }
                String trimmed = continued(part, directives.escape());
                more = trimmed != null;
                logical.append(more ? trimmed : part);
            }
            int endLine = index;
            String logicalLine = logical.toString().strip();
            if (logicalLine.isEmpty()) {
                continue;
            }
            Instruction parsed = parseLine(logicalLine, startLine, endLine, directives.escape());
            if (HEREDOC_KEYWORDS.contains(parsed.keyword())) {
                List<Heredoc> heredocs = new ArrayList<>();
                for (String word : rawWords(parsed.arguments())) {
                    Matcher heredoc = HEREDOC_WORD.matcher(word);
                    if (heredoc.matches()) {
                        index = readHeredoc(lines, index, heredoc, heredocs, startLine);
                    }
                }
                if (!heredocs.isEmpty()) {
                    parsed = new Instruction(parsed.keyword(), parsed.flags(), parsed.arguments(), parsed.original(),
                            startLine, index, heredocs);
                }
            }
            instructions.add(parsed);
        }
        if (instructions.isEmpty()) {
            throw new DockerfileException("file with no instructions");
        }
        return new Dockerfile(directives, instructions);
    }

    /** Parses one logical line on its own (also used for the instruction inside ONBUILD). */
    public static Instruction parseLine(String line, int startLine, int endLine, char escape) {
        String[] split = line.strip().split("\\s+", 2);
        String keyword = split[0].toLowerCase(Locale.ROOT);
        if (!KEYWORDS.contains(keyword)) {
            throw DockerfileException.atLine(startLine, "unknown instruction: " + split[0].toUpperCase(Locale.ROOT));
        }
        String rest = split.length > 1 ? split[1] : "";
        List<Flag> flags = new ArrayList<>();
        int pos = 0;
        while (true) {
            while (pos < rest.length() && Character.isWhitespace(rest.charAt(pos))) {
                pos++;
            }
            if (!rest.startsWith("--", pos)) {
                break;
            }
            int end = wordEnd(rest, pos);
            String word = unquote(rest.substring(pos + 2, end));
            pos = end;
            if (word.isEmpty()) {
                break;
            }
            int eq = word.indexOf('=');
            flags.add(eq < 0 ? new Flag(word, null) : new Flag(word.substring(0, eq), word.substring(eq + 1)));
        }
        return new Instruction(keyword, flags, rest.substring(pos).strip(), line.strip(), startLine, endLine,
                List.of());
    }

    private static Directives readDirectives(List<String> lines) {
        char escape = '\\';
        String syntax = null;
        String check = null;
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            Matcher directive = DIRECTIVE.matcher(line);
            if (!directive.matches()) {
                break;
            }
            String key = directive.group(1).toLowerCase(Locale.ROOT);
            String value = directive.group(2);
            if (!Set.of("escape", "syntax", "check").contains(key)) {
                break;
            }
            if (!seen.add(key)) {
                throw new DockerfileException("only one " + key + " parser directive can be used");
            }
            switch (key) {
                case "escape" -> {
                    if (!value.equals("\\") && !value.equals("`")) {
                        throw new DockerfileException("invalid escape token '" + value + "' does not match ` or \\");
                    }
                    escape = value.charAt(0);
                }
                case "syntax" -> syntax = value;
                default -> check = value;
            }
        }
        return new Directives(escape, syntax, check);
    }

    private static boolean isComment(String line) {
        return line.stripLeading().startsWith("#");
    }

    /** The line without its trailing escape character (and the blanks after it), or null if it does not continue. */
    private static String continued(String line, char escape) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == escape) {
            return line.substring(0, end - 1);
        }
        return null;
    }

    private static int readHeredoc(List<String> lines, int index, Matcher word, List<Heredoc> into, int line) {
        boolean chomp = !word.group(1).isEmpty();
        String rawName = word.group(2);
        String name = unquote(rawName);
        boolean expand = name.equals(rawName);
        StringBuilder content = new StringBuilder();
        while (index < lines.size()) {
            String body = lines.get(index++);
            if (chomp) {
                body = body.replaceFirst("^\t+", "");
            }
            if (body.equals(name)) {
                into.add(new Heredoc(name, content.toString(), expand, chomp));
                return index;
            }
            content.append(body).append('\n');
        }
        throw DockerfileException.atLine(line, "unterminated heredoc " + name);
    }

    /** Words of the text split on whitespace outside quotes, quotes kept. */
    static List<String> rawWords(String text) {
        List<String> words = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            if (Character.isWhitespace(text.charAt(pos))) {
                pos++;
                continue;
            }
            int end = wordEnd(text, pos);
            words.add(text.substring(pos, end));
            pos = end;
        }
        return words;
    }

    private static int wordEnd(String text, int pos) {
        char quote = 0;
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
            } else if (Character.isWhitespace(ch)) {
                break;
            }
            pos++;
        }
        return pos;
    }

    private static String unquote(String word) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        for (char ch : word.toCharArray()) {
            if (quote != 0 && ch == quote) {
                quote = 0;
            } else if (quote == 0 && (ch == '"' || ch == '\'')) {
                quote = ch;
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
