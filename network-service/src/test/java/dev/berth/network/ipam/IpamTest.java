package dev.berth.network.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpamTest {

    @Test
    void cidrNormalisesAndOverlaps() {
        Cidr c = Cidr.parse("172.18.3.4/16");
        assertEquals("172.18.0.0/16", c.toString());
        assertTrue(c.overlaps(Cidr.parse("172.18.200.0/24")));
        assertTrue(!c.overlaps(Cidr.parse("172.19.0.0/16")));
        assertThrows(BerthException.class, () -> Cidr.parse("300.1.1.1/8"));
    }

    @Test
    void poolSkipsTakenSubnetsAndRoutes() {
        AddressPools pool = AddressPools.parse("172.17.0.0/12", 16);
        assertEquals("172.17.0.0/16", pool.choose(List.of()).toString());
        assertEquals("172.19.0.0/16", pool.choose(List.of(Cidr.parse("172.17.0.0/16"), Cidr.parse("172.18.5.0/24")))
                .toString());
        assertEquals("172.31.0.0/16", pool.choose(List.of(Cidr.parse("172.17.0.0/16"), Cidr.parse("172.18.0.0/15"),
                Cidr.parse("172.20.0.0/14"), Cidr.parse("172.24.0.0/14"), Cidr.parse("172.28.0.0/15"),
                Cidr.parse("172.30.0.0/16"))).toString());
        assertThrows(BerthException.class, () -> pool.choose(List.of(Cidr.parse("172.16.0.0/12"))));
    }

    @Test
    void hostRoutesParsedFromProcNetRoute() {
        List<HostRoutes.Route> routes = HostRoutes.parse(List.of(
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
                "docker0\t00001FAC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0",
                "berth0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0"));
        assertEquals(List.of(new HostRoutes.Route("docker0", Cidr.parse("172.31.0.0/16")),
                new HostRoutes.Route("berth0", Cidr.parse("172.17.0.0/16"))), routes);
    }

    @Test
    void picksLowestFreeAndRefusesTakenRequests() {
        Cidr subnet = Cidr.parse("10.1.0.0/24");
        long gw = Ipv4.parse("10.1.0.1");
        assertEquals("10.1.0.2", Ipv4.format(AddressPicker.pick(subnet, null, gw, Set.of(), null)));
        assertEquals("10.1.0.4", Ipv4.format(AddressPicker.pick(subnet, null, gw,
                Set.of(Ipv4.parse("10.1.0.2"), Ipv4.parse("10.1.0.3")), null)));
        assertEquals("10.1.0.128", Ipv4.format(AddressPicker.pick(subnet, Cidr.parse("10.1.0.128/25"), gw, Set.of(), null)));
        BerthException taken = assertThrows(BerthException.class,
                () -> AddressPicker.pick(subnet, null, gw, Set.of(Ipv4.parse("10.1.0.9")), "10.1.0.9"));
        assertEquals("Address already in use", taken.getMessage());
        assertEquals("02:42:0a:01:00:02", Ipv4.mac(Ipv4.parse("10.1.0.2")));
    }
}
