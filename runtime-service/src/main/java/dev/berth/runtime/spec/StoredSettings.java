package dev.berth.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What the lifecycle and the views act on from a container row's Config and HostConfig columns, read once into
 * types. The columns keep Docker's inspect JSON as it was made at create (so that {@code docker inspect} shows it
 * byte for byte); everything else reads these fields instead of the JSON ({@code Container.settings()}). The
 * settings are the stored {@link ContainerSpec} (one parser for a request and a stored row) and the few fields a
 * running container needs that a create does not decide from: its labels and its log driver.
 *
 * @param logDriver HostConfig.LogConfig.Type ("" for the default)
 * @param logOpts   HostConfig.LogConfig.Config
 */
public record StoredSettings(ContainerSpec spec, Map<String, String> labels, String logDriver,
        Map<String, String> logOpts) {

    public static StoredSettings of(JsonNode config, JsonNode hostConfig) {
        WireObject log = WireObject.of(hostConfig, "HostConfig", "").object("LogConfig", "LogConfig");
        return new StoredSettings(ContainerSpecParser.stored(config, hostConfig), ContainerLabels.of(config).map(),
                log.string("Type"), log.stringMap("Config"));
    }

    public boolean tty() {
        return spec.process().tty();
    }

    public boolean openStdin() {
        return spec.process().openStdin();
    }

    public String user() {
        return spec.process().user();
    }

    public String workingDir() {
        return spec.process().workingDir();
    }

    public String hostname() {
        return spec.process().hostname();
    }

    public List<String> env() {
        return spec.process().env();
    }

    public String networkMode() {
        return spec.host().networkMode();
    }

    public RestartSpec restartPolicy() {
        return spec.host().restartPolicy();
    }

    public boolean autoRemove() {
        return spec.host().autoRemove();
    }

    public boolean readonlyRootfs() {
        return spec.host().security().readonlyRootfs();
    }

    public List<String> links() {
        return spec.host().links();
    }

    /** Docker's {@code label} filter: {@code key} (any value) or {@code key=value}. */
    public boolean hasLabel(String filter) {
        return new ContainerLabels(labels).has(filter);
    }

    /** {@code --log-driver none}: nothing of the output is kept. */
    public boolean logsDiscarded() {
        return dev.berth.runtime.logs.LogOptions.NONE.equals(logDriver);
    }
}
