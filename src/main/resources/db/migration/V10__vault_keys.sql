-- The vault's keys and the sealed columns that replace the clear ones (V11 fills them, V12 drops the clear ones).
-- merchant_keys holds each merchant's data key versions, merchants.index_key its blind-index key, both wrapped
-- under the master key, which is never stored here. key_rotations is the state of each re-wrap of a merchant's
-- customer keys under a new data key version, advanced batch by batch, so a rotation resumes where it stopped.
create table merchant_keys (
    merchant_id varchar(64)  not null references merchants (id),
    version     integer      not null,
    wrapped_key varchar(200) not null,
    created_at  timestamp with time zone not null,
    primary key (merchant_id, version)
);

alter table merchants add column index_key varchar(200);

create table key_rotations (
    merchant_id varchar(64) not null references merchants (id),
    to_version  integer     not null,
    after_id    varchar(20) not null,
    rewrapped   bigint      not null,
    total       bigint      not null,
    started_at  timestamp with time zone not null,
    finished_at timestamp with time zone,
    primary key (merchant_id, to_version)
);

alter table customers add column reference_key varchar(64);
alter table customers add column personal      varchar(40000);
alter table customers add column customer_key  varchar(200);
alter table customers add column key_version   integer;
