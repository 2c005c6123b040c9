-- docker node rm (issue 17): when each node's row was removed, so that a heartbeat sent before the removal and read
-- after it does not bring the row back (NodeTable.announce). A removed node that still runs joins again with its next
-- beat (sent after the removal). Entries older than a minute say nothing more and go at the next removal.
create table node_removed (
    id         text        primary key,
    removed_at timestamptz not null
);
