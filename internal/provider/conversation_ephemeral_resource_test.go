package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// withEcho adds the test-only echo provider, which copies an ephemeral value into state
// so that a test can look at it.
func withEcho() map[string]func() (tfprotov6.ProviderServer, error) {
	factories := map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()}
	for k, v := range protoV6ProviderFactories {
		factories[k] = v
	}
	return factories
}

func TestAccConversationEphemeral(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: -1})
	conv := craftedConversation()
	srv.Add(conv)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: withEcho(),
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + fmt.Sprintf(`
ephemeral "twilio_intelligence_conversation" "test" {
  id = %q
}
provider "echo" {
  data = ephemeral.twilio_intelligence_conversation.test.communications[0].content.text
}
resource "echo" "text" {}
`, conv.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.text", tfjsonpath.New("data"), knownvalue.StringExact(*conv.Communications[0].Content.Text)),
			},
		}},
	})
}

// stateLacks fails when text appears anywhere in the state.
type stateLacks string

func (s stateLacks) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil {
		return
	}
	var found []string
	for _, r := range req.State.Values.RootModule.Resources {
		if strings.Contains(fmt.Sprint(r.AttributeValues), string(s)) {
			found = append(found, r.Address)
		}
	}
	if len(found) > 0 {
		resp.Error = fmt.Errorf("%q is in the state of %v", string(s), found)
	}
}

func TestAccConversationEphemeralStaysOutOfState(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: -1})
	conv := craftedConversation()
	srv.Add(conv)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + fmt.Sprintf(`
ephemeral "twilio_intelligence_conversation" "test" {
  id = %q
}
resource "terraform_data" "neighbour" {
  input = "unrelated"
}
`, conv.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("terraform_data.neighbour", tfjsonpath.New("output"), knownvalue.StringExact("unrelated")),
				stateLacks("¿Dónde está mi pedido?"),
				stateLacks(conv.Communications[0].ID),
			},
		}},
	})
	if srv.RequestCount() == 0 {
		t.Error("the ephemeral resource was never opened")
	}
}

func TestAccConversationEphemeralInvalidID(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 1})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(srv) + "ephemeral \"twilio_intelligence_conversation\" \"test\" {\n  id = \"conv_conversation_../x\"\n}\n",
			PlanOnly:    true,
			ExpectError: expectError(`Attribute id must be a conversation id`),
		}},
	})
	noRequests(t, srv)
}
