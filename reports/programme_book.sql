-- The programme-level evidence of checklists 1–5: every fact of each
-- programme's design, management and evaluation known at the as-of point,
-- one row each in the evidence shape (owner, key, on_date, until_date,
-- subject, detail, n, events, pos). key is the event type; a list field of
-- a fact comes as key:field rows (programme_fact_items).
-- $1 position, $2 recorded_at, $3 programme ('' = every programme).
SELECT programme_id, 'programme.registered', registered_on, NULL::DATE, NULL, models, NULL::BIGINT, event_id, pos
FROM programmes WHERE pos <= $1 AND recorded_at <= $2 AND ($3 = '' OR programme_id = $3)
UNION ALL
SELECT programme_id, 'programme.plan_adopted', starts_on, ends_on, NULL, NULL, relationship_months, event_id, pos
FROM plans WHERE pos <= $1 AND recorded_at <= $2 AND ($3 = '' OR programme_id = $3)
UNION ALL
SELECT programme_id, 'plan.adopted', adopted_on, NULL, NULL, NULL, NULL, event_id, pos
FROM plans WHERE pos <= $1 AND recorded_at <= $2 AND ($3 = '' OR programme_id = $3)
UNION ALL
SELECT programme_id, 'plan.' || name, adopted_on, NULL, NULL, NULL, v, event_id, pos
FROM (
    SELECT programme_id, adopted_on, event_id, pos,
           meeting_frequency_days::BIGINT AS meeting_frequency_days,
           max_meeting_minutes::BIGINT AS max_meeting_minutes,
           contact_after_meeting_days::BIGINT AS contact_after_meeting_days,
           documents_due_days::BIGINT AS documents_due_days,
           mentor_training_mandatory::BIGINT AS mentor_training_mandatory,
           mentee_induction_mandatory::BIGINT AS mentee_induction_mandatory
    FROM plans WHERE pos <= $1 AND recorded_at <= $2 AND ($3 = '' OR programme_id = $3)
) UNPIVOT (v FOR name IN (meeting_frequency_days, max_meeting_minutes, contact_after_meeting_days, documents_due_days,
                          mentor_training_mandatory, mentee_induction_mandatory))
UNION ALL
SELECT programme_id, fact, on_date, until_date, subject, detail, value, event_id, pos
FROM programme_facts WHERE pos <= $1 AND recorded_at <= $2 AND ($3 = '' OR programme_id = $3)
UNION ALL
SELECT programme_id, fact || ':' || field, on_date, NULL, NULL, item, value, event_id, pos
FROM programme_fact_items WHERE pos <= $1 AND recorded_at <= $2 AND ($3 = '' OR programme_id = $3)
