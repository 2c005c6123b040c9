package dev.berth.runtime.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private static final long GIB = 1L << 30;

    private static NodeCandidate node(String name, Map<String, String> labels, int containers, long reserved) {
        return new NodeCandidate("id-" + name, name, labels, true, 2, 4 * GIB, reserved, 0, containers, Set.of(),
                Set.of(), Set.of());
    }

    private static PlacementRequest env(String... env) {
        return PlacementRequest.of(List.of(env), Map.of(), 0, 0, List.of());
    }

    private static Scheduler spread() {
        return new Scheduler(Scheduler.Strategy.SPREAD, new Random(1));
    }

    @Test
    void expressionsAreClassicSwarms() {
        assertTrue(Expression.parse("constraint", "storage==ssd").holdsFor("SSD"), "case does not matter");
        assertFalse(Expression.parse("constraint", "storage==ssd").holdsFor(null), "an unset label never equals");
        assertTrue(Expression.parse("constraint", "storage!=ssd").holdsFor(null));
        assertTrue(Expression.parse("constraint", "region==us-*").holdsFor("us-east"));
        assertFalse(Expression.parse("constraint", "region==us-*").holdsFor("eu-west"));
        assertTrue(Expression.parse("constraint", "node==/n[12]/").holdsFor("n2"));
        assertFalse(Expression.parse("constraint", "node==/n[12]/").holdsFor("n3"));
        Expression soft = Expression.parse("constraint", "storage==~ssd");
        assertTrue(soft.soft());
        assertEquals("storage==~ssd", soft.toString());
        for (String bad : List.of("storage", "==ssd", "storage==", "node==/[/")) {
            BerthException e = assertThrows(BerthException.class, () -> Expression.parse("constraint", bad), bad);
            assertEquals(ErrorKind.INVALID, e.kind(), bad);
        }
    }

    @Test
    void aRequestReadsTheEnvironmentAndTheLabels() {
        PlacementRequest r = PlacementRequest.of(List.of("PATH=/bin", "constraint:storage==ssd",
                        "affinity:container!=web"),
                Map.of("com.docker.swarm.constraints", "[\"region==a\"]", "berth.constraint.disk", "=nvme",
                        "berth.constraint.zone!", "z1", "other", "x"), 0, 0, List.of());
        assertEquals(Set.of("storage==ssd", "region==a", "disk==nvme", "zone!=z1"),
                Set.copyOf(r.constraints().stream().map(Expression::toString).toList()));
        assertEquals(List.of("container!=web"), r.affinities().stream().map(Expression::toString).toList());
        assertFalse(env("PATH=/bin").hasExpressions());
        assertEquals(ErrorKind.INVALID, assertThrows(BerthException.class, () -> env("affinity:volume==x")).kind());
        assertEquals(ErrorKind.INVALID, assertThrows(BerthException.class, () -> PlacementRequest.of(List.of(),
                Map.of("com.docker.swarm.constraints", "storage==ssd"), 0, 0, List.of())).kind());
    }

    @Test
    void spreadTakesTheNodeWithTheFewestContainersThatPassesTheConstraints() {
        NodeCandidate n1 = node("n1", Map.of("storage", "ssd"), 5, 0);
        NodeCandidate n2 = node("n2", Map.of("storage", "hdd"), 0, 0);
        NodeCandidate n3 = node("n3", Map.of("storage", "ssd"), 2, 0);
        assertEquals("n2", spread().place(env(), List.of(n1, n2, n3)).name());
        assertEquals("n3", spread().place(env("constraint:storage==ssd"), List.of(n1, n2, n3)).name());
        assertEquals("n1", spread().place(env("constraint:node==n1"), List.of(n1, n2, n3)).name());
        assertEquals("n1", spread().place(env("constraint:node==id-n1"), List.of(n1, n2, n3)).name(), "by id");
        assertEquals("n3", spread().place(env("constraint:node!=n2", "constraint:storage!=hdd"),
                List.of(n1, n2, n3)).name());
    }

    @Test
    void binpackFillsTheFullestNodeThatStillFits() {
        NodeCandidate empty = node("a", Map.of(), 0, 0);
        NodeCandidate half = node("b", Map.of(), 3, 2 * GIB);
        NodeCandidate full = node("c", Map.of(), 6, 4 * GIB - 100);
        Scheduler binpack = new Scheduler(Scheduler.Strategy.BINPACK, new Random(1));
        PlacementRequest oneGib = PlacementRequest.of(List.of(), Map.of(), GIB, 0, List.of());
        assertEquals("b", binpack.place(oneGib, List.of(empty, half, full)).name(), "c has no gibibyte left");
        assertEquals("c", binpack.place(env(), List.of(empty, half, full)).name());
    }

    @Test
    void aSoftExpressionIsDroppedWhenNoNodeMeetsIt() {
        NodeCandidate n1 = node("n1", Map.of("storage", "hdd"), 0, 0);
        NodeCandidate n2 = node("n2", Map.of("storage", "ssd"), 4, 0);
        assertEquals("n2", spread().place(env("constraint:storage==~ssd"), List.of(n1, n2)).name());
        assertEquals("n1", spread().place(env("constraint:storage==~nvme"), List.of(n1, n2)).name());
    }

    @Test
    void affinitiesFollowContainersAndImages() {
        NodeCandidate web = new NodeCandidate("i1", "n1", Map.of(), true, 2, 4 * GIB, 0, 0, 3,
                Set.of("web", "0123abcd"), Set.of("nginx", "nginx:latest"), Set.of());
        NodeCandidate other = node("n2", Map.of(), 0, 0);
        assertEquals("n1", spread().place(env("affinity:container==web"), List.of(web, other)).name());
        assertEquals("n1", spread().place(env("affinity:image==nginx*"), List.of(web, other)).name());
        assertEquals("n2", spread().place(env("affinity:container!=web"), List.of(web, other)).name());
    }

    @Test
    void aRequestNoNodeCanTakeNamesWhatExcludedEachNode() {
        NodeCandidate down = new NodeCandidate("i1", "n1", Map.of(), false, 2, 4 * GIB, 0, 0, 0, Set.of(), Set.of(),
                Set.of());
        NodeCandidate hdd = node("n2", Map.of("storage", "hdd"), 0, 0);
        NodeCandidate busy = new NodeCandidate("i3", "n3", Map.of("storage", "ssd"), true, 2, 4 * GIB, 0, 0, 1,
                Set.of(), Set.of(), Set.of("8080/tcp"));
        BerthException e = assertThrows(BerthException.class, () -> spread().place(PlacementRequest.of(
                List.of("constraint:storage==ssd"), Map.of(), 0, 0, List.of("8080/tcp")), List.of(down, hdd, busy)));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("no node can take this container: n1: health: the node is down; n2: constraint storage==ssd"
                + " (storage=hdd); n3: port 8080/tcp is published by another container there", e.getMessage());
        BerthException cpus = assertThrows(BerthException.class, () -> spread().place(
                PlacementRequest.of(List.of(), Map.of(), 0, 3_000_000_000L, List.of()), List.of(hdd)));
        assertTrue(cpus.getMessage().contains("n2: resources: 3.0 CPUs asked, 2.0 free"), cpus.getMessage());
    }

    @Test
    void aDependencyGoesWhereItsContainerIs() {
        String id = "0123456789abcdef".repeat(4);
        NodeCandidate withDb = new NodeCandidate("i1", "n1", Map.of(), true, 2, 4 * GIB, 0, 0, 5,
                Set.of("db", id, id.substring(0, 12)), Set.of(), Set.of());
        NodeCandidate empty = node("n2", Map.of(), 0, 0);
        for (String ref : List.of("db", "/db", id, "0123456789", id.substring(0, 12))) {
            assertEquals("n1", spread().place(env().withDependencies(List.of(ref)), List.of(withDb, empty)).name(),
                    ref);
        }
        NodeCandidate withCache = new NodeCandidate("i3", "n3", Map.of(), true, 2, 4 * GIB, 0, 0, 9,
                Set.of("cache"), Set.of(), Set.of());
        BerthException e = assertThrows(BerthException.class, () -> spread().place(
                env().withDependencies(List.of("db", "cache")), List.of(withDb, empty, withCache)));
        assertTrue(e.getMessage().contains("n1: dependency: container cache is not there; n2: dependency: container"
                + " db is not there; n3: dependency: container db is not there"), e.getMessage());
        assertEquals("n2", spread().place(env().withDependencies(List.of("nowhere")), List.of(withDb, empty)).name(),
                "a container on no node is left to the create's 404");
    }

    @Test
    void randomPicksAmongTheNodesThatPass() {
        NodeCandidate n1 = node("n1", Map.of(), 0, 0);
        NodeCandidate n2 = node("n2", Map.of("x", "y"), 0, 0);
        Scheduler random = new Scheduler(Scheduler.Strategy.RANDOM, new Random(7));
        for (int i = 0; i < 20; i++) {
            assertEquals("n2", random.place(env("constraint:x==y"), List.of(n1, n2)).name());
        }
        assertEquals(Scheduler.Strategy.BINPACK, Scheduler.Strategy.of(" binpack "));
        assertThrows(IllegalArgumentException.class, () -> Scheduler.Strategy.of("fastest"));
    }

    @Test
    void aNamedVolumeWithDataOnANodeTakesTheCreateThere() {
        NodeCandidate empty = node("n1", Map.of(), 0, 0);
        NodeCandidate withData = new NodeCandidate("id-n2", "n2", Map.of(), true, 2, 4 * GIB, 0, 0, 7, Set.of(),
                Set.of(), Set.of(), Set.of("pgdata"));
        NodeCandidate withOther = new NodeCandidate("id-n3", "n3", Map.of(), true, 2, 4 * GIB, 0, 0, 7, Set.of(),
                Set.of(), Set.of(), Set.of("cache"));
        List<NodeCandidate> nodes = List.of(empty, withData, withOther);
        assertEquals("n2", spread().place(env().withVolumes(List.of("pgdata")), nodes).name());
        assertEquals("n1", spread().place(env().withVolumes(List.of("fresh")), nodes).name(),
                "a volume no node used yet is made where the spread puts the container");
        BerthException e = assertThrows(BerthException.class,
                () -> spread().place(env().withVolumes(List.of("pgdata", "cache")), nodes));
        assertTrue(e.getMessage().contains("n2: volume: the data of cache is on another node"), e.getMessage());
        assertTrue(e.getMessage().contains("n3: volume: the data of pgdata is on another node"), e.getMessage());
    }
}
