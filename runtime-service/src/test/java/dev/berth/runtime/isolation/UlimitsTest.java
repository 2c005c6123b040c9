package dev.berth.runtime.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.node.RecordingKernelFiles;
import dev.berth.runtime.spec.Ulimit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The node's hard limits read through the kernel seam from a recorded /proc/self/limits, and the check on them. */
class UlimitsTest {
    static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max cpu time              unlimited            unlimited            seconds
            Max file size             unlimited            unlimited            bytes
            Max core file size        0                    unlimited            bytes
            Max processes             63448                63448                processes
            Max open files            1048576              1048576              files
            Max locked memory         8388608              8388608              bytes
            Max pending signals       63448                63448                signals
            Max realtime priority     0                    0
            """;

    @Test
    void hardLimitsAreTheThirdColumnByDockersNamesUnlimitedAsMinusOne() {
        Map<String, Long> hard = Ulimits.nodeHardLimits(new RecordingKernelFiles().with("/proc/self/limits", LIMITS));
        assertEquals(Map.of("core", -1L, "cpu", -1L, "fsize", -1L, "memlock", 8388608L, "nofile", 1048576L,
                "nproc", 63448L, "rtprio", 0L, "sigpending", 63448L), hard);
    }

    @Test
    void withoutTheFileThereIsNoLimitToCheck() {
        assertEquals(Map.of(), Ulimits.nodeHardLimits(new RecordingKernelFiles()));
    }

    @Test
    void aHardLimitAboveTheNodesIsA400NamingIt() {
        Map<String, Long> hard = Ulimits.nodeHardLimits(new RecordingKernelFiles().with("/proc/self/limits", LIMITS));
        BerthException e = assertThrows(BerthException.class,
                () -> Ulimits.check(List.of(new Ulimit("nproc", 70000, 70000)), hard));
        assertEquals("invalid ulimit nproc=70000:70000: the hard limit 70000 is above this node's hard limit of 63448"
                + " (a container can only lower it)", e.getMessage());
        Ulimits.check(List.of(new Ulimit("cpu", 5, 10), new Ulimit("nofile", 1024, 1048576)), hard);
    }
}
