package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Limits (cgroup files and inspect), docker update, OOM, ulimits, capabilities, seccomp and the other isolation flags. */
class LimitsIsolationTest {
    private static final String V1_OR_V2 = "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null"
            + " || cat /sys/fs/cgroup/memory.max; cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null"
            + " || cut -d' ' -f1 /sys/fs/cgroup/cpu.max; cat /sys/fs/cgroup/pids/pids.max 2>/dev/null"
            + " || cat /sys/fs/cgroup/pids.max; cat /sys/fs/cgroup/cpu/cpu.shares 2>/dev/null"
            + " || echo 512";

    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String run(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("run", "--rm", "--network", "none"));
        argv.addAll(List.of(args));
        return docker(argv.toArray(String[]::new)).ok().out();
    }

    @Test
    void limitsReachTheCgroupAndInspectAndUpdateChangesThemLive() throws Exception {
        String name = "e2e-limits-" + tag();
        try {
            docker("run", "-d", "--name", name, "--network", "none", "--memory", "32m", "--cpus", "0.5",
                    "--pids-limit", "20", "--cpu-shares", "512", "--memory-reservation", "16m", "--oom-score-adj",
                    "300", "busybox", "sleep", "300").ok();
            assertEquals(List.of("33554432", "50000", "20", "512"),
                    docker("exec", name, "sh", "-c", V1_OR_V2).ok().out().lines().toList());
            assertEquals("33554432 67108864 16777216 500000000 512 20 300", docker("inspect", "-f",
                    "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.MemoryReservation}}"
                            + " {{.HostConfig.NanoCpus}} {{.HostConfig.CpuShares}} {{.HostConfig.PidsLimit}}"
                            + " {{.HostConfig.OomScoreAdj}}", name).ok().trimmed());
            assertEquals("300", docker("exec", name, "cat", "/proc/1/oom_score_adj").ok().trimmed());

            long since = System.currentTimeMillis() / 1000 - 1;
            try (DockerClient client = client()) {
                client.updateContainerCmd(name).withMemory(64L * 1024 * 1024).withMemorySwap(128L * 1024 * 1024)
                        .exec();
                docker("update", "--pids-limit", "30", "--restart", "on-failure:3", name).ok();
                InspectContainerResponse inspect = client.inspectContainerCmd(name).exec();
                assertEquals(64L * 1024 * 1024, inspect.getHostConfig().getMemory());
                assertEquals(30L, inspect.getHostConfig().getPidsLimit());
                assertEquals(RestartPolicy.onFailureRestart(3), inspect.getHostConfig().getRestartPolicy());
            }
            List<String> now = docker("exec", name, "sh", "-c", V1_OR_V2).ok().out().lines().toList();
            assertEquals("67108864", now.get(0));
            assertEquals("30", now.get(2));
            assertEquals(List.of("update", "update"), Events.until(since, "{{.Action}}", l -> l.size() >= 2,
                    "container=" + name, "event=update"));
            DockerCli.Result bad = docker("update", "--memory", "300m", name);
            assertNotEquals(0, bad.exit());
            assertTrue(bad.err().contains("Memory limit should be smaller than already set memoryswap limit"), bad.err());
        } finally {
            docker("rm", "-f", name);
        }
    }

    @Test
    void memoryLimitOomKillsWithOomEventBeforeDie() {
        String name = "e2e-oom-" + tag();
        long since = System.currentTimeMillis() / 1000 - 1;
        try {
            DockerCli.Result r = docker("run", "--name", name, "--network", "none", "--memory", "16m", "busybox",
                    "sh", "-c", "exec dd if=/dev/zero of=/dev/null bs=64M count=1");
            assertEquals(137, r.exit(), r.err());
            assertEquals("true 137", docker("inspect", "-f", "{{.State.OOMKilled}} {{.State.ExitCode}}", name).ok()
                    .trimmed());
            assertEquals(List.of("oom", "die"), Events.until(since, "{{.Action}}", l -> l.contains("die"),
                    "container=" + name, "event=oom", "event=die"));
        } finally {
            docker("rm", "-f", name);
        }
    }

    @Test
    void anOomKillOfAChildIsReportedWhileTheContainerRuns() {
        String name = "e2e-oomchild-" + tag();
        long since = System.currentTimeMillis() / 1000 - 1;
        try {
            docker("run", "-d", "--name", name, "--network", "none", "--memory", "16m", "--memory-swap", "16m",
                    "busybox", "sh", "-c", "tail /dev/zero; echo survived; exec sleep 60").ok();
            assertEquals(List.of("oom"), Events.until(since, "{{.Action}}", l -> l.contains("oom"),
                    "container=" + name, "event=oom"));
            assertEquals("running true", docker("inspect", "-f", "{{.State.Status}} {{.State.OOMKilled}}", name).ok()
                    .trimmed());
            assertTrue(docker("logs", name).ok().out().contains("survived"));
            docker("rm", "-f", name).ok();
            assertEquals(List.of("oom", "die"), Events.until(since, "{{.Action}}", l -> l.contains("die"),
                    "container=" + name, "event=oom", "event=die"), "one oom event, at the kill");
        } finally {
            docker("rm", "-f", name);
        }
    }

    @Test
    void ulimitsAboveTheNodesHardLimitAreAClearError() {
        DockerCli.Result r = docker("run", "--rm", "--network", "none", "--ulimit", "nofile=30000:30000", "busybox",
                "true");
        assertEquals(125, r.exit());
        assertTrue(r.err().contains("invalid ulimit nofile=30000:30000: the hard limit 30000 is above this node's"
                + " hard limit of 20000"), r.err());
        assertEquals("1000\n2000", run("--ulimit", "nofile=1000:2000", "busybox", "sh", "-c",
                "ulimit -n; ulimit -Hn").trim());
    }

    @Test
    void execsInheritTheContainersCapabilitiesAndNoNewPrivileges() {
        String name = "e2e-execsec-" + tag();
        try {
            docker("run", "-d", "--name", name, "--network", "none", "--cap-drop", "ALL", "--cap-add", "KILL",
                    "--security-opt", "no-new-privileges", "busybox", "sleep", "300").ok();
            String status = docker("exec", name, "grep", "-E", "CapEff|NoNewPrivs", "/proc/self/status").ok().out();
            assertTrue(status.contains("CapEff:\t0000000000000020") && status.contains("NoNewPrivs:\t1"), status);
        } finally {
            docker("rm", "-f", name);
        }
    }

    @Test
    void stopSignalIsChecked() {
        DockerCli.Result r = docker("create", "--network", "none", "--stop-signal", "SIGBOGUS", "busybox", "true");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("Invalid signal: SIGBOGUS"), r.err());
    }

    @Test
    void capabilitiesAndSeccomp() {
        assertTrue(run("busybox", "grep", "-E", "CapEff|Seccomp:", "/proc/self/status")
                .contains("CapEff:\t00000000a80425fb"));
        String blocked = run("busybox", "sh", "-c", "grep Seccomp: /proc/self/status; unshare -m true && echo UNSHARE;"
                + " mount -t tmpfs none /tmp && echo MOUNT; reboot -f && echo REBOOT; echo end");
        assertTrue(blocked.contains("Seccomp:\t2"), blocked);
        assertTrue(!blocked.contains("UNSHARE") && !blocked.contains("MOUNT") && !blocked.contains("REBOOT")
                && blocked.contains("end"), blocked);
        assertEquals("CapEff:\t0000000000001000", run("--cap-drop", "ALL", "--cap-add", "net_admin", "busybox",
                "grep", "CapEff", "/proc/self/status").trim());
        assertEquals("CapEff:\t00000000a80425fa", run("--cap-drop", "CAP_CHOWN", "busybox",
                "grep", "CapEff", "/proc/self/status").trim());
        // CAP_SYS_ADMIN lifts the seccomp rules on unshare/mount, as in Docker
        assertTrue(run("--cap-add", "SYS_ADMIN", "busybox", "sh", "-c", "unshare -m true && echo UNSHARE")
                .contains("UNSHARE"));
        assertEquals("Seccomp:\t0", run("--security-opt", "seccomp=unconfined", "busybox", "grep", "Seccomp:",
                "/proc/self/status").trim());
        assertEquals("NoNewPrivs:\t1", run("--security-opt", "no-new-privileges", "busybox", "grep", "NoNewPrivs",
                "/proc/self/status").trim());
        assertEquals("0", run("busybox", "sh", "-c", "wc -c < /proc/interrupts").trim(), "masked by default");
        String privileged = run("--privileged", "busybox", "sh", "-c",
                "grep -E 'Seccomp:' /proc/self/status; wc -c < /proc/interrupts");
        assertTrue(privileged.contains("Seccomp:\t0"), privileged);
        assertNotEquals("0", privileged.lines().reduce((a, b) -> b).orElse("").trim(), "no masked paths: " + privileged);
    }

    @Test
    void customSeccompProfileReadOnlyTmpfsShmSysctlDeviceInit() throws Exception {
        java.nio.file.Path profile = java.nio.file.Files.createTempFile("berth-seccomp", ".json");
        try {
            java.nio.file.Files.writeString(profile, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": "
                    + "[{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\"}]}");
            String denied = run("--security-opt", "seccomp=" + profile, "busybox", "sh", "-c",
                    "mkdir /tmp/x && echo MADE; echo done");
            assertTrue(!denied.contains("MADE") && denied.contains("done"), denied);
        } finally {
            java.nio.file.Files.deleteIfExists(profile);
        }
        String fs = run("--read-only", "--tmpfs", "/run:size=1m,exec", "--shm-size", "8m", "busybox", "sh", "-c",
                "touch /x 2>/dev/null || echo RO; touch /run/y && echo TMPFS; grep -E ' /run | /dev/shm ' /proc/mounts");
        assertTrue(fs.contains("RO") && fs.contains("TMPFS"), fs);
        assertTrue(fs.contains("/run tmpfs rw,nosuid,nodev,relatime,size=1024k"), fs);
        assertTrue(fs.contains("/dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=8192k"), fs);
        assertEquals("12345\n1", run("--sysctl", "kernel.shmmax=12345", "--sysctl", "net.ipv4.ip_forward=1",
                "busybox", "cat", "/proc/sys/kernel/shmmax", "/proc/sys/net/ipv4/ip_forward").trim());
        DockerCli.Result hostNet = docker("run", "--rm", "--network", "host", "--sysctl", "net.ipv4.ip_forward=1",
                "busybox", "true");
        assertEquals(125, hostNet.exit());
        assertTrue(hostNet.err().contains("sysctl \"net.ipv4.ip_forward\" not allowed in host network namespace"),
                hostNet.err());
        assertEquals("DEV", run("--device", "/dev/null:/dev/berthnull", "busybox", "sh", "-c",
                "echo x > /dev/berthnull && echo DEV").trim());
        String init = run("--init", "busybox", "ps", "-o", "pid,comm");
        assertTrue(init.contains("1 docker-init"), init);
    }

    private static DockerClient client() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(DockerCli.HOST).build();
        return DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(DockerCli.HOST)).connectionTimeout(Duration.ofSeconds(10)).build());
    }
}
