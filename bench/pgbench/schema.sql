-- The customers table's row shape (src/main/resources/db/migration, V1 with V3 and V6), in the schema pgbench is
-- pointed at, without the foreign key to merchants; filled with :rows customers of merchant 'sandbox'.
create table customers (
    merchant_id         varchar(64)  not null,
    id                  varchar(20)  not null,
    reference           varchar(255) not null,
    live_reference      varchar(255),
    project_id          varchar(64),
    scope               varchar(16)  not null,
    first_name          varchar(255),
    last_name           varchar(255),
    name                varchar(511),
    email               varchar(300),
    mobile_country_code varchar(64),
    mobile_number       varchar(300),
    address             varchar(1000),
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
create sequence customer_ids;

insert into customers
select 'sandbox', 'c' || n, 'seed-customer-' || n, 'seed-customer-' || n, null, 'GLOBAL', 'Seed', 'Customer',
       null, 'seed@example.com', '91', '9876543210', null, null, null, null, null, 'ACTIVE', now(), now(), 1
from generate_series(1, :rows) as n;
analyze customers;
