-- What each programme's relationships, participants and surveys show, as
-- figures for the programme-level checklists (1, 4 and 5), in the evidence
-- shape (owner, key, on_date, until_date, subject, detail, n, events, pos).
-- $1 position, $2 recorded_at, $3 reference date, $4 programme ('' = all).
-- Each part after the CTEs (separated by UNION ALL lines) gives one key or
-- family of keys; a checklist runs only the parts its judges read
-- (checklist_programme.go), and DuckDB computes only the CTEs those use.
-- A part with __ARGS__ takes the values a checklist names with it (the
-- fact kinds of a family, the questions of survey answers), as a SQL list:
-- only those rows are gathered. Where a part lists the ids of thousands of
-- small groups (a mentor's sessions, a relationship's reviews), a list
-- sorted by position stands for an ordered string_agg of the ids: the same
-- ids in the same order, in a third less time (an ordered aggregate sorts
-- each group on its own).
WITH
rel AS (
    SELECT rel_key, relationship_id, programme_id, matched_on, rematch_of AS rematch_of_id, event_id AS match_ev, pos
    FROM relationships WHERE pos <= $1 AND recorded_at <= $2 AND ($4 = '' OR programme_id = $4)
),
plan AS (
    SELECT programme_id, arg_max(meeting_frequency_days, pos) AS freq, arg_max(documents_due_days, pos) AS docs
    FROM plans WHERE pos <= $1 AND recorded_at <= $2 GROUP BY programme_id
),
agr AS (
    SELECT rel_key, arg_max(ends_on, pos) AS ends_on, arg_max(meeting_frequency_days, pos) AS freq, arg_max(event_id, pos) AS ev
    FROM agreements WHERE pos <= $1 AND recorded_at <= $2 GROUP BY rel_key
),
endg AS (
    SELECT rel_key, arg_min(ended_on, pos) AS ended_on, arg_min(planned, pos) AS planned, arg_min(reason, pos) AS reason,
           arg_min(event_id, pos) AS ev, min(pos) AS pos
    FROM endings WHERE pos <= $1 AND recorded_at <= $2 GROUP BY rel_key
),
r AS MATERIALIZED (
    SELECT rel.*, coalesce(agr.freq, plan.freq, 30) AS freq, coalesce(plan.docs, 7) AS docs,
           agr.ends_on, agr.ev AS agr_ev, endg.ended_on, endg.planned, endg.reason, endg.ev AS end_ev, endg.pos AS end_pos,
           least(coalesce(endg.ended_on, $3::DATE), $3::DATE) AS until_on
    FROM rel LEFT JOIN plan USING (programme_id) LEFT JOIN agr USING (rel_key) LEFT JOIN endg USING (rel_key)
),
m AS MATERIALIZED (
    SELECT ml.rel_key, ml.event_id, ml.held_on, ml.recorded_at, ml.pos
    FROM meetings_logged ml WHERE ml.pos <= $1 AND ml.recorded_at <= $2
),
mi AS (
    SELECT r.programme_id, m.event_id, m.pos,
           datediff('day', m.held_on, CAST(m.recorded_at AS DATE)) <= r.docs AS on_time
    FROM m JOIN r USING (rel_key)
),
-- each meeting and whether the interval since the one before (or the
-- match) ran over the frequency: a window over every meeting, so only the
-- parts that need it use it
mg AS (
    SELECT r.programme_id, g.event_id, g.pos,
           datediff('day', coalesce(g.prev_on, r.matched_on), g.held_on) > r.freq + 7 AS long_gap
    FROM (SELECT rel_key, event_id, held_on, pos,
                 lag(held_on) OVER (PARTITION BY rel_key ORDER BY held_on, pos) AS prev_on FROM m) g
    JOIN r USING (rel_key)
),
open_gap AS (
    -- the interval still open: from the last meeting (or the match) to the
    -- reference date, while the relationship is active
    SELECT r.programme_id, coalesce(l.last_ev, r.match_ev) AS ev, r.pos, coalesce(l.last_pos, r.pos) AS evpos,
           datediff('day', coalesce(l.last_on, r.matched_on), $3::DATE) > r.freq + 7 AS long_gap
    FROM r LEFT JOIN (SELECT rel_key, max(held_on) AS last_on, last(event_id ORDER BY held_on, pos) AS last_ev,
                             last(pos ORDER BY held_on, pos) AS last_pos FROM m GROUP BY rel_key) l USING (rel_key)
    WHERE r.ended_on IS NULL
),
rf AS MATERIALIZED (
    SELECT f.*, r.programme_id, r.relationship_id AS rel_id FROM relationship_facts f JOIN r USING (rel_key)
    WHERE f.pos <= $1 AND f.recorded_at <= $2
),
parties AS (
    SELECT DISTINCT r.programme_id, p.participant_id, p.role, r.match_ev, r.matched_on, r.pos AS match_pos
    FROM relationship_parties p JOIN r USING (rel_key) WHERE p.pos <= $1 AND p.recorded_at <= $2
),
pf AS (
    SELECT f.*, p.programme_id FROM participant_facts f
    JOIN (SELECT participant_id, programme_id FROM participants WHERE pos <= $1 AND recorded_at <= $2 AND ($4 = '' OR programme_id = $4)) p USING (participant_id)
    WHERE f.pos <= $1 AND f.recorded_at <= $2
),
surveys AS (
    SELECT s.programme_id, s.subject AS survey_id, coalesce(a.item, '') AS audience
    FROM programme_facts s
    LEFT JOIN programme_fact_items a ON a.event_id = s.event_id AND a.field = 'audience'
    WHERE s.fact = 'evaluation.survey_issued' AND s.pos <= $1 AND s.recorded_at <= $2 AND ($4 = '' OR s.programme_id = $4)
),
answers AS (
    SELECT s.programme_id, s.audience, a.instrument_id, a.question_id, a.choice, a.event_id, a.pos
    FROM survey_answers a JOIN surveys s USING (survey_id) WHERE a.pos <= $1 AND a.recorded_at <= $2
),
reviews AS (
    SELECT rel_key, event_id, pos FROM relationship_facts WHERE fact = 'relationship.reviewed' AND pos <= $1 AND recorded_at <= $2
    UNION ALL
    SELECT rel_key, event_id, pos FROM action_plans WHERE kind = 'reviewed' AND pos <= $1 AND recorded_at <= $2
)
SELECT programme_id, 'relationships', min(matched_on), NULL::DATE, NULL, NULL, count(*), NULL, max(pos)
FROM r GROUP BY programme_id
UNION ALL
-- intervals between a match or meeting and the next meeting, and the open one
SELECT programme_id, 'meetings.intervals', NULL, NULL, NULL, NULL, sum(n)::BIGINT, string_agg(ev, ' ' ORDER BY evpos), max(pos)
FROM (SELECT programme_id, ev, evpos, count(*) AS n, max(pos) AS pos FROM (
          SELECT programme_id, event_id AS ev, pos AS evpos, pos FROM mi UNION ALL SELECT programme_id, ev, evpos, pos FROM open_gap)
      GROUP BY programme_id, ev, evpos)
