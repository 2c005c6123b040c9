-- Restart policies: stopped or killed through the API (Docker's HasBeenManuallyStopped).
-- Health checks: Docker's State.Health object as JSON text (null without a health check).
alter table container add column manually_stopped boolean not null default false;
alter table container add column health text;
