package dev.berth.runtime.node;

import java.nio.file.Path;

/** Where things live on a node: data under {@code ${BERTH_DATA}/runtime}, runtime state under {@code ${BERTH_RUN}/runtime}. */
public record NodePaths(Path data, Path run) {

    public Path runtimeData() {
        return data.resolve("runtime");
    }

    public Path layers() {
        return runtimeData().resolve("layers");
    }

    /** Layers this node committed, kept unpacked for a while ({@link CommittedLayers}). */
    public Path committedLayers() {
        return runtimeData().resolve("committed-layers");
    }

    public Path containers() {
        return runtimeData().resolve("containers");
    }

    /** Where removed containers' directories go to be deleted in the background (same filesystem: a rename). */
    public Path removed() {
        return runtimeData().resolve("removed");
    }

    /** FIFOs made ahead for execs (same filesystem as the bundles: a rename puts one in place). */
    public Path spareFifos() {
        return runtimeData().resolve("fifos");
    }

    public Path bundle(String id) {
        return containers().resolve(id);
    }

    public Path nodeIdFile() {
        return runtimeData().resolve("node-id");
    }

    public Path runtimeRun() {
        return run.resolve("runtime");
    }

    public Path runcRoot() {
        return runtimeRun().resolve("runc");
    }

    public Path exits() {
        return runtimeRun().resolve("exits");
    }

    public Path sockets() {
        return runtimeRun().resolve("s");
    }

    /** conmon's attach socket for a container whose cuuid is its id. */
    public Path attachSocket(String id) {
        return sockets().resolve(id).resolve("attach");
    }

    public Path exitFile(String id) {
        return exits().resolve(id);
    }
}
