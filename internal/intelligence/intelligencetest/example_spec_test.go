package intelligencetest

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// SpecExample is the spec's example, byte for byte in meaning.
func TestSpecExampleMatchesTheSpec(t *testing.T) {
	raw, err := os.ReadFile("testdata/twilio_intelligence_v3.json")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Components struct {
			Examples map[string]struct {
				Value json.RawMessage `json:"value"`
			} `json:"examples"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	var want, got any
	if err := json.Unmarshal(spec.Components.Examples["ConversationExample"].Value, &want); err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(SpecExample())
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SpecExample() = %v\nspec: %v", got, want)
	}
}
