-- Good practice checklist 7 (managing, progressing and sustaining the
-- relationship): every fact of each relationship that its items are judged
-- on, in the evidence shape (owner = relationship id, key, on_date,
-- until_date, subject, detail, n, events, pos). Numbers a row carries
-- besides its own come as key:field rows with the same event.
-- $1 position, $2 recorded_at, $3 reference date, $4 programme ('' = all).
WITH
rel AS (
    SELECT rel_key, relationship_id, programme_id, model, matched_on, mentors + mentees AS parties, event_id, pos
    FROM relationships WHERE pos <= $1 AND recorded_at <= $2 AND ($4 = '' OR programme_id = $4)
),
first_meeting AS (
    SELECT rel_key, min(held_on) AS first_on FROM meetings_logged WHERE pos <= $1 AND recorded_at <= $2 GROUP BY rel_key
),
parties AS (
    SELECT p.rel_key, p.participant_id, p.role, r.matched_on, r.event_id AS match_ev, coalesce(fm.first_on, $3::DATE) AS by_on
    FROM relationship_parties p JOIN rel r USING (rel_key) LEFT JOIN first_meeting fm USING (rel_key)
    WHERE p.pos <= $1 AND p.recorded_at <= $2
),
prepared AS (
    -- each party and the training or induction they completed by the
    -- first meeting (or the reference date before one)
    SELECT p.rel_key, p.participant_id, p.role, p.match_ev,
           first(f.event_id ORDER BY f.on_date, f.pos) AS prep_ev
    FROM parties p
    LEFT JOIN participant_facts f ON f.participant_id = p.participant_id AND f.pos <= $1 AND f.recorded_at <= $2 AND f.on_date <= p.by_on
         AND f.fact = CASE p.role WHEN 'mentor' THEN 'participant.mentor_training_completed' ELSE 'participant.mentee_induction_completed' END
    GROUP BY p.rel_key, p.participant_id, p.role, p.match_ev
),
logs AS (
    SELECT * FROM meetings_logged WHERE pos <= $1 AND recorded_at <= $2
)
SELECT r.relationship_id, 'relationship.matched', r.matched_on, NULL::DATE, r.programme_id, r.model, r.parties::BIGINT, r.event_id, r.pos
FROM rel r
UNION ALL
SELECT r.relationship_id, 'relationship.ended', e.ended_on, NULL, NULL, e.reason, e.planned::BIGINT, e.event_id, e.pos
FROM endings e JOIN rel r USING (rel_key) WHERE e.pos <= $1 AND e.recorded_at <= $2
UNION ALL
SELECT r.relationship_id, 'agreement', a.signed_on, a.ends_on, NULL, NULL, a.signatures::BIGINT, a.event_id, a.pos
FROM agreements a JOIN rel r USING (rel_key) WHERE a.pos <= $1 AND a.recorded_at <= $2
UNION ALL
SELECT r.relationship_id, 'agreement:' || name, a.signed_on, NULL, NULL, NULL, v, a.event_id, a.pos
FROM (
    SELECT rel_key, signed_on, event_id, pos,
           confidentiality_agreed::BIGINT AS confidentiality,
           ((meeting_frequency_days IS NOT NULL)::INT + (min_meeting_minutes IS NOT NULL)::INT
            + (max_meeting_minutes IS NOT NULL)::INT + contact_arranged::INT)::BIGINT AS terms
    FROM agreements WHERE pos <= $1 AND recorded_at <= $2
) UNPIVOT (v FOR name IN (confidentiality, terms)) a JOIN rel r USING (rel_key)
UNION ALL
SELECT r.relationship_id, 'agreement:frequency', a.signed_on, NULL, NULL, NULL, a.meeting_frequency_days::BIGINT, a.event_id, a.pos
FROM agreements a JOIN rel r USING (rel_key) WHERE a.pos <= $1 AND a.recorded_at <= $2 AND a.meeting_frequency_days IS NOT NULL
UNION ALL
SELECT r.relationship_id, CASE p.kind WHEN 'agreed' THEN 'action_plan' ELSE 'action_plan.reviewed' END, p.on_date, NULL, NULL, NULL,
       CASE p.kind WHEN 'agreed' THEN p.milestones ELSE p.adjusted::INT END::BIGINT, p.event_id, p.pos
FROM action_plans p JOIN rel r USING (rel_key) WHERE p.pos <= $1 AND p.recorded_at <= $2
UNION ALL
SELECT r.relationship_id, 'action_plan:' || name, p.on_date, NULL, NULL, NULL, v, p.event_id, p.pos
FROM (
    SELECT rel_key, on_date, event_id, pos, has_long_term_goal::BIGINT AS long_term_goal, short_term_goals::BIGINT AS short_term_goals,
           success_criteria::BIGINT AS success_criteria
    FROM action_plans WHERE kind = 'agreed' AND pos <= $1 AND recorded_at <= $2
) UNPIVOT (v FOR name IN (long_term_goal, short_term_goals, success_criteria)) p JOIN rel r USING (rel_key)
UNION ALL
-- each meeting log: held on, venue kind (detail), completed by (subject), action points (n)
SELECT r.relationship_id, 'meeting', m.held_on, NULL, m.completed_by_role, m.location_kind, m.actions::BIGINT, m.event_id, m.pos
FROM logs m JOIN rel r USING (rel_key)
UNION ALL
SELECT r.relationship_id, 'meeting:' || name, m.held_on, NULL, NULL, NULL, v, m.event_id, m.pos
FROM (
    SELECT rel_key, held_on, event_id, pos, objectives_achieved::BIGINT AS objectives_achieved, challenges::BIGINT AS challenges,
           steps::BIGINT AS steps, mentor_actions::BIGINT AS mentor_actions, mentee_actions::BIGINT AS mentee_actions
    FROM logs
) UNPIVOT (v FOR name IN (objectives_achieved, challenges, steps, mentor_actions, mentee_actions)) m JOIN rel r USING (rel_key)
UNION ALL
SELECT r.relationship_id, 'contact', c.contact_on, NULL, NULL, c.by_role, NULL, c.event_id, c.pos
FROM contacts c JOIN rel r USING (rel_key) WHERE c.pos <= $1 AND c.recorded_at <= $2
UNION ALL
-- goals, scales, ratings, reviews, phases, issues, the ending's preparation, rematch, closure
SELECT r.relationship_id, f.fact, f.on_date, f.until_date, f.subject, f.detail, f.value, f.event_id, f.pos
FROM relationship_facts f JOIN rel r USING (rel_key) WHERE f.pos <= $1 AND f.recorded_at <= $2
UNION ALL
-- each party: role (detail), prepared by training or induction (n 1) or not (n 0)
SELECT r.relationship_id, 'party', NULL, NULL, p.participant_id, p.role, (p.prep_ev IS NOT NULL)::BIGINT, coalesce(p.prep_ev, p.match_ev), 0
FROM prepared p JOIN rel r USING (rel_key)
ORDER BY 1, 2, 9, 5
