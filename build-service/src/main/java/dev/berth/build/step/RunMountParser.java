package dev.berth.build.step;

import dev.berth.build.dockerfile.DockerfileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code --mount} value with BuildKit's rules (frontend/dockerfile/instructions/commands_runmount.go):
 * comma-separated {@code key=value} fields (CSV quoting), type {@code bind} by default, read-only by default for
 * bind, secret and ssh, the same option names, aliases and error wording.
 */
public final class RunMountParser {
    private static final Pattern RAM = Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    private RunMountParser() {
    }

    /**
     * @param expand expands a field's value with the ARGs and ENV in scope
     * @param workingDir the step's working directory, for a relative target
     */
    public static RunMount parse(String spec, UnaryOperator<String> expand, String workingDir) {
        RunMount.Type type = RunMount.Type.BIND;
        String from = null;
        String source = null;
        String target = null;
        Boolean readOnly = null;
        long size = 0;
        String id = null;
        RunMount.Sharing sharing = null;
        boolean required = false;
        Integer mode = null;
        Integer uid = null;
        Integer gid = null;
        String env = null;
        for (String field : fields(spec)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (eq < 0) {
                switch (key) {
                    case "readonly", "ro" -> readOnly = true;
                    case "readwrite", "rw" -> readOnly = false;
                    case "required" -> required = requiredAllowed(key, type);
                    default -> throw invalid("invalid field '" + field + "' must be a key=value pair");
                }
                continue;
            }
            String value = expand.apply(field.substring(eq + 1));
            switch (key) {
                case "type" -> type = type(value);
                case "from" -> from = value;
                case "source", "src" -> source = value;
                case "target", "dst", "destination" -> target = value;
                case "readonly", "ro" -> readOnly = bool(key, value);
                case "readwrite", "rw" -> readOnly = !bool(key, value);
                case "required" -> required = requiredAllowed(key, type) && bool(key, value);
                case "size" -> {
                    if (type != RunMount.Type.TMPFS) {
                        throw unexpected(key, type);
                    }
                    size = ramInBytes(key, value);
                }
                case "id" -> id = value;
                case "sharing" -> sharing = sharing(value);
                case "mode" -> mode = number(value, 8, "mode");
                case "uid" -> uid = number(value, 10, "uid");
                case "gid" -> gid = number(value, 10, "gid");
                case "env" -> env = value;
                default -> throw invalid("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        String typeName = type.name().toLowerCase(Locale.ROOT);
        boolean fileInfoAllowed = type == RunMount.Type.SECRET || type == RunMount.Type.SSH
                || type == RunMount.Type.CACHE;
        if (!fileInfoAllowed) {
            for (String[] option : new String[][] {{"mode", s(mode)}, {"uid", s(uid)}, {"gid", s(gid)}}) {
                if (option[1] != null) {
                    throw invalid(option[0] + " not allowed for \"" + typeName + "\" type mounts");
                }
            }
        }
        boolean ro = readOnly != null ? readOnly : type != RunMount.Type.CACHE && type != RunMount.Type.TMPFS;
        if (sharing != null && type != RunMount.Type.CACHE) {
            throw invalid("invalid cache sharing set for " + typeName + " mount");
        }
        switch (type) {
            case SECRET -> {
                if (from != null) {
                    throw invalid("secret mount should not have a from");
                }
                if (source == null && target == null && id == null) {
                    throw invalid("invalid secret mount. one of source, target required");
                }
                if (source != null && id != null) {
                    throw invalid("both source and id can't be set");
                }
                String secretId = source != null ? source : id != null ? id : baseName(target);
                String dest = target != null ? target : env == null ? "/run/secrets/" + baseName(secretId) : null;
                return new RunMount(type, null, null, dest == null ? null : absolute(dest, workingDir), ro, 0,
                        secretId, RunMount.Sharing.SHARED, required, mode, uid, gid, env);
            }
            case SSH -> {
                if (source != null) {
                    throw invalid("ssh does not support source");
                }
                return new RunMount(type, from, null, target == null ? null : absolute(target, workingDir), ro, 0,
                        id == null || id.isEmpty() ? "default" : id, RunMount.Sharing.SHARED, required, mode, uid,
                        gid, env);
            }
            default -> {
                if (target == null || target.isEmpty()) {
                    throw invalid("mount type=" + typeName + " needs a target (target=/path)");
                }
                String absolute = absolute(target, workingDir);
                if (absolute.equals("/")) {
                    throw invalid("invalid mount target \"" + absolute + "\"");
                }
                return new RunMount(type, from, source == null ? "" : source, absolute, ro, size, id,
                        sharing == null ? RunMount.Sharing.SHARED : sharing, false, mode, uid, gid, env);
            }
        }
    }

    /** The {@code from=} of a mount as written (before expansion), for working out which stages a stage uses. */
    public static java.util.Optional<String> from(String spec) {
        String from = null;
        for (String field : fields(spec)) {
            if (field.regionMatches(true, 0, "from=", 0, 5)) {
                from = field.substring(5);
            }
        }
        return java.util.Optional.ofNullable(from);
    }

    /** Comma-separated fields, a field (or part of one) in double quotes may hold commas; {@code ""} is a quote. */
    static List<String> fields(String spec) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < spec.length() && spec.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw invalid("failed to parse csv mounts: extraneous or missing \" in quoted-field");
        }
        fields.add(field.toString());
        return fields;
    }

    private static RunMount.Type type(String value) {
        try {
            return RunMount.Type.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("unsupported mount type \"" + value + "\" (one of bind, cache, tmpfs, secret, ssh)");
        }
    }

    private static RunMount.Sharing sharing(String value) {
        try {
            return RunMount.Sharing.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("unsupported sharing value \"" + value + "\" (one of shared, private, locked)");
        }
    }

    private static boolean requiredAllowed(String key, RunMount.Type type) {
        if (type != RunMount.Type.SECRET && type != RunMount.Type.SSH) {
            throw unexpected(key, type);
        }
        return true;
    }

    /** Go's strconv.ParseBool. */
    private static boolean bool(String key, String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw invalid("invalid value for " + key + ": " + value);
        };
    }

