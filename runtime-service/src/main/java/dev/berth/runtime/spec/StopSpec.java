package dev.berth.runtime.spec;

/** Config.StopSignal ("" for the default) and Config.StopTimeout (null for the default). */
public record StopSpec(String signal, Integer timeout) {
}
