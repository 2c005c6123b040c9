package dev.berth.runtime.spec;

/** HostConfig.RestartPolicy as sent: the policy's name ("" when unset) and on-failure's retry limit. */
public record RestartSpec(String name, int maximumRetryCount) {
}
