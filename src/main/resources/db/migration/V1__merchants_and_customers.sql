-- One schema for H2 (PostgreSQL mode) and PostgreSQL. Every key that a distributed PostgreSQL would
-- shard carries merchant_id; ids are random text, never sequences.

create table merchants (
    id          varchar(64)  not null primary key,
    name        varchar(255) not null,
    created_at  timestamp with time zone not null
);

create table merchant_allowed_ips (
    merchant_id varchar(64) not null references merchants (id),
    cidr        varchar(64) not null,
    primary key (merchant_id, cidr)
);

create table projects (
    merchant_id varchar(64)  not null references merchants (id),
    id          varchar(64)  not null,
    name        varchar(255) not null,
    created_at  timestamp with time zone not null,
    primary key (merchant_id, id)
);

create table credentials (
    id            varchar(32)  not null primary key,
    merchant_id   varchar(64)  not null references merchants (id),
    project_id    varchar(64),
    dialect       varchar(16)  not null,
    lookup        varchar(64)  not null,
    secret_hash   varchar(64)  not null,
    sealed_secret varchar(255),
    created_at    timestamp with time zone not null,
    revoked_at    timestamp with time zone,
    constraint credentials_lookup_unique unique (dialect, lookup),
    constraint credentials_project_fk foreign key (merchant_id, project_id) references projects (merchant_id, id),
    constraint credentials_dialect_check check (dialect in ('JUSPAY', 'FLOWWISE', 'AIRPAY'))
);

create index credentials_merchant on credentials (merchant_id);

-- live_reference equals reference while the customer is live and is null on its tombstone, so an
-- erased customer's reference can be taken again (NULLs are distinct in both engines).
create table customers (
    merchant_id         varchar(64)  not null references merchants (id),
    id                  varchar(20)  not null,
    reference           varchar(255) not null,
    live_reference      varchar(255),
    project_id          varchar(64),
    scope               varchar(16)  not null,
    first_name          varchar(255),
    last_name           varchar(255),
    name                varchar(255),
    email               varchar(300),
    mobile_country_code varchar(64),
    mobile_number       varchar(300),
    address             varchar(255),
    city                varchar(100),
    state               varchar(100),
    country             varchar(100),
    pincode             varchar(16),
    status              varchar(16)  not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    version             bigint       not null,
    primary key (merchant_id, id),
    constraint customers_reference_unique unique (merchant_id, live_reference),
    constraint customers_scope_check check (scope in ('GLOBAL', 'PROJECT')),
    constraint customers_status_check check (status in ('ACTIVE', 'DELETED')),
    constraint customers_live_reference_check check (
        (status = 'ACTIVE' and live_reference = reference) or (status = 'DELETED' and live_reference is null))
);

create index customers_merchant_created on customers (merchant_id, created_at, id);
create index customers_merchant_reference on customers (merchant_id, reference);
