package demo

import (
	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// The words of the demo: what peer mentoring pairs in two public-sector
// partner organisations talk about, agree and write down (resources 13
// and 15). Nothing here names or identifies a person.

// theme is a pair's development focus: it drives the action plan and the
// topics and actions of the meeting logs.
type theme struct {
	name            string
	longTermGoal    string
	shortTermGoals  []string
	milestones      []string
	successCriteria []string
	topics          []string
	actions         []events.Action
	challenges      []string
	steps           []string
	resources       []string
	qualification   string // one a mentee may gain (scheme themes)
}

var themes = []theme{
	{
		name:           "stepping up to team leadership",
		longTermGoal:   "Be ready to apply for a team leader post within the next year",
		shortTermGoals: []string{"Lead the weekly team huddle for a month", "Hold regular one-to-ones with two team members", "Understand the team budget and rota planning"},
		milestones:     []string{"First huddle led and feedback gathered", "One-to-one template agreed with line manager", "Shadowed the rota planning cycle"},
		successCriteria: []string{
			"Line manager confirms readiness to act up",
			"Team members say huddles are clear and useful",
		},
		topics: []string{"moving from peer to team leader", "delegating without losing control", "giving constructive feedback", "handling conflict in the team", "planning one-to-ones with staff", "acting-up opportunities"},
		actions: []events.Action{
			{Description: "Lead next week's team huddle and ask two colleagues for feedback", Owner: events.RoleMentee},
			{Description: "Share the one-to-one template used in the mentor's service", Owner: events.RoleMentor},
			{Description: "Ask line manager about acting-up cover during annual leave", Owner: events.RoleMentee},
			{Description: "Write down one difficult conversation and how it went", Owner: events.RoleMentee},
			{Description: "Introduce mentee to a team leader in the partner organisation", Owner: events.RoleMentor},
		},
		challenges: []string{"Colleagues still treat the mentee as a peer", "Little protected time to prepare for huddles", "Unsure how much to delegate"},
		steps:      []string{"Mentee to book protected preparation time in the diary", "Mentor to share examples of delegation agreements"},
		resources:  []string{"Leadership e-learning module (partnership portal)", "Team budget summary from finance", "One-to-one template"},
	},
	{
		name:           "leading change across the partnership",
		longTermGoal:   "Lead the joint discharge-to-assess improvement project across both organisations",
		shortTermGoals: []string{"Map the stakeholders in both organisations", "Draft a communication plan for the redesign", "Agree two measures of improvement"},
		milestones:     []string{"Stakeholder map shared with the project board", "Communication plan approved", "Baseline measures collected"},
		successCriteria: []string{
			"Project board accepts the plan",
			"Both organisations' teams attend the launch",
		},
		topics: []string{"stakeholder mapping", "communicating a service redesign", "managing resistance to change", "working across two organisational cultures", "measuring improvement", "chairing the project group"},
		actions: []events.Action{
			{Description: "Draft the stakeholder map and bring it to the next meeting", Owner: events.RoleMentee},
			{Description: "Send the change communication template used in the council", Owner: events.RoleMentor},
			{Description: "Arrange a visit to the partner organisation's discharge team", Owner: events.RoleMentee},
			{Description: "Identify two baseline measures with the improvement adviser", Owner: events.RoleMentee},
			{Description: "Review the draft communication plan before it goes to the board", Owner: events.RoleMentor},
		},
		challenges: []string{"Different approval processes in the two organisations", "Staff wary of another restructure", "Data on delays hard to get"},
		steps:      []string{"Mentee to book a slot at the project board", "Mentor to open doors to the council's improvement team"},
		resources:  []string{"Partnership improvement toolkit", "Access to the delayed-discharge dashboard", "Project board terms of reference"},
	},
	{
		name:           "confidence in presenting and influencing",
		longTermGoal:   "Present the service's annual report to the joint committee with confidence",
		shortTermGoals: []string{"Present at a team meeting each month", "Write a one-page briefing for senior managers", "Practise handling challenging questions"},
		milestones:     []string{"First team presentation given", "Briefing accepted by the head of service", "Rehearsal with the mentor completed"},
		successCriteria: []string{
			"Self-rated confidence rises from 3 to 7 out of 10",
			"Committee paper presented without notes",
		},
		topics: []string{"structuring a short presentation", "preparing a committee paper", "handling questions under pressure", "influencing without authority", "reading the room"},
		actions: []events.Action{
			{Description: "Volunteer to present the monthly figures at the team meeting", Owner: events.RoleMentee},
			{Description: "Share two committee papers that worked well", Owner: events.RoleMentor},
			{Description: "Rehearse the opening two minutes and record it", Owner: events.RoleMentee},
			{Description: "Sit in on a committee meeting as an observer", Owner: events.RoleMentee},
			{Description: "Give written feedback on the draft briefing", Owner: events.RoleMentor},
		},
		challenges: []string{"Nerves before speaking to senior managers", "Too much detail in drafts", "Few chances to present in the current role"},
		steps:      []string{"Mentee to ask the head of service for a presenting slot", "Mentor to arrange an observer place at committee"},
		resources:  []string{"Committee paper template", "Presentation skills workshop (learning and development)"},
	},
	{
		name:           "career planning and promotion",
		longTermGoal:   "Secure a senior practitioner post in either partner organisation",
		shortTermGoals: []string{"Map the career options across both organisations", "Update the CV and supporting statement", "Prepare for a competency-based interview"},
		milestones:     []string{"Career map drafted", "Supporting statement reviewed", "Mock interview held"},
		successCriteria: []string{
			"Application submitted for a suitable post",
			"Mentee reports feeling prepared for interview",
		},
		topics: []string{"mapping career options", "writing a supporting statement", "interview practice", "building a professional network", "evidence for the capability framework"},
		actions: []events.Action{
			{Description: "List three posts of interest and their person specifications", Owner: events.RoleMentee},
			{Description: "Review the supporting statement and mark strengths", Owner: events.RoleMentor},
			{Description: "Book an informational conversation with a senior practitioner", Owner: events.RoleMentee},
			{Description: "Run a mock interview with three competency questions", Owner: domain.RoleBoth},
			{Description: "Collect evidence against the capability framework", Owner: events.RoleMentee},
		},
		challenges: []string{"Few posts advertised this year", "Hard to describe own achievements", "Balancing study with a full caseload"},
		steps:      []string{"Mentee to set job alerts in both organisations", "Mentor to introduce two contacts in the partner organisation"},
		resources:  []string{"Capability framework", "Interview question bank from human resources"},
	},
	{
		name:           "workload and wellbeing",
		longTermGoal:   "Keep a sustainable workload while taking on the new caseload lead role",
		shortTermGoals: []string{"Prioritise the weekly task list with line manager", "Protect one hour a week for reflection", "Agree how to say no to extra requests"},
		milestones:     []string{"Weekly priorities agreed for a month", "Reflection hour kept for four weeks", "Workload discussed at supervision"},
		successCriteria: []string{
			"Overtime reduced to under two hours a week",
			"Mentee reports feeling more in control",
		},
		topics: []string{"prioritising competing demands", "saying no constructively", "protecting time for reflection", "managing email overload", "using supervision well"},
		actions: []events.Action{
			{Description: "Try the urgent/important grid for two weeks", Owner: events.RoleMentee},
			{Description: "Block a weekly reflection hour in the diary", Owner: events.RoleMentee},
			{Description: "Share how the mentor's team triages requests", Owner: events.RoleMentor},
			{Description: "Raise workload at the next supervision session", Owner: events.RoleMentee},
		},
		challenges: []string{"Reflection time keeps being cancelled", "Vacancies in the team add cover shifts", "Email volume after the system change"},
		steps:      []string{"Mentee to agree the reflection hour with line manager", "Mentor to check in by email after two weeks"},
		resources:  []string{"Wellbeing service leaflet", "Time management e-learning"},
	},
	{
		name:           "developing coaching skills with own team",
		longTermGoal:   "Use a coaching approach in supervision with the whole team",
		shortTermGoals: []string{"Practise GROW conversations with two staff", "Improve active listening", "Ask more open questions in supervision"},
		milestones:     []string{"Two GROW conversations held", "Feedback gathered from staff", "Supervision notes show agreed actions"},
		successCriteria: []string{
			"Staff say supervision helps them solve their own problems",
			"Mentee can run a GROW conversation without notes",
		},
		topics: []string{"the GROW model in supervision", "active listening", "asking powerful questions", "giving feedback that sticks", "OSKAR scaling questions"},
		actions: []events.Action{
			{Description: "Hold a GROW conversation with one team member", Owner: events.RoleMentee},
			{Description: "Share the OSKAR question sheet", Owner: events.RoleMentor},
			{Description: "Note three open questions that worked", Owner: events.RoleMentee},
			{Description: "Observe part of a supervision session and give feedback", Owner: events.RoleMentor},
		},
		challenges: []string{"Falling back into telling rather than asking", "Staff expect quick answers", "Time pressure in supervision"},
		steps:      []string{"Mentee to plan questions before each supervision", "Mentor to model a GROW conversation at the next meeting"},
		resources:  []string{"GROW and OSKAR question sheets (resources 12 and 16)", "Coaching skills workshop"},
	},
}

// First and last meetings have their own topics (guidance: "planning and
// managing the first meeting"; checklist 7, winding up and closure).
var (
	firstTopics = []string{"getting to know each other", "expectations of the mentor and mentee roles", "ground rules and confidentiality"}
	lastTopics  = []string{"reviewing what has been learnt", "next steps for the mentee", "closing the relationship"}
	agendaOpen  = []string{"review actions from last meeting", "progress against the action plan"}
)

// Venues by kind (checklist 6: a neutral venue, or privacy in the workplace).
var venues = map[string][]string{
	events.LocationNeutral:          {"Eastbank Central Library, study room", "Riverside community centre, room 3", "café at the Lochside Arts Centre", "partnership learning centre, room 2"},
	events.LocationWorkplacePrivate: {"small meeting room, Lochside House", "quiet room, Eastbank Council offices", "mentor's office with the door closed"},
	events.LocationOnline:           {"Teams video call", "Zoom video call"},
	events.LocationWorkplaceOpen:    {"open-plan office, Eastbank Council offices", "staff canteen, Lochside House"},
	events.LocationOther:            {"telephone call"},
}

var postponeReasons = []string{
	"clash with a service inspection visit",
	"annual leave",
	"off sick",
	"urgent report for the committee",
	"covering the duty rota",
	"caring responsibilities at home",
	"training course rescheduled",
}

var lateNoticeReasons = []string{
	"called into an urgent case conference",
	"off sick this morning",
	"team short-staffed today: covering the front desk",
}

var rationales = []string{
	"Mentee wants to develop %s; mentor has led this in the partner organisation.",
	"Matched across the partnership on %s; no line-management link between them.",
	"Mentor's experience of %s matches the mentee's development goal.",
	"Both asked to work on %s; mentor offered evening availability.",
}

// The words of the refugee education scheme: what school staff supporting
// refugee children talk about with a mentor from another school.
var schemeThemes = []theme{
	{
		name:           "supporting a newly arrived pupil with little English",
		longTermGoal:   "Plan and teach so that newly arrived pupils with little English take part fully in lessons",
		shortTermGoals: []string{"Assess the pupil's languages and prior schooling with the EAL service", "Use visual and bilingual resources in every lesson"},
		milestones:     []string{"Language profile completed with the EAL service", "Bilingual word bank in use", "Pupil contributes in a group task"},
		successCriteria: []string{
			"Pupil takes part in group work within the term",
			"Mentee plans EAL support without prompting",
		},
		topics: []string{"first weeks in school", "assessing prior learning", "bilingual resources", "working with the EAL service", "peer buddies"},
		actions: []events.Action{
			{Description: "Complete the language profile with the EAL teacher", Owner: events.RoleMentee},
			{Description: "Share the bilingual word bank used in the mentor's school", Owner: events.RoleMentor},
			{Description: "Set up a peer buddy for the pupil", Owner: events.RoleMentee},
			{Description: "Observe a lesson with a newly arrived pupil", Owner: events.RoleMentor},
		},
		challenges:    []string{"No interpreter available at short notice", "Pupil very withdrawn in class", "Little time to adapt materials"},
		steps:         []string{"Mentee to book time with the EAL service", "Mentor to send adapted lesson examples"},
		resources:     []string{"EAL service guidance", "Bilingual dictionaries and picture cards"},
		qualification: "Certificate in teaching English as an additional language (module 1)",
	},
	{
		name:           "trauma-informed classroom practice",
		longTermGoal:   "Use trauma-informed approaches consistently with the refugee pupils in the class",
		shortTermGoals: []string{"Agree a calm space and routine with the pupil", "Learn the school's route to the educational psychologist"},
		milestones:     []string{"Calm space agreed", "Trauma-informed practice training attended", "Routine reviewed with the guidance teacher"},
		successCriteria: []string{
			"Fewer incidents of distress in class",
			"Mentee knows when and how to refer on",
		},
		topics: []string{"recognising signs of trauma", "predictable routines", "when to refer on", "looking after yourself", "boundaries of the teacher's role"},
		actions: []events.Action{
			{Description: "Agree the calm space with the pupil and the guidance teacher", Owner: events.RoleMentee},
			{Description: "Share the referral route to the educational psychologist", Owner: events.RoleMentor},
			{Description: "Keep a short reflective journal for two weeks", Owner: events.RoleMentee},
		},
		challenges:    []string{"Distress after news from home", "Staff unsure what to say", "Waiting list for specialist support"},
		steps:         []string{"Mentee to attend the trauma-informed practice session", "Mentor to introduce the educational psychologist"},
		resources:     []string{"Trauma-informed practice toolkit", "Educational psychology referral form"},
		qualification: "Trauma-informed practice: skilled level (council course)",
	},
	{
		name:           "working with families through interpreters",
		longTermGoal:   "Build a working partnership with refugee families, using interpreters well",
		shortTermGoals: []string{"Hold a parents' meeting with an interpreter", "Map the resettlement team's contacts"},
		milestones:     []string{"First meeting with a family and interpreter held", "Resettlement team contact agreed", "Family attends a school event"},
		successCriteria: []string{
			"Families attend parents' evenings",
			"Mentee briefs interpreters confidently",
		},
		topics: []string{"briefing an interpreter", "cultural expectations of school", "the resettlement team", "home-school communication", "celebrating achievement with families"},
		actions: []events.Action{
			{Description: "Book an interpreter for the next parents' meeting", Owner: events.RoleMentee},
			{Description: "Share the interpreter briefing sheet", Owner: events.RoleMentor},
			{Description: "Invite the family to the school's community event", Owner: events.RoleMentee},
		},
		challenges: []string{"Interpreter cancelled at short notice", "Family wary of school meetings", "Letters home not translated"},
		steps:      []string{"Mentee to contact the resettlement team", "Mentor to share translated letter templates"},
		resources:  []string{"Interpreting service booking line", "Translated school letters"},
	},
}

var schemeVenues = map[string][]string{
	events.LocationNeutral:          {"Westmuir Teachers' Centre, room 1", "Westmuir library meeting room"},
	events.LocationWorkplacePrivate: {"school library after hours", "depute head's office", "EAL base, Westmuir Academy"},
	events.LocationOnline:           {"Teams video call"},
	events.LocationWorkplaceOpen:    {"staff room at lunchtime"},
	events.LocationOther:            {"telephone call"},
}

var schemeRationales = []string{
	"Mentee is supporting a refugee pupil and asked for help with %s; mentor has led this in another school.",
	"Matched across schools on %s; the mentor has EAL and refugee-support experience.",
	"Mentor's practice in %s fits the mentee's goals for this school year.",
}
