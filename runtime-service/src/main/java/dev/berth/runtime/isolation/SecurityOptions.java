package dev.berth.runtime.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.List;

/**
 * HostConfig.SecurityOpt as dockerd reads it: {@code seccomp=unconfined}, {@code seccomp=<profile JSON>} (the docker
 * CLI sends the file's content), {@code no-new-privileges[:true|false]}, {@code systempaths=unconfined}; label and
 * apparmor options are accepted and have no effect (this node has no LSM). Anything else: moby's 400.
 */
public record SecurityOptions(boolean seccompUnconfined, JsonNode seccompProfile, boolean noNewPrivileges,
        boolean systemPathsUnconfined) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** HostConfig.SecurityOpt as stored (exec reads it from the container's HostConfig). */
    public static SecurityOptions parse(JsonNode securityOpt) {
        List<String> options = new ArrayList<>();
        if (securityOpt != null && securityOpt.isArray()) {
            securityOpt.forEach(o -> options.add(o.asText("")));
        }
        return parse(options);
    }

    public static SecurityOptions parse(List<String> securityOpt) {
        boolean unconfined = false;
        JsonNode profile = null;
        boolean nnp = false;
        boolean systemPaths = false;
        if (securityOpt != null) {
            for (String opt : securityOpt) {
                if (opt.equals("no-new-privileges")) {
                    nnp = true;
                    continue;
                }
                int sep = opt.indexOf('=');
                if (sep < 0) {
                    sep = opt.indexOf(':');
                }
                if (sep < 0) {
                    throw BerthException.invalid("invalid --security-opt 1: \"" + opt + "\"");
                }
                String key = opt.substring(0, sep);
                String value = opt.substring(sep + 1);
                switch (key) {
                    case "seccomp" -> {
                        if (value.equals("unconfined")) {
                            unconfined = true;
                        } else if (!value.isEmpty() && !value.equals("builtin")) {
                            try {
                                profile = JSON.readTree(value);
                            } catch (Exception e) {
                                throw BerthException.invalid("Decoding seccomp profile failed: " + e.getMessage());
                            }
                            if (profile == null || !profile.isObject()) {
                                throw BerthException.invalid("Decoding seccomp profile failed: not a JSON object");
                            }
                        }
                    }
                    case "no-new-privileges" -> {
                        if (!value.equals("true") && !value.equals("false")) {
                            throw BerthException.invalid("invalid --security-opt 2: \"" + opt + "\"");
                        }
                        nnp = value.equals("true");
                    }
                    case "systempaths" -> {
                        if (!value.equals("unconfined")) {
                            throw BerthException.invalid("invalid --security-opt 2: \"" + opt + "\"");
                        }
                        systemPaths = true;
                    }
                    case "label", "apparmor" -> {
                        // no SELinux or AppArmor on this node: accepted, nothing to apply
                    }
                    default -> throw BerthException.invalid("invalid --security-opt 2: \"" + opt + "\"");
                }
            }
        }
        return new SecurityOptions(unconfined, profile, nnp, systemPaths);
    }
}