    private static Integer number(String value, int radix, String key) {
        try {
            long parsed = Long.parseLong(value, radix);
            if (parsed < 0 || parsed > 0xffffffffL) {
                throw new NumberFormatException();
            }
            return (int) parsed;
        } catch (NumberFormatException e) {
            throw invalid("invalid value " + value + " for " + key);
        }
    }

    /** go-units RAMInBytes: {@code 64m}, {@code 1GiB}, {@code 512k}, plain bytes; binary multiples. */
    static long ramInBytes(String key, String value) {
        Matcher m = RAM.matcher(value);
        if (!m.matches()) {
            throw invalid("invalid value for " + key + ": " + value);
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        int power = "kmgtp".indexOf(unit.isEmpty() ? "-" : unit) + 1;
        return (long) (number * Math.pow(1024, power));
    }

    private static String absolute(String target, String workingDir) {
        String joined = target.startsWith("/") ? target : (workingDir == null ? "/" : workingDir) + "/" + target;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    private static String baseName(String path) {
        String clean = absolute(path, "/");
        return clean.equals("/") ? "/" : clean.substring(clean.lastIndexOf('/') + 1);
    }

    private static String s(Integer value) {
        return value == null ? null : value.toString();
    }

    private static DockerfileException unexpected(String key, RunMount.Type type) {
        return invalid("unexpected key '" + key + "' for mount type '" + type.name().toLowerCase(Locale.ROOT) + "'");
    }

    private static DockerfileException invalid(String message) {
        return new DockerfileException("RUN --mount: " + message);
    }
}
