package dev.berth.runtime.node.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** runtime-spec {@code Process}: what runs, as whom, with which capabilities and limits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Process(boolean terminal, ConsoleSize consoleSize, User user, List<String> args, List<String> env,
        String cwd, Capabilities capabilities, List<Rlimit> rlimits, boolean noNewPrivileges, Integer oomScoreAdj) {

    public record ConsoleSize(int height, int width) {
    }

    public record User(long uid, long gid, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Long> additionalGids) {
    }

    /** The same set as bounding, effective and permitted (Docker gives no inheritable or ambient ones). */
    public record Capabilities(List<String> bounding, List<String> effective, List<String> permitted) {
        public static Capabilities of(List<String> caps) {
            return new Capabilities(caps, caps, caps);
        }
    }

    public record Rlimit(String type, long hard, long soft) {
    }
}