GROUP BY programme_id
UNION ALL
SELECT programme_id, 'meetings.long_intervals', NULL, NULL, NULL, NULL, count(*), string_agg(ev, ' ' ORDER BY pos), max(pos)
FROM (SELECT programme_id, event_id AS ev, pos FROM mg WHERE long_gap UNION ALL SELECT programme_id, ev, pos FROM open_gap WHERE long_gap)
GROUP BY programme_id
UNION ALL
SELECT programme_id, 'meetings.logged', min(m.held_on), max(m.held_on), NULL, NULL, count(*), arg_min(m.event_id, m.pos), max(m.pos)
FROM m JOIN r USING (rel_key) GROUP BY programme_id
UNION ALL
SELECT programme_id, 'meetings.late_logs', NULL, NULL, NULL, NULL, count(*), string_agg(event_id, ' ' ORDER BY pos), max(pos)
FROM mi WHERE NOT on_time GROUP BY programme_id
UNION ALL
-- relationships matched more than 30 days ago without an agreed end date
SELECT programme_id, 'relationships.no_end_point', NULL, NULL, NULL, NULL, count(*), string_agg(match_ev, ' ' ORDER BY pos), max(pos)
FROM r WHERE ends_on IS NULL AND ended_on IS NULL AND r.until_on > r.matched_on + 30 GROUP BY programme_id
UNION ALL
SELECT programme_id, 'relationships.end_point', NULL, NULL, NULL, NULL, count(*), string_agg(agr_ev, ' ' ORDER BY pos), max(pos)
FROM r WHERE ends_on IS NOT NULL GROUP BY programme_id
UNION ALL
SELECT r.programme_id, 'action_plans', min(a.on_date), NULL, NULL, NULL, count(*), arg_min(a.event_id, a.pos), max(a.pos)
FROM action_plans a JOIN r USING (rel_key) WHERE a.kind = 'agreed' AND a.pos <= $1 AND a.recorded_at <= $2 GROUP BY r.programme_id
UNION ALL
-- the relationship facts of the kinds named: how many, the first and last date, the events
SELECT programme_id, fact, min(on_date), max(on_date), NULL, NULL, count(*), string_agg(event_id, ' ' ORDER BY pos), max(pos)
FROM rf WHERE fact IN __ARGS__ GROUP BY programme_id, fact
UNION ALL
-- each issue: raised on, resolved on (open: none), its category
SELECT i.programme_id, 'issue', i.on_date, s.on_date, i.subject, i.detail, NULL, concat_ws(' ', i.event_id, s.event_id), i.pos
FROM (SELECT * FROM rf WHERE fact = 'relationship.issue_raised') i
LEFT JOIN (SELECT rel_key, subject, arg_min(on_date, pos) AS on_date, arg_min(event_id, pos) AS event_id
           FROM rf WHERE fact = 'relationship.issue_resolved' GROUP BY rel_key, subject) s USING (rel_key, subject)
