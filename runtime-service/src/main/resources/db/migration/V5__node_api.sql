-- Where a node's runtime-service answers other nodes (the forwarding of a container's verbs to its node, issue 17):
-- BERTH_NODE_API, else http://<its bind address or BERTH_NODE_ADDR>:<its port>. Empty for rows written before.
alter table node add column api text not null default '';
