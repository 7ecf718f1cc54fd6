-- Every personal value is sealed now (V11): the clear columns go, and the database keeps the vault's rules.
-- A live customer has a reference index, sealed values and a key; a tombstone has none of them. The reference
-- index of live customers is unique per merchant; a customer key names a data key version the merchant still has,
-- so a version cannot be destroyed while anything is wrapped under it.
alter table customers drop constraint customers_reference_unique;
alter table customers drop constraint customers_live_reference_check;
drop index customers_email_key;
drop index customers_phone_key;

alter table customers drop column reference;
alter table customers drop column live_reference;
alter table customers drop column first_name;
alter table customers drop column last_name;
alter table customers drop column name;
alter table customers drop column email;
alter table customers drop column mobile_country_code;
alter table customers drop column mobile_number;
alter table customers drop column address;
alter table customers drop column city;
alter table customers drop column state;
alter table customers drop column country;
alter table customers drop column pincode;

alter table customers alter column email_key set data type varchar(64);
alter table customers alter column phone_key set data type varchar(64);

alter table customers add constraint customers_reference_unique unique (merchant_id, reference_key);
alter table customers add constraint customers_sealed_check check (
    (status = 'ACTIVE' and reference_key is not null and personal is not null
        and customer_key is not null and key_version is not null)
    or (status = 'DELETED' and reference_key is null and personal is null and email_key is null
        and phone_key is null and customer_key is null and key_version is null));
alter table customers add constraint customers_key_version_fk
    foreign key (merchant_id, key_version) references merchant_keys (merchant_id, version);

create index customers_email_key on customers (merchant_id, email_key, id);
create index customers_phone_key on customers (merchant_id, phone_key, id);
