package dev.berth.runtime.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.attach.DetachKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsAttachUnitTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path bundle;

    @Test
    void logOptionsParseDockerSizes() throws Exception {
        LogOptions o = LogOptions.of(JSON.readTree("{\"Type\":\"\",\"Config\":{\"max-size\":\"10m\",\"max-file\":\"3\"}}"));
        assertEquals(10L * 1024 * 1024, o.maxSize());
        assertEquals(3, o.maxFile());
        assertEquals(new LogOptions(LogOptions.DEFAULT_MAX_SIZE, LogOptions.DEFAULT_MAX_FILE),
                LogOptions.of(JSON.readTree("{}")));
        assertThrows(BerthException.class, () -> LogOptions.of(JSON.readTree("{\"Config\":{\"max-file\":\"0\"}}")));
        assertThrows(BerthException.class, () -> LogOptions.of(JSON.readTree("{\"Config\":{\"max-size\":\"lots\"}}")));
        assertThrows(BerthException.class, () -> LogOptions.of(JSON.readTree("{\"Type\":\"syslog\"}")));
    }

    @Test
    void aCursorReadsEverythingOnceAcrossCopyTruncateRotations() throws IOException {
        new LogOptions(100, 3).writeTo(bundle);
        Path log = bundle.resolve("ctr.log");
        RotatedLog.Cursor cursor = new RotatedLog.Cursor(bundle);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            String line = "line " + i + "\n";
            written.append(line);
            Files.writeString(log, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (i % 7 == 0) {
                LogRotator.rotateIfNeeded(bundle);
            }
            if (i % 3 == 0) {
                read.write(cursor.readMore(1 << 20));
            }
        }
        byte[] more;
        while ((more = cursor.readMore(1 << 20)).length > 0) {
            read.write(more);
        }
        assertEquals(written.toString(), read.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(bundle.resolve("ctr.log.3")), "at most max-file files");
        assertTrue(Files.exists(bundle.resolve("ctr.log.2")));
    }

    @Test
    void detachKeysAreSwallowedAndPartialMatchesPassThrough() {
        assertArrayEquals(new byte[] {16, 17}, DetachKeys.parse(null));
        assertArrayEquals(new byte[] {24, 'x'}, DetachKeys.parse("ctrl-x,x"));
        assertThrows(BerthException.class, () -> DetachKeys.parse("ctrl-1"));
        DetachKeys.Scanner s = new DetachKeys.Scanner(DetachKeys.DEFAULT);
        DetachKeys.Scanner.Result r = s.scan(new byte[] {'a', 16});
        assertArrayEquals(new byte[] {'a'}, r.forward());
        assertFalse(r.detached());
        r = s.scan(new byte[] {'b'});
        assertArrayEquals(new byte[] {16, 'b'}, r.forward(), "a broken sequence goes through");
        r = s.scan(new byte[] {'c', 16, 17, 'd'});
        assertArrayEquals(new byte[] {'c'}, r.forward());
        assertTrue(r.detached());
    }
}
