package schemas_test

import "github.com/mentorledger/mentorledger/events"

// The enumerations of the participant and relationship lifecycle events
// (issue 3), kept in their own file so that they merge without touching
// the table in schemas_test.go.
func init() {
	for name, values := range map[string][]string{
		"participant.not_selected.reason": {
			events.NotSelectedCriteriaNotMet, events.NotSelectedCommitment, events.NotSelectedSelfSelected, events.NotSelectedNoPlace, events.NotSelectedOther,
		},
		"participant.mentor_level_assessed.level": {
			events.LevelFoundation, events.LevelPractitioner, events.LevelSeniorPractitioner, events.LevelMasterPractitioner,
		},
		"participant.training_need_identified.area": {
			events.NeedRoleAndBoundaries, events.NeedEtiquette, events.NeedSkills, events.NeedManagingRelationship,
			events.NeedActionPlanning, events.NeedMonitoringEvaluation, events.NeedOther,
		},
		"relationship.goal_set.kind": {events.GoalLongTerm, events.GoalShortTerm},
		"relationship.reviewed.kind": {events.RelationshipReviewProgress, events.RelationshipReviewGoals, events.RelationshipReviewRelationship, events.RelationshipReviewPhase, events.RelationshipReviewFinal},
		"relationship.phase_entered.phase": {
			events.PhaseBuildingRapport, events.PhaseSettingDirection, events.PhaseProgression, events.PhaseWindingUp, events.PhaseMovingOn,
		},
		"relationship.issue_raised.category": {
			events.IssueMeetings, events.IssueExpectations, events.IssueBoundaries, events.IssueConfidentiality,
			events.IssueCommitment, events.IssuePractical, events.IssueOther,
		},
		"relationship.issue_raised.raised_by_role": {events.RoleMentor, events.RoleMentee, events.IssueByCoordinator},
	} {
		enumerations[name] = values
	}
}