UNION ALL
-- each premature ending (not planned, or not said), its reason, and the
-- day a rematch was arranged for one of its parties (until), if one was.
-- Planned endings are left out here: no judge reads them, and at a
-- million events they were most of the rows this part gave.
SELECT r.programme_id, 'ending.premature', r.ended_on, rm.on_date, r.relationship_id, r.reason, r.planned::BIGINT,
       concat_ws(' ', r.end_ev, rm.ev), r.end_pos
FROM r LEFT JOIN (
    SELECT rel_key, min(on_date) AS on_date, first(ev ORDER BY on_date, evpos) AS ev FROM (
        SELECT rel_key, on_date, event_id AS ev, pos AS evpos FROM rf WHERE fact = 'relationship.rematch_arranged'
        UNION ALL
        SELECT old.rel_key, n.matched_on, n.match_ev, n.pos FROM r n JOIN r old ON old.relationship_id = n.rematch_of_id
    ) GROUP BY rel_key
) rm USING (rel_key)
WHERE r.ended_on IS NOT NULL AND r.planned IS NOT TRUE
UNION ALL
-- the matched mentors who had a support (supervision) session and those
-- who had none: how many, and the sessions' events (mentor by mentor, in
-- the order of their ids, each's in ledger order) or the first match of
-- each mentor with none. One row each per programme: a row per mentor
-- was a third of the rows checklist 5 read, for two numbers and two lists.
SELECT programme_id, 'mentor' || CASE WHEN n > 0 THEN '.supported' ELSE '.unsupported' END, NULL, NULL, NULL, NULL,
       count(*), string_agg(evs, ' ' ORDER BY participant_id), 0
