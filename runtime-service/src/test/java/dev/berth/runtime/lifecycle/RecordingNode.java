package dev.berth.runtime.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.runtime.node.LayerStore;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.node.ProcessRunner;
import dev.berth.runtime.service.ContainerNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link ContainerNode} that records the verbs' calls in order ("create", "start", "kill 15"...) and does nothing
 * else; {@link #onStart}, {@link #onKill}, {@link #onPause}, {@link #onThaw} and
 * {@link #onPrepareBundle} let a test make things happen meanwhile (an exit, a removal).
 */
class RecordingNode implements ContainerNode {
    private final List<String> calls = new ArrayList<>();
    private final NodePaths paths;
    Consumer<String> onStart = id -> { };
    Consumer<String> onKill = id -> { };
    Consumer<String> onPause = id -> { };
    Consumer<String> onThaw = id -> { };
    Consumer<String> onPrepareBundle = id -> { };

    RecordingNode(NodePaths paths) {
        this.paths = paths;
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** Records a call; the fakes of the node's neighbours (images, mounts, networks) write to the same log. */
    synchronized void record(String call) {
        calls.add(call);
    }

    @Override
    public ProcessRunner.Result runHost(List<String> argv) {
        record("host " + String.join(" ", argv));
        return new ProcessRunner.Result(0, "", "");
    }

    @Override
    public NodePaths paths() {
        return paths;
    }

    @Override
    public void ensureRunDirs() {
        record("ensureRunDirs");
    }

    @Override
    public List<String> ensureLayers(List<LayerStore.Layer> bottomFirst, LayerStore.BlobSource blobs) {
        record("ensureLayers");
        return List.of();
    }

    @Override
    public void prepareBundle(String id, String hostname, boolean hostNetwork) {
        record("prepareBundle");
        onPrepareBundle.accept(id);
    }

    @Override
    public int create(String id, String name, JsonNode config, JsonNode hostConfig, String path, List<String> args,
            List<String> layerDirs) {
        record("create");
        return 4242;
    }

    @Override
    public void start(String id) {
        record("start");
        onStart.accept(id);
    }

    @Override
    public void kill(String id, int signal) {
        record("kill " + signal);
        onKill.accept(id);
    }

    @Override
    public void thawQuietly(String id) {
        record("thaw");
        onThaw.accept(id);
    }

    @Override
    public void pause(String id) {
        record("pause");
        onPause.accept(id);
    }

    @Override
    public void unpause(String id) {
        record("unpause");
    }

    @Override
    public Set<Integer> cgroupPids(String id) {
        return Set.of(4242);
    }

    @Override
    public void cleanupAfterExit(String id) {
        record("cleanupAfterExit");
    }

    @Override
    public void cleanupQuietly(String id) {
        record("cleanupQuietly");
    }

    @Override
    public void removeAll(String id) {
        record("removeAll");
    }

    @Override
    public void sweepRemoved() {
        record("sweepRemoved");
    }

    @Override
    public void updateResources(String id, Map<String, Object> resources) {
        record("updateResources");
    }

    @Override
    public boolean conmonAlive(String id) {
        return true;
    }

    @Override
    public boolean oomKilled(String id) {
        return false;
    }

    @Override
    public void resize(String id, int height, int width) {
        record("resize " + height + "x" + width);
    }
}
