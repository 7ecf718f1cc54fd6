-- What the operator's search finds a customer by, written by the application with every change of the values they
-- come from: the email in lower case, and the phone as E.164 ('+', country code, national number) whichever dialect
-- stored it. Erased customers have neither. Each index ends with id, the order search pages in.
alter table customers add column email_key varchar(300);
alter table customers add column phone_key varchar(400);

update customers set
    email_key = lower(email),
    phone_key = case when mobile_country_code is not null and mobile_number is not null
                     then '+' || mobile_country_code || mobile_number end
where status = 'ACTIVE';

create index customers_email_key on customers (merchant_id, email_key, id);
create index customers_phone_key on customers (merchant_id, phone_key, id);
