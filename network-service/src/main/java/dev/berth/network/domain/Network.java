package dev.berth.network.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Set;

@Entity
@Table(name = "network")
public class Network extends PanacheEntityBase {
    public static final Set<String> PREDEFINED = Set.of("bridge", "host", "none");

    @Id
    public String id;
    public String name;
    public String driver;
    public String scope;
    public boolean internal;
    public boolean attachable;
    /** JSON object. */
    public String labels;
    /** JSON object: the driver options (com.docker.network.bridge.name, ...). */
    public String options;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    /** IPv4 CIDR, null for host and none. */
    public String subnet;
    public String gateway;
    @Column(name = "ip_range")
    public String ipRange;
    /** JSON object name -> IPv4 address: IPAM auxiliary addresses, never given to containers; null when none. */
    @Column(name = "aux_addresses")
    public String auxAddresses;
    /** Whether containers get IPv6 addresses from {@link #subnet6} (dockerd keeps the pool either way). */
    @Column(name = "enable_ipv6")
    public boolean enableIpv6;
    /** IPv6 CIDR as given, or null; gateway6 its gateway (given, else the first address); ipRange6 as given. */
    public String subnet6;
    public String gateway6;
    @Column(name = "ip_range6")
    public String ipRange6;
    /** The bridge device on every node. */
    public String bridge;

    /** Whether containers on this network get an IPv6 address. */
    public boolean givesIpv6() {
        return enableIpv6 && subnet6 != null;
    }

    public boolean predefined() {
        return PREDEFINED.contains(name);
    }
}
