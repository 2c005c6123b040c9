package dev.berth.network.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Ipv6PoolTest {

    @Test
    void addressesAreWrittenInCanonicalForm() {
        assertEquals("2001:389::f00d", Ipv6.canonical("2001:0389:0:0:0:0:0:F00D"));
        assertEquals("::1", Ipv6.canonical("0:0:0:0:0:0:0:1"));
        assertEquals("2001:db8::1:0:0:1", Ipv6.canonical("2001:db8:0:0:1:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6.canonical("2001:db8::1:1:1:1:1"));
        assertEquals("fd00::", Ipv6.canonical("fd00::0"));
        assertThrows(BerthException.class, () -> Ipv6.parse("example.com"));
        assertThrows(BerthException.class, () -> Ipv6.parse("10.0.0.1"));
    }

    @Test
    void theGatewayIsTheFirstAddressAndContainersTakeTheNextFreeOnes() {
        Ipv6Pool pool = Ipv6Pool.of("2001:389::/64", null, null, List.of());
        assertEquals("2001:389::1", pool.gatewayAddress());
        assertEquals("2001:389::2", pool.pick(Set.of(), null));
        assertEquals("2001:389::4", pool.pick(Set.of("2001:389::2", "2001:389::3"), null));
        assertEquals("2001:389::f00d", pool.pick(Set.of(), "2001:389:0::F00D"));
        BerthException used = assertThrows(BerthException.class, () -> pool.pick(Set.of("2001:389::f00d"),
                "2001:389::f00d"));
        assertEquals(ErrorKind.FORBIDDEN, used.kind());
        assertThrows(BerthException.class, () -> pool.pick(Set.of(), "2001:389::1"));
        assertThrows(BerthException.class, () -> pool.pick(Set.of(), "2001:38a::1"));
    }

    @Test
    void aRangeStartingAtTheSubnetSkipsItsFirstAddressAndAGivenGatewayIsKept() {
        Ipv6Pool pool = Ipv6Pool.of("2001:389::/64", "2001:389::ffff", "2001:389::0/96", List.of());
        assertEquals("2001:389::ffff", pool.gateway());
        assertEquals("2001:389::0/96", pool.ipRange());
        assertEquals("2001:389::1", pool.pick(Set.of(), null));
    }

    @Test
    void poolsAreCheckedAsDockerdChecksThem() {
        assertEquals(ErrorKind.FORBIDDEN, assertThrows(BerthException.class, () -> Ipv6Pool.of("2001:389::/64", null,
                null, List.of(Cidr6.parse("2001:389::/48")))).kind());
        assertThrows(BerthException.class, () -> Ipv6Pool.of("2001:389::/64", "2001:38a::1", null, List.of()));
        assertThrows(BerthException.class, () -> Ipv6Pool.of("2001:389::/64", null, "2001:38a::/96", List.of()));
        assertThrows(BerthException.class, () -> Ipv6Pool.of("2001:389::", null, null, List.of()));
    }
}
