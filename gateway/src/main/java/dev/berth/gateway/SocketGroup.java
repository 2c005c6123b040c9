package dev.berth.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;

/**
 * The Docker socket's access as dockerd sets it: mode {@code 0660}, owner root (the gateway's user), group
 * {@code docker} when that group exists, else root; {@code BERTH_SOCKET_GROUP} (a name or a numeric gid) chooses.
 * Adding a user to the group is then the one way to grant access to the socket.
 */
final class SocketGroup {
    static final String DEFAULT = "docker";

    private SocketGroup() {
    }

    /** The group the socket gets; a configured name that does not exist is an error, not a silent fallback. */
    static GroupPrincipal resolve(Optional<String> configured, UserPrincipalLookupService lookup) throws IOException {
        Optional<String> name = configured.map(String::trim).filter(s -> !s.isEmpty());
        if (name.isPresent()) {
            try {
                // a name, or else a number taken as a gid (the JDK's fallback, as dockerd's --group)
                return lookup.lookupPrincipalByGroupName(name.get());
            } catch (UserPrincipalNotFoundException e) {
                throw new IllegalStateException("BERTH_SOCKET_GROUP=" + name.get()
                        + ": no such group (give an existing group name or a numeric gid)");
            }
        }
        try {
            return lookup.lookupPrincipalByGroupName(DEFAULT);
        } catch (UserPrincipalNotFoundException e) {
            return root(lookup);
        }
    }

    private static GroupPrincipal root(UserPrincipalLookupService lookup) throws IOException {
        try {
            return lookup.lookupPrincipalByGroupName("root");
        } catch (UserPrincipalNotFoundException e) {
            return lookup.lookupPrincipalByGroupName("0");
        }
    }

    /** Gives {@code socket} its group, then mode 0660. */
    static void apply(Path socket, GroupPrincipal group) throws IOException {
        Files.getFileAttributeView(socket, PosixFileAttributeView.class).setGroup(group);
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
    }
}
