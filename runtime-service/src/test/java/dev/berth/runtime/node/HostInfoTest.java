package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.common.contract.NodeInfo;
import java.nio.file.Path;
import java.util.List;
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
        NodeInfo info = new HostInfo(kernel).info(paths, 3, 5, 2, 1);
        assertEquals("6.1.0-test", info.kernelVersion());
        assertEquals("Debian GNU/Linux 12 (bookworm)", info.operatingSystem());
        assertEquals(2048L * 1024, info.memTotal());
        assertEquals("2", info.cgroupVersion());
        assertEquals("node-7", info.name());
        assertEquals(3, info.ncpu());
        assertEquals(List.of(5, 2L, 1L, 2L), List.of(info.containers(), info.containersRunning(),
                info.containersPaused(), info.containersStopped()));
        assertEquals(info.id(), HostInfo.nodeId(paths.nodeIdFile()), "stable");
        assertEquals(paths.data().toString(), info.dockerRootDir());
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
