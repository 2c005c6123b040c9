-- A committed outbox row wakes every relay of this database at once (their LISTEN berth_outbox connection):
-- PostgreSQL delivers the notification at commit, once per transaction, so a relay pass never races the writer.
create function berth_outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('berth_outbox', '');
    return null;
end
$$;
create trigger outbox_notify after insert on outbox for each statement execute function berth_outbox_notify();
