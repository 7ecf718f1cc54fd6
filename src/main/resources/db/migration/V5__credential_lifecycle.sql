-- Credential kinds belong to the dialects: credentials.dialect holds the dialect's wire name (juspay, flowwise,
-- airpay) and a new dialect adds its kind without a migration, so the closed list of names goes.
alter table credentials drop constraint credentials_dialect_check;
update credentials set dialect = lower(dialect);

-- When the credential last authenticated a request, written at most once a minute per credential.
alter table credentials add column last_used_at timestamp with time zone;
