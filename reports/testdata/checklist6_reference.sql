-- Good practice checklist 6 (mentoring meetings): one row per relationship
-- with the figures each item is judged on and the events that evidence it.
-- $1: last position, $2: last recorded_at, $3: reference date.
WITH
rel AS (
    SELECT rel_key, relationship_id, programme_id, model, matched_on, event_id AS match_ev
    FROM relationships WHERE pos <= $1 AND recorded_at <= $2
),
plan AS (
    SELECT programme_id,
           arg_max(meeting_frequency_days, pos) AS freq,
           arg_max(max_meeting_minutes, pos) AS maxmin,
           arg_max(contact_after_meeting_days, pos) AS contact_days,
           arg_max(documents_due_days, pos) AS docs_days,
           arg_max(event_id, pos) AS plan_ev
    FROM plans WHERE pos <= $1 AND recorded_at <= $2
    GROUP BY programme_id
),
agr AS (
    SELECT rel_key,
           arg_min(signed_on, pos) AS signed_on,
           arg_min(event_id, pos) AS agr_ev,
           arg_min(max_meeting_minutes, pos) AS maxmin,
           arg_min(meeting_frequency_days, pos) AS freq
    FROM agreements WHERE pos <= $1 AND recorded_at <= $2
    GROUP BY rel_key
),
endg AS (
    SELECT rel_key, arg_min(ended_on, pos) AS ended_on, arg_min(event_id, pos) AS end_ev
    FROM endings WHERE pos <= $1 AND recorded_at <= $2
    GROUP BY rel_key
),
params AS MATERIALIZED (
    SELECT rel.*,
           coalesce(agr.freq, plan.freq, 30) AS freq,
           coalesce(agr.maxmin, plan.maxmin, 120) AS maxmin,
           coalesce(plan.contact_days, 14) AS contact_days,
           coalesce(plan.docs_days, 7) AS docs_days,
           plan.plan_ev, agr.signed_on, agr.agr_ev, endg.ended_on, endg.end_ev,
           CASE WHEN endg.ended_on IS NOT NULL AND endg.ended_on < $3::DATE THEN endg.ended_on ELSE $3::DATE END AS until_on
    FROM rel
    LEFT JOIN plan USING (programme_id)
    LEFT JOIN agr USING (rel_key)
    LEFT JOIN endg USING (rel_key)
),
sched AS MATERIALIZED (
    SELECT meeting_key,
           arg_min(scheduled_for, pos) AS scheduled_for,
           bool_or(has_agenda) AS agenda,
           min(recorded_at) AS first_recorded,
           arg_min(event_id, pos) AS sched_ev
    FROM meetings_scheduled WHERE pos <= $1 AND recorded_at <= $2
    GROUP BY meeting_key
),
m AS (
    SELECT ml.*,
           row_number() OVER w AS n,
           count(*) OVER (PARTITION BY ml.rel_key) AS total,
           lag(ml.held_on) OVER w AS prev_on,
           lag(ml.has_next_topic) OVER w AS prev_next_topic
    FROM meetings_logged ml
    WHERE ml.pos <= $1 AND ml.recorded_at <= $2
    WINDOW w AS (PARTITION BY ml.rel_key ORDER BY ml.held_on, ml.pos)
),
mf AS MATERIALIZED (
    SELECT m.rel_key, m.event_id, m.n, m.total, m.held_on,
           datediff('day', coalesce(m.prev_on, p.matched_on), m.held_on) > p.freq + 7 AS long_gap,
           m.minutes > p.maxmin AS too_long,
           m.location_kind = 'workplace_open' AS open_venue,
           m.actions > 0 AS has_actions,
           datediff('day', m.held_on, CAST(m.recorded_at AS DATE)) <= p.docs_days AS forwarded,
           m.completed_by_role IN ('mentee', 'both') AS by_mentee,
           m.held_on + (p.contact_days + 7) <= p.until_on AS contact_due,
           (s.agenda AND CAST(s.first_recorded AS DATE) < m.held_on) OR coalesce(m.prev_next_topic, false) AS prepared,
           s.sched_ev,
           p.contact_days
    FROM m
    JOIN params p USING (rel_key)
    LEFT JOIN sched s ON s.meeting_key = m.meeting_key
),
mc AS (
    SELECT rel_key, contact_on, event_id FROM contacts
    WHERE by_role = 'mentor' AND pos <= $1 AND recorded_at <= $2
),
contacted AS (
    SELECT mf.event_id, c.event_id AS contact_ev
    FROM mf ASOF JOIN mc c ON c.rel_key = mf.rel_key AND c.contact_on >= mf.held_on + (mf.contact_days - 7)
    WHERE c.contact_on <= mf.held_on + (mf.contact_days + 7)
),
-- One token per meeting, "n|event_id|flags|contact event|schedule event";
-- the flags are bits: 1 long gap, 2 too long, 4 open venue, 8 has
-- actions, 16 forwarded in time, 32 completed by the mentee, 64 contact
-- window closed, 128 prepared.
agg AS (
    SELECT mf.rel_key,
           count(*) AS meetings,
           min(mf.held_on) AS first_on,
           max(mf.held_on) AS last_on,
           string_agg(concat_ws('|', mf.n, mf.event_id,
               mf.long_gap::INT + 2 * mf.too_long::INT + 4 * mf.open_venue::INT + 8 * mf.has_actions::INT
               + 16 * mf.forwarded::INT + 32 * mf.by_mentee::INT + 64 * mf.contact_due::INT + 128 * coalesce(mf.prepared, false)::INT,
               coalesce(c.contact_ev, ''), coalesce(mf.sched_ev, '')), ' ') AS tokens
    FROM mf LEFT JOIN contacted c USING (event_id)
    GROUP BY mf.rel_key
),
pp AS (
    SELECT p.rel_key, p.event_id, p.notice_given, p.new_time,
           coalesce(lag(p.new_time) OVER (PARTITION BY p.meeting_key ORDER BY p.pos), s.scheduled_for) AS was_for
    FROM meetings_postponed p
    LEFT JOIN sched s ON s.meeting_key = p.meeting_key
    WHERE p.pos <= $1 AND p.recorded_at <= $2
),
ppr AS (
    SELECT rel_key,
           string_agg(concat_ws('|', event_id, (was_for IS NOT NULL AND notice_given < was_for AND new_time IS NOT NULL)::INT), ' ') AS tokens
    FROM pp GROUP BY rel_key
),
ap AS (
    SELECT rel_key,
           min(on_date) FILTER (WHERE kind = 'agreed') AS plan_on,
           arg_min(event_id, pos) FILTER (WHERE kind = 'agreed') AS plan_ev,
           count(*) FILTER (WHERE kind = 'reviewed') AS reviews,
           string_agg(event_id, ' ' ORDER BY pos) FILTER (WHERE kind = 'reviewed') AS review_evs
    FROM action_plans WHERE pos <= $1 AND recorded_at <= $2
    GROUP BY rel_key
)
SELECT p.programme_id, p.relationship_id, p.model, p.matched_on, p.ended_on, p.until_on,
       p.freq, p.maxmin, p.contact_days, p.docs_days,
       p.match_ev, p.plan_ev, p.agr_ev, p.signed_on, p.end_ev,
       a.first_on, a.last_on, a.tokens, pr.tokens,
       ap.plan_on, ap.plan_ev, coalesce(ap.reviews, 0), ap.review_evs
FROM params p
LEFT JOIN agg a USING (rel_key)
LEFT JOIN ppr pr USING (rel_key)
LEFT JOIN ap USING (rel_key)
ORDER BY p.programme_id, p.matched_on, p.relationship_id
