package intelligence

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
)

// The wire types of operator results, Language Operators and their versions, and
// Intelligence Configurations, as the OpenAPI description defines them. Every field but
// the one that identifies an item is a pointer or a slice, so that a field the API omits
// or sends as null stays distinguishable from an empty value. Objects the spec leaves
// free-form are kept as the raw JSON the API sent (nil when absent, "null" when null).

// OperatorResult is one OperatorResultsResponseV1: what a Language Operator concluded
// about a conversation. Result's shape depends on OutputFormat; see Parsed.
type OperatorResult struct {
	ID                        string         `json:"id"`
	AccountID                 *string        `json:"accountId"`
	OutputFormat              *string        `json:"outputFormat"`
	ConversationID            *string        `json:"conversationId"`
	DateCreated               *string        `json:"dateCreated"`
	IntelligenceConfiguration *ConfigRef     `json:"intelligenceConfiguration"`
	Operator                  *OperatorRef   `json:"operator"`
	ReferenceIDs              []string       `json:"referenceIds"`
	Result                    jsontext.Value `json:"result"`
	ExecutionDetails          jsontext.Value `json:"executionDetails"`
	Metadata                  jsontext.Value `json:"metadata"`
}

// ConfigRef names the configuration, and the rule in it, that produced a
// result.
type ConfigRef struct {
	ID      *string  `json:"id"`
	RuleID  *string  `json:"ruleId"`
	Version *Version `json:"version"`
}

// OperatorRef names an operator at a version with its parameter values: the operator
// that produced a result, or one that a configuration's rule runs.
type OperatorRef struct {
	ID         *string        `json:"id"`
	Version    *Version       `json:"version"`
	Parameters jsontext.Value `json:"parameters"`
}

// Entity is one entity an EXTRACTION operator found.
type Entity struct {
	Text  *string `json:"text"`
	Label *string `json:"label"`
}

// ParsedResult is the typed reading of an operator result's free-form result object:
// Label for CLASSIFICATION, Text for TEXT, Entities for EXTRACTION. Fields of the other
// formats stay nil, and so does a field the result lacks.
type ParsedResult struct {
	Label    *string
	Text     *string
	Entities []Entity
}

// Parsed reads Result according to OutputFormat. A result whose shape does not match its
// format yields empty fields rather than an error: the raw Result still holds all of it.
func (r *OperatorResult) Parsed() ParsedResult {
	var out ParsedResult
	if r.OutputFormat == nil || len(r.Result) == 0 {
		return out
	}
	var shape struct {
		Label    *string  `json:"label"`
		Text     *string  `json:"text"`
		Entities []Entity `json:"entities"`
	}
	if json.Unmarshal(r.Result, &shape) != nil {
		return out
	}
	switch *r.OutputFormat {
	case "CLASSIFICATION":
		out.Label = shape.Label
	case "TEXT":
		out.Text = shape.Text
	case "EXTRACTION":
		out.Entities = shape.Entities
	}
	return out
}

// Operator is a LanguageOperator, or a LanguageOperatorVersion when it was read at a
// given version: only then are Status and DateCreated set.
type Operator struct {
	ID               string            `json:"id"`
	DisplayName      *string           `json:"displayName"`
	Description      *string           `json:"description"`
	Version          *Version          `json:"version"`
	Author           *string           `json:"author"`
	Prompt           *string           `json:"prompt,omitzero"` // absent for TWILIO operators
	OutputFormat     *string           `json:"outputFormat"`
	OutputSchema     jsontext.Value    `json:"outputSchema"`
	TrainingExamples []TrainingExample `json:"trainingExamples,omitzero"` // absent for TWILIO operators; [] stays
	Context          jsontext.Value    `json:"context"`
	Parameters       jsontext.Value    `json:"parameters"`
	Status           *string           `json:"status,omitempty"`
	DateCreated      *string           `json:"dateCreated,omitempty"`
}

// TrainingExample is an input and the output the operator should give for it.
type TrainingExample struct {
	Input  *string `json:"input"`
	Output *string `json:"output"`
}

// OperatorVersion is one item of ListOperatorVersions.
type OperatorVersion struct {
	Version        *Version `json:"version"`
	Status         *string  `json:"status"`
	DateCreated    *string  `json:"dateCreated"`
	DateDeprecated *string  `json:"dateDeprecated,omitempty"`
	RetirementDate *string  `json:"retirementDate,omitempty"`
	DateRetired    *string  `json:"dateRetired,omitempty"`
}

// Configuration is an IntelligenceConfiguration: which operators run on which
// conversations, when, and where their results go.
type Configuration struct {
	ID          string   `json:"id"`
	AccountID   *string  `json:"accountId"`
	DisplayName *string  `json:"displayName"`
	Description *string  `json:"description"`
	Version     *Version `json:"version"`
	Rules       []Rule   `json:"rules"`
	DateCreated *string  `json:"dateCreated"`
	DateUpdated *string  `json:"dateUpdated"`
}

// Rule is one rule of a configuration.
type Rule struct {
	ID        *string        `json:"id"`
	Operators []OperatorRef  `json:"operators"`
	Triggers  []Trigger      `json:"triggers"`
	Actions   []Action       `json:"actions"`
	Context   jsontext.Value `json:"context"`
}

// Trigger is the conversation event that runs a rule.
type Trigger struct {
	On         *string        `json:"on"`
	Parameters jsontext.Value `json:"parameters"`
}

// Action is where a rule sends its results.
type Action struct {
	Type   *string `json:"type"`
	Method *string `json:"method"`
	URL    *string `json:"url"`
}

// Version is an integer version. The spec types versions as integers, but one of its own
// examples (LanguageOperatorVersionExample) sends "4", so a string of digits is read too.
type Version int64

// UnmarshalJSON reads a JSON number or a JSON string holding a whole number.
func (v *Version) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 1 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		b = []byte(s)
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("version %s is not a whole number", excerpt(b))
	}
	*v = Version(n)
	return nil
}

// Enumerations of the operator and configuration resources.
var (
	// OutputFormats are the values of OutputFormat: an operator result's format.
	OutputFormats = []string{"CLASSIFICATION", "TEXT", "EXTRACTION", "JSON"}
	// Authors are the values of OperatorAuthorEnum.
	Authors = []string{"SELF", "TWILIO"}
	// VersionStatuses are the values of OperatorVersionStatus.
	VersionStatuses = []string{"PREVIEW", "ACTIVE", "DEPRECATED", "RETIRED"}
	// TriggerEvents are the values of a rule trigger's on.
	TriggerEvents = []string{"COMMUNICATION", "CONVERSATION_END", "CONVERSATION_INACTIVE"}
)
