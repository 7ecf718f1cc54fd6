-- One row per create, change and erasure of a customer, written in the same transaction as the change.
-- fields lists what changed: placement fields with their old and new values, personal fields by name only.
-- personal_values holds the personal fields' old and new values, and is set to null when the customer is
-- erased, so the facts of the history outlive the person's data.
create table customer_changes (
    merchant_id     varchar(64)  not null,
    customer_id     varchar(20)  not null,
    version         bigint       not null,
    at              timestamp with time zone not null,
    kind            varchar(16)  not null,
    dialect         varchar(32)  not null,
    credential_id   varchar(64),
    request_id      varchar(64),
    fields          varchar(100000) not null,
    personal_values varchar(100000),
    primary key (merchant_id, customer_id, version),
    constraint customer_changes_customer_fk foreign key (merchant_id, customer_id) references customers (merchant_id, id),
    constraint customer_changes_kind_check check (kind in ('CREATE', 'CHANGE', 'ERASE'))
);
