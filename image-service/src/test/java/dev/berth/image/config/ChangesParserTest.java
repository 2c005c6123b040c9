package dev.berth.image.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangesParserTest {

    private static ObjectNode apply(String... changes) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.putArray("Env").add(ImportConfigBuilder.DEFAULT_PATH);
        ChangesParser.apply(List.of(changes), config);
        return config;
    }

    @Test
    void cmdAndEntrypointJsonAndShellForms() {
        ObjectNode c = apply("CMD [\"sh\", \"-c\", \"echo hi\"]", "ENTRYPOINT /bin/echo hello world");
        assertEquals("[\"sh\",\"-c\",\"echo hi\"]", c.get("Cmd").toString());
        assertEquals("[\"/bin/sh\",\"-c\",\"/bin/echo hello world\"]", c.get("Entrypoint").toString());
        assertEquals("[\"/bin/sh\",\"-c\",\"[not json\"]", apply("cmd [not json").get("Cmd").toString());
    }

    @Test
    void envBothForms() {
        ObjectNode c = apply("ENV A=1 B=\"x y\" C=a\\ b", "ENV LEGACY some value here", "ENV A=2");
        assertEquals("[\"" + ImportConfigBuilder.DEFAULT_PATH + "\",\"A=2\",\"B=x y\",\"C=a b\",\"LEGACY=some value here\"]",
                c.get("Env").toString());
    }

    @Test
    void workdirUserStopsignalLabelExposeVolume() {
        ObjectNode c = apply("WORKDIR /app", "USER nobody:nogroup", "STOPSIGNAL SIGINT",
                "LABEL a=b \"c d\"=\"e f\"", "EXPOSE 80 53/udp 8000-8001", "VOLUME [\"/data\", \"/logs\"]", "VOLUME /x /y");
        assertEquals("/app", c.get("WorkingDir").asText());
        assertEquals("nobody:nogroup", c.get("User").asText());
        assertEquals("SIGINT", c.get("StopSignal").asText());
        assertEquals("{\"a\":\"b\",\"c d\":\"e f\"}", c.get("Labels").toString());
        assertEquals("{\"80/tcp\":{},\"53/udp\":{},\"8000-8001/tcp\":{}}", c.get("ExposedPorts").toString());
        assertEquals("{\"/data\":{},\"/logs\":{},\"/x\":{},\"/y\":{}}", c.get("Volumes").toString());
    }

    @Test
    void multiLineChangeAndComments() {
        ObjectNode c = apply("# comment\nCMD echo \\\n  hi\nUSER 1000");
        assertEquals("[\"/bin/sh\",\"-c\",\"echo   hi\"]", c.get("Cmd").toString());
        assertEquals("1000", c.get("User").asText());
    }

    @Test
    void rejectsUnknownAndMalformed() {
        BerthException e = assertThrows(BerthException.class, () -> apply("RUN echo"));
        assertEquals("run is not a valid change command", e.getMessage());
        assertThrows(BerthException.class, () -> apply("EXPOSE http"));
        assertThrows(BerthException.class, () -> apply("ENV"));
        assertThrows(BerthException.class, () -> apply("ENV A=\"unterminated"));
        assertThrows(BerthException.class, () -> apply("LABEL =x y=z"));
    }

    @Test
    void importConfigHasTheUsualShape() {
        String diffId = "sha256:" + "b".repeat(64);
        ImageConfig config = ImportConfigBuilder.build(diffId, List.of("CMD [\"sh\"]"), null,
                Instant.parse("2026-01-02T03:04:05Z"));
        assertEquals(List.of(diffId), config.diffIds());
        assertEquals("linux", config.os());
        assertEquals("Imported from -", config.comment());
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), config.created());
        assertEquals("[\"sh\"]", config.containerConfig().get("Cmd").toString());
        assertTrue(config.id().startsWith("sha256:"));
        assertEquals(dev.berth.image.store.Digests.of(config.bytes()), config.id());
    }
}
