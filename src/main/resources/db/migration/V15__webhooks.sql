-- Webhook endpoints of merchants, and their outbox. A customer write inserts one webhook_deliveries row per live
-- endpoint of its merchant in the transaction (on PostgreSQL, the statement) of the change, so an event exists
-- exactly when its change committed. data is the event's customer as the canonical API shows it, sealed under the
-- customer's own key and set to null by an erasure; customer.deleted events carry none. The dispatcher claims a
-- due row by moving next_attempt_at past a lease, so several nodes on one database never send one attempt twice,
-- and sends a customer's events to an endpoint in version order. Every key carries merchant_id.
create table webhooks (
    merchant_id   varchar(64)   not null references merchants (id),
    id            varchar(32)   not null,
    url           varchar(2048) not null,
    sealed_secret varchar(255)  not null,
    created_at    timestamp with time zone not null,
    removed_at    timestamp with time zone,
    primary key (merchant_id, id)
);

create table webhook_deliveries (
    merchant_id     varchar(64)  not null,
    webhook_id      varchar(32)  not null,
    event_id        varchar(32)  not null,
    customer_id     varchar(20)  not null,
    version         bigint       not null,
    type            varchar(32)  not null,
    created_at      timestamp with time zone not null,
    data            bytea,
    state           varchar(16)  not null,
    attempts        integer      not null,
    next_attempt_at timestamp with time zone not null,
    last_status     integer,
    last_error      varchar(200),
    delivered_at    timestamp with time zone,
    primary key (merchant_id, webhook_id, event_id),
    constraint webhook_deliveries_webhook_fk foreign key (merchant_id, webhook_id) references webhooks (merchant_id, id),
    constraint webhook_deliveries_state_check check (state in ('PENDING', 'DELIVERED', 'FAILED'))
);

create index webhook_deliveries_due on webhook_deliveries (state, next_attempt_at);
create index webhook_deliveries_order on webhook_deliveries (merchant_id, webhook_id, customer_id, version);
create index webhook_deliveries_page on webhook_deliveries (merchant_id, webhook_id, created_at, event_id);
create index webhook_deliveries_customer on webhook_deliveries (merchant_id, customer_id);
