package dev.berth.network.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPoolsTest {

    private static final AddressPools DOCKERD = AddressPools.parse(AddressPools.DOCKERD_DEFAULTS, 16);

    @Test
    void dockerdDefaultsAreFifteenSixteensThenSixteenTwenties() {
        List<String> expected = new ArrayList<>();
        for (int i = 17; i <= 31; i++) {
            expected.add("172." + i + ".0.0/16");
        }
        for (int i = 0; i < 256; i += 16) {
            expected.add("192.168." + i + ".0/20");
        }
        assertEquals(expected, DOCKERD.candidates().stream().map(Cidr::toString).toList());
        assertEquals(31, new HashSet<>(DOCKERD.candidates()).size());
    }

    @Test
    void eachCreationTakesTheNextFreeCandidateUntilAllAreGone() {
        List<Cidr> taken = new ArrayList<>();
        for (Cidr expected : DOCKERD.candidates()) {
            Cidr chosen = DOCKERD.choose(taken);
            assertEquals(expected, chosen);
            taken.add(chosen);
        }
        BerthException none = assertThrows(BerthException.class, () -> DOCKERD.choose(taken));
        assertEquals(ErrorKind.NOT_FOUND, none.kind());
        assertEquals("could not find an available, non-overlapping IPv4 address pool among the defaults to assign "
                + "to the network", none.getMessage());
    }

    @Test
    void candidatesOverlappingNetworksOrRoutesAreSkippedAcrossPools() {
        // the default bridge on 172.17, a host route over 172.18-19, a user network inside 172.20
        List<Cidr> taken = new ArrayList<>(List.of(Cidr.parse("172.17.0.0/16"), Cidr.parse("172.18.0.0/15"),
                Cidr.parse("172.20.4.0/24")));
        assertEquals("172.21.0.0/16", DOCKERD.choose(taken).toString());
        // a VPN route over all of 172.16.0.0/12 and a LAN on 192.168.0.0/24: the next /20 of 192.168
        taken.add(Cidr.parse("172.16.0.0/12"));
        taken.add(Cidr.parse("192.168.0.0/24"));
        assertEquals("192.168.16.0/20", DOCKERD.choose(taken).toString());
        // a freed block earlier in the list is taken again first
        assertEquals("172.17.0.0/16", DOCKERD.choose(List.of(Cidr.parse("172.18.0.0/16"))).toString());
        // a whole /16 route over 192.168 and 172.16/12: nothing left
        assertThrows(BerthException.class,
                () -> DOCKERD.choose(List.of(Cidr.parse("172.16.0.0/12"), Cidr.parse("192.168.0.0/16"))));
    }

    @Test
    void overrideWithDefaultSizeAsTheSideInstancesSetIt() {
        AddressPools side = AddressPools.parse("10.205.0.0/16", 24);
        assertEquals(256, side.candidates().size());
        assertEquals("10.205.1.0/24", side.choose(List.of(Cidr.parse("10.205.0.0/24"))).toString());
        // the former single-pool setting: blocks start at the address given
        AddressPools former = AddressPools.parse("172.17.0.0/12", 16);
        assertEquals(15, former.candidates().size());
        assertEquals("172.17.0.0/16", former.choose(List.of()).toString());
    }

    @Test
    void listWithPerEntrySizes() {
        AddressPools pools = AddressPools.parse(" 10.9.0.0/23/24 , 10.10.0.0/16/17,10.11.0.0/24", 25);
        assertEquals(List.of("10.9.0.0/24", "10.9.1.0/24", "10.10.0.0/17", "10.10.128.0/17", "10.11.0.0/25",
                "10.11.0.128/25"), pools.candidates().stream().map(Cidr::toString).toList());
        assertEquals("10.10.128.0/17", pools.choose(List.of(Cidr.parse("10.9.0.0/16"), Cidr.parse("10.10.0.0/17")))
                .toString());
        assertEquals("10.9.0.0/23/24,10.10.0.0/16/17,10.11.0.0/24/25", pools.toString());
    }

    @Test
    void malformedListsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AddressPools.parse("", 16));
        assertThrows(IllegalArgumentException.class, () -> AddressPools.parse("10.0.0.0", 16));
        assertThrows(IllegalArgumentException.class, () -> AddressPools.parse("10.0.0.0/16/x", 16));
        assertThrows(IllegalArgumentException.class, () -> AddressPools.parse("10.0.0.0/16/8", 16));
        assertThrows(RuntimeException.class, () -> AddressPools.parse("10.0.0.0/16/24/1", 16));
        assertTrue(AddressPools.parse("10.0.0.0/16,", 24).pools().size() == 1);
    }
}
