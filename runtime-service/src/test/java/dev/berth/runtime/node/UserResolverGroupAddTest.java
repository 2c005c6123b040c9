package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserResolverGroupAddTest {
    private static final List<String> PASSWD = List.of("root:x:0:0:root:/root:/bin/sh",
            "app:x:1000:1000::/home/app:/bin/sh");
    private static final List<String> GROUP = List.of("root:x:0:", "wheel:x:10:app", "audio:x:29:", "app:x:1000:");

    @Test
    void groupAddComesAfterMembershipByNameOrNumber() {
        UserResolver.User app = UserResolver.resolve(PASSWD, GROUP, "app");
        assertEquals(List.of(10L), app.additionalGids());
        UserResolver.User added = UserResolver.withGroups(app, List.of("audio", "4242", "wheel"), GROUP);
        assertEquals(List.of(10L, 29L, 4242L), added.additionalGids());
        assertEquals(1000L, added.uid());
        assertEquals(1000L, added.gid());
        assertEquals(app, UserResolver.withGroups(app, List.of(), GROUP));
    }

    @Test
    void anUnknownGroupNameIsRefusedAsDockerDoes() {
        UserResolver.User root = UserResolver.resolve(PASSWD, GROUP, "");
        BerthException e = assertThrows(BerthException.class,
                () -> UserResolver.withGroups(root, List.of("nope"), GROUP));
        assertTrue(e.getMessage().contains("Unable to find group nope"), e.getMessage());
    }
}
