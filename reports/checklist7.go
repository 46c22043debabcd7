package reports

import (
	"context"
	"database/sql"
	"io"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// Checklist7 is the report of good practice checklist 7, a practical guide
// to managing, progressing and sustaining the mentoring relationship.
type Checklist7 = RelationshipLevelChecklist

// Checklist7Items are the items of good practice checklist 7, stage by
// stage, in the guidance's order, with the rule each is judged by. Each
// stage's items fall due some time into the relationship (see stageRule):
// before then, and in a relationship that ended before then, an item with
// no evidence yet is not applicable.
var Checklist7Items = []Item{
	{1, "rapport-establish", "Stage 1 Build rapport: Establish rapport.",
		"met: the relationship entered the building-rapport phase and a first meeting was held; partly: one of the two; not met: neither " + stage1Due},
	{2, "rapport-get-on", "Stage 1 Build rapport: Work out whether you can get on and respect each other.",
		"met: a second meeting was held, or the relationship was reviewed, or it ended as not working and a rematch was arranged (the pair worked it out); partly: it ended as not working with no rematch; not met: none of these 60 days after the match"},
	{3, "rapport-expectations", "Stage 1 Build rapport: Manage expectations and exchange views on what the relationship is and is not.",
		"met: every party completed mentor training or mentee induction (where what mentoring is and is not is set out) by the first meeting, and no issue about expectations is open; partly: some parties did, or an expectations issue is open; not met: no party did"},
	{4, "rapport-contract", "Stage 1 Build rapport: Agree to the mentoring contract including confidentiality.",
		"met: the agreement is signed by every party, with confidentiality agreed, at the first meeting or within 30 days of the match; partly: signed later, or not by every party, or without confidentiality; not met: no agreement " + stage1Due},
	{5, "rapport-accountability", "Stage 1 Build rapport: Agree accountability.",
		"met: the agreement is signed and meeting logs record action points with owners; partly: one of the two; not met: neither 60 days after the match"},
	{6, "rapport-way-of-working", "Stage 1 Build rapport: Agree a way of working together – considering roles and responsibilities.",
		"met: the agreement sets all four terms of working together (meeting frequency, shortest and longest meeting, contact between meetings); partly: some of them; not met: no agreement " + stage1Due},
	{7, "rapport-regular-contact", "Stage 1 Build rapport: Establish a regular pattern of contact – meet on regular basis (face-to-face, Skype, Internet, telephone).",
		"met: each of the first three intervals (match to first meeting, then between meetings) that has run its course is within the agreed frequency (default 30 days) plus 7 days; partly: some are; not met: none is; not applicable: no interval has run its course"},
	{8, "rapport-boundaries", "Stage 1 Build rapport: Establish the boundaries of what will be discussed and agree the ground rules.",
		"met: the ground rules are agreed (an agreement with confidentiality) and no boundaries issue is open; partly: agreed but a boundaries issue is open, or no agreement but a boundaries issue was resolved; not met: no agreement " + stage1Due},
	{9, "rapport-commitment", "Stage 1 Build rapport: Gain commitment, get involved.",
		"met: two meetings were held and the mentee is involved in the records (a log completed by the mentee or jointly, or action points the mentee owns); partly: only one of the two; not met: neither 60 days after the match"},
	{10, "direction-learning-approaches", "Stage 2 Set direction: Consider learning approaches and preferences.",
		"not applicable: the ledger records no learning approaches or preferences (they are discussed in meetings, whose content checklists do not read), so nothing can evidence this item"},
	{11, "direction-diagnose-grow", "Stage 2 Set direction: Diagnose needs, aspiration and goals (GROW model).",
		"met: a goal is set and a GROW commitment rating or an OSKAR scaling is recorded; partly: a goal with no rating; not met: no goal " + stage2Due},
	{12, "direction-current-reality", "Stage 2 Set direction: Establish the current reality.",
		"met: an OSKAR progress scaling records where the mentee stands; not met: none " + stage2Due},
	{13, "direction-determine-goals", "Stage 2 Set direction: Determine the goals.",
		"met: a goal is set, or an action plan with a long-term goal agreed; not met: neither " + stage2Due},
	{14, "direction-objectives-criteria", "Stage 2 Set direction: Agree and set objectives and their success criteria/measures.",
		"met: an action plan is agreed with success criteria and milestones; partly: an action plan without success criteria or milestones, or goals with milestones and no plan; not met: none " + stage2Due},
	{15, "direction-priorities", "Stage 2 Set direction: Identify priority areas.",
		"met: short-term goals (the priorities of resource 15) are set as goals or in the action plan; not met: none " + stage2Due},
	{16, "direction-focus", "Stage 2 Set direction: Clarify the focus.",
		"met: a long-term goal is set as a goal or in the action plan; not met: none " + stage2Due},
	{17, "direction-development-plan", "Stage 2 Set direction: Begin work – create personal development plan.",
		"met: an action plan (the personal development plan of resource 15) is agreed by the time stage 2 falls due; partly: agreed later; not met: none " + stage2Due},
	{18, "direction-commitment", "Stage 2 Set direction: Gain commitment.",
		"met: the mentee's latest GROW commitment rating is 7 or more (of 10); partly: it is below 7; not met: no rating " + stage2Due},
	{19, "progression-positive-environment", "Stage 3 Progression: Create a positive environment for progressing the mentee's issues.",
		"met: meetings are held, none at an open workplace, and no confidentiality issue is open; partly: some meetings at an open workplace (at most a third), or a confidentiality issue open; not met: more than a third at an open workplace, or no meeting " + stage3Due},
	{20, "progression-expertise", "Stage 3 Progression: Use each other's expertise.",
		"met: meeting logs record action points owned by the mentor and by the mentee (each bringing theirs); partly: by only one of them; not met: none " + stage3Due},
	{21, "progression-review-progress", "Stage 3 Progression: Review progress and adapt if necessary.",
		"met: progress is reviewed (relationship.reviewed of kind progress, or the action plan reviewed); not met: no review " + stage3Due},
	{22, "progression-empower", "Stage 3 Progression: Empower, identify and create opportunities for progress.",
		"met: the mentee owns action points and has achieved a milestone or goal; partly: one of the two; not met: neither " + stage3Due},
	{23, "progression-new-issues", "Stage 3 Progression: Identify new issues.",
		"met: after the first goals or plan, a new goal is set, a goal revised, or an issue raised; not met: none " + stage3Due},
	{24, "progression-feelings", "Stage 3 Progression: Explore feelings about progress so far.",
		"met: progress is scaled (OSKAR) at least twice, a return to how far the mentee feels they have come; partly: once; not met: never " + stage3Due},
	{25, "progression-recognise-achievements", "Stage 3 Progression: Recognise achievements.",
		"met: achievements are recorded (a milestone or goal achieved, or objectives achieved noted in a meeting log); not met: none " + stage3Due},
	{26, "progression-constraints", "Stage 3 Progression: Examine constraints.",
		"met: meeting logs record challenges, or a missed milestone is recorded; not met: none " + stage3Due},
	{27, "progression-options", "Stage 3 Progression: Consider options - look for solutions.",
		"met: every meeting log that records challenges also records steps or action points, and every issue raised is resolved; partly: some are; not met: none is; not applicable: no challenge or issue recorded"},
	{28, "progression-review-goals", "Stage 3 Progression: Review goals/objectives (to ensure still relevant).",
		"met: goals are reviewed (relationship.reviewed of kind goals) or revised; not met: neither " + stage3Due},
	{29, "progression-review-relationship", "Stage 3 Progression: Review relationship.",
		"met: the relationship is reviewed (relationship.reviewed of kind relationship); partly: only other kinds of review; not met: no review " + stage3Due},
	{30, "closure-revisit-purpose", "Stage 4/5 Winding up and closure: Revisit purpose – reviewing and critically reflecting on what has been learnt.",
		"met: a goals or final review, or a progress scaling, is recorded on or after the winding-up phase began or the ending was prepared; partly: winding up began or the ending was prepared with no such review; not met: neither " + stage4Due},
	{31, "closure-feelings-concerns", "Stage 4/5 Winding up and closure: Acknowledge and address feelings and concerns.",
		"met: the ending was prepared with the parties and no issue is left open; partly: one of the two; not met: neither " + stage4Due},
	{32, "closure-review-evaluate", "Stage 4/5 Winding up and closure: Review and evaluate.",
		"met: a final review of the relationship is recorded (relationship.reviewed of kind final); not met: none " + stage4Due},
	{33, "closure-next-steps", "Stage 4/5 Winding up and closure: Identify next steps for mentee.",
		"met: the ending was prepared with next steps for the mentee identified; partly: prepared without next steps; not met: not prepared " + stage4Due},
	{34, "closure-goodbye", "Stage 4/5 Winding up and closure: Say goodbye – closure.",
		"met: closure is completed (relationship.closure_completed); partly: the moving-on phase was entered without closure completed; not met: neither 30 days after the ending; not applicable: not ended, or ended less than 30 days ago"},
}

// When the stages fall due.
const (
	stage1Due = "30 days after the match; not applicable before then"
	stage2Due = "30 days after the setting-direction phase began, or 90 days after the match, whichever is known first; not applicable before then or in a relationship that ended earlier"
	stage3Due = "60 days after the progression phase began, or 180 days after the match; not applicable before then or in a relationship that ended earlier"
	stage4Due = "at the ending, 30 days into the winding-up phase or at the agreed end date, whichever comes first; not applicable before then"
)

// BuildChecklist7 answers checklist 7 per relationship, summarised per
// programme, from the views as of asOf; programme limits it to one ("" =
// every programme).
func BuildChecklist7(ctx context.Context, src Source, programme string, asOf AsOf, now time.Time) (*Checklist7, error) {
	return buildChecklist7(ctx, src, programme, asOf, now, loadChecklist7)
}

// c7loader reads every relationship's evidence for checklist 7 as of f
// and hands each, with its id, to judge on one of workers goroutines.
type c7loader func(ctx context.Context, db *sql.DB, f filter, programme string, ref time.Time, workers int,
	judge func(w int, id string, b *c7book) error) error

// c7judged is one relationship judged, with its programme.
type c7judged struct {
	programme string
	rc        RelationshipChecklist
}

func buildChecklist7(ctx context.Context, src Source, programme string, asOf AsOf, now time.Time, load c7loader) (*Checklist7, error) {
	basis, f, err := resolve(ctx, src, asOf, now)
	if err != nil {
		return nil, err
	}
	names, err := programmeNames(ctx, src.DB(), f)
	if err != nil {
		return nil, err
	}
	only, err := onlyProgrammes(names, []string{programme})
	if err != nil {
		return nil, err
	}
	ref := events.NewDate(f.ref).Time()
	workers := runtime.GOMAXPROCS(0)
	parts := make([][]c7judged, workers)
	evidence := make([]relEvidence, workers)
	err = load(ctx, src.DB(), f, programme, ref, workers, func(w int, id string, b *c7book) error {
		e := &evidence[w]
		e.reset(b, ref)
		if e.ok && only(e.programme) {
			parts[w] = append(parts[w], c7judged{e.programme, judgeChecklist7(id, e)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var all []c7judged
	for _, p := range parts {
		all = append(all, p...)
	}
	slices.SortFunc(all, func(a, b c7judged) int { return strings.Compare(a.rc.RelationshipID, b.rc.RelationshipID) })
	rep := &Checklist7{Report: "checklist-7", Title: "Good practice checklist 7: A practical guide to managing, progressing and sustaining the mentoring relationship",
		Basis: basis, ProgrammeRule: ProgrammeRule, Programmes: []ProgrammeChecklist{}}
	byProg := map[string]*ProgrammeChecklist{}
	for _, j := range all {
		pc := byProg[j.programme]
		if pc == nil {
			pc = &ProgrammeChecklist{ProgrammeID: j.programme, Name: names[j.programme]}
			byProg[j.programme] = pc
		}
		pc.Relationships = append(pc.Relationships, j.rc)
	}
	for _, id := range sortedKeys(byProg) {
		pc := byProg[id]
		pc.Items = summarise(Checklist7Items, pc.Relationships)
		rep.Programmes = append(rep.Programmes, *pc)
	}
	return rep, nil
}

// RenderChecklist7 writes checklist 7 in the given format.
func RenderChecklist7(w io.Writer, format string, rep *Checklist7) error {
	return RenderChecklist6(w, format, rep)
}

func init() {
	define(Definition{Name: "checklist-7", Title: "Good practice checklist 7: managing, progressing and sustaining the relationship",
		Build: func(ctx context.Context, in Inputs, r Request) (Rendered, error) {
			rep, err := BuildChecklist7(ctx, in.Views, r.Programme, r.AsOf, r.Now)
			return built(rep, err, RenderChecklist7)
		}})
}
