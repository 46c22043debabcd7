package schemas_test

import (
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/schemas"
)

// TestSurveyAnswerCannotNameItsRespondent: a response is anonymous, and its
// schema allows no field that could name who answered, at the top or in an
// answer.
func TestSurveyAnswerCannotNameItsRespondent(t *testing.T) {
	const sa = "evaluation.survey_answered"
	base := `{"survey_id":"svy-1","instrument_id":"resource6","answered_on":"2025-06-20","partial":true,"answers":[{"question_id":"q3","choice":"yes"%s}]%s}`
	if err := schemas.Validate(sa, 1, []byte(strings.Replace(strings.Replace(base, "%s", "", 1), "%s", "", 1))); err != nil {
		t.Fatalf("valid response rejected: %v", err)
	}
	for _, tt := range []struct{ name, inAnswer, top string }{
		{"participant_id", "", `,"participant_id":"m1"`},
		{"respondent", "", `,"respondent":"m1"`},
		{"in an answer", `,"participant_id":"m1"`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := strings.Replace(strings.Replace(base, "%s", tt.inAnswer, 1), "%s", tt.top, 1)
			if err := schemas.Validate(sa, 1, []byte(p)); err == nil {
				t.Fatalf("accepted %s", p)
			}
		})
	}
}
