package dev.berth.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What the lifecycle and the views act on from a container row's Config and HostConfig columns, read once into
 * types. The columns keep Docker's inspect JSON as it was made at create (so that {@code docker inspect} shows it
 * byte for byte); everything else reads these fields instead of the JSON ({@code Container.settings()}).
 *
 * @param logDriver HostConfig.LogConfig.Type ("" for the default)
 * @param logOpts   HostConfig.LogConfig.Config
 */
public record StoredSettings(boolean tty, boolean openStdin, String user, String workingDir, String hostname,
        List<String> env, Map<String, String> labels, String networkMode, String logDriver, Map<String, String> logOpts,
        RestartSpec restartPolicy, boolean autoRemove, boolean readonlyRootfs, List<String> links) {

    public static StoredSettings of(JsonNode config, JsonNode hostConfig) {
        WireObject c = WireObject.of(config, "Config", "");
        WireObject h = WireObject.of(hostConfig, "HostConfig", "");
        WireObject log = h.object("LogConfig", "LogConfig");
        return new StoredSettings(c.bool("Tty"), c.bool("OpenStdin"), c.string("User"), c.string("WorkingDir"),
                c.string("Hostname"), c.strings("Env"), c.stringMap("Labels"), h.string("NetworkMode"),
                log.string("Type"), log.stringMap("Config"),
                ContainerSpecParser.restart(h.object("RestartPolicy", "RestartPolicy")), h.bool("AutoRemove"),
                h.bool("ReadonlyRootfs"), h.strings("Links"));
    }

    /** Docker's {@code label} filter: {@code key} (any value) or {@code key=value}. */
    public boolean hasLabel(String filter) {
        int eq = filter.indexOf('=');
        String key = eq < 0 ? filter : filter.substring(0, eq);
        return labels.containsKey(key) && (eq < 0 || labels.get(key).equals(filter.substring(eq + 1)));
    }

    /** {@code --log-driver none}: nothing of the output is kept. */
    public boolean logsDiscarded() {
        return dev.berth.runtime.logs.LogOptions.NONE.equals(logDriver);
    }
}
