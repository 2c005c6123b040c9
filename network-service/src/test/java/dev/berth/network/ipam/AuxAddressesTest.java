package dev.berth.network.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.errors.BerthException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuxAddressesTest {

    @Test
    void addressesInTheSubnetAreKeptSortedByName() {
        assertEquals(Map.of("a", "172.28.1.5", "b", "172.28.1.6"),
                AuxAddresses.validate(Cidr.parse("172.28.0.0/16"), Map.of("b", "172.28.1.6", "a", "172.28.1.5")));
    }

    @Test
    void addressesOutsideTheSubnetAreRefusedWithDockerdsMessage() {
        BerthException one = assertThrows(BerthException.class,
                () -> AuxAddresses.validate(Cidr.parse("10.0.0.0/24"), Map.of("r", "10.0.1.1")));
        assertEquals("invalid network config:\ninvalid auxiliary address r: parent subnet 10.0.0.0/24 doesn't"
                + " contain this address", one.getMessage());
        BerthException two = assertThrows(BerthException.class,
                () -> AuxAddresses.validate(Cidr.parse("10.0.0.0/24"), Map.of("b", "10.0.1.2", "a", "10.0.1.1")));
        assertEquals("invalid network config:\n* invalid auxiliary address a: parent subnet 10.0.0.0/24 doesn't"
                + " contain this address\n* invalid auxiliary address b: parent subnet 10.0.0.0/24 doesn't contain"
                + " this address", two.getMessage());
        BerthException noSubnet = assertThrows(BerthException.class,
                () -> AuxAddresses.validate(null, Map.of("a", "10.0.1.1")));
        assertEquals("invalid network config:\ninvalid auxiliary address a: parent subnet invalid Prefix doesn't"
                + " contain this address", noSubnet.getMessage());
    }

    @Test
    void anUnparsableAddressIsInvalidJsonAsForDockerd() {
        BerthException e = assertThrows(BerthException.class,
                () -> AuxAddresses.validate(Cidr.parse("10.0.0.0/24"), Map.of("a", "nope")));
        assertEquals("invalid JSON: ParseAddr(\"nope\"): unable to parse IP", e.getMessage());
    }
}
