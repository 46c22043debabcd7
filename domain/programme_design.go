package domain

import (
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// The rules every programme design and management command shares, and the
// checks of their fields.

// checkOpen checks what every programme event needs: a registered
// programme (ENOTFOUND), this one, not closed (ECONFLICT), and a date of
// the fact on or after the registration.
func (p *Programme) checkOpen(e events.Payload, id, field string, on events.Date) error {
	if !p.registered {
		return p.notFoundError(id)
	}
	if id != p.id {
		return invalid(e, "programme_id", "must be %s, got %q", p.id, id)
	}
	if p.closed {
		return conflict(e, "programme %s closed on %s; nothing is recorded after", p.id, p.closedOn)
	}
	if err := checkDate(e, field, on); err != nil {
		return err
	}
	if on.Before(p.registeredOn) {
		return invalid(e, field, "must be on or after registered_on %s, got %s", p.registeredOn, on)
	}
	return nil
}

// Bounds of the programme design contracts.
const (
	maxRef       = 128 // a document reference
	maxListItems = 20  // entries of a free-text list
	maxHours     = 60  // hours a week
	maxRevision  = 10000
	// maxPence is the largest amount of money, in pence: a trillion pounds.
	maxPence = 100_000_000_000_000
)

// checkText checks a required free text of at most max characters.
func checkText[P events.Payload](e P, field, s string, max int) error {
	if strings.TrimSpace(s) == "" {
		return invalid(e, field, "required")
	}
	return checkLen(e, field, s, max)
}

// checkRef checks a required reference to a document held elsewhere.
func checkRef[P events.Payload](e P, field, ref string) error {
	return checkText(e, field, ref, maxRef)
}

// checkList checks a free-text list of 1..maxListItems entries.
func checkList[P events.Payload](e P, field string, list []string) error {
	if len(list) > maxListItems {
		return invalid(e, field, "at most %d entries, got %d", maxListItems, len(list))
	}
	return checkTexts(e, field, list, 1)
}

// checkEnums checks a list of at least one known value, none twice.
func checkEnums[P events.Payload](e P, field string, list, known []string) error {
	if len(list) == 0 {
		return invalid(e, field, "at least 1 required, got 0")
	}
	for _, v := range list {
		if err := checkOneOf(e, field, v, known); err != nil {
			return err
		}
	}
	if dup := duplicate(list); dup != "" {
		return invalid(e, field, "%q is named twice", dup)
	}
	return nil
}

// checkRange checks a whole number within lo..hi.
func checkRange[P events.Payload](e P, field string, n, lo, hi int) error {
	if n < lo || n > hi {
		return invalid(e, field, "must be %d..%d, got %d", lo, hi, n)
	}
	return nil
}

// checkMoney checks a positive amount in pence and an ISO 4217 currency.
func checkMoney[P events.Payload](e P, pence int64, currency string) error {
	if pence < 1 || pence > maxPence {
		return invalid(e, "amount_pence", "must be positive (at most %d), got %d", int64(maxPence), pence)
	}
	if len(currency) != 3 || strings.IndexFunc(currency, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return invalid(e, "currency", "must be a three-letter ISO 4217 code such as GBP, got %q", currency)
	}
	return nil
}

// checkPeriod checks that a period has both dates and ends after it starts.
func checkPeriod[P events.Payload](e P, starts, ends events.Date) error {
	if err := checkDate(e, "period_starts_on", starts); err != nil {
		return err
	}
	if err := checkDate(e, "period_ends_on", ends); err != nil {
		return err
	}
	if !ends.After(starts) {
		return invalid(e, "period_ends_on", "must be after period_starts_on %s, got %s", starts, ends)
	}
	return nil
}

// checkName checks the required name of an organisation.
func checkName[P events.Payload](e P, field, name string) error {
	return checkText(e, field, name, maxName)
}

// Known values of the programme design enumerations.
var (
	steeringRoles = []string{
		events.SteeringSeniorLead, events.SteeringCoordinator, events.SteeringPartnerRepresentative, events.SteeringLineManager,
		events.SteeringMentorRepresentative, events.SteeringMenteeRepresentative, events.SteeringHumanResources,
		events.SteeringLearningDevelopment, events.SteeringFunderRepresentative, events.SteeringOther,
	}
	appointments   = []string{events.AppointmentInternalPartOfRole, events.AppointmentInternalDedicated, events.AppointmentExternal}
	recordsStorage = []string{events.RecordsElectronic, events.RecordsPaper, events.RecordsElectronicAndPaper}
	// policies are the nine of good practice checklist 3, in its order.
	policies = []string{
		events.PolicyCodeOfConduct, events.PolicyComplaints, events.PolicyConfidentialityDataProtection,
		events.PolicyEqualOpportunities, events.PolicyGovernance, events.PolicyHealthAndSafety,
		events.PolicyVolunteering, events.PolicyValuesStatement, events.PolicyProtectingVulnerableGroups,
	}
	audiences = []string{
		events.AudienceSeniorManagers, events.AudienceLineManagers, events.AudienceMentors, events.AudienceMentees,
		events.AudienceStaff, events.AudiencePartnerOrganisations, events.AudienceSteeringGroup, events.AudienceFunders, events.AudienceOther,
	}
	measures = []string{
		events.MeasureGoalsAchieved, events.MeasureMilestonesAchieved, events.MeasureQualifications, events.MeasureLearningObjectives,
		events.MeasureSkillsAcquired, events.MeasureStaffTurnover, events.MeasureRelationshipCompletion, events.MeasureParticipantFeedback,
	}
	evaluationMethods = []string{
		events.EvaluationInterviews, events.EvaluationFocusGroups, events.EvaluationQuestionnaires, events.EvaluationMilestoneAssessment,
		events.EvaluationStatistics, events.EvaluationDocumentChanges, events.EvaluationAdministrativeFiles,
	}
	recognitions = []string{
		events.RecognitionCertificate, events.RecognitionCelebration, events.RecognitionCPD,
		events.RecognitionPerformanceReview, events.RecognitionAccreditation, events.RecognitionOther,
	}
	funderKinds = []string{
		events.FunderInternal, events.FunderPartnerOrganisation, events.FunderPublicBody, events.FunderCharitableTrust,
		events.FunderLottery, events.FunderCorporate, events.FunderOther,
	}
	fundingStatuses = []string{events.FundingActual, events.FundingPotential}
	spendCategories = []string{
		events.SpendCoordination, events.SpendAdministration, events.SpendTraining, events.SpendInduction, events.SpendVenues,
		events.SpendExpenses, events.SpendMaterials, events.SpendMarketing, events.SpendEvaluation, events.SpendRecognition, events.SpendOther,
	}
	briefingMethods = []string{events.BriefingMeeting, events.BriefingPresentation, events.BriefingWritten, events.BriefingOnline}
	reviewKinds     = []string{
		events.ReviewSteeringGroup, events.ReviewAnnual, events.ReviewMidTerm, events.ReviewEndOfPilot, events.ReviewFinal, events.ReviewAdHoc,
	}
	documentKinds = []string{
		events.DocumentProcedureManual, events.DocumentPolicy, events.DocumentPlan, events.DocumentEtiquetteGuide,
		events.DocumentAgreementTemplate, events.DocumentActionPlanTemplate, events.DocumentMeetingLogTemplate,
		events.DocumentEvaluationTool, events.DocumentTrainingMaterials, events.DocumentInductionMaterials,
		events.DocumentCommunicationStrategy, events.DocumentMarketingStrategy, events.DocumentOther,
	}
	closeReasons = []string{
		events.CloseCompleted, events.CloseFundingEnded, events.CloseMerged, events.CloseReplaced,
		events.CloseOrganisationalChange, events.CloseOther,
	}
)
