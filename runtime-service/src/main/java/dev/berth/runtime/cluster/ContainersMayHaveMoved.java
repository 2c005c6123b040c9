package dev.berth.runtime.cluster;

/**
 * This node was out of the cluster's sight ({@link ContactTracker}): containers it still runs may run again on other
 * nodes by now, and those whose rows are gone must stop here.
 */
public record ContainersMayHaveMoved() {
}
