package pulumi

import (
	"context"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// The engine stores the checked provider inputs in the state: the sensitive ones must
// come back secret even when the program gave them as plain strings.
func TestCheckConfigMakesCredentialsSecret(t *testing.T) {
	api := localAPI(t, intelligencetest.Options{Conversations: 5})
	b := newBridged(t, nil)
	checked := b.checkConfig(t, resource.PropertyMap{
		"baseUrl":    resource.NewStringProperty(api.URL()),
		"apiKey":     resource.NewStringProperty(intelligencetest.TestAPIKey),
		"apiSecret":  resource.NewStringProperty(intelligencetest.TestAPISecret),
		"accountSid": resource.NewStringProperty(intelligencetest.TestAccountSID),
		"authToken":  resource.NewStringProperty(intelligencetest.TestAuthToken),
	})
	// Both secrets first, so that a result without them cannot pass the loop below.
	for _, key := range []resource.PropertyKey{"apiSecret", "authToken"} {
		if _, ok := checked[key]; !ok {
			t.Errorf("%s missing from the checked inputs %v", key, checked)
		}
	}
	for key, v := range checked {
		if want := key == "apiSecret" || key == "authToken"; v.IsSecret() != want {
			t.Errorf("%s secret=%v, want %v", key, v.IsSecret(), want)
		}
	}
}

// A rejected secret fails the call with a message that says why, and neither the message
// nor anything the bridge logged holds the secret.
func TestRejectedCredentialsDoNotLeak(t *testing.T) {
	const wrong = "WrongSecretThatMustNotLeak000001"
	api := localAPI(t, intelligencetest.Options{Conversations: 5})
	b := newBridged(t, nil)
	config := apiKeyConfig(api)
	config["apiSecret"] = resource.MakeSecret(resource.NewStringProperty(wrong))
	b.configure(t, config)
	_, err := b.invoke(t, functionToken("twilio_intelligence_conversations"), nil)
	if err == nil {
		t.Fatal("the call succeeded with a wrong secret")
	}
	if !strings.Contains(err.Error(), "401") {
		t.Errorf("error %q does not say HTTP 401", err)
	}
	if strings.Contains(err.Error(), wrong) || strings.Contains(b.logs.String(), wrong) {
		t.Errorf("the secret leaked:\nerror: %v\nlogs: %s", err, b.logs)
	}
}

// Missing credentials fail Configure, before any call, with the provider's message.
func TestConfigureWithoutCredentialsFails(t *testing.T) {
	api := localAPI(t, intelligencetest.Options{Conversations: 5})
	b := newBridged(t, nil)
	for _, env := range []string{"TWILIO_API_KEY", "TWILIO_API_SECRET", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"} {
		t.Setenv(env, "")
	}
	args, err := plugin.MarshalProperties(resource.PropertyMap{"baseUrl": resource.NewStringProperty(api.URL())}, plugin.MarshalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.server.Configure(context.Background(), &pulumirpc.ConfigureRequest{Args: args, AcceptSecrets: true})
	if err == nil || !strings.Contains(err.Error(), "credentials") {
		t.Errorf("Configure without credentials: %v", err)
	}
	if api.RequestCount() != 0 {
		t.Errorf("%d requests sent", api.RequestCount())
	}
}
