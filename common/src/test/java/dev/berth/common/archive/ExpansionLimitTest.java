package dev.berth.common.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ExpansionLimitTest {
    @Test
    void readsUpToTheLimitAndFailsPastIt() throws IOException {
        assertEquals(100, ExpansionLimit.bound(new ByteArrayInputStream(new byte[100]), 100).readAllBytes().length);
        InputStream over = ExpansionLimit.bound(new ByteArrayInputStream(new byte[101]), 100);
        ExpansionLimit.ArchiveTooLargeException e = assertThrows(ExpansionLimit.ArchiveTooLargeException.class,
                over::readAllBytes);
        assertTrue(e.getMessage().contains(ExpansionLimit.PROPERTY), e.getMessage());
    }

    @Test
    void skippingCountsToo() {
        InputStream over = ExpansionLimit.bound(new ByteArrayInputStream(new byte[4096]), 1000);
        assertThrows(ExpansionLimit.ArchiveTooLargeException.class, () -> over.skip(2000));
    }

    @Test
    void defaultsTo64GiB() {
        assertTrue(ExpansionLimit.configured() > 0);
        assertEquals(64L << 30, ExpansionLimit.DEFAULT);
    }
}
