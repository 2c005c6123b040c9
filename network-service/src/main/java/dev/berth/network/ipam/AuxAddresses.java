package dev.berth.network.ipam;

import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A network's auxiliary addresses (IPAM AuxiliaryAddresses): addresses of the subnet that devices outside berth
 * use, so containers never get them. Checked as dockerd's validateIpamConfig checks them.
 */
public final class AuxAddresses {
    private AuxAddresses() {
    }

    /**
     * The addresses, each checked to be an IPv4 address inside {@code subnet} (null when none was asked for, which
     * dockerd's check reports as an invalid prefix); returns them in canonical form, sorted by name.
     */
    public static Map<String, String> validate(Cidr subnet, Map<String, String> requested) {
        Map<String, String> valid = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        new TreeMap<>(requested).forEach((name, text) -> {
            long address;
            try {
                address = Ipv4.parse(text);
            } catch (BerthException e) {
                throw BerthException.invalid("invalid JSON: ParseAddr(\"" + text + "\"): unable to parse IP");
            }
            if (subnet == null || !subnet.contains(address)) {
                errors.add("invalid auxiliary address " + name + ": parent subnet "
                        + (subnet == null ? "invalid Prefix" : subnet.toString()) + " doesn't contain this address");
            } else {
                valid.put(name, Ipv4.format(address));
            }
        });
        if (errors.size() == 1) {
            throw BerthException.invalid("invalid network config:\n" + errors.get(0));
        }
        if (!errors.isEmpty()) {
            throw BerthException.invalid("invalid network config:\n* " + String.join("\n* ", errors));
        }
        return valid;
    }
}
