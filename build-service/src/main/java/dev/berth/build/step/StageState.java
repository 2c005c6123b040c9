package dev.berth.build.step;

import dev.berth.build.dockerfile.ArgDeclaration;
import dev.berth.build.dockerfile.Command;
import dev.berth.build.dockerfile.DockerfileException;
import dev.berth.build.dockerfile.Heredoc;
import dev.berth.build.dockerfile.KeyValue;
import dev.berth.build.dockerfile.ShellLexer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One stage's state while its instructions are worked through: the image settings so far, the ARGs in scope and
 * whether CMD was set in this stage. {@link #plan} turns the next instruction into a {@link PlannedStep} and moves
 * the state on, with the legacy builder's rules for expansion, ARG scoping and history lines.
 */
public final class StageState {
    private static final Pattern HEREDOC_ONLY = Pattern.compile("<<-?(['\"]?)[A-Za-z0-9_]+\\1");

    private final ShellLexer lexer;
    private final BuildArgs buildArgs;
    private final Map<String, String> globalArgs;
    private final Map<String, String> args = new LinkedHashMap<>();
    private ImageSettings settings;
    private boolean cmdSet;

    /**
     * @param globalArgs the values of the ARGs declared before the first FROM (a stage re-declaring one without a
     *     default gets it)
     * @param inheritedArgs the ARGs in scope at the end of the stage this one is built FROM (empty for an image)
     */
    public StageState(ImageSettings base, ShellLexer lexer, BuildArgs buildArgs, Map<String, String> globalArgs,
            Map<String, String> inheritedArgs) {
        this.settings = base;
        this.lexer = lexer;
        this.buildArgs = buildArgs;
        this.globalArgs = globalArgs;
        this.args.putAll(inheritedArgs);
    }

    public ImageSettings settings() {
        return settings;
    }

    /** The ARGs in scope with their values (null: declared without a value). */
    public Map<String, String> args() {
        return java.util.Collections.unmodifiableMap(args);
    }

    /** Variables an instruction's arguments expand with: the ARGs in scope, overridden by ENV. */
    public Map<String, String> expansionEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        args.forEach((k, v) -> {
            if (v != null) {
                env.put(k, v);
            }
        });
        env.putAll(settings.envMap());
        return env;
    }

    /** ENV and LABEL: each pair expanded with the variables in scope and applied in order; metadata only. */
    private PlannedStep keyValues(String instruction, java.util.List<KeyValue> pairs, Map<String, String> vars,
            TriFunction apply) {
        StringBuilder comment = new StringBuilder(instruction);
        ImageSettings next = settings;
        for (KeyValue pair : pairs) {
            String key = lexer.word(pair.key(), vars);
            String value = lexer.word(pair.value(), vars);
            next = apply.apply(next, key, value);
            comment.append(' ').append(key).append('=').append(value);
        }
        return metadata(next, comment.toString());
    }

    private interface TriFunction {
        ImageSettings apply(ImageSettings settings, String key, String value);
    }

    public PlannedStep plan(Command command) {
        Map<String, String> vars = expansionEnv();
        if (command instanceof Command.Env env) {
            return keyValues("ENV", env.pairs(), vars, ImageSettings::withEnv);
        }
        if (command instanceof Command.Label label) {
            return keyValues("LABEL", label.pairs(), vars, ImageSettings::withLabel);
        }
        if (command instanceof Command.Arg arg) {
            StringBuilder comment = new StringBuilder("ARG");
            for (ArgDeclaration declaration : arg.declarations()) {
                String value = declaration.defaultValue() == null ? globalArgs.get(declaration.name())
                        : lexer.word(declaration.defaultValue(), vars);
                String provided = buildArgs.consume(declaration.name());
                args.put(declaration.name(), provided != null ? provided : value);
                comment.append(' ').append(declaration.name());
                if (declaration.defaultValue() != null) {
                    comment.append('=').append(declaration.defaultValue());
                }
            }
            return metadata(settings, comment.toString());
        }
        if (command instanceof Command.Expose expose) {
            List<String> ports = new ArrayList<>();
            for (String word : expose.ports()) {
                ports.addAll(PortSpec.expand(lexer.word(word, vars)));
            }
            List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(ports));
            return metadata(settings.withExposedPorts(ports), "EXPOSE " + String.join(" ", sorted));
        }
        if (command instanceof Command.Volume volume) {
            List<String> paths = new ArrayList<>();
            for (String word : volume.paths()) {
                String path = lexer.word(word, vars);
                if (path.isBlank()) {
                    throw new DockerfileException("VOLUME specified can not be an empty string");
                }
                paths.add(path);
            }
            return metadata(settings.withVolumes(paths), "VOLUME " + GoFormat.plainList(paths));
        }
        if (command instanceof Command.User user) {
            String value = lexer.word(user.user(), vars);
            return metadata(settings.withUser(value), "USER " + value);
        }
        if (command instanceof Command.Workdir workdir) {
            String path = resolve(lexer.word(workdir.path(), vars));
            ImageSettings next = settings.withWorkingDir(path);
            return new PlannedStep.Metadata(next, historyComment(next, "WORKDIR " + path), path);
        }
        if (command instanceof Command.StopSignal stop) {
            String signal = lexer.word(stop.signal(), vars);
            return metadata(settings.withStopSignal(signal), "STOPSIGNAL " + signal);
        }
        if (command instanceof Command.Maintainer maintainer) {
            return metadata(settings, "MAINTAINER " + maintainer.author());
        }
        if (command instanceof Command.Shell shell) {
            return metadata(settings.withShell(shell.shell()),
                "SHELL " + GoFormat.plainList(shell.shell()));
        }
        if (command instanceof Command.OnBuild onBuild) {
            List<String> triggers = new ArrayList<>(settings.onBuild());
            triggers.add(onBuild.trigger());
            return metadata(settings.withOnBuild(triggers), "ONBUILD " + onBuild.trigger());
        }
        if (command instanceof Command.Cmd cmd) {
            List<String> argv = cmd.command().argv(settings.effectiveShell());
            cmdSet = true;
            return metadata(settings.withCmd(argv), "CMD " + GoFormat.quotedList(argv));
        }
        if (command instanceof Command.Entrypoint entrypoint) {
            List<String> argv = entrypoint.command().argv(settings.effectiveShell());
            return metadata(settings.withEntrypoint(argv, !cmdSet), "ENTRYPOINT " + GoFormat.quotedList(argv));
        }
        if (command instanceof Command.Healthcheck check) {
            ImageSettings.Healthcheck health = new ImageSettings.Healthcheck(check.test(),
                    nanos(check.interval()), nanos(check.timeout()), nanos(check.startPeriod()),
                    nanos(check.startInterval()), check.retries());
            return metadata(settings.withHealthcheck(health), "HEALTHCHECK &{" + GoFormat.quotedList(check.test())
                    + " " + GoFormat.quoted(GoFormat.duration(health.intervalNanos())) + " "
                    + GoFormat.quoted(GoFormat.duration(health.timeoutNanos())) + " "
                    + GoFormat.quoted(GoFormat.duration(health.startPeriodNanos())) + " "
                    + GoFormat.quoted(GoFormat.duration(health.startIntervalNanos())) + " '"
                    + String.format("\\x%02x", health.retries() == null ? 0 : health.retries()) + "'}");
        }
        if (command instanceof Command.Run run) {
            return run(run);
        }
        if (command instanceof Command.Copy copy) {
            return copy(copy, vars);
        }
        if (command instanceof Command.From from) {
            throw new IllegalArgumentException("FROM starts a stage, it is not a step");
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    private PlannedStep run(Command.Run run) {
        List<String> shell = settings.effectiveShell();
        List<String> argv;
        if (!run.command().isShellForm()) {
            argv = run.command().exec();
        } else {
            argv = new ArrayList<>(shell);
            argv.add(shellText(run.command().shell(), run.command().heredocs()));
        }
        Heredoc script = script(run);
        List<String> runArgv = argv;
        if (script != null) {
            runArgv = new ArrayList<>(shell);
            runArgv.add(PlannedStep.Run.SCRIPTS + "/" + script.name());
        }
        Map<String, String> env = settings.envMap();
        TreeMap<String, String> argsNotInEnv = new TreeMap<>();
        args.forEach((k, v) -> {
            if (v != null && !env.containsKey(k)) {
                argsNotInEnv.put(k, v);
            }
        });
        List<String> createdBy = new ArrayList<>();
        if (!argsNotInEnv.isEmpty()) {
            createdBy.add("|" + argsNotInEnv.size());
            argsNotInEnv.forEach((k, v) -> createdBy.add(k + "=" + v));
        }
        createdBy.addAll(argv);
        List<String> runEnv = new ArrayList<>(settings.env());
        argsNotInEnv.forEach((k, v) -> runEnv.add(k + "=" + v));
        buildArgs.proxyValues().forEach((k, v) -> {
            if (!env.containsKey(k) && !args.containsKey(k)) {
                runEnv.add(k + "=" + v);
            }
        });
        String workingDir = settings.workingDir().isEmpty() ? "/" : settings.workingDir();
        Map<String, String> vars = expansionEnv();
        List<RunMount> mounts = new ArrayList<>();
        for (String spec : run.mounts()) {
            mounts.add(RunMountParser.parse(spec, value -> lexer.word(value, vars), workingDir));
        }
        return new PlannedStep.Run(settings, String.join(" ", createdBy), runArgv, runEnv, argsNotInEnv,
                settings.user(), workingDir, mounts, run.network(), script);
    }

    /**
     * A RUN that is only a here-document whose body starts with {@code #!}: BuildKit writes the body to a file and
     * runs that (so the interpreter line counts); null for any other RUN.
     */
    private static Heredoc script(Command.Run run) {
        List<Heredoc> heredocs = run.command().heredocs();
        return run.command().isShellForm() && heredocs.size() == 1
                && HEREDOC_ONLY.matcher(run.command().shell().strip()).matches()
                && heredocs.get(0).content().startsWith("#!") ? heredocs.get(0) : null;
    }

    /** A RUN that is only a here-document runs its body; otherwise the bodies follow the command for the shell. */
    private static String shellText(String text, List<Heredoc> heredocs) {
        if (heredocs.isEmpty()) {
            return text;
        }
        if (heredocs.size() == 1 && HEREDOC_ONLY.matcher(text.strip()).matches()) {
            return heredocs.get(0).content();
        }
        StringBuilder script = new StringBuilder(text).append('\n');
        for (Heredoc heredoc : heredocs) {
            script.append(heredoc.content()).append(heredoc.name()).append('\n');
        }
        return script.toString();
    }

    private PlannedStep copy(Command.Copy copy, Map<String, String> vars) {
        List<String> sources = new ArrayList<>();
        List<Heredoc> heredocSources = new ArrayList<>();
        for (String source : copy.sources()) {
            String name = source.replaceFirst("^<<-?", "").replaceAll("[\"']", "");
            Heredoc heredoc = !source.startsWith("<<") ? null
                    : copy.heredocs().stream().filter(h -> h.name().equals(name)).findFirst().orElse(null);
            if (heredoc != null) {
                heredocSources.add(!heredoc.expand() ? heredoc : new Heredoc(heredoc.name(),
                        lexer.raw(heredoc.content(), vars), false, heredoc.chomp()));
            } else {
                sources.add(lexer.word(source, vars));
            }
        }
        String destination = lexer.word(copy.destination(), vars);
        boolean directory = destination.endsWith("/") || sources.size() + heredocSources.size() > 1;
        if (sources.size() + heredocSources.size() > 1 && !destination.endsWith("/")) {
            throw new DockerfileException("When using " + (copy.add() ? "ADD" : "COPY")
                    + " with more than one source file, the destination must be a directory and end with a /");
        }
        String absolute = resolve(destination);
        if (directory && !absolute.endsWith("/")) {
            absolute += "/";
        }
        String from = copy.from() == null ? null : lexer.word(copy.from(), vars);
        String chown = copy.chown() == null ? null : lexer.word(copy.chown(), vars);
        String chmod = copy.chmod() == null ? null : lexer.word(copy.chmod(), vars);
        return new PlannedStep.Copy(settings, copy.add(), sources, absolute, from, chown, chmod, heredocSources,
                settings.user());
    }

    /** A path against the working directory, cleaned; a trailing slash is kept. */
    String resolve(String path) {
        String base = settings.workingDir().isEmpty() ? "/" : settings.workingDir();
        String joined = path.startsWith("/") ? path : base + "/" + path;
        String cleaned = java.nio.file.Path.of("/").resolve(joined).normalize().toString();
        if (path.endsWith("/") && !cleaned.endsWith("/")) {
            cleaned += "/";
        }
        return cleaned;
    }

    private PlannedStep.Metadata metadata(ImageSettings next, String comment) {
        settings = next;
        return new PlannedStep.Metadata(next, historyComment(next, comment), null);
    }

    private String historyComment(ImageSettings next, String comment) {
        settings = next;
        return String.join(" ", next.effectiveShell()) + " #(nop)  " + comment;
    }

    private static Long nanos(java.time.Duration duration) {
        return duration == null ? null : duration.toNanos();
    }
}
