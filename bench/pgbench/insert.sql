-- A single-row insert of a customer with an id and reference no other transaction uses (a sequence).
insert into customers
select 'sandbox', v, v, v, null, 'GLOBAL', 'Bench', 'Customer', null, 'bench@example.com', '91', '9876543210',
       null, null, null, null, null, 'ACTIVE', now(), now(), 1
from (select 'i' || nextval('customer_ids') as v) as fresh;
