package intelligence

import "time"

// The wire types of conversations (ListConversations and FetchConversation) and of the
// error body, as the OpenAPI description defines them. Fields the spec marks
// nullable are pointers so that a JSON null stays distinguishable from an empty string;
// slices stay nil for null and non-nil for [] for the same reason.

// Conversation is a ConversationListItem, or a full Conversation when it comes from Get
// (only then is Communications set).
type Conversation struct {
	ID                           string          `json:"id"`
	AccountID                    *string         `json:"accountId"`
	Name                         *string         `json:"name"`
	Status                       string          `json:"status"`
	CreatedAt                    string          `json:"createdAt"`
	UpdatedAt                    string          `json:"updatedAt"`
	IntelligenceConfigurationIDs []string        `json:"intelligenceConfigurationIds"`
	ConversationConfigurationID  string          `json:"conversationConfigurationId"`
	Channels                     []string        `json:"channels"`
	ChannelIDs                   []string        `json:"channelIds"`
	Participants                 []Participant   `json:"participants"`
	Communications               []Communication `json:"communications,omitempty"`
	OperatorResultIDs            []string        `json:"operatorResultIds"`
}

// Participant is one party of a conversation. Type is a free string in the spec; the
// documented values are listed in ParticipantTypes.
type Participant struct {
	ID            string   `json:"id"`
	Name          *string  `json:"name"`
	Type          *string  `json:"type"`
	AddressValues []string `json:"addressValues"`
}

// Communication is one message or utterance of a conversation.
type Communication struct {
	ID            string  `json:"id"`
	ParticipantID string  `json:"participantId"`
	Content       Content `json:"content"`
	CreatedAt     string  `json:"createdAt"`
}

// Content is the body of a communication; the spec allows text to be absent.
type Content struct {
	Text *string `json:"text,omitempty"`
}

// ErrorBody is the v1 error body the API returns with every 4xx and 5xx status.
type ErrorBody struct {
	Code           int               `json:"code"`
	Message        string            `json:"message"`
	HTTPStatusCode int               `json:"httpStatusCode"`
	UserError      *bool             `json:"userError,omitempty"`
	Params         map[string]string `json:"params,omitempty"`
}

// Enumerations and limits from the spec.
var (
	// Statuses are the values of ConversationStatus.
	Statuses = []string{"ACTIVE", "INACTIVE", "CLOSED"}
	// Channels are the values of Channel.
	Channels = []string{"VOICE", "SMS", "RCS", "EMAIL", "WHATSAPP", "CHAT", "API", "SYSTEM"}
	// ParticipantTypes are the documented values of a participant's free-form type.
	ParticipantTypes = []string{"CUSTOMER", "HUMAN_AGENT", "AI_AGENT", "AGENT", "UNKNOWN"}
)

const (
	// MaxPageSize is the largest pageSize the API accepts.
	MaxPageSize = 1000
	// DefaultAPIPageSize is what the API uses when pageSize is omitted.
	DefaultAPIPageSize = 50
	// MaxWindow is the widest createdAtAfter..createdAtBefore range one request may ask for.
	MaxWindow = 31 * 24 * time.Hour
)
