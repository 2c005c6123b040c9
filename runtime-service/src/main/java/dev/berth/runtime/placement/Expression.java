package dev.berth.runtime.placement;

import dev.berth.common.errors.BerthException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One classic-swarm placement expression, {@code key==value} or {@code key!=value}: the value is a literal, a glob
 * ({@code us-*}, {@code n?}) or a regular expression between slashes ({@code /n[12]/}); a {@code ~} after the
 * operator ({@code key==~value}) makes it soft: a preference that is dropped when no node can meet it. Values match
 * whole and without regard to case, as in classic swarm.
 */
public record Expression(String key, boolean equal, String value, boolean soft) {
    /** Parses {@code text} (what follows {@code constraint:} or {@code affinity:}); 400 when it is not one. */
    public static Expression parse(String kind, String text) {
        int eq = text.indexOf("==");
        int ne = text.indexOf("!=");
        int at;
        boolean equal;
        if (eq > 0 && (ne < 0 || eq < ne)) {
            at = eq;
            equal = true;
        } else if (ne > 0) {
            at = ne;
            equal = false;
        } else {
            throw BerthException.invalid("invalid " + kind + " expression \"" + text
                    + "\": want key==value or key!=value");
        }
        String key = text.substring(0, at).trim();
        String value = text.substring(at + 2).trim();
        boolean soft = value.startsWith("~");
        if (soft) {
            value = value.substring(1).trim();
        }
        if (key.isEmpty() || value.isEmpty()) {
            throw BerthException.invalid("invalid " + kind + " expression \"" + text + "\": empty key or value");
        }
        Expression parsed = new Expression(key, equal, value, soft);
        parsed.pattern(); // a bad regular expression is the request's fault
        return parsed;
    }

    /** Whether the expression holds for a node whose {@code key} is {@code actual} (null: the node has none). */
    public boolean holdsFor(String actual) {
        boolean matches = actual != null && pattern().matcher(actual).matches();
        return equal == matches;
    }

    /** Whether it holds for any of {@code values} ({@code ==}), or for none of them ({@code !=}). */
    public boolean holdsForAnyOf(Iterable<String> values) {
        Pattern p = pattern();
        boolean any = false;
        for (String v : values) {
            if (v != null && p.matcher(v).matches()) {
                any = true;
                break;
            }
        }
        return equal == any;
    }

    Pattern pattern() {
        try {
            if (value.length() > 2 && value.startsWith("/") && value.endsWith("/")) {
                return Pattern.compile(value.substring(1, value.length() - 1), Pattern.CASE_INSENSITIVE);
            }
            return Pattern.compile(globToRegex(value), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw BerthException.invalid("invalid regular expression in \"" + this + "\": " + e.getDescription());
        }
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    @Override
    public String toString() {
        return key + (equal ? "==" : "!=") + (soft ? "~" : "") + value;
    }
}
