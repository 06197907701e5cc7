package intelligence

import "testing"

func TestValidateConversationID(t *testing.T) {
	valid := "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2"
	if err := ValidateConversationID(valid); err != nil {
		t.Errorf("%s: %v", valid, err)
	}
	for _, id := range []string{
		"", "conv_conversation_", "conv_conversation_81k1etk2y5f1y9fpe2epfdtvv2",
		"conv_conversation_01K1ETK2Y5F1Y9FPE2EPFDTVV2", "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv", // 24 chars
		"conv_conversation_01k1etk2y5f1y9fpe2epfdtvv22", " conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2",
		"conv_conversation_01k1etk2y5f1y9fpe2epfd/../", "conv_conversation_01k1etk2y5f1y9fpe2epf%2Fvv2",
		"conv_conversation_01k1etk2y5f1y9fpe2epfdtvé", "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2\n",
		"../conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2",
	} {
		if err := ValidateConversationID(id); err == nil {
			t.Errorf("%q accepted", id)
		}
	}
}
