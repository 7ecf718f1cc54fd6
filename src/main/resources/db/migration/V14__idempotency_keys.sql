-- Idempotency keys of writes (the canonical API's writes, Juspay's and Flowwise's creates). A row is inserted in
-- the transaction of the write it names, before the write, so of racing requests with one key exactly one writes;
-- the answer it got (status, headers, body) is recorded once the write has committed and is replayed to every
-- later request with the key. A body holding personal data is sealed under the customer's own key, so erasing the
-- customer makes it unreadable. Rows are kept at least 24 hours, then swept by the nodes.
create table idempotency_keys (
    merchant_id     varchar(64)  not null references merchants (id),
    dialect         varchar(16)  not null,
    idempotency_key varchar(255) not null,
    fingerprint     bytea        not null,
    created_at      timestamp with time zone not null,
    customer_id     varchar(20),
    version         bigint,
    status          integer,
    headers         varchar(2000),
    body            bytea,
    body_sealed     boolean,
    primary key (merchant_id, dialect, idempotency_key)
);

create index idempotency_keys_age on idempotency_keys (created_at);
