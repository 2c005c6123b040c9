package dev.berth.runtime.spec;

import static dev.berth.runtime.spec.WireJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.runtime.domain.Container;
import dev.berth.runtime.logs.LogOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredSettingsTest {

    @Test
    void readsWhatTheLifecycleActsOnFromTheStoredColumns() throws Exception {
        Container c = new Container();
        c.config = json("{'Hostname':'web1','User':'1000:1000','WorkingDir':'/app','Tty':true,'OpenStdin':true,"
                + "'Env':['A=1','PATH=/bin'],'Labels':{'tier':'front','empty':''}}").toString();
        c.hostConfig = json("{'NetworkMode':'container:db','AutoRemove':true,'ReadonlyRootfs':true,"
                + "'RestartPolicy':{'Name':'on-failure','MaximumRetryCount':3},'Links':['/db:/web1/database'],"
                + "'LogConfig':{'Type':'json-file','Config':{'max-size':'1m','max-file':'2'}}}").toString();
        StoredSettings s = c.settings();
        assertEquals("web1", s.hostname());
        assertEquals("1000:1000", s.user());
        assertEquals("/app", s.workingDir());
        assertTrue(s.tty());
        assertTrue(s.openStdin());
        assertEquals(List.of("A=1", "PATH=/bin"), s.env());
        assertEquals(Map.of("tier", "front", "empty", ""), s.labels());
        assertEquals("container:db", s.networkMode());
        assertTrue(s.autoRemove());
        assertTrue(s.readonlyRootfs());
        assertEquals(new RestartSpec("on-failure", 3), s.restartPolicy());
        assertEquals(List.of("/db:/web1/database"), s.links());
        assertEquals("json-file", s.logDriver());
        assertEquals(new LogOptions(1024 * 1024, 2), LogOptions.of(s.logDriver(), s.logOpts()));
        assertFalse(s.logsDiscarded());
    }

    @Test
    void absentFieldsAreDockersZeroValues() throws Exception {
        StoredSettings s = StoredSettings.of(json("{}"), json("{'LogConfig':{'Type':'none'}}"));
        assertFalse(s.tty());
        assertEquals("", s.user());
        assertEquals(List.of(), s.env());
        assertEquals(Map.of(), s.labels());
        assertEquals(new RestartSpec("", 0), s.restartPolicy());
        assertEquals(List.of(), s.links());
        assertTrue(s.logsDiscarded());
    }

    @Test
    void labelFilterIsAKeyOrAKeyAndItsValue() throws Exception {
        StoredSettings s = StoredSettings.of(json("{'Labels':{'tier':'front','empty':''}}"), json("{}"));
        assertTrue(s.hasLabel("tier"));
        assertTrue(s.hasLabel("tier=front"));
        assertFalse(s.hasLabel("tier=back"));
        assertTrue(s.hasLabel("empty="));
        assertFalse(s.hasLabel("other"));
        assertFalse(s.hasLabel("other="));
    }
}
