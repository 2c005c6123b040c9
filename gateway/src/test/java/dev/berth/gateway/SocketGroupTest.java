package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SocketGroupTest {

    /** Groups by name; a number is taken as a gid, as the JDK's lookup on Linux does. */
    private static UserPrincipalLookupService groups(String... names) {
        return new UserPrincipalLookupService() {
            @Override
            public UserPrincipal lookupPrincipalByName(String name) throws UserPrincipalNotFoundException {
                throw new UserPrincipalNotFoundException(name);
            }

            @Override
            public GroupPrincipal lookupPrincipalByGroupName(String group) throws UserPrincipalNotFoundException {
                if (java.util.List.of(names).contains(group) || group.matches("[0-9]+")) {
                    return () -> group;
                }
                throw new UserPrincipalNotFoundException(group);
            }
        };
    }

    @Test
    void dockerWhenThatGroupExistsElseRoot() throws Exception {
        assertEquals("docker", SocketGroup.resolve(Optional.empty(), groups("root", "docker")).getName());
        assertEquals("root", SocketGroup.resolve(Optional.empty(), groups("root")).getName());
        assertEquals("0", SocketGroup.resolve(Optional.empty(), groups()).getName());
        assertEquals("docker", SocketGroup.resolve(Optional.of("  "), groups("root", "docker")).getName());
    }

    @Test
    void theConfiguredGroupByNameOrGid() throws Exception {
        var lookup = groups("root", "docker", "berth");
        assertEquals("berth", SocketGroup.resolve(Optional.of("berth"), lookup).getName());
        assertEquals("1234", SocketGroup.resolve(Optional.of("1234"), lookup).getName());
    }

    @Test
    void aConfiguredGroupThatDoesNotExistIsAStartupError() {
        var e = assertThrows(IllegalStateException.class,
                () -> SocketGroup.resolve(Optional.of("nosuchgroup"), groups("root", "docker")));
        assertTrue(e.getMessage().contains("BERTH_SOCKET_GROUP=nosuchgroup: no such group"), e.getMessage());
    }
}
