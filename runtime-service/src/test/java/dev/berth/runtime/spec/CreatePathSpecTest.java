package dev.berth.runtime.spec;

import static dev.berth.runtime.spec.WireJson.invalid;
import static dev.berth.runtime.spec.WireJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The create request's mounts, ports, links, endpoints and stop settings, typed by the parsers. */
class CreatePathSpecTest {
    private static String error(String request) throws Exception {
        return invalid(request, body -> {
            ContainerSpecParser.request(body);
            EndpointSpecParser.request(body);
        });
    }

    @Test
    void mountsPortsLinksAndStopSettingsAreTyped() throws Exception {
        ContainerSpec spec = ContainerSpecParser.request(json("{'Image': 'busybox', 'StopSignal': 'SIGINT',"
                + " 'StopTimeout': 3, 'ExposedPorts': {'80/tcp': {}, '53/udp': {}}, 'MacAddress': '02:42:ac:11:00:09',"
                + " 'HostConfig': {'Binds': ['/h:/data:ro'], 'VolumesFrom': ['web:ro'], 'Links': ['db:store'],"
                + " 'Mounts': [{'Type': 'bind', 'Source': '/s', 'Target': '/t', 'ReadOnly': true,"
                + " 'BindOptions': {'Propagation': 'rslave', 'CreateMountpoint': true}},"
                + " {'Type': 'volume', 'Source': 'v', 'Target': '/v', 'VolumeOptions': {'NoCopy': true,"
                + " 'Labels': {'a': 'b'}, 'DriverConfig': {'Name': 'local', 'Options': {'type': 'tmpfs'}}}},"
                + " {'Type': 'tmpfs', 'Target': '/tmp', 'TmpfsOptions': {'SizeBytes': 1048576, 'Mode': 1023}}],"
                + " 'PortBindings': {'80/tcp': [{'HostIp': '127.0.0.1', 'HostPort': '8080'}], '53/udp': null},"
                + " 'PublishAllPorts': true}}"));
        assertEquals("busybox", spec.image());
        assertEquals(new StopSpec("SIGINT", 3), spec.stop());
        assertEquals(List.of("80/tcp", "53/udp"), spec.exposedPorts());
        assertEquals("02:42:ac:11:00:09", spec.macAddress());
        HostSpec host = spec.host();
        assertEquals(List.of("/h:/data:ro"), host.binds());
        assertEquals(List.of("web:ro"), host.volumesFrom());
        assertEquals(List.of("db:store"), host.links());
        assertEquals(List.of(
                new MountSpec("bind", "/s", "/t", true, new MountSpec.BindOptions("rslave", true), null, null),
                new MountSpec("volume", "v", "/v", false, null, new MountSpec.VolumeOptions(true, Map.of("a", "b"),
                        "", "local", Map.of("type", "tmpfs")), null),
                new MountSpec("tmpfs", "", "/tmp", false, null, null, new MountSpec.TmpfsOptions(1048576, 1023))),
                host.mounts());
        assertEquals(new PortsSpec(Map.of("80/tcp", List.of(new PortsSpec.Binding("127.0.0.1", "8080")),
                "53/udp", List.of()), true), host.ports());
    }

    @Test
    void absentFieldsAreDockersDefaults() throws Exception {
        ContainerSpec spec = ContainerSpecParser.request(json("{'Image': 'busybox', 'StopTimeout': null,"
                + " 'HostConfig': {'Binds': null, 'Mounts': [{'Type': 'volume', 'Target': '/v'}]}}"));
        assertEquals(new StopSpec("", null), spec.stop());
        assertEquals(List.of(), spec.exposedPorts());
        assertEquals(List.of(), spec.host().binds());
        assertEquals(List.of(), spec.host().links());
        assertEquals(new PortsSpec(Map.of(), false), spec.host().ports());
        MountSpec m = spec.host().mounts().get(0);
        assertNull(m.bindOptions(), "no BindOptions: none, so a volume mount is not refused for it");
        assertNull(m.volumeOptions());
        assertNull(m.tmpfsOptions());
        assertEquals(Map.of(), EndpointSpecParser.request(json("{'Image': 'busybox'}")));
    }

