package dev.berth.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ScopesTest {
    @Test
    void pushScopeCoversThePullChallengeAndAddsAMountSource() {
        assertEquals("repository:a:pull,push",
                RegistryAuthenticator.scopes("repository:a:pull,push", "repository:a:pull"));
        assertEquals("repository:a:pull,push repository:b:pull",
                RegistryAuthenticator.scopes("repository:a:pull,push", "repository:a:pull,push repository:b:pull"));
        assertEquals("repository:a:pull", RegistryAuthenticator.scopes(null, "repository:a:pull"));
        assertNull(RegistryAuthenticator.scopes(null, null));
    }
}
