package intelligencetest

import (
	_ "embed"
	"encoding/json"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// Well-known credentials, the only ones the server accepts.
// They are fake, shaped like Twilio's (AC/SK and 32 hex digits), and safe to print,
// commit and paste into examples.
const (
	// TestAccountSID is the account SID half of the account credential pair.
	TestAccountSID = "AC7e577e577e577e577e577e577e577e57"
	// TestAuthToken is the auth token that goes with TestAccountSID.
	TestAuthToken = "7e57a0707e57a0707e57a0707e57a070" //nolint:gosec // a published fake test credential
	// TestAPIKey is the API key SID half of the API key credential pair.
	TestAPIKey = "SK7e577e577e577e577e577e577e577e57"
	// TestAPISecret is the API key secret that goes with TestAPIKey.
	TestAPISecret = "LocalTestSecretNotForProduction0" //nolint:gosec // a published fake test credential
)

// The ids the seeded data draws from. They do not depend on the seed, so that tests and
// HCL examples can name them literally; a data set of a realistic size uses each one.
var (
	// IntelligenceConfigurationIDs are the seeded Intelligence Configurations, which
	// conversations are processed by (intelligenceConfigurationIds).
	IntelligenceConfigurationIDs = []string{
		"intelligence_configuration_01jm9s346q3d25vt4f5v37e3s3",
		"intelligence_configuration_01je28jt97kb6cq643dzvmxxqk",
		"intelligence_configuration_01jfbf5kznwj47tan9zt24mnpz",
		"intelligence_configuration_01jx45hy43kwjrp1xpa7z3dj8f",
	}
	// OperatorIDs are the seeded Language Operators. A conversation does not list the
	// operators run on it, only operatorResultIds; they drive the operatorIds filter.
	OperatorIDs = []string{
		"intelligence_operator_01jssz5awsh8vhtpre95b9ee0z",
		"intelligence_operator_01jbgj09tqm83xssss6ys3c4dw",
		"intelligence_operator_01ja7n36096q14dr9gpqy77zxy",
		"intelligence_operator_01jyk596ngya1dq91k5gqapene",
	}
	// ConversationConfigurationIDs are the conversation configurations
	// (conversationConfigurationId) conversations were created with.
	ConversationConfigurationIDs = []string{
		"conv_configuration_01jcfseczp11hygcpwpq5e6eyc",
		"conv_configuration_01jndy0yp57rcybvn5sxs5aa81",
		"conv_configuration_01j9x9yp981068vcd1gdjfmgt8",
	}
)

// spec is the committed copy of Twilio's OpenAPI description (TestSpecCopy checks it).
//
//go:embed testdata/twilio_intelligence_v3.json
var spec []byte

// specExample decodes components.examples[name].value of the spec.
func specExample[T any](name string) T {
	var doc struct {
		Components struct {
			Examples map[string]struct{ Value json.RawMessage }
		}
	}
	var v T
	must(json.Unmarshal(spec, &doc))
	must(json.Unmarshal(doc.Components.Examples[name].Value, &v))
	return v
}

// The spec's own examples, to Add to a server so that it serves their ids. They do not
// all hang together: the configuration runs the operator at a version it does not have.

// SpecExample is the spec's conversation (ConversationExample).
func SpecExample() intelligence.Conversation {
	return specExample[intelligence.Conversation]("ConversationExample")
}

// SpecExampleOperatorResult is the spec's operator result (OperatorResultExample), a
// JSON result on SpecExample's conversation.
func SpecExampleOperatorResult() intelligence.OperatorResult {
	return specExample[intelligence.OperatorResult]("OperatorResultExample")
}

// SpecExampleOperator is the spec's Language Operator (LanguageOperatorExample).
func SpecExampleOperator() intelligence.Operator {
	return specExample[intelligence.Operator]("LanguageOperatorExample")
}

// SpecExampleConfiguration is the spec's Intelligence Configuration
// (IntelligenceConfigurationExample).
func SpecExampleConfiguration() intelligence.Configuration {
	return specExample[intelligence.Configuration]("IntelligenceConfigurationExample")
}
