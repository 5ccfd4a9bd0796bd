-- What PostGraphile needs to answer the benchmark's documents, added to the
-- benchmark database only (the harness runs this before starting the peer
-- and drops it afterwards; nothing in the service uses it). Each function is
-- a computed column of the table its argument names: previousEvent and
-- nextEvent on Event, aliases on Person and Company, takeaways on Talk, and
-- talks (a person's talk_speaker rows, newest first, the service's order)
-- on Person.

create or replace function event_previous_event(e event) returns event
language sql stable as $$
  select p.* from event p where p.series_id = e.series_id and p.date < e.date order by p.date desc limit 1
$$;

create or replace function event_next_event(e event) returns event
language sql stable as $$
  select n.* from event n where n.series_id = e.series_id and n.date > e.date order by n.date limit 1
$$;

create or replace function person_aliases(p person) returns text[]
language sql stable as $$
  select coalesce(array_agg(pa.name order by pa.id), '{}') from person_alias pa
  where pa.person_id = p.id and pa.name <> p.name
$$;

create or replace function company_aliases(c company) returns text[]
language sql stable as $$
  select coalesce(array_agg(ca.name order by ca.id), '{}') from company_alias ca
  where ca.company_id = c.id and ca.name <> c.name
$$;

create or replace function talk_takeaways(t talk) returns text[]
language sql stable as $$
  select coalesce(array_agg(k.text order by k.position), '{}') from takeaway k where k.talk_id = t.id
$$;

create or replace function person_talks(p person) returns setof talk_speaker
language sql stable as $$
  select ts.* from talk_speaker ts join talk t on t.id = ts.talk_id join event e on e.id = t.event_id
  where ts.person_id = p.id
  order by e.date desc, t.position desc, t.id desc
$$;
