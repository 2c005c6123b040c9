package dev.berth.build.step;

/**
 * One {@code RUN --mount=...} as BuildKit's Dockerfile frontend reads it (instructions/commands_runmount.go), with
 * its values expanded and its target made absolute against the step's working directory. {@code mode}, {@code uid}
 * and {@code gid} are null when not given; {@code sizeBytes} is 0 for no tmpfs limit.
 */
public record RunMount(Type type, String from, String source, String target, boolean readOnly, long sizeBytes,
        String id, Sharing sharing, boolean required, Integer mode, Integer uid, Integer gid, String env) {

    public enum Type { BIND, CACHE, TMPFS, SECRET, SSH }

    public enum Sharing { SHARED, PRIVATE, LOCKED }

    /** The cache mount's id: as given, else the target (BuildKit: {@code path.Clean(target)}). */
    public String cacheId() {
        return id == null || id.isEmpty() ? target : id;
    }

    /**
     * The mount as it enters the step's cache key: every option that changes what the step sees, in a fixed order
     * (a cache mount's content and a secret's value never do).
     */
    public String keyText() {
        StringBuilder text = new StringBuilder("type=").append(type.name().toLowerCase());
        append(text, "from", from);
        append(text, "source", source);
        append(text, "target", target);
        text.append(",ro=").append(readOnly);
        if (type == Type.TMPFS) {
            text.append(",size=").append(sizeBytes);
        }
        if (type == Type.CACHE) {
            append(text, "id", cacheId());
            text.append(",sharing=").append(sharing.name().toLowerCase());
        }
        if (type == Type.SECRET || type == Type.SSH) {
            append(text, "id", id);
            text.append(",required=").append(required);
            append(text, "env", env);
        }
        append(text, "mode", mode == null ? null : Integer.toOctalString(mode));
        append(text, "uid", uid == null ? null : uid.toString());
        append(text, "gid", gid == null ? null : gid.toString());
        return text.toString();
    }

    private static void append(StringBuilder text, String key, String value) {
        if (value != null && !value.isEmpty()) {
            text.append(',').append(key).append('=').append(value);
        }
    }
}
