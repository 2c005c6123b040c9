package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This node's part of Docker's /info from recorded kernel and /etc files. */
class HostInfoTest {
    @TempDir
    Path tmp;

    @Test
    void factsComeFromTheKernelFiles() {
        RecordingKernelFiles kernel = new RecordingKernelFiles()
                .with("/proc/sys/kernel/osrelease", "6.1.0-test\n")
                .with("/proc/sys/kernel/hostname", "node-7\n")
                .with("/proc/meminfo", "MemTotal:        2048 kB\n")
                .with("/etc/os-release", "NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n")
                .with("/sys/fs/cgroup/cgroup.controllers", "cpu memory\n");
        NodePaths paths = new NodePaths(tmp.resolve("data"), tmp.resolve("run"));
        Map<String, Object> facts = new HostInfo(kernel).facts(paths, 3);
        assertEquals("6.1.0-test", facts.get("KernelVersion"));
        assertEquals("Debian GNU/Linux 12 (bookworm)", facts.get("OperatingSystem"));
        assertEquals(2048L * 1024, facts.get("MemTotal"));
        assertEquals("2", facts.get("CgroupVersion"));
        assertEquals("node-7", facts.get("Name"));
        assertEquals(3, facts.get("NCPU"));
        assertEquals(facts.get("ID"), HostInfo.nodeId(paths.nodeIdFile()), "stable");
    }

    @Test
    void aHostWithoutTheFilesGetsDefaults() {
        HostInfo info = new HostInfo(new RecordingKernelFiles());
        assertEquals("Linux", info.operatingSystem());
        assertEquals(0L, info.memTotal());
        assertEquals("1", info.cgroupVersion());
    }

    @Test
    void theBoundingSetIsReadFromProcSelfStatus() {
        RecordingKernelFiles kernel = new RecordingKernelFiles().with("/proc/self/status",
                "Name:\tjava\nCapBnd:\t00000000a80425fb\n");
        assertEquals(0xa80425fbL, ExecSpec.boundingSet(kernel));
        assertEquals(0L, ExecSpec.boundingSet(new RecordingKernelFiles()));
    }
}
