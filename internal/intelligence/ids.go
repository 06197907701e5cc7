package intelligence

import (
	"fmt"
	"regexp"
)

// Identifier patterns from the spec (Twilio TTIDs).
var (
	ConversationIDPattern              = regexp.MustCompile(`^conv_conversation_[0-7][0-9a-z]{25}$`)
	IntelligenceConfigurationIDPattern = regexp.MustCompile(`^intelligence_configuration_[0-7][0-9a-z]{25}$`)
	OperatorIDPattern                  = regexp.MustCompile(`^intelligence_operator_[0-7][0-9a-z]{25}$`)
	ParticipantIDPattern               = regexp.MustCompile(`^conv_participant_[0-7][0-9a-z]{25}$`)
	CommunicationIDPattern             = regexp.MustCompile(`^conv_communication_[0-7][0-9a-z]{25}$`)
	AccountSIDPattern                  = regexp.MustCompile(`^AC[0-9a-fA-F]{32}$`)
	APIKeySIDPattern                   = regexp.MustCompile(`^SK[0-9a-fA-F]{32}$`)
)

// ValidateConversationID reports whether id can name a conversation, so that a malformed
// id fails before any request rather than as a 400 or, worse, as a different path.
func ValidateConversationID(id string) error {
	if !ConversationIDPattern.MatchString(id) {
		return fmt.Errorf("invalid conversation id %q: must match %s", id, ConversationIDPattern)
	}
	return nil
}
