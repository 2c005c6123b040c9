package dev.berth.runtime.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.runtime.node.LayerStore;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.node.ProcessRunner;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The blocking node work of the container lifecycle, the one seam between the verbs and this host (the real one is
 * {@link HostContainerNode}; unit tests of the verbs record the calls). Call only from worker threads.
 */
public interface ContainerNode {
    ProcessRunner.Result runHost(List<String> argv);

    NodePaths paths();

    /** The run, exits and containers directories exist (service start). */
    void ensureRunDirs();

    /** Unpacks what is missing; returns layer dirs topmost first. */
    List<String> ensureLayers(List<LayerStore.Layer> bottomFirst, LayerStore.BlobSource blobs);

    /** Creates the bundle directory with upper/work/merged and the per-container etc files. */
    void prepareBundle(String id, String hostname, boolean hostNetwork);

    /** Mounts, writes config.json, launches conmon (runc create). Returns the container pid. */
    int create(String id, String name, JsonNode config, JsonNode hostConfig, String path, List<String> args,
            List<String> layerDirs);

    /** runc start: the created container's process runs. */
    void start(String id);

    void kill(String id, int signal);

    /** A frozen container does not act on signals: SIGKILL is followed by a thaw so that it dies. */
    void thawQuietly(String id);

    void pause(String id);

    void unpause(String id);

    /** Pids in the container's cgroup. */
    Set<Integer> cgroupPids(String id);

    /** After an exit: forget runc's state, unmount the rootfs (the upper dir stays until rm). */
    void cleanupAfterExit(String id);

    void cleanupQuietly(String id);

    /** Removes everything the container had on this node. */
    void removeAll(String id);

    /** Directories of removed containers that a stop of the service left behind. */
    void sweepRemoved();

    /** Applies new cgroup limits to a running container; runc's message on failure. */
    void updateResources(String id, Map<String, Object> resources);

    boolean conmonAlive(String id);

    boolean oomKilled(String id);

    /** Sends a resize to conmon's control FIFO. */
    void resize(String id, int height, int width);
}
