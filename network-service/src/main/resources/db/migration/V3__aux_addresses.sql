-- IPAM auxiliary addresses (IPAM.Config[].AuxiliaryAddresses): a JSON object of name -> IPv4 address in the subnet,
-- kept out of container allocation; null when the network has none.
alter table network add column aux_addresses text;
