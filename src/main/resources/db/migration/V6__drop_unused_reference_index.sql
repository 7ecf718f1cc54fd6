-- No statement reads customers by (merchant_id, reference): lookups by reference use live_reference and its unique
-- index. Without planner statistics this index was chosen for gets by id, reading all of a merchant's rows.
drop index customers_merchant_reference;
