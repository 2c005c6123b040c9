package dev.berth.build.context;

import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore} read and matched as moby's patternmatcher does: {@code #} in the first column is a
 * comment, lines are trimmed and path-cleaned (a leading {@code /} dropped), {@code !} re-includes, {@code *} and
 * {@code ?} stay within a path element, {@code **} spans elements, a pattern also matches everything below a
 * directory it matches, and the last matching pattern decides. The clients apply it before sending the context;
 * the server only uses it to drop the Dockerfile and the {@code .dockerignore} when they are excluded.
 */
public final class DockerIgnore {
    private record Rule(Pattern pattern, boolean exclude) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    public static DockerIgnore parse(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\r?\n")) {
            if (raw.startsWith("#")) {
                continue;
            }
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean exclude = true;
            if (line.startsWith("!")) {
                exclude = false;
                line = line.substring(1).strip();
                if (line.isEmpty()) {
                    throw BerthException.invalid("illegal exclusion pattern: \"!\"");
                }
            }
            String cleaned = clean(line);
            if (cleaned.isEmpty()) {
                continue;
            }
            rules.add(new Rule(Pattern.compile(regex(cleaned)), exclude));
        }
        return new DockerIgnore(rules);
    }

    /** Whether a context path (relative, {@code /}-separated) is excluded: the last matching rule decides. */
    public boolean excludes(String path) {
        String clean = ContextPaths.clean(path);
        boolean excluded = false;
        for (Rule rule : rules) {
            if (rule.exclude() == excluded) {
                continue;
            }
            if (matchesOrParentMatches(rule.pattern(), clean)) {
                excluded = rule.exclude();
            }
        }
        return excluded;
    }

    private static boolean matchesOrParentMatches(Pattern pattern, String path) {
        if (pattern.matcher(path).matches()) {
            return true;
        }
        int slash = path.lastIndexOf('/');
        while (slash > 0) {
            path = path.substring(0, slash);
            if (pattern.matcher(path).matches()) {
                return true;
            }
            slash = path.lastIndexOf('/');
        }
        return false;
    }

    /** filepath.Clean, then without a leading slash. */
    private static String clean(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    private static String regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                        i++;
                        regex.append("(?:.*/)?");
                    } else {
                        regex.append(".*");
                    }
                } else {
                    regex.append("[^/]*");
                }
            } else if (ch == '?') {
                regex.append("[^/]");
            } else if (ch == '[') {
                int close = pattern.indexOf(']', i + 1);
                if (close < 0) {
                    throw BerthException.invalid("syntax error in .dockerignore pattern: " + pattern);
                }
                String set = pattern.substring(i + 1, close);
                if (set.startsWith("^") || set.startsWith("!")) {
                    set = "^" + set.substring(1);
                }
                regex.append('[').append(set.replace("\\", "\\\\")).append(']');
                i = close;
            } else if (ch == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return regex.toString();
    }
}
