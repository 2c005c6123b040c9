-- IPv6: a network's IPv6 pool (IPAM.Config entry with an IPv6 subnet), kept as given, and whether containers get
-- addresses from it (EnableIPv6); an endpoint's IPv6 address, null when it has none.
alter table network add column enable_ipv6 boolean not null default false;
alter table network add column subnet6 text;
alter table network add column gateway6 text;
alter table network add column ip_range6 text;
alter table endpoint add column address6 text;
