package dev.berth.build.run;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * {@code --chown=user[:group]} to numeric ids: numbers as they are, names through the image's {@code /etc/passwd}
 * and {@code /etc/group}; a user without a group gets the user's id as gid (as dockerd). Unknown names fail the step.
 */
final class ChownSpec {
    record Ids(long uid, long gid) {
    }

    private ChownSpec() {
    }

    /** @param readFile reads a file of the parent image (null when absent) */
    static Ids resolve(String spec, Function<String, byte[]> readFile) {
        if (spec == null || spec.isEmpty()) {
            return new Ids(0, 0);
        }
        String[] parts = spec.split(":", 2);
        long uid = id(parts[0], "/etc/passwd", readFile);
        long gid = parts.length > 1 ? id(parts[1], "/etc/group", readFile) : uid;
        return new Ids(uid, gid);
    }

    private static long id(String name, String file, Function<String, byte[]> readFile) {
        if (name.matches("\\d+")) {
            return Long.parseLong(name);
        }
        byte[] content = readFile.apply(file);
        if (content != null) {
            for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
                String[] fields = line.split(":");
                if (fields.length > 2 && fields[0].equals(name) && fields[2].matches("\\d+")) {
                    return Long.parseLong(fields[2]);
                }
            }
        }
        throw new BuildFailure("unable to convert uid/gid chown string to host mapping: no such "
                + (file.endsWith("passwd") ? "user" : "group") + " " + name + " in " + file, 1);
    }
}
