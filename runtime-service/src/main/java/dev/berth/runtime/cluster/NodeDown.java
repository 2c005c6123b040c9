package dev.berth.runtime.cluster;

/** The node watch has just written node {@code name} (id {@code id}) down: its containers may need a new home. */
public record NodeDown(String id, String name) {
}
