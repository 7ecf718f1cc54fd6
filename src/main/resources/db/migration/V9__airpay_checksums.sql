-- Airpay checksums accepted within the replay window (serve --airpay-replay-window): while a row lives, the same
-- checksum from the same credential is refused by every node, whatever body it comes with. A row past expires_at
-- no longer counts and is swept by the nodes; every key carries merchant_id.
create table airpay_checksums (
    merchant_id   varchar(64) not null,
    credential_id varchar(32) not null,
    checksum      varchar(64) not null,
    expires_at    timestamp with time zone not null,
    primary key (merchant_id, credential_id, checksum)
);

create index airpay_checksums_expiry on airpay_checksums (expires_at);
