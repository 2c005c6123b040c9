-- A row written with wake = false does not wake the relays: it is an event no service waits for (an exec's), and its
-- writer asks its own relay for a pass a moment later (OutboxRelay.nudgeSoon), so that an exec's three events are
-- published in one pass after the exec instead of three passes beside it. Any earlier pass publishes it too, in order.
alter table outbox add column wake boolean not null default true;
drop trigger outbox_notify on outbox;
create trigger outbox_notify after insert on outbox for each row when (new.wake)
    execute function berth_outbox_notify();
