package pulumi

import (
	pftfbridge "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"

	"github.com/seed04710220/terraform-provider-twilio/internal/provider"
)

// PackageName is the Pulumi package name: the provider's type name, which is what
// `pulumi package add terraform-provider` names the package after.
const PackageName = "twilio"

// ProviderInfo describes the provider to the bridge as `pulumi package add
// terraform-provider` does: no hand-written overlays (renames, SchemaInfo, docs), every
// data source a function of the "index" module (twilio_intelligence_conversations is
// twilio:index/getIntelligenceConversations:getIntelligenceConversations). version must be
// a semantic version.
//
// One difference remains: `pulumi package add` runs the provider's binary and reads its
// schema over the plugin protocol (the bridge's pkg/pf/proto), while this reads the
// framework's schema in process (pkg/pf/tfbridge.ShimProvider). In bridge v3.120.0,
// pkg/pf/proto does not compile against terraform-plugin-go v0.31, which the provider
// needs. Function calls go through the same bridge code either way.
func ProviderInfo(version string) (tfbridge.ProviderInfo, error) {
	info := tfbridge.ProviderInfo{
		P:           pftfbridge.ShimProvider(provider.New(version)()),
		Name:        PackageName,
		Version:     version,
		Description: "Read access to Twilio's Conversational Intelligence API v3.",
		// No bridge-metadata.json: nothing is carried from one schema generation to the next.
		MetadataInfo: &tfbridge.MetadataInfo{Path: "", Data: tfbridge.ProviderMetadata(nil)},
	}
	err := info.ComputeTokens(tokens.SingleModule(PackageName+"_", "index", tokens.MakeStandard(PackageName)))
	return info, err
}
