package dev.berth.runtime.node;

import dev.berth.common.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves Docker's {@code User} ("", "name", "uid", "name:group", "uid:gid") against the container's own
 * /etc/passwd and /etc/group, as moby does. Supplementary groups come from /etc/group membership.
 */
public final class UserResolver {

    public record User(long uid, long gid, List<Long> additionalGids) {
    }

    private UserResolver() {
    }

    public static User resolve(Path rootfs, String spec) throws BerthException {
        return resolve(rootfs, spec, List.of());
    }

    /** With {@code HostConfig.GroupAdd} ({@code --group-add}): names or numbers, after the membership groups. */
    public static User resolve(Path rootfs, String spec, List<String> groupAdd) throws BerthException {
        List<String> passwd = readEtc(rootfs, "passwd");
        List<String> group = readEtc(rootfs, "group");
        return withGroups(resolve(passwd, group, spec), groupAdd, group);
    }

    static User withGroups(User user, List<String> groupAdd, List<String> group) {
        if (groupAdd == null || groupAdd.isEmpty()) {
            return user;
        }
        List<Long> additional = new ArrayList<>(user.additionalGids());
        for (String name : groupAdd) {
            String wanted = name.strip();
            long gid;
            if (isNumber(wanted)) {
                gid = Long.parseLong(wanted);
            } else {
                String[] g = findEntry(group, wanted, 0);
                if (g == null) {
                    throw BerthException.invalid("Unable to find group " + wanted
                            + ": no matching entries in group file");
                }
                gid = parseLong(g[2]);
            }
            if (!additional.contains(gid)) {
                additional.add(gid);
            }
        }
        return new User(user.uid(), user.gid(), List.copyOf(additional));
    }

    public static User resolve(List<String> passwd, List<String> group, String spec) {
        String userPart = spec == null ? "" : spec.strip();
        String groupPart = null;
        int colon = userPart.indexOf(':');
        if (colon >= 0) {
            groupPart = userPart.substring(colon + 1);
            userPart = userPart.substring(0, colon);
        }
        long uid = 0;
        long gid = 0;
        String userName = null;
        if (userPart.isEmpty()) {
            String[] root = findEntry(passwd, "0", 2);
            userName = root != null ? root[0] : "root";
        } else if (isNumber(userPart)) {
            uid = Long.parseLong(userPart);
            String[] entry = findEntry(passwd, userPart, 2);
            if (entry != null) {
                gid = parseLong(entry[3]);
                userName = entry[0];
            }
        } else {
            String[] entry = findEntry(passwd, userPart, 0);
            if (entry == null) {
                throw BerthException.invalid("unable to find user " + userPart + ": no matching entries in passwd file");
            }
            uid = parseLong(entry[2]);
            gid = parseLong(entry[3]);
            userName = entry[0];
        }
        if (groupPart != null && !groupPart.isEmpty()) {
            if (isNumber(groupPart)) {
                gid = Long.parseLong(groupPart);
            } else {
                String[] g = findEntry(group, groupPart, 0);
                if (g == null) {
                    throw BerthException.invalid("unable to find group " + groupPart
                            + ": no matching entries in group file");
                }
                gid = parseLong(g[2]);
            }
        }
        List<Long> additional = new ArrayList<>();
        if (userName != null && (groupPart == null || groupPart.isEmpty())) {
            for (String line : group) {
                String[] g = line.split(":", -1);
                if (g.length < 4 || line.startsWith("#")) {
                    continue;
                }
                for (String member : g[3].split(",")) {
                    long candidate = parseLong(g[2]);
                    if (member.strip().equals(userName) && candidate != gid && !additional.contains(candidate)) {
                        additional.add(candidate);
                    }
                }
            }
        }
        return new User(uid, gid, List.copyOf(additional));
    }

    private static String[] findEntry(List<String> lines, String key, int field) {
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(":", -1);
            if (parts.length >= 4 && parts[field].equals(key)) {
                return parts;
            }
        }
        return null;
    }

    private static List<String> readEtc(Path rootfs, String name) {
        Path etc = rootfs.resolve("etc");
        Path file = etc.resolve(name);
        try {
            // the rootfs is the container's: never follow a symlink out of it
            if (Files.isSymbolicLink(etc) || Files.isSymbolicLink(file)
                    || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
