-- Client auth tokens Juspay hands out with a customer (options.get_client_auth_token=true). Only the
-- SHA-256 of a token is kept, with its expiry; every key carries merchant_id.
create table client_auth_tokens (
    merchant_id varchar(64) not null,
    token_hash  varchar(64) not null,
    customer_id varchar(20) not null,
    expires_at  timestamp with time zone not null,
    created_at  timestamp with time zone not null,
    primary key (merchant_id, token_hash),
    constraint client_auth_tokens_customer_fk foreign key (merchant_id, customer_id) references customers (merchant_id, id)
);

create index client_auth_tokens_customer on client_auth_tokens (merchant_id, customer_id);
