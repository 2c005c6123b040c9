package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-java, the client under Testcontainers, on the calls Testcontainers and its users make: ping, version,
 * info, images, pull with progress from a local registry, tag, volumes, a network with an IPAM subnet, events,
 * stats and wait.
 */
class DockerJavaClientTest {
    private static DockerClient client;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final List<Runnable> cleanup = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void connect() {
        client = DockerJavaClients.open();
    }

    @AfterAll
    static void close() throws Exception {
        client.close();
    }

    @AfterEach
    void cleanUp() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            try {
                cleanup.get(i).run();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    @Test
    void pingVersionInfoAndImages() {
        client.pingCmd().exec();
        Version version = client.versionCmd().exec();
        Info info = client.infoCmd().exec();
        assertEquals("linux", version.getOperatingSystem());
        assertEquals(version.getVersion(), info.getServerVersion());
        assertTrue(info.getContainers() >= info.getContainersRunning(), info.toString());
        assertTrue(info.getMemTotal() > 0 && info.getNCPU() > 0, info.toString());
        assertTrue(client.listImagesCmd().withImageNameFilter("busybox").exec().stream()
                .anyMatch(i -> i.getRepoTags() != null && List.of(i.getRepoTags()).contains("busybox:latest")));
    }

    @Test
    void pullWithProgressThenTag() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(dir, null, null, null)) {
            LocalRegistry.Layer layer = LocalRegistry.Layer.of(Tarballs.busyboxRootfs());
            LocalRegistry.Pushed pushed = registry.push("e2e/dj-" + tag, "1", List.of(layer), "[\"sh\"]");
            String repository = registry.host() + "/e2e/dj-" + tag;
            cleanup.add(() -> client.removeImageCmd(repository + ":1").withForce(true).exec());

            List<PullResponseItem> progress = new CopyOnWriteArrayList<>();
            client.pullImageCmd(repository).withTag("1").exec(new PullImageResultCallback() {
                @Override
                public void onNext(PullResponseItem item) {
                    progress.add(item);
                    super.onNext(item);
                }
            }).awaitCompletion(60, TimeUnit.SECONDS);
            List<String> statuses = progress.stream().map(PullResponseItem::getStatus).toList();
            assertTrue(statuses.contains("Pull complete"), statuses.toString());
            String shortLayer = pushed.layerDigests().get(0).substring("sha256:".length()).substring(0, 12);
            assertTrue(progress.stream().anyMatch(i -> "Pull complete".equals(i.getStatus())
                    && shortLayer.equals(i.getId())), progress.toString());
            assertTrue(statuses.contains("Digest: " + pushed.manifestDigest()), statuses.toString());
            assertTrue(statuses.contains("Status: Downloaded newer image for " + repository + ":1"),
                    statuses.toString());
            String id = client.inspectImageCmd(repository + ":1").exec().getId();
            assertEquals(pushed.configDigest(), id);

            client.tagImageCmd(repository + ":1", "e2e-dj-tagged-" + tag, "v2").exec();
            cleanup.add(() -> client.removeImageCmd("e2e-dj-tagged-" + tag + ":v2").exec());
            assertEquals(id, client.inspectImageCmd("e2e-dj-tagged-" + tag + ":v2").exec().getId());
            assertTrue(List.of(client.inspectImageCmd(id).exec().getRepoTags().toArray())
                    .containsAll(List.of(repository + ":1", "e2e-dj-tagged-" + tag + ":v2")));
        }
    }

    @Test
    void volumesCreateListInspectRemove() {
        String name = "e2e-djv-" + tag;
        client.createVolumeCmd().withName(name).withLabels(Map.of("e2e", tag)).exec();
        cleanup.add(() -> client.removeVolumeCmd(name).exec());
        InspectVolumeResponse inspected = client.inspectVolumeCmd(name).exec();
        assertEquals("local", inspected.getDriver());
        assertEquals(Map.of("e2e", tag), inspected.getLabels());
        List<String> listed = client.listVolumesCmd().withFilter("label", List.of("e2e=" + tag)).exec()
                .getVolumes().stream().map(InspectVolumeResponse::getName).toList();
        assertEquals(List.of(name), listed);
        client.removeVolumeCmd(name).exec();
        assertTrue(client.listVolumesCmd().withFilter("name", List.of(name)).exec().getVolumes().isEmpty());
    }

    @Test
    void networkWithIpamSubnet() throws Exception {
        String name = "e2e-djn-" + tag;
        int octet = 200 + (int) (Math.random() * 50);
        String subnet = "10." + octet + ".9.0/24";
        String id = client.createNetworkCmd().withName(name).withLabels(Map.of("e2e", tag))
                .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config()
                        .withSubnet(subnet).withGateway("10." + octet + ".9.254")))
                .exec().getId();
        cleanup.add(() -> client.removeNetworkCmd(id).exec());
        Network network = client.inspectNetworkCmd().withNetworkId(id).exec();
        assertEquals(name, network.getName());
        assertEquals(subnet, network.getIpam().getConfig().get(0).getSubnet());
        assertEquals("10." + octet + ".9.254", network.getIpam().getConfig().get(0).getGateway());

        CreateContainerResponse c = client.createContainerCmd("busybox")
                .withCmd("sh", "-c", "ip -4 -o addr show eth0; exec sleep 1000")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(name)).exec();
        cleanup.add(() -> client.removeContainerCmd(c.getId()).withForce(true).exec());
        client.startContainerCmd(c.getId()).exec();
        // the address is in inspect while the container runs (dockerd clears it when it stops)
        String address = client.inspectContainerCmd(c.getId()).exec().getNetworkSettings().getNetworks().get(name)
                .getIpAddress();
        assertTrue(address.startsWith("10." + octet + ".9."), address);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (logs(c.getId()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(logs(c.getId()).contains(" " + address + "/24 "), logs(c.getId()));
    }

    @Test
    void eventsStatsAndWait() throws Exception {
        long since = System.currentTimeMillis() / 1000 - 1;
        CreateContainerResponse c = client.createContainerCmd("busybox")
                .withCmd("sh", "-c", "head -c 4000000 /dev/zero > /tmp/f; sleep 2; exit 4")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec();
        cleanup.add(() -> client.removeContainerCmd(c.getId()).withForce(true).exec());
        List<Event> events = new CopyOnWriteArrayList<>();
        ResultCallback.Adapter<Event> watch = client.eventsCmd().withSince(Long.toString(since))
                .withContainerFilter(c.getId()).exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                        events.add(event);
                    }
                });
        client.startContainerCmd(c.getId()).exec();

        List<Statistics> stats = new CopyOnWriteArrayList<>();
        client.statsCmd(c.getId()).withNoStream(true).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Statistics s) {
                stats.add(s);
            }
        }).awaitCompletion(20, TimeUnit.SECONDS);
        assertEquals(1, stats.size(), stats.toString());
        assertNotNull(stats.get(0).getMemoryStats().getUsage(), stats.get(0).toString());
        assertTrue(stats.get(0).getMemoryStats().getUsage() > 0, stats.get(0).toString());
        assertTrue(stats.get(0).getCpuStats().getCpuUsage().getTotalUsage() > 0, stats.get(0).toString());

        assertEquals(4, client.waitContainerCmd(c.getId()).start().awaitStatusCode(30, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.stream().noneMatch(e -> "die".equals(e.getAction())) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        watch.close();
        List<String> actions = events.stream().map(Event::getAction).toList();
        assertEquals(List.of("create", "start", "die"), actions.stream()
                .filter(a -> List.of("create", "start", "die").contains(a)).toList(), actions.toString());
        Event die = events.stream().filter(e -> "die".equals(e.getAction())).findFirst().orElseThrow();
        assertEquals("4", die.getActor().getAttributes().get("exitCode"));
        assertEquals(c.getId(), die.getId());
    }

    private static String logs(String id) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        client.logContainerCmd(id).withStdOut(true).withStdErr(true)
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }).awaitCompletion(30, TimeUnit.SECONDS);
        return out.toString();
    }
}
