-- A merchant's rate limit, applied to each of its credentials on its own: a token bucket refilled at
-- rate_limit_per_second tokens a second holding at most rate_limit_burst. Both null (the default) is no limit;
-- the check keeps the two set or unset together (spelled with "is not null", as a comparison with null is
-- unknown, which a check lets through).
alter table merchants add column rate_limit_per_second integer;
alter table merchants add column rate_limit_burst integer;
alter table merchants add constraint merchants_rate_limit_whole check (
    (rate_limit_per_second is null and rate_limit_burst is null)
    or (rate_limit_per_second is not null and rate_limit_burst is not null
        and rate_limit_per_second >= 1 and rate_limit_burst >= 1));