FROM (SELECT p.programme_id, p.participant_id, coalesce(f.n, 0) AS n, coalesce(f.evs, p.first_ev) AS evs
      FROM (SELECT programme_id, participant_id, first(match_ev ORDER BY matched_on, match_pos) AS first_ev
            FROM parties WHERE role = 'mentor' GROUP BY programme_id, participant_id) p
      LEFT JOIN (SELECT participant_id, count(*) AS n, array_to_string(list_transform(list_sort(list(struct_pack(p := pos, e := event_id))), x -> x.e), ' ') AS evs
                 FROM pf WHERE fact = 'participant.supervision_recorded' GROUP BY participant_id) f USING (participant_id))
GROUP BY ALL
UNION ALL
-- relationships old enough to have been reviewed (90 days) that were and
-- that were not: how many, and the reviews' events (relationship by
-- relationship in the order they were matched, each's in ledger order) or
-- the matches of those with none. The reviews are gathered per
-- relationship key before the join, rather than grouping the joined rows
-- by five columns (a fifth of the query's time).
SELECT programme_id, 'relationship.review_due' || CASE WHEN n > 0 THEN '.reviewed' ELSE '.unreviewed' END, NULL, NULL, NULL, NULL,
       count(*), string_agg(evs, ' ' ORDER BY pos, relationship_id), max(pos)
FROM (SELECT r.programme_id, r.relationship_id, r.pos, coalesce(v.n, 0) AS n, coalesce(v.evs, r.match_ev) AS evs
      FROM r LEFT JOIN (SELECT rel_key, count(*) AS n, array_to_string(list_transform(list_sort(list(struct_pack(p := pos, e := event_id))), x -> x.e), ' ') AS evs
                        FROM reviews GROUP BY rel_key) v USING (rel_key)
      WHERE r.until_on >= r.matched_on + 90)
GROUP BY ALL
UNION ALL
-- the participant facts of the kinds named
SELECT programme_id, fact, min(on_date), max(on_date), NULL, NULL, count(*), string_agg(event_id, ' ' ORDER BY pos), max(pos)
FROM pf WHERE fact IN __ARGS__ GROUP BY programme_id, fact
UNION ALL
-- each training need: identified on, met on (none: not yet met)
SELECT i.programme_id, 'training_need', i.on_date, m.on_date, i.subject, i.detail, NULL, concat_ws(' ', i.event_id, m.event_id), i.pos
FROM (SELECT * FROM pf WHERE fact = 'participant.training_need_identified') i
LEFT JOIN (SELECT participant_id, subject, arg_min(on_date, pos) AS on_date, arg_min(event_id, pos) AS event_id
           FROM pf WHERE fact = 'participant.training_need_met' GROUP BY participant_id, subject) m USING (participant_id, subject)
UNION ALL
-- answers to the questions named ("instrument:question"), by question (subject) and choice (detail)
SELECT programme_id, 'survey.answers', NULL, NULL, instrument_id || ':' || question_id, coalesce(choice, ''), count(*),
       string_agg(event_id, ' ' ORDER BY pos), max(pos)
FROM answers WHERE instrument_id || ':' || question_id IN __ARGS__ GROUP BY programme_id, instrument_id, question_id, choice
UNION ALL
-- survey responses by audience: one row per response (its event, at one
-- position) taken from its answers before they are joined to the surveys
SELECT s.programme_id, 'survey.responses', NULL, NULL, s.audience, NULL, count(*), string_agg(r.event_id, ' ' ORDER BY r.pos), max(r.pos)
FROM (SELECT pos, any_value(survey_id) AS survey_id, any_value(event_id) AS event_id FROM survey_answers
      WHERE pos <= $1 AND recorded_at <= $2 GROUP BY pos) r
JOIN surveys s USING (survey_id) GROUP BY s.programme_id, s.audience
