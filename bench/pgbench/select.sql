-- A primary-key select of one of the pre-filled customers (bench/pgbench/schema.sql).
\set n random(1, 10000)
select * from customers where merchant_id = 'sandbox' and id = 'c' || :n;
