package intelligencetest

// Well-known credentials the server accepts unless Options.Credentials says otherwise.
// They are fake, have the shapes Twilio's are checked against (AC/SK followed by 32 hex
// digits), and are safe to print, commit and paste into examples.
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

// The pools the seeded conversations draw their configuration and operator ids from. They
// are fixed, not seeded, so that tests and HCL examples can name them literally and filter
// on them whatever the data seed. Every seeded data set of a realistic size uses each one.
var (
	// IntelligenceConfigurationIDs are the Intelligence Configurations conversations are
	// processed by (intelligenceConfigurationIds).
	IntelligenceConfigurationIDs = []string{
		"intelligence_configuration_01jm9s346q3d25vt4f5v37e3s3",
		"intelligence_configuration_01je28jt97kb6cq643dzvmxxqk",
		"intelligence_configuration_01jfbf5kznwj47tan9zt24mnpz",
		"intelligence_configuration_01jx45hy43kwjrp1xpa7z3dj8f",
	}
	// OperatorIDs are the Language Operators run on conversations. The API does not return
	// them on a conversation, only operatorResultIds; they drive the operatorIds filter.
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
