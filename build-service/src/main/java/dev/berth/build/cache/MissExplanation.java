package dev.berth.build.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Says why a step missed the cache, comparing its key's components with those of the newest earlier build of the
 * same step on the same parent: {@code src/app.py content changed, run.sh mode 644→755}, {@code build arg
 * VERSION 1.2 → 1.3}, {@code the instruction was ENV A=1} (its own ENV changes then go unsaid). Components are flat: {@code file:<path>} (kind, mode, digest), {@code arg:<name>},
 * {@code env:<name>}, and single values such as {@code user}, {@code workdir}, {@code instruction}.
 */
public final class MissExplanation {
    private MissExplanation() {
    }

    public static String explain(Map<String, String> before, Map<String, String> now) {
        List<String> reasons = new ArrayList<>();
        boolean instructionChanged = !java.util.Objects.equals(before.get("instruction"), now.get("instruction"));
        if (instructionChanged) {
            reasons.add("the instruction was " + value(before.get("instruction")));
        }
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(now.keySet());
        for (String key : keys) {
            String was = before.get(key);
            String is = now.get(key);
            if (java.util.Objects.equals(was, is) || key.equals("instruction")
                    || (instructionChanged && key.startsWith("env:"))) {
                continue;
            }
            reasons.add(describe(key, was, is));
        }
        return String.join(", ", reasons);
    }

    private static String describe(String key, String was, String is) {
        int colon = key.indexOf(':');
        String kind = colon < 0 ? key : key.substring(0, colon);
        String name = colon < 0 ? key : key.substring(colon + 1);
        switch (kind) {
            case "file" -> {
                String path = name.startsWith("/") ? name.substring(1) : name;
                if (was == null) {
                    return path + " added";
                }
                if (is == null) {
                    return path + " removed";
                }
                String[] a = was.split(" ", 3);
                String[] b = is.split(" ", 3);
                List<String> what = new ArrayList<>();
                if (!a[0].equals(b[0])) {
                    what.add("now a " + b[0]);
                }
                if (a.length > 1 && b.length > 1 && !a[1].equals(b[1])) {
                    what.add("mode " + pad(a[1]) + "→" + pad(b[1]));
                }
                if (a.length > 2 && b.length > 2 && !a[2].equals(b[2])) {
                    what.add("content changed");
                }
                return path + " " + String.join(" and ", what);
            }
            case "arg" -> {
                return "build arg " + name + " " + value(was) + " → " + value(is);
            }
            case "env" -> {
                return "ENV " + name + " " + value(was) + " → " + value(is);
            }
            default -> {
                return kind + " " + value(was) + " → " + value(is);
            }
        }
    }

    private static String value(String v) {
        return v == null ? "(unset)" : v.isEmpty() ? "\"\"" : v;
    }

    private static String pad(String octal) {
        return octal.length() >= 4 ? octal : "0".repeat(4 - octal.length()) + octal;
    }
}
