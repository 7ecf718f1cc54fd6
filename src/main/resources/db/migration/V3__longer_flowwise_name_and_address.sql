-- Flowwise shows one name (a Juspay customer's first and last names joined, up to 511 characters) and one
-- address line (Airpay's five address parts joined, up to about 570); what it shows it must take back unchanged.
alter table customers alter column name set data type varchar(511);
alter table customers alter column address set data type varchar(1000);
