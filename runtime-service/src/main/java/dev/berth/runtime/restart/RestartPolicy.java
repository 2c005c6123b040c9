package dev.berth.runtime.restart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.RestartSpec;

/**
 * HostConfig.RestartPolicy {@code {Name, MaximumRetryCount}} with Docker's validation and decision (moby
 * restartmanager.ShouldRestart): {@code always} restarts unless stopped through the API, {@code unless-stopped} the
 * same, {@code on-failure[:N]} on a non-zero exit while fewer than N restarts were made (0: no limit), {@code no}
 * never.
 */
public record RestartPolicy(String name, int maximumRetryCount) {
    public static final RestartPolicy NO = new RestartPolicy("no", 0);

    public static RestartPolicy of(RestartSpec spec) {
        return new RestartPolicy(spec.name().isEmpty() ? "no" : spec.name(), spec.maximumRetryCount());
    }

    /** A stored HostConfig's RestartPolicy object (none: {@link #NO}). */
    public static RestartPolicy of(JsonNode node) {
        return node == null || !node.isObject() ? NO : of(ContainerSpecParser.restartPolicy(node));
    }

    /** moby containertypes.ValidateRestartPolicy, plus the AutoRemove conflict. */
    public static void check(RestartSpec policy, boolean autoRemove) {
        RestartPolicy p = of(policy);
        switch (p.name()) {
            case "no", "always", "unless-stopped" -> {
                if (p.maximumRetryCount() != 0) {
                    throw BerthException.invalid(
                            "invalid restart policy: maximum retry count can only be used with 'on-failure'");
                }
            }
            case "on-failure" -> {
                if (p.maximumRetryCount() < 0) {
                    throw BerthException.invalid("invalid restart policy: maximum retry count cannot be negative");
                }
            }
            default -> throw BerthException.invalid("invalid restart policy: unknown policy '" + p.name()
                    + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        }
        if (autoRemove && !p.isNone()) {
            throw BerthException.invalid("can't create 'AutoRemove' container with restart policy");
        }
    }

    public boolean isNone() {
        return name.equals("no");
    }

    /**
     * Restart after an exit? {@code restartCount} is the number of policy restarts so far (on-failure's limit),
     * {@code manuallyStopped} whether the user stopped or killed it through the API.
     */
    public boolean shouldRestart(int exitCode, int restartCount, boolean manuallyStopped) {
        if (manuallyStopped) {
            return false;
        }
        return switch (name) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> exitCode != 0 && (maximumRetryCount == 0 || restartCount < maximumRetryCount);
            default -> false;
        };
    }

    /**
     * Start again when the service (dockerd) comes up, for a container that is not running (moby daemon restore:
     * ShouldRestart with a fresh manager): {@code always} even after a stop, {@code unless-stopped} unless stopped.
     */
    public boolean restartsOnServiceStart(int exitCode, int restartCount, boolean manuallyStopped) {
        return switch (name) {
            case "always" -> true;
            case "unless-stopped" -> !manuallyStopped;
            case "on-failure" -> exitCode != 0 && (maximumRetryCount == 0 || restartCount < maximumRetryCount);
            default -> false;
        };
    }
}
