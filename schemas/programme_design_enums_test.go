package schemas_test

import "github.com/mentorledger/mentorledger/events"

// The enumerated fields of the programme design events (steps 1–8,
// checklists 1–3), added to enumerations from their own file so that
// schemas_test.go stays untouched by each new group of events.
func init() {
	audiences := []string{
		events.AudienceSeniorManagers, events.AudienceLineManagers, events.AudienceMentors, events.AudienceMentees,
		events.AudienceStaff, events.AudiencePartnerOrganisations, events.AudienceSteeringGroup, events.AudienceFunders, events.AudienceOther,
	}
	for name, values := range map[string][]string{
		"programme.steering_group_formed.members.*.role": {
			events.SteeringSeniorLead, events.SteeringCoordinator, events.SteeringPartnerRepresentative, events.SteeringLineManager,
			events.SteeringMentorRepresentative, events.SteeringMenteeRepresentative, events.SteeringHumanResources,
			events.SteeringLearningDevelopment, events.SteeringFunderRepresentative, events.SteeringOther,
		},
		"programme.coordinator_appointed.appointment":       {events.AppointmentInternalPartOfRole, events.AppointmentInternalDedicated, events.AppointmentExternal},
		"programme.administration_arranged.records_storage": {events.RecordsElectronic, events.RecordsPaper, events.RecordsElectronicAndPaper},
		"programme.policy_adopted.policy": {
			events.PolicyCodeOfConduct, events.PolicyComplaints, events.PolicyConfidentialityDataProtection,
			events.PolicyEqualOpportunities, events.PolicyGovernance, events.PolicyHealthAndSafety,
			events.PolicyVolunteering, events.PolicyValuesStatement, events.PolicyProtectingVulnerableGroups,
		},
		"programme.communication_strategy_adopted.audiences.*": audiences,
		"programme.marketing_strategy_adopted.audiences.*":     audiences,
		"programme.selection_criteria_set.role":                {events.RoleMentor, events.RoleMentee},
		"programme.evaluation_strategy_defined.measures.*": {
			events.MeasureGoalsAchieved, events.MeasureMilestonesAchieved, events.MeasureQualifications, events.MeasureLearningObjectives,
			events.MeasureSkillsAcquired, events.MeasureStaffTurnover, events.MeasureRelationshipCompletion, events.MeasureParticipantFeedback,
		},
		"programme.evaluation_strategy_defined.methods.*": {
			events.EvaluationInterviews, events.EvaluationFocusGroups, events.EvaluationQuestionnaires, events.EvaluationMilestoneAssessment,
			events.EvaluationStatistics, events.EvaluationDocumentChanges, events.EvaluationAdministrativeFiles,
		},
		"programme.evaluation_strategy_defined.audiences.*": audiences,
		"programme.recognition_arranged.mechanisms.*": {
			events.RecognitionCertificate, events.RecognitionCelebration, events.RecognitionCPD,
			events.RecognitionPerformanceReview, events.RecognitionAccreditation, events.RecognitionOther,
		},
		"programme.funding_source_identified.funder_kind": {
			events.FunderInternal, events.FunderPartnerOrganisation, events.FunderPublicBody, events.FunderCharitableTrust,
			events.FunderLottery, events.FunderCorporate, events.FunderOther,
		},
		"programme.funding_source_identified.status": {events.FundingActual, events.FundingPotential},
		"programme.expenditure_recorded.category": {
			events.SpendCoordination, events.SpendAdministration, events.SpendTraining, events.SpendInduction, events.SpendVenues,
			events.SpendExpenses, events.SpendMaterials, events.SpendMarketing, events.SpendEvaluation, events.SpendRecognition, events.SpendOther,
		},
		"programme.stakeholders_briefed.audiences.*": audiences,
		"programme.stakeholders_briefed.method":      {events.BriefingMeeting, events.BriefingPresentation, events.BriefingWritten, events.BriefingOnline},
		"programme.reviewed.kind": {
			events.ReviewSteeringGroup, events.ReviewAnnual, events.ReviewMidTerm, events.ReviewEndOfPilot, events.ReviewFinal, events.ReviewAdHoc,
		},
		"programme.document_revised.document_kind": {
			events.DocumentProcedureManual, events.DocumentPolicy, events.DocumentPlan, events.DocumentEtiquetteGuide,
			events.DocumentAgreementTemplate, events.DocumentActionPlanTemplate, events.DocumentMeetingLogTemplate,
			events.DocumentEvaluationTool, events.DocumentTrainingMaterials, events.DocumentInductionMaterials,
			events.DocumentCommunicationStrategy, events.DocumentMarketingStrategy, events.DocumentOther,
		},
		"programme.closed.reason": {
			events.CloseCompleted, events.CloseFundingEnded, events.CloseMerged, events.CloseReplaced,
			events.CloseOrganisationalChange, events.CloseOther,
		},
	} {
		if _, dup := enumerations[name]; dup {
			panic("enumerations: " + name + " given twice")
		}
		enumerations[name] = values
	}
}
