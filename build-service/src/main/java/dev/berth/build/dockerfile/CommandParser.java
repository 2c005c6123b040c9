package dev.berth.build.dockerfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An instruction's arguments and flags checked and split as BuildKit's {@code instructions/parse.go} does, with its
 * error messages (prefixed by the line). Accepts BuildKit's additions that the legacy builder refuses (RUN
 * --mount/--network, COPY --chmod/--link): berth interprets the Dockerfile itself and can carry them out.
 */
public final class CommandParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Set<String>> FLAGS = Map.of(
            "from", Set.of("platform"),
            "run", Set.of("mount", "network", "security"),
            "copy", Set.of("from", "chown", "chmod", "link", "parents", "exclude"),
            "add", Set.of("chown", "chmod", "link", "checksum", "keep-git-dir", "exclude", "unpack"),
            "healthcheck", Set.of("interval", "timeout", "start-period", "start-interval", "retries"));

    private CommandParser() {
    }

    public static Command parse(Instruction in) {
        try {
            checkFlags(in);
            return switch (in.keyword()) {
                case "from" -> from(in);
                case "run" -> new Command.Run(in, commandLine(in), flagValues(in, "mount"), flag(in, "network"),
                        flag(in, "security"));
                case "cmd" -> new Command.Cmd(in, commandLine(in));
                case "entrypoint" -> new Command.Entrypoint(in, commandLine(in));
                case "env" -> new Command.Env(in, keyValues(in));
                case "label" -> new Command.Label(in, keyValues(in));
                case "arg" -> new Command.Arg(in, args(in));
                case "expose" -> new Command.Expose(in, atLeastOne(in, whitespaceWords(in.arguments())));
                case "volume" -> new Command.Volume(in, atLeastOne(in, maybeJsonList(in)));
                case "user" -> new Command.User(in, exactlyOne(in));
                case "workdir" -> new Command.Workdir(in, exactlyOne(in));
                case "stopsignal" -> new Command.StopSignal(in, exactlyOne(in));
                case "maintainer" -> new Command.Maintainer(in, exactlyOne(in));
                case "shell" -> shell(in);
                case "onbuild" -> onBuild(in);
                case "healthcheck" -> healthcheck(in);
                case "copy", "add" -> copy(in);
                default -> throw new DockerfileException("unknown instruction: " + in.name());
            };
        } catch (DockerfileException e) {
            if (e.getMessage().startsWith("dockerfile parse error")) {
                throw e;
            }
            throw DockerfileException.atLine(in.startLine(), e.getMessage());
        }
    }

    private static void checkFlags(Instruction in) {
        Set<String> allowed = FLAGS.getOrDefault(in.keyword(), Set.of());
        for (Flag flag : in.flags()) {
            if (!allowed.contains(flag.name())) {
                throw new DockerfileException("Unknown flag: " + flag.name());
            }
        }
    }

    private static String flag(Instruction in, String name) {
        String value = null;
        for (Flag flag : in.flags()) {
            if (flag.name().equals(name)) {
                value = flag.value() == null ? "" : flag.value();
            }
        }
        return value;
    }

    private static boolean boolFlag(Instruction in, String name) {
        String value = flag(in, name);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "", "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new DockerfileException("expecting boolean value for flag " + name + ", not: " + value);
        };
    }

    private static List<String> flagValues(Instruction in, String name) {
        List<String> values = new ArrayList<>();
        for (Flag flag : in.flags()) {
            if (flag.name().equals(name)) {
                values.add(flag.value() == null ? "" : flag.value());
            }
        }
        return values;
    }

    private static Command from(Instruction in) {
        List<String> args = whitespaceWords(in.arguments());
        if (args.size() != 1 && args.size() != 3) {
            throw new DockerfileException("FROM requires either one or three arguments");
        }
        String stageName = null;
        if (args.size() == 3) {
            if (!args.get(1).equalsIgnoreCase("as")) {
                throw new DockerfileException("FROM requires either one or three arguments");
            }
            stageName = args.get(2).toLowerCase(Locale.ROOT);
            if (!stageName.matches("[a-z][a-z0-9-_.]*")) {
                throw new DockerfileException("invalid name for build stage: \"" + args.get(2)
                        + "\", name can't start with a number or contain symbols");
            }
        }
        return new Command.From(in, args.get(0), stageName, flag(in, "platform"));
    }

    /** JSON array of strings → exec form; anything else that is not JSON → shell form. */
    private static CommandLine commandLine(Instruction in) {
        List<String> json = jsonStrings(in.arguments());
        if (json != null) {
            return CommandLine.execForm(json);
        }
        if (in.arguments().isEmpty() && in.keyword().equals("run")) {
            throw new DockerfileException("RUN requires at least one argument");
        }
        return CommandLine.shellForm(in.arguments(), in.heredocs());
    }

    /** The text as a list when it is a JSON array of strings, null when it is not JSON at all. */
    static List<String> jsonStrings(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("[")) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(trimmed);
        } catch (Exception notJson) {
            return null;
        }
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new DockerfileException("when using JSON array syntax, arrays must be comprised of strings only");
            }
            values.add(element.asText());
        }
        return values;
    }

    private static List<KeyValue> keyValues(Instruction in) {
        String name = in.name();
        List<String> words = DockerfileParser.rawWords(in.arguments());
        if (words.isEmpty()) {
            throw new DockerfileException(name + " requires at least one argument");
        }
        List<KeyValue> pairs = new ArrayList<>();
        if (!words.get(0).contains("=")) {
            String[] legacy = in.arguments().strip().split("\\s+", 2);
            if (legacy.length < 2) {
                throw new DockerfileException(name + " must have two arguments");
            }
            pairs.add(new KeyValue(legacy[0], legacy[1]));
            return pairs;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new DockerfileException("Syntax error - can't find = in \"" + word
                        + "\". Must be of the form: name=value");
            }
            if (eq == 0) {
                throw new DockerfileException(name + " names can not be blank");
            }
            pairs.add(new KeyValue(word.substring(0, eq), word.substring(eq + 1)));
        }
        return pairs;
    }

    private static List<ArgDeclaration> args(Instruction in) {
        List<String> words = DockerfileParser.rawWords(in.arguments());
        if (words.isEmpty()) {
            throw new DockerfileException("ARG requires at least one argument");
        }
        List<ArgDeclaration> declarations = new ArrayList<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            if (name.isEmpty()) {
                throw new DockerfileException("ARG names can not be blank");
            }
            declarations.add(new ArgDeclaration(name, eq < 0 ? null : word.substring(eq + 1)));
        }
        return declarations;
    }

    private static Command shell(Instruction in) {
        List<String> json = jsonStrings(in.arguments());
        if (json == null) {
            throw new DockerfileException("SHELL requires the arguments to be in JSON form");
        }
        if (json.isEmpty()) {
            throw new DockerfileException("SHELL requires at least one argument");
        }
        return new Command.Shell(in, json);
    }

    private static Command onBuild(Instruction in) {
        if (in.arguments().isEmpty()) {
            throw new DockerfileException("ONBUILD requires at least one argument");
        }
        String keyword = in.arguments().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        switch (keyword) {
            case "ONBUILD" -> throw new DockerfileException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "FROM", "MAINTAINER" ->
                throw new DockerfileException(keyword + " isn't allowed as an ONBUILD trigger");
            default -> {
            }
        }
        Instruction trigger = DockerfileParser.parseLine(in.arguments(), in.startLine(), in.endLine(), '\\');
        parse(trigger);
        return new Command.OnBuild(in, in.arguments());
    }

    private static Command healthcheck(Instruction in) {
        String[] split = in.arguments().strip().split("\\s+", 2);
        String type = split[0].toUpperCase(Locale.ROOT);
        if (type.isEmpty()) {
            throw new DockerfileException("HEALTHCHECK requires an argument");
        }
        if (type.equals("NONE")) {
            if (split.length > 1 || !in.flags().isEmpty()) {
                throw new DockerfileException("HEALTHCHECK NONE takes no arguments");
            }
            return new Command.Healthcheck(in, List.of("NONE"), null, null, null, null, null);
        }
        if (!type.equals("CMD")) {
            throw new DockerfileException("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
        }
        String rest = split.length > 1 ? split[1] : "";
        List<String> test = new ArrayList<>();
        List<String> json = jsonStrings(rest);
        if (json != null) {
            test.add("CMD");
            test.addAll(json);
        } else {
            test.add("CMD-SHELL");
            test.add(rest);
        }
        Integer retries = null;
        String retriesFlag = flag(in, "retries");
        if (retriesFlag != null) {
            try {
                retries = Integer.parseInt(retriesFlag);
            } catch (NumberFormatException e) {
                throw new DockerfileException("invalid retries value: " + retriesFlag);
            }
            if (retries < 0) {
                throw new DockerfileException("--retries cannot be negative (" + retries + ")");
            }
        }
        return new Command.Healthcheck(in, test, duration(in, "interval"), duration(in, "timeout"),
                duration(in, "start-period"), duration(in, "start-interval"), retries);
    }

    private static Duration duration(Instruction in, String name) {
        String value = flag(in, name);
        if (value == null) {
            return null;
        }
        Duration duration;
        try {
            duration = GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new DockerfileException(e.getMessage());
        }
        if (!duration.isZero() && duration.compareTo(Duration.ofMillis(1)) < 0) {
            throw new DockerfileException("Interval \"" + name + "\" cannot be less than 1ms");
        }
        return duration;
    }

    private static Command copy(Instruction in) {
        List<String> args = maybeJsonList(in);
        if (args.size() < 2) {
            throw new DockerfileException(in.name() + " requires at least two arguments, but only one was provided."
                    + " Destination could not be determined.");
        }
        boolean add = in.keyword().equals("add");
        List<String> sources = args.subList(0, args.size() - 1);
        return new Command.Copy(in, add, sources, args.get(args.size() - 1), add ? null : flag(in, "from"),
                flag(in, "chown"), flag(in, "chmod"), boolFlag(in, "link"), !add && boolFlag(in, "parents"),
                flagValues(in, "exclude"), add ? flag(in, "checksum") : null, add && boolFlag(in, "keep-git-dir"),
                in.heredocs());
    }

    private static List<String> maybeJsonList(Instruction in) {
        List<String> json = jsonStrings(in.arguments());
        return json != null ? json : whitespaceWords(in.arguments());
    }

    private static List<String> whitespaceWords(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }

    private static List<String> atLeastOne(Instruction in, List<String> values) {
        if (values.isEmpty()) {
            throw new DockerfileException(in.name() + " requires at least one argument");
        }
        return values;
    }

    private static String exactlyOne(Instruction in) {
        if (in.arguments().isEmpty()) {
            throw new DockerfileException(in.name() + " requires exactly one argument");
        }
        return in.arguments();
    }
}
