package dev.berth.build.step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The image configuration a build carries from step to step (Docker's image {@code config}): what the next step
 * runs with and what the final image records. Immutable; each instruction makes a changed copy.
 */
public record ImageSettings(List<String> env, List<String> cmd, List<String> entrypoint, String workingDir,
        String user, Set<String> exposedPorts, Set<String> volumes, Map<String, String> labels, List<String> onBuild,
        String stopSignal, Healthcheck healthcheck, List<String> shell) {

    public static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");
    public static final ImageSettings EMPTY = new ImageSettings(List.of(), null, null, "", "", Set.of(), Set.of(),
            Map.of(), List.of(), null, null, null);

    /** Docker's healthcheck config; null durations and retries mean "inherit the default". */
    public record Healthcheck(List<String> test, Long intervalNanos, Long timeoutNanos, Long startPeriodNanos,
            Long startIntervalNanos, Integer retries) {
    }

    public ImageSettings {
        env = List.copyOf(env);
        cmd = cmd == null ? null : List.copyOf(cmd);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        exposedPorts = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(exposedPorts));
        volumes = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(volumes));
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        onBuild = List.copyOf(onBuild);
        shell = shell == null ? null : List.copyOf(shell);
    }

    /** The shell for shell-form commands: SHELL if set, else {@code /bin/sh -c}. */
    public List<String> effectiveShell() {
        return shell == null || shell.isEmpty() ? DEFAULT_SHELL : shell;
    }

    /** Env as a name → value map (last entry wins), for variable expansion. */
    public Map<String, String> envMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : env) {
            int eq = entry.indexOf('=');
            map.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
        }
        return map;
    }

    public ImageSettings withEnv(String name, String value) {
        List<String> next = new ArrayList<>();
        boolean replaced = false;
        for (String entry : env) {
            int eq = entry.indexOf('=');
            String key = eq < 0 ? entry : entry.substring(0, eq);
            if (key.equals(name)) {
                if (!replaced) {
                    next.add(name + "=" + value);
                    replaced = true;
                }
            } else {
                next.add(entry);
            }
        }
        if (!replaced) {
            next.add(name + "=" + value);
        }
        return new ImageSettings(next, cmd, entrypoint, workingDir, user, exposedPorts, volumes, labels, onBuild,
                stopSignal, healthcheck, shell);
    }

    public ImageSettings withCmd(List<String> value) {
        return new ImageSettings(env, value, entrypoint, workingDir, user, exposedPorts, volumes, labels, onBuild,
                stopSignal, healthcheck, shell);
    }

    /** ENTRYPOINT also clears an inherited CMD, as Docker does. */
    public ImageSettings withEntrypoint(List<String> value, boolean clearCmd) {
        return new ImageSettings(env, clearCmd ? null : cmd, value, workingDir, user, exposedPorts, volumes, labels,
                onBuild, stopSignal, healthcheck, shell);
    }

    public ImageSettings withWorkingDir(String value) {
        return new ImageSettings(env, cmd, entrypoint, value, user, exposedPorts, volumes, labels, onBuild,
                stopSignal, healthcheck, shell);
    }

    public ImageSettings withUser(String value) {
        return new ImageSettings(env, cmd, entrypoint, workingDir, value, exposedPorts, volumes, labels, onBuild,
                stopSignal, healthcheck, shell);
    }

    public ImageSettings withExposedPorts(List<String> ports) {
        Set<String> next = new LinkedHashSet<>(exposedPorts);
        next.addAll(ports);
        return new ImageSettings(env, cmd, entrypoint, workingDir, user, next, volumes, labels, onBuild, stopSignal,
                healthcheck, shell);
    }

    public ImageSettings withVolumes(List<String> paths) {
        Set<String> next = new LinkedHashSet<>(volumes);
        next.addAll(paths);
        return new ImageSettings(env, cmd, entrypoint, workingDir, user, exposedPorts, next, labels, onBuild,
                stopSignal, healthcheck, shell);
    }

    public ImageSettings withLabel(String key, String value) {
        Map<String, String> next = new LinkedHashMap<>(labels);
        next.put(key, value);
        return new ImageSettings(env, cmd, entrypoint, workingDir, user, exposedPorts, volumes, next, onBuild,
                stopSignal, healthcheck, shell);
    }

    public ImageSettings withOnBuild(List<String> triggers) {
        return new ImageSettings(env, cmd, entrypoint, workingDir, user, exposedPorts, volumes, labels, triggers,
                stopSignal, healthcheck, shell);
    }

    public ImageSettings withStopSignal(String value) {
        return new ImageSettings(env, cmd, entrypoint, workingDir, user, exposedPorts, volumes, labels, onBuild,
                value, healthcheck, shell);
    }

    public ImageSettings withHealthcheck(Healthcheck value) {
        return new ImageSettings(env, cmd, entrypoint, workingDir, user, exposedPorts, volumes, labels, onBuild,
                stopSignal, value, shell);
    }

    public ImageSettings withShell(List<String> value) {
        return new ImageSettings(env, cmd, entrypoint, workingDir, user, exposedPorts, volumes, labels, onBuild,
                stopSignal, healthcheck, value);
    }
}
