package intelligence

import (
	"fmt"
	"regexp"
)

// Identifier patterns from the spec (Twilio TTIDs).
var (
	ConversationIDPattern              = regexp.MustCompile(`^conv_conversation_[0-7][0-9a-z]{25}$`)
	IntelligenceConfigurationIDPattern = regexp.MustCompile(`^intelligence_configuration_[0-7][0-9a-z]{25}$`)
	ConfigurationRuleIDPattern         = regexp.MustCompile(`^intelligence_configurationrule_[0-7][0-9a-z]{25}$`)
	OperatorIDPattern                  = regexp.MustCompile(`^intelligence_operator_[0-7][0-9a-z]{25}$`)
	OperatorResultIDPattern            = regexp.MustCompile(`^intelligence_operatorresult_[0-7][0-9a-z]{25}$`)
	ParticipantIDPattern               = regexp.MustCompile(`^conv_participant_[0-7][0-9a-z]{25}$`)
	CommunicationIDPattern             = regexp.MustCompile(`^conv_communication_[0-7][0-9a-z]{25}$`)
	AccountSIDPattern                  = regexp.MustCompile(`^AC[0-9a-fA-F]{32}$`)
	APIKeySIDPattern                   = regexp.MustCompile(`^SK[0-9a-fA-F]{32}$`)
)

// IDError is an id that cannot name what it is meant to, found before any request: a
// malformed id never becomes a request, or worse another path.
type IDError struct {
	Kind    string // "conversation", "operator", ...
	ID      string
	Pattern *regexp.Regexp
}

func (e *IDError) Error() string {
	return fmt.Sprintf("invalid %s id %q: must match %s", e.Kind, e.ID, e.Pattern)
}

func validateID(kind string, pattern *regexp.Regexp, id string) error {
	if !pattern.MatchString(id) {
		return &IDError{Kind: kind, ID: id, Pattern: pattern}
	}
	return nil
}

// ValidateConversationID reports whether id can name a conversation.
func ValidateConversationID(id string) error {
	return validateID("conversation", ConversationIDPattern, id)
}

// ValidateOperatorResultID reports whether id can name an operator result.
func ValidateOperatorResultID(id string) error {
	return validateID("operator result", OperatorResultIDPattern, id)
}

// ValidateOperatorID reports whether id can name a Language Operator.
func ValidateOperatorID(id string) error {
	return validateID("operator", OperatorIDPattern, id)
}

// ValidateConfigurationID reports whether id can name an Intelligence Configuration.
func ValidateConfigurationID(id string) error {
	return validateID("intelligence configuration", IntelligenceConfigurationIDPattern, id)
}
