package dev.berth.runtime.node.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** runtime-spec {@code LinuxSeccomp}: the filter for one container (includes/excludes already applied). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Seccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
        List<Syscall> syscalls) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Syscall(List<String> names, String action, List<Arg> args, Integer errnoRet) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Arg(Integer index, Long value, Long valueTwo, String op) {
    }
}
