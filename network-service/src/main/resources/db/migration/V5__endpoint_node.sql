-- The runtime node an endpoint's container runs on (issue 17): the nodes that share a network learn from it where
-- to send a container's frames (VXLAN). Empty for endpoints made before nodes said.
alter table endpoint add column node text not null default '';
