package dev.berth.network.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.errors.BerthException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TakenSubnetsTest {
    private static final AddressPools TWO = AddressPools.parse("10.9.0.0/23", 24); // 10.9.0.0/24, 10.9.1.0/24

    private static HostRoutes.Route route(String device, String cidr) {
        return new HostRoutes.Route(device, Cidr.parse(cidr));
    }

    @Test
    void routesAreSortedByTheirDevice() {
        TakenSubnets taken = TakenSubnets.of(List.of(Cidr.parse("10.9.0.0/24")),
                List.of(route("berth-aaaa", "10.9.0.0/24"), route("berth-bbbb", "10.9.1.0/24"),
                        route("eth0", "192.168.1.0/24"), route("berth0", "172.17.0.0/16")),
                Set.of("berth-aaaa"), "berth-");
        assertEquals(List.of(Cidr.parse("10.9.0.0/24")), taken.networks());
        assertEquals(List.of(Cidr.parse("192.168.1.0/24"), Cidr.parse("172.17.0.0/16")), taken.hostRoutes());
        assertEquals(List.of(Cidr.parse("10.9.1.0/24")), taken.lingering());
    }

    @Test
    void aLingeringBridgesSubnetIsAvoidedWhileAnotherIsFree() {
        TakenSubnets taken = TakenSubnets.of(List.of(), List.of(route("berth-gone", "10.9.0.0/24")), Set.of(),
                "berth-");
        assertEquals(Cidr.parse("10.9.1.0/24"), taken.choose(TWO));
    }

    @Test
    void aLingeringBridgesSubnetIsReusedRatherThanRefusingTheNetwork() {
        TakenSubnets taken = TakenSubnets.of(List.of(Cidr.parse("10.9.1.0/24")),
                List.of(route("berth-gone", "10.9.0.0/24")), Set.of(), "berth-");
        assertEquals(Cidr.parse("10.9.0.0/24"), taken.choose(TWO));
    }

    @Test
    void networksAndForeignRoutesAreNeverReused() {
        TakenSubnets taken = TakenSubnets.of(List.of(Cidr.parse("10.9.1.0/24")),
                List.of(route("wg0", "10.9.0.0/24")), Set.of(), "berth-");
        BerthException e = assertThrows(BerthException.class, () -> taken.choose(TWO));
        assertEquals(AddressPools.EXHAUSTED, e.getMessage());
    }
}
