package dev.berth.image.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A parsed {@code WWW-Authenticate} challenge: {@code Basic realm=...} or {@code Bearer realm=...,service=...}. */
public record Challenge(String scheme, Map<String, String> params) {

    public static Challenge parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        int space = h.indexOf(' ');
        String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        if (space > 0) {
            String rest = h.substring(space + 1);
            int i = 0;
            while (i < rest.length()) {
                while (i < rest.length() && (rest.charAt(i) == ',' || rest.charAt(i) == ' ')) {
                    i++;
                }
                int eq = rest.indexOf('=', i);
                if (eq < 0) {
                    break;
                }
                String key = rest.substring(i, eq).trim().toLowerCase(Locale.ROOT);
                i = eq + 1;
                StringBuilder value = new StringBuilder();
                if (i < rest.length() && rest.charAt(i) == '"') {
                    i++;
                    while (i < rest.length() && rest.charAt(i) != '"') {
                        if (rest.charAt(i) == '\\' && i + 1 < rest.length()) {
                            i++;
                        }
                        value.append(rest.charAt(i++));
                    }
                    i++;
                } else {
                    while (i < rest.length() && rest.charAt(i) != ',') {
                        value.append(rest.charAt(i++));
                    }
                }
                params.put(key, value.toString().trim());
            }
        }
        return new Challenge(scheme, params);
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }
}