    @Test
    void endpointsAreTypedInOrderAndANullOneStaysNull() throws Exception {
        Map<String, EndpointSpec> endpoints = EndpointSpecParser.request(json("{'NetworkingConfig': {"
                + "'EndpointsConfig': {'front': {'Aliases': ['web'], 'IPAMConfig': {'IPv4Address': '10.1.0.5',"
                + " 'LinkLocalIPs': ['169.254.1.1']}, 'MacAddress': '02:42:ac:11:00:02', 'Links': ['db'],"
                + " 'DriverOpts': {'k': 'v'}}, 'back': null}}}"));
        assertEquals(List.of("front", "back"), List.copyOf(endpoints.keySet()));
        assertEquals(new EndpointSpec(List.of("web"), "10.1.0.5", "", List.of("169.254.1.1"), "02:42:ac:11:00:02",
                List.of("db"), Map.of("k", "v")), endpoints.get("front"));
        assertNull(endpoints.get("back"));
        assertNull(EndpointSpecParser.endpointConfig(null));
        assertEquals(List.of("x"), EndpointSpecParser.endpointConfig(json("{'Aliases': ['x']}")).aliases());
    }

    @Test
    void wrongJsonTypesAre400sWordedAsDockerdsDecoder() throws Exception {
        assertEquals("json: cannot unmarshal string into Go struct field HostConfig.HostConfig.Binds of type"
                + " []string", error("{'HostConfig': {'Binds': '/a:/b'}}"));
        assertEquals("json: cannot unmarshal object into Go struct field HostConfig.HostConfig.Mounts of type"
                + " []mount.Mount", error("{'HostConfig': {'Mounts': {}}}"));
        assertEquals("json: cannot unmarshal number into Go struct field Mount.HostConfig.Mounts.Type of type"
                + " mount.Type", error("{'HostConfig': {'Mounts': [{'Type': 1, 'Target': '/t'}]}}"));
        assertEquals("json: cannot unmarshal string into Go struct field Mount.HostConfig.Mounts.ReadOnly of type"
                + " bool", error("{'HostConfig': {'Mounts': [{'Target': '/t', 'ReadOnly': 'yes'}]}}"));
        assertEquals("json: cannot unmarshal string into Go struct field TmpfsOptions.HostConfig.Mounts.TmpfsOptions"
                + ".SizeBytes of type int64",
                error("{'HostConfig': {'Mounts': [{'Type': 'tmpfs', 'Target': '/t', 'TmpfsOptions':"
                        + " {'SizeBytes': '1m'}}]}}"));
        assertEquals("json: cannot unmarshal number -1 into Go struct field TmpfsOptions.HostConfig.Mounts"
                + ".TmpfsOptions.Mode of type fs.FileMode",
                error("{'HostConfig': {'Mounts': [{'Type': 'tmpfs', 'Target': '/t', 'TmpfsOptions': {'Mode': -1}}]}}"));
        assertEquals("json: cannot unmarshal string into Go struct field HostConfig.HostConfig.PortBindings of type"
                + " []network.PortBinding", error("{'HostConfig': {'PortBindings': {'80/tcp': '8080'}}}"));
        assertEquals("json: cannot unmarshal array into Go struct field HostConfig.HostConfig.PortBindings of type"
                + " map[network.Port][]network.PortBinding", error("{'HostConfig': {'PortBindings': []}}"));
        assertEquals("json: cannot unmarshal number into Go struct field PortBinding.HostConfig.PortBindings.HostPort"
                + " of type string", error("{'HostConfig': {'PortBindings': {'80/tcp': [{'HostPort': 8080}]}}}"));
        assertEquals("json: cannot unmarshal array into Go struct field CreateRequest.ExposedPorts of type"
                + " map[network.Port]struct {}", error("{'ExposedPorts': ['80/tcp']}"));
        assertEquals("json: cannot unmarshal string into Go struct field CreateRequest.StopTimeout of type int",
                error("{'StopTimeout': '10'}"));
        assertEquals("json: cannot unmarshal string into Go struct field HostConfig.HostConfig.Links of type"
                + " []string", error("{'HostConfig': {'Links': 'db'}}"));
        assertEquals("json: cannot unmarshal string into Go struct field EndpointSettings.NetworkingConfig"
                + ".EndpointsConfig.Aliases of type []string",
                error("{'NetworkingConfig': {'EndpointsConfig': {'n': {'Aliases': 'a'}}}}"));
        assertEquals("json: cannot unmarshal number into Go struct field EndpointSettings.NetworkingConfig"
                + ".EndpointsConfig.DriverOpts of type string",
                error("{'NetworkingConfig': {'EndpointsConfig': {'n': {'DriverOpts': {'k': 1}}}}}"));
        assertTrue(error("{'NetworkingConfig': {'EndpointsConfig': {'n': {'IPAMConfig': {'IPv4Address': 5}}}}}")
                .endsWith("EndpointIPAMConfig.NetworkingConfig.EndpointsConfig.IPAMConfig.IPv4Address of type"
                        + " netip.Addr"));
    }
}
