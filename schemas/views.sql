-- DuckDB views of the ledger, built by the projections in projections/.
-- Every table is an append-only set of facts: one row per event (or per
-- item of an event). Each row carries the ledger position (pos), the time
-- the event was recorded (recorded_at) and (but in ledger_events) its id
-- (event_id), so any report
-- can be answered as of a past position or time by filtering on them; the
-- state at that moment is derived from the facts then known, never from rows
-- overwritten later. The validity interval of a fact that can be superseded
-- (a programme's plan) is [pos, next pos of the same key).
--
-- rel_key and meeting_key are 64-bit FNV-1a hashes of the ids
-- (projections.Key): reports join and partition on them, several times
-- faster than on the VARCHAR ids they stand for.
--
-- token, in the relationship and meeting tables, is the row itself in a
-- compact text form written once by the projection (projections/token.go):
-- fields separated by 0x1f, a one-letter tag, the fields listed beside each
-- table, then the day the event was recorded, its position and its id;
-- dates as days since 1970-01-01, times as microseconds since the Unix
-- epoch, booleans 0/1, a missing value empty. A report that reads every
-- row of every relationship (checklists 6 and 7) gathers each
-- relationship's rows with one string_agg of tokens, as of any position
-- (a token is its own row's, filtered like any column), instead of
-- formatting every column of every row as it runs, and derives what it
-- judges from them in Go.
--
-- Tokens and event ids are stored uncompressed (USING COMPRESSION
-- uncompressed). Both are unique or nearly so per row, DuckDB chose FSST
-- for them, and compressing them cost a 1,000,000-event rebuild ~0.45 s of
-- ~3.4 (part of it in the rebuild's final commit, which runs on one
-- core), while the reports that read them only decompressed them again
-- and were no faster for it. The views file is ~2x larger for it (63 ->
-- 125 MB on 1,000,000 events; BENCHMARKS.md, session 10). The relationship,
-- participant and meeting ids and the facts' subjects are stored
-- uncompressed too, for the same reason: ~0.2 s less of the rebuild's
-- single-core final commit, no report slower, 17 MB more (session 11).

CREATE TABLE IF NOT EXISTS checkpoints (
    projection  VARCHAR PRIMARY KEY,
    position    UBIGINT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- projection "ledger": a row for every event, its position and time only
-- (the audit reads the rest from the ledger, which it verifies)
CREATE TABLE IF NOT EXISTS ledger_events (
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL
);

-- projection "programmes"
CREATE TABLE IF NOT EXISTS programmes (
    programme_id  VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    models        VARCHAR NOT NULL,   -- comma-separated mentoring models
    registered_on DATE,
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
CREATE TABLE IF NOT EXISTS plans (
    programme_id               VARCHAR NOT NULL,
    adopted_on                 DATE,
    starts_on                  DATE,
    ends_on                    DATE,
    meeting_frequency_days     INTEGER NOT NULL,
    min_meeting_minutes        INTEGER NOT NULL,
    max_meeting_minutes        INTEGER NOT NULL,
    contact_after_meeting_days INTEGER NOT NULL,
    documents_due_days         INTEGER NOT NULL,
    relationship_months        INTEGER NOT NULL,  -- checklist 1: a formal end point
    mentor_training_mandatory  BOOLEAN NOT NULL,
    mentee_induction_mandatory BOOLEAN NOT NULL,
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
CREATE TABLE IF NOT EXISTS participants (
    participant_id   VARCHAR NOT NULL USING COMPRESSION uncompressed,
    programme_id     VARCHAR NOT NULL,
    role             VARCHAR NOT NULL,
    organisation     VARCHAR NOT NULL,
    registered_on    DATE,
    line_manager_ref VARCHAR,           -- pitfall 8: mentor as line manager
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);

-- projection "relationships"
CREATE TABLE IF NOT EXISTS relationships (
    rel_key         UBIGINT NOT NULL,  -- Key(relationship_id)
    relationship_id VARCHAR NOT NULL USING COMPRESSION uncompressed,
    programme_id    VARCHAR NOT NULL,
    model           VARCHAR NOT NULL,
    matched_on      DATE NOT NULL,
    rematch_of      VARCHAR,
    mentors         INTEGER NOT NULL,
    mentees         INTEGER NOT NULL,
    token           VARCHAR NOT NULL USING COMPRESSION uncompressed,  -- R matched_on programme_id model mentors mentees rematch_of
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
CREATE TABLE IF NOT EXISTS relationship_parties (
    rel_key         UBIGINT NOT NULL,  -- Key(relationship_id)
    relationship_id VARCHAR NOT NULL USING COMPRESSION uncompressed,
    participant_id  VARCHAR NOT NULL USING COMPRESSION uncompressed,
    role            VARCHAR NOT NULL,
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
CREATE TABLE IF NOT EXISTS agreements (
    rel_key         UBIGINT NOT NULL,  -- Key(relationship_id)
    relationship_id        VARCHAR NOT NULL USING COMPRESSION uncompressed,
    signed_on              DATE NOT NULL,
    ends_on                DATE,
    meeting_frequency_days INTEGER,
    max_meeting_minutes    INTEGER,
    confidentiality_agreed BOOLEAN NOT NULL,
    signatures             INTEGER NOT NULL,
    min_meeting_minutes    INTEGER,
    contact_arranged       BOOLEAN NOT NULL,  -- contact between meetings agreed
    token           VARCHAR NOT NULL USING COMPRESSION uncompressed,  -- A signed_on ends_on frequency max_minutes confidentiality signatures min_minutes contact
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
CREATE TABLE IF NOT EXISTS contacts (
    rel_key         UBIGINT NOT NULL,  -- Key(relationship_id)
    relationship_id VARCHAR NOT NULL USING COMPRESSION uncompressed,
    contact_on      DATE NOT NULL,
    by_role         VARCHAR NOT NULL,
    method          VARCHAR NOT NULL,
    token           VARCHAR NOT NULL USING COMPRESSION uncompressed,  -- C contact_on by_role method
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
CREATE TABLE IF NOT EXISTS action_plans (
    rel_key         UBIGINT NOT NULL,  -- Key(relationship_id)
    relationship_id VARCHAR NOT NULL USING COMPRESSION uncompressed,
    kind            VARCHAR NOT NULL,  -- agreed | reviewed
    on_date         DATE NOT NULL,
    adjusted        BOOLEAN NOT NULL,
    milestones      INTEGER NOT NULL,
    -- the shape of an agreed plan (resource 15); 0 / false on reviews
    has_long_term_goal BOOLEAN NOT NULL,
    short_term_goals   INTEGER NOT NULL,
    success_criteria   INTEGER NOT NULL,
    review_dates       INTEGER NOT NULL,
    token           VARCHAR NOT NULL USING COMPRESSION uncompressed,  -- L kind on_date adjusted milestones long_term_goal short_term_goals success_criteria review_dates
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
CREATE TABLE IF NOT EXISTS endings (
    rel_key         UBIGINT NOT NULL,  -- Key(relationship_id)
    relationship_id VARCHAR NOT NULL USING COMPRESSION uncompressed,
    ended_on        DATE NOT NULL,
    reason          VARCHAR NOT NULL,
    planned         BOOLEAN NOT NULL,
    token           VARCHAR NOT NULL USING COMPRESSION uncompressed,  -- E ended_on reason planned
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);

-- projection "meetings": no meeting content (topics, actions' text) is
-- kept here; these views feed reports that funders and auditors may read.
CREATE TABLE IF NOT EXISTS meetings_scheduled (
    rel_key         UBIGINT NOT NULL,  -- Key(relationship_id)
    meeting_key     UBIGINT NOT NULL,  -- Key(relationship_id, meeting_id)
    relationship_id VARCHAR NOT NULL USING COMPRESSION uncompressed,
    meeting_id      VARCHAR NOT NULL USING COMPRESSION uncompressed,
    scheduled_for   TIMESTAMP NOT NULL,
    has_agenda      BOOLEAN NOT NULL,
    token           VARCHAR NOT NULL USING COMPRESSION uncompressed,  -- S meeting_id scheduled_for has_agenda
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
CREATE TABLE IF NOT EXISTS meetings_postponed (
    rel_key         UBIGINT NOT NULL,  -- Key(relationship_id)
    meeting_key     UBIGINT NOT NULL,  -- Key(relationship_id, meeting_id)
    relationship_id VARCHAR NOT NULL USING COMPRESSION uncompressed,
    meeting_id      VARCHAR NOT NULL USING COMPRESSION uncompressed,
    notice_given    TIMESTAMP NOT NULL,
    new_time        TIMESTAMP,
    requested_by    VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,
    token           VARCHAR NOT NULL USING COMPRESSION uncompressed,  -- Q meeting_id notice_given new_time requested_by reason
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
CREATE TABLE IF NOT EXISTS meetings_logged (
    rel_key         UBIGINT NOT NULL,  -- Key(relationship_id)
    meeting_key     UBIGINT NOT NULL,  -- Key(relationship_id, meeting_id)
    relationship_id   VARCHAR NOT NULL USING COMPRESSION uncompressed,
    meeting_id        VARCHAR NOT NULL USING COMPRESSION uncompressed,
    held_on           DATE NOT NULL,
    minutes           INTEGER NOT NULL,
    method            VARCHAR NOT NULL,
    location_kind     VARCHAR NOT NULL,
    actions           INTEGER NOT NULL,
    has_next_topic    BOOLEAN NOT NULL,
    completed_by_role VARCHAR NOT NULL,
    -- how many entries each part of the log holds (never their text)
    objectives_achieved INTEGER NOT NULL,
    challenges        INTEGER NOT NULL,
    steps             INTEGER NOT NULL,
    mentor_actions    INTEGER NOT NULL,  -- action points owned by the mentor or both
    mentee_actions    INTEGER NOT NULL,  -- action points owned by the mentee or both
    token             VARCHAR NOT NULL USING COMPRESSION uncompressed,  -- M meeting_id held_on minutes method location_kind actions has_next_topic
                                         --   completed_by_role objectives_achieved challenges steps mentor_actions mentee_actions
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);

-- projection "facts": the dated facts of the programme's design and of
-- each participant's and relationship's life that the checklists, the
-- monitoring questions and the early warnings count, one row per fact.
-- subject is the fact's own key where it has one (a policy, a goal, an
-- issue, a phase, a document); value is its number where it has one
-- (hours, pence, a scale, a revision); detail is one enumeration value.
CREATE TABLE IF NOT EXISTS programme_facts (
    programme_id VARCHAR NOT NULL,
    fact         VARCHAR NOT NULL,   -- event type
    on_date      DATE,
    subject      VARCHAR USING COMPRESSION uncompressed,
    detail       VARCHAR,
    value        BIGINT,
    until_date   DATE,               -- review date, end of a period
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
CREATE TABLE IF NOT EXISTS participant_facts (
    participant_id VARCHAR NOT NULL USING COMPRESSION uncompressed,
    fact           VARCHAR NOT NULL,
    on_date        DATE,
    subject        VARCHAR USING COMPRESSION uncompressed,
    detail         VARCHAR,
    value          BIGINT,
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
CREATE TABLE IF NOT EXISTS relationship_facts (
    rel_key         UBIGINT NOT NULL,
    relationship_id VARCHAR NOT NULL USING COMPRESSION uncompressed,
    fact            VARCHAR NOT NULL,
    on_date         DATE,
    subject         VARCHAR USING COMPRESSION uncompressed,
    detail          VARCHAR,
    value           BIGINT,
    until_date      DATE,
    token           VARCHAR NOT NULL USING COMPRESSION uncompressed,  -- F fact on_date subject detail value until_date
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
-- The list fields of programme facts: one row per enumeration value
-- (item: an audience, a measure, a method, a mechanism of recognition) or
-- per number a fact holds besides its value (value: how many aims,
-- expected outcomes and outputs; the questionnaire interval; whether
-- rematching is offered). field names the payload field.
CREATE TABLE IF NOT EXISTS programme_fact_items (
    programme_id VARCHAR NOT NULL,
    fact         VARCHAR NOT NULL,   -- event type
    on_date      DATE,
    field        VARCHAR NOT NULL,
    item         VARCHAR,
    value        BIGINT,
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
-- One row per answer of a survey response; responses are anonymous and free
-- text answers are not kept here.
CREATE TABLE IF NOT EXISTS survey_answers (
    survey_id     VARCHAR NOT NULL,
    instrument_id VARCHAR NOT NULL,
    answered_on   DATE NOT NULL,
    partial       BOOLEAN NOT NULL,
    question_id   VARCHAR NOT NULL,
    choice        VARCHAR,
    value         INTEGER,
    pos UBIGINT NOT NULL, recorded_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL USING COMPRESSION uncompressed
);
