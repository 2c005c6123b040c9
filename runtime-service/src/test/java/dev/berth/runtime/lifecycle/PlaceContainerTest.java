package dev.berth.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.spec.ContainerSpecParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a create asks of its node besides expressions: the containers it joins and the named volumes it mounts. */
class PlaceContainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void namedVolumesComeFromBindsAndVolumeMountsNotFromHostPaths() throws Exception {
        var host = ContainerSpecParser.hostConfig(JSON.readTree("""
                {"Binds": ["pgdata:/var/lib/postgresql/data", "/srv/www:/www:ro", "cache:/cache:rw"],
                 "Mounts": [{"Type": "volume", "Source": "logs", "Target": "/logs"},
                            {"Type": "bind", "Source": "/etc/app", "Target": "/app"},
                            {"Type": "tmpfs", "Target": "/tmp"}]}
                """));
        assertEquals(List.of("pgdata", "cache", "logs"), PlaceContainer.namedVolumes(host));
    }

    @Test
    void dependenciesAreTheContainersItJoins() throws Exception {
        var host = ContainerSpecParser.hostConfig(JSON.readTree("""
                {"NetworkMode": "container:web", "VolumesFrom": ["data:ro"], "Links": ["/db:/app/db"]}
                """));
        assertEquals(List.of("data", "/db", "web"), PlaceContainer.dependencies(host));
    }
}
