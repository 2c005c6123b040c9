package dev.berth.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetDevicesTest {
    @Test
    void procNetDevNamesWithoutItsHeaders() {
        String text = """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets
                    lo: 727013393  218521    0    0    0     0          0         0 727013393  218521
                berth-1a2b3c4d5e:       0       0    0    0    0     0          0         0        0
                """;
        assertEquals(Set.of("lo", "berth-1a2b3c4d5e"), NetDevices.names(text));
    }

    @Test
    void linkNamesDropThePeerSuffix() {
        String text = """
                7: berthv1a2b@if6: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master berth0 state UP
                9: berthxff: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master berth0 state UNKNOWN
                """;
        assertEquals(List.of("berthv1a2b", "berthxff"), NetDevices.linkNames(text));
    }
}
