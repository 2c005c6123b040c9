package dev.berth.common.events;

/** Event types are {@code berth.<domain>.<action>}; the action is Docker's action name. */
public final class EventType {
    private static final String PREFIX = "berth.";

    private EventType() {
    }

    public static String of(String domain, String action) {
        return PREFIX + domain + "." + action;
    }

    public static String domain(String type) {
        String rest = strip(type);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    public static String action(String type) {
        String rest = strip(type);
        int dot = rest.indexOf('.');
        return dot < 0 ? "" : rest.substring(dot + 1);
    }

    private static String strip(String type) {
        if (type == null || !type.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a berth event type: " + type);
        }
        return type.substring(PREFIX.length());
    }
}
