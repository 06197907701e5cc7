package intelligencetest

import (
	_ "embed"
	"encoding/json"
	"sync"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// spec is the committed copy of Twilio's OpenAPI description (TestSpecCopy checks it).
//
//go:embed testdata/twilio_intelligence_v3.json
var spec []byte

var specExamples = sync.OnceValue(func() map[string]struct{ Value json.RawMessage } {
	var doc struct {
		Components struct {
			Examples map[string]struct{ Value json.RawMessage }
		}
	}
	if err := json.Unmarshal(spec, &doc); err != nil {
		panic("intelligencetest: the embedded spec does not decode: " + err.Error())
	}
	return doc.Components.Examples
})

// specExample decodes the value of components.examples[name].
func specExample[T any](name string) T {
	var v T
	if err := json.Unmarshal(specExamples()[name].Value, &v); err != nil {
		panic("intelligencetest: spec example " + name + ": " + err.Error())
	}
	return v
}

// The spec's own examples, for the docs' examples and the tests that run them: Add them
// to a server to serve their ids. They do not all hang together (the configuration's rule
// runs the operator at version 4, which the operator's example does not have).

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
