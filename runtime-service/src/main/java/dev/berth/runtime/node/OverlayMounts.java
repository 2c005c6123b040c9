package dev.berth.runtime.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * overlayfs mounts of a container's rootfs. Lower dirs are given relative to the layers root, with the mount
 * command's cwd set to it, so that the option string stays under the kernel's 4096-byte limit.
 */
public final class OverlayMounts {
    static final String FIXED_OPTIONS = "redirect_dir=off,index=off,metacopy=off";
    private static final int OPTION_LIMIT = 4095;

    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private final ProcessRunner runner;
    private final KernelFiles kernel;

    public OverlayMounts(ProcessRunner runner, KernelFiles kernel) {
        this.runner = runner;
        this.kernel = kernel;
    }

    /** @param lowerTopFirst layer directory names under {@code layersRoot}, topmost first */
    public void mount(Path layersRoot, List<String> lowerTopFirst, Path upper, Path work, Path merged) {
        String options = options(lowerTopFirst, upper, work);
        ProcessRunner.Command command = ProcessRunner.Command
                .of("mount", "-t", "overlay", "overlay", "-o", options, merged.toString())
                .in(layersRoot);
        runner.run(command).orThrow(command);
    }

    static String options(List<String> lowerTopFirst, Path upper, Path work) {
        if (lowerTopFirst.isEmpty()) {
            throw new IllegalArgumentException("an overlay needs at least one lower layer");
        }
        for (String lower : lowerTopFirst) {
            if (lower.isEmpty() || lower.contains(":") || lower.contains(",") || lower.startsWith("/")) {
                throw new IllegalArgumentException("bad layer directory name: " + lower);
            }
        }
        String options = "lowerdir=" + String.join(":", lowerTopFirst) + ",upperdir=" + upper + ",workdir=" + work
                + "," + FIXED_OPTIONS;
        if (options.length() > OPTION_LIMIT) {
            throw new IllegalArgumentException("too many layers: overlay options are " + options.length()
                    + " bytes, the limit is 4096");
        }
        return options;
    }

    /** Unmounts; a path that is not mounted is fine. */
    public void umount(Path merged) {
        if (!isMounted(merged)) {
            return;
        }
        ProcessRunner.Command command = ProcessRunner.Command.of("umount", merged.toString());
        ProcessRunner.Result result = runner.run(command);
        if (!result.ok() && isMounted(merged)) {
            ProcessRunner.Command lazy = ProcessRunner.Command.of("umount", "-l", merged.toString());
            runner.run(lazy).orThrow(lazy);
        }
    }

    /** True when {@code path} is a mount point (from /proc/self/mountinfo). */
    public boolean isMounted(Path path) {
        try {
            return isMountPoint(kernel.lines(MOUNTINFO), path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when something is mounted below {@code dir} (not on it). */
    public boolean anyMountUnder(Path dir) throws IOException {
        String prefix = dir.toAbsolutePath().normalize() + "/";
        for (String line : kernel.lines(MOUNTINFO)) {
            String[] f = line.split(" ");
            if (f.length > 4 && unescape(f[4]).startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean isMountPoint(List<String> mountinfo, Path path) {
        String wanted = path.toAbsolutePath().normalize().toString();
        for (String line : mountinfo) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
