package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * docker network prune with moby's filters: label, label! and until; any other filter is refused, not ignored (a
 * prune that ignored its filter removed every unused network). Every prune here is narrowed by this test's own label,
 * so networks of other tests are never at stake.
 */
class NetworkPruneTest {

    @Test
    void labelNotLabelAndUntilChooseWhatGoes() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String mine = "e2e.prune=" + run;
        String plain = "e2e-prune-plain-" + run;
        String kept = "e2e-prune-kept-" + run;
        try {
            docker("network", "create", "--label", mine, plain).ok();
            docker("network", "create", "--label", mine, "--label", "keep=yes", kept).ok();

            String none = docker("network", "prune", "-f", "--filter", "label=" + mine, "--filter", "until=1h")
                    .ok().out();
            assertTrue(!none.contains(plain) && !none.contains(kept), "networks made after until stay: " + none);
            assertEquals(0, docker("network", "inspect", plain).exit());

            String pruned = docker("network", "prune", "-f", "--filter", "label=" + mine, "--filter", "label!=keep")
                    .ok().out();
            assertTrue(pruned.contains(plain), pruned);
            assertTrue(!pruned.contains(kept), "label! keeps it: " + pruned);
            assertNotEquals(0, docker("network", "inspect", plain).exit(), "pruned");
            assertEquals(0, docker("network", "inspect", kept).exit(), "kept");
        } finally {
            docker("network", "rm", plain);
            docker("network", "rm", kept);
        }
    }

    @Test
    void aFilterPruneDoesNotTakeIsRefused() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String name = "e2e-prune-named-" + run;
        try {
            docker("network", "create", name).ok();
            DockerCli.Result r = docker("network", "prune", "-f", "--filter", "name=" + name);
            assertNotEquals(0, r.exit(), r.out());
            assertTrue(r.err().contains("invalid filter"), r.err());
            assertEquals(0, docker("network", "inspect", name).exit(), "nothing was pruned");
        } finally {
            docker("network", "rm", name);
        }
    }
}
