-- Early warnings: resource 19's pitfalls per relationship, each with the
-- day it first appeared and its evidence. $1 position, $2 recorded_at,
-- $3 reference date; each programme's thresholds (pitfalls.go works them
-- out) as lists, one entry a programme: $4 programme ids, $5 purpose days,
-- $6 end-point days, $7 postponements, $8 gap days, $9 closure-preparation
-- days, $10 review days.
WITH
th AS (
    SELECT unnest($4::VARCHAR[]) AS programme_id, unnest($5::INT[]) AS purpose_days, unnest($6::INT[]) AS end_point_days,
           unnest($7::INT[]) AS postponements, unnest($8::INT[]) AS gap_days, unnest($9::INT[]) AS closure_days,
           unnest($10::INT[]) AS review_days
),
rel AS (
    SELECT rel_key, relationship_id, programme_id, matched_on, event_id AS match_ev, th.* EXCLUDE (programme_id)
    FROM relationships JOIN th USING (programme_id) WHERE pos <= $1 AND recorded_at <= $2
),
endg AS (SELECT rel_key, min(ended_on) AS ended_on FROM endings WHERE pos <= $1 AND recorded_at <= $2 GROUP BY rel_key),
r AS (
    SELECT rel.*, endg.ended_on,
           CASE WHEN endg.ended_on IS NOT NULL AND endg.ended_on < $3::DATE THEN endg.ended_on ELSE $3::DATE END AS until_on
    FROM rel LEFT JOIN endg USING (rel_key)
),
facts AS (SELECT * FROM relationship_facts WHERE pos <= $1 AND recorded_at <= $2),
agr AS (
    SELECT rel_key, arg_min(ends_on, pos) AS ends_on, arg_min(event_id, pos) AS ev
    FROM agreements WHERE pos <= $1 AND recorded_at <= $2 GROUP BY rel_key
),
plans AS (SELECT rel_key, kind, on_date, event_id, pos FROM action_plans WHERE pos <= $1 AND recorded_at <= $2),
warnings AS (
    -- 1 no clearly identified purpose: no action plan and no goal a while after the match
    SELECT r.rel_key, 1 AS pitfall, r.matched_on + r.purpose_days AS first_on, 'no action plan or goal ' || r.purpose_days || ' days after the match' AS detail, r.match_ev AS evidence
    FROM r WHERE r.until_on >= r.matched_on + r.purpose_days
      AND NOT EXISTS (SELECT 1 FROM plans p WHERE p.rel_key = r.rel_key AND p.kind = 'agreed')
      AND NOT EXISTS (SELECT 1 FROM facts f WHERE f.rel_key = r.rel_key AND f.fact = 'relationship.goal_set')
    UNION ALL
    -- 2 no defined end point: no agreement with an end date
    SELECT r.rel_key, 2, r.matched_on + r.end_point_days, 'no agreed end date ' || r.end_point_days || ' days after the match', r.match_ev
    FROM r LEFT JOIN agr USING (rel_key)
    WHERE r.until_on >= r.matched_on + r.end_point_days AND agr.ends_on IS NULL
    UNION ALL
    -- 3 irregular meetings: postponed repeatedly
    SELECT rel_key, 3, CAST(max(notice_given) FILTER (WHERE n = postponements) AS DATE), count(*) || ' meetings postponed', string_agg(event_id, ' ' ORDER BY n)
    FROM (SELECT rel_key, event_id, notice_given, row_number() OVER (PARTITION BY rel_key ORDER BY notice_given, pos) AS n
          FROM meetings_postponed WHERE pos <= $1 AND recorded_at <= $2)
    JOIN (SELECT rel_key, postponements FROM r) USING (rel_key)
    GROUP BY rel_key, postponements HAVING count(*) >= postponements
    UNION ALL
    -- 3 irregular meetings: a long gap between meetings
    SELECT rel_key, 3, prev_on + gap_days, 'no meeting for ' || datediff('day', prev_on, held_on) || ' days', event_id
    FROM (SELECT rel_key, event_id, held_on, lag(held_on) OVER (PARTITION BY rel_key ORDER BY held_on, pos) AS prev_on
          FROM meetings_logged WHERE pos <= $1 AND recorded_at <= $2)
    JOIN (SELECT rel_key, gap_days FROM r) USING (rel_key)
    WHERE datediff('day', prev_on, held_on) > gap_days
    UNION ALL
    -- 4 no structure: meetings scheduled without an agenda
    SELECT rel_key, 4, CAST(min(scheduled_for) AS DATE), count(*) || ' meetings scheduled without an agenda', string_agg(event_id, ' ' ORDER BY pos)
    FROM meetings_scheduled WHERE pos <= $1 AND recorded_at <= $2 AND NOT has_agenda GROUP BY rel_key
    UNION ALL
    -- 5 no preparation for closure near the agreed end
    SELECT r.rel_key, 5, agr.ends_on - r.closure_days, 'agreed end ' || agr.ends_on || ' and no ending prepared', agr.ev
    FROM r JOIN agr USING (rel_key)
    WHERE agr.ends_on IS NOT NULL AND r.until_on >= agr.ends_on - r.closure_days
      AND (r.ended_on IS NULL OR r.ended_on >= agr.ends_on - r.closure_days)
      AND NOT EXISTS (SELECT 1 FROM facts f WHERE f.rel_key = r.rel_key AND f.fact = 'relationship.ending_prepared')
    UNION ALL
    -- 6 confusion of roles: boundaries issues raised
    SELECT rel_key, 6, min(on_date), count(*) || ' boundaries issues raised', string_agg(event_id, ' ' ORDER BY pos)
    FROM facts WHERE fact = 'relationship.issue_raised' AND detail = 'boundaries' GROUP BY rel_key
    UNION ALL
    -- 7 lack of mentoring experience: a mentor matched with no mentor training
    SELECT r.rel_key, 7, r.matched_on, 'mentor ' || rp.participant_id || ' had completed no mentor training', r.match_ev
    FROM r JOIN relationship_parties rp ON rp.rel_key = r.rel_key AND rp.role = 'mentor' AND rp.pos <= $1
    WHERE NOT EXISTS (SELECT 1 FROM participant_facts pf WHERE pf.participant_id = rp.participant_id
        AND pf.fact = 'participant.mentor_training_completed' AND pf.on_date <= r.matched_on AND pf.pos <= $1 AND pf.recorded_at <= $2)
    UNION ALL
    -- 8 mentor as line manager
    SELECT r.rel_key, 8, r.matched_on, 'mentor ' || m.participant_id || ' is the line manager of mentee ' || e.participant_id, r.match_ev
    FROM r
    JOIN relationship_parties m ON m.rel_key = r.rel_key AND m.role = 'mentor' AND m.pos <= $1
    JOIN relationship_parties e ON e.rel_key = r.rel_key AND e.role = 'mentee' AND e.pos <= $1
    JOIN participants p ON p.participant_id = e.participant_id AND p.line_manager_ref = m.participant_id AND p.pos <= $1 AND p.recorded_at <= $2
    UNION ALL
    -- 9 failure to review progress: no review for too long
    SELECT r.rel_key, 9, coalesce(lr.last_on, r.matched_on) + r.review_days,
           CASE WHEN lr.last_on IS NULL THEN 'never reviewed' ELSE 'last review on ' || lr.last_on END, coalesce(lr.ev, r.match_ev)
    FROM r LEFT JOIN (
        SELECT rel_key, max(on_date) AS last_on, last(event_id ORDER BY on_date, pos) AS ev FROM (
            SELECT rel_key, on_date, event_id, pos FROM facts WHERE fact = 'relationship.reviewed'
            UNION ALL SELECT rel_key, on_date, event_id, pos FROM plans WHERE kind = 'reviewed')
        WHERE on_date <= $3::DATE GROUP BY rel_key) lr USING (rel_key)
    WHERE r.until_on > coalesce(lr.last_on, r.matched_on) + r.review_days
)
-- Each warning with its relationship; pitfalls.go joins those of one
-- pitfall of one relationship (details by "; ", evidence by " ", in the
-- order of the day each appeared, its detail and evidence) and orders them
-- by programme, relationship and pitfall: cheaper in Go than as ordered
-- aggregates over every relationship.
SELECT r.programme_id, r.relationship_id, w.pitfall, w.first_on, w.detail, w.evidence
FROM warnings w JOIN r USING (rel_key)
WHERE w.first_on IS NOT NULL AND w.first_on <= $3::DATE
