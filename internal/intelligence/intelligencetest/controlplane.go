package intelligencetest

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// operatorVersion is one version of a Language Operator: the ListOperatorVersions item,
// and the FetchOperatorVersion body (the operator at that version, with its status and
// dateCreated).
type operatorVersion struct {
	operatorID string
	item       intelligence.OperatorVersion
	full       intelligence.Operator
}

// operatorSeeds are the seeded Language Operators, one per OperatorIDs entry: every
// output format, both authors (TWILIO's omit prompt and trainingExamples, as the spec
// says), and every version status. The last status is the current version's.
var operatorSeeds = []struct {
	name, description, author, format, prompt string
	schema, context, params                   string // JSON
	training                                  []intelligence.TrainingExample
	statuses                                  []string
}{
	{"Customer Sentiment", "Classifies the customer's overall sentiment.", "TWILIO", "CLASSIFICATION", "",
		`{"type":"object","properties":{"label":{"type":"string","enum":["POSITIVE","NEUTRAL","NEGATIVE"]}},"required":["label"]}`,
		`{"memory":{"enabled":false},"knowledge":{"enabled":false}}`, `{}`, nil,
		[]string{"RETIRED", "DEPRECATED", "ACTIVE"}},
	{"Call Summary", "Summarizes the conversation in a few sentences for the agent's wrap-up notes.", "TWILIO", "TEXT", "",
		`{}`, `{"memory":{"enabled":true}}`,
		`{"maxSentences":{"type":"INTEGER","default":3,"required":false,"description":"Longest summary, in sentences."}}`, nil,
		[]string{"DEPRECATED", "ACTIVE"}},
	{"Order Details", "Extracts the order numbers, products, dates and places a customer mentions.", "SELF", "EXTRACTION",
		"Extract every {{parameters.entityTypes}} the customer mentions and label each entity with its type.",
		`{}`, `{"memory":{"enabled":false},"knowledge":{"enabled":false}}`,
		`{"entityTypes":{"type":"STRING","default":"ORDER_NUMBER, PRODUCT, DATE, LOCATION","description":"Comma-separated labels to extract."}}`,
		[]intelligence.TrainingExample{{
			Input:  ptr("Where is order #12345? It was due in Dublin on Tuesday."),
			Output: ptr(`{"entities":[{"text":"#12345","label":"ORDER_NUMBER"},{"text":"Dublin","label":"LOCATION"},{"text":"Tuesday","label":"DATE"}]}`),
		}},
		[]string{"RETIRED", "ACTIVE"}},
	{"Script Adherence", "Scores how closely the agent followed the support script.", "SELF", "JSON",
		"Determine if a contact center agent sticks to the script {{parameters.script}}. Rate the interaction from 0-{{parameters.scale}} and explain the score.",
		`{"type":"object","properties":{"score":{"type":"integer"},"explanation":{"type":"string"}},"required":["score","explanation"],"additionalProperties":false}`,
		`{"memory":{"enabled":true},"knowledge":{"enabled":true}}`,
		`{"scale":{"type":"INTEGER","default":5,"required":true,"description":"Maximum score."},"script":{"type":"KNOWLEDGE_BASE_AND_SOURCE_IDS","description":"The script to follow."}}`,
		[]intelligence.TrainingExample{{
			Input:  ptr("Agent: Thank you for calling, my name is Sarah. How can I help?"),
			Output: ptr(`{"score": 5, "explanation": "The agent greeted the customer and introduced herself as the script requires."}`),
		}},
		[]string{"RETIRED", "DEPRECATED", "ACTIVE", "PREVIEW"}},
}

const knowledgeSource = "know_knowledgebase_01jq3v9x1c8d2m4n6p8r0t2w4y:know_knowledge_01jq3v9x1c8d2m4n6p8r0t2w5z"

type ruleSeed struct {
	operators    []ruleOp
	on, onParams string // trigger
	context      string
	hooks        []string
}

// ruleOp is a rule's operator: an index in OperatorIDs, a version and its parameters.
type ruleOp struct {
	op, version int
	params      string
}

// configurationSeeds are the seeded Intelligence Configurations, one per
// IntelligenceConfigurationIDs entry. Their rules run every operator, at ACTIVE,
// DEPRECATED and PREVIEW versions, never at a RETIRED one.
var configurationSeeds = []struct {
	name, description string
	version           int
	rules             []ruleSeed
}{
	{"post-call-analytics", "Sentiment, a summary and order details once a conversation ends.", 3, []ruleSeed{
		{[]ruleOp{{0, 3, `{}`}, {1, 2, `{"maxSentences":2}`}}, "CONVERSATION_END", `{}`,
			`{"memory":{"enabled":false}}`, []string{"https://hooks.example.com/intelligence/post-call"}},
		{[]ruleOp{{2, 2, `{"entityTypes":"ORDER_NUMBER, DATE"}`}}, "CONVERSATION_END", `{}`,
			`{}`, []string{"https://hooks.example.com/intelligence/orders"}},
	}},
	{"real-time-sentiment", "Live sentiment every five messages, for supervisors' dashboards.", 1, []ruleSeed{
		{[]ruleOp{{0, 3, `{}`}}, "COMMUNICATION", `{"count":5}`,
			`{}`, []string{"https://hooks.example.com/intelligence/live", "https://backup.example.com/hooks/live?source=twilio&v=1"}},
	}},
	{"sales-qa", "Script adherence when a sales conversation goes quiet, sentiment when it ends.", 2, []ruleSeed{
		{[]ruleOp{{3, 3, `{"scale":10,"script":"` + knowledgeSource + `"}`}}, "CONVERSATION_INACTIVE", `{}`,
			`{"memory":{"enabled":true},"knowledge":{"bases":["` + knowledgeSource + `"]}}`, []string{"https://crm.example.com/twilio/qa"}},
		{[]ruleOp{{0, 2, `{}`}}, "CONVERSATION_END", `{}`,
			`{}`, []string{"https://crm.example.com/twilio/sentiment"}},
	}},
	{"script-preview", "Trying the preview of Script Adherence on every message, with the old summary.", 1, []ruleSeed{
		{[]ruleOp{{3, 4, `{"scale":5}`}, {1, 1, `{}`}}, "COMMUNICATION", `{"count":1}`,
			`{"memory":{"enabled":true}}`, []string{"https://hooks.example.com/intelligence/preview"}},
	}},
}

// seedControlPlane adds the seeded operators, their versions and the configurations,
// dated from base on; it records each operator's output format in formats and returns
// the configurations by id.
func (s *Server) seedControlPlane(base time.Time, formats map[string]string) map[string]*intelligence.Configuration {
	day := 24 * time.Hour
	for i, o := range operatorSeeds {
		id := OperatorIDs[i]
		formats[id] = o.format
		op := intelligence.Operator{
			ID: id, DisplayName: ptr(o.name), Description: ptr(o.description), Version: ptr(intelligence.Version(len(o.statuses))),
			Author: ptr(o.author), OutputFormat: ptr(o.format), OutputSchema: jsontext.Value(o.schema),
			Context: jsontext.Value(o.context), Parameters: jsontext.Value(o.params),
		}
		if o.author == "SELF" {
			op.Prompt, op.TrainingExamples = ptr(o.prompt), o.training
		}
		versions := make([]intelligence.OperatorVersion, len(o.statuses))
		for j, status := range o.statuses {
			created := base.Add(time.Duration(5*i+60*j) * day)
			next := created.Add(60 * day) // when the next version replaced this one
			v := intelligence.OperatorVersion{Version: ptr(intelligence.Version(j + 1)), Status: ptr(status), DateCreated: ptr(stamp(created))}
			switch status {
			case "DEPRECATED":
				v.DateDeprecated, v.RetirementDate = ptr(stamp(next)), ptr(stamp(next.Add(180*day)))
			case "RETIRED":
				v.DateDeprecated, v.DateRetired = ptr(stamp(next)), ptr(stamp(next.Add(30*day)))
			}
			versions[j] = v
		}
		must(s.addOperator(op, versions))
	}

	rng := rand.New(rand.NewPCG(4, 2)) //nolint:gosec // fixed: the control plane does not depend on the seed
	configs := map[string]*intelligence.Configuration{}
	for i, c := range configurationSeeds {
		created := base.Add(time.Duration(200+20*i) * day)
		cfg := intelligence.Configuration{
			ID: IntelligenceConfigurationIDs[i], AccountID: ptr(TestAccountSID), DisplayName: ptr(c.name), Description: ptr(c.description),
			Version: ptr(intelligence.Version(c.version)), Rules: []intelligence.Rule{},
			DateCreated: ptr(stamp(created)), DateUpdated: ptr(stamp(created.Add(time.Duration(7*(c.version-1)) * day))),
		}
		for _, r := range c.rules {
			rule := intelligence.Rule{
				ID:       ptr(ttid("intelligence_configurationrule_", created, rng)),
				Triggers: []intelligence.Trigger{{On: ptr(r.on), Parameters: jsontext.Value(r.onParams)}},
				Context:  jsontext.Value(r.context),
			}
			for _, o := range r.operators {
				rule.Operators = append(rule.Operators, intelligence.RuleOperator{
					ID: ptr(OperatorIDs[o.op]), Version: ptr(intelligence.Version(o.version)), Parameters: jsontext.Value(o.params),
				})
			}
			for _, h := range r.hooks {
				rule.Actions = append(rule.Actions, intelligence.Action{Type: ptr("WEBHOOK"), Method: ptr("POST"), URL: ptr(h)})
			}
			cfg.Rules = append(cfg.Rules, rule)
		}
		must(s.addConfiguration(cfg))
		configs[cfg.ID], _ = s.configurations.get(cfg.ID)
	}
	return configs
}

func must(err error) {
	if err != nil {
		panic("intelligencetest: " + err.Error())
	}
}

// AddOperator adds a crafted Language Operator, such as a second one with the same
// display name, and its versions (none means one ACTIVE version: op.Version or 1, created
// at op.DateCreated or 2026-01-01T00:00:00Z). Lists and fetches serve op as given but
// without status and dateCreated; a version fetch serves op at that version, with the
// version's status and dateCreated. It panics when op.ID does not match its pattern or
// already exists, or a version is given twice.
func (s *Server) AddOperator(op intelligence.Operator, versions ...intelligence.OperatorVersion) {
	if err := s.addOperator(clone[intelligence.Operator](op), clone[[]intelligence.OperatorVersion](versions)); err != nil {
		panic("intelligencetest: AddOperator: " + err.Error())
	}
}

func (s *Server) addOperator(op intelligence.Operator, versions []intelligence.OperatorVersion) error {
	if !intelligence.OperatorIDPattern.MatchString(op.ID) {
		return fmt.Errorf("operator id %q does not match %s", op.ID, intelligence.OperatorIDPattern)
	}
	if len(versions) == 0 {
		versions = []intelligence.OperatorVersion{{
			Version: cmp.Or(op.Version, ptr(intelligence.Version(1))), Status: ptr("ACTIVE"),
			DateCreated: cmp.Or(op.DateCreated, ptr("2026-01-01T00:00:00Z")),
		}}
	}
	op.Status, op.DateCreated = nil, nil
	if err := s.operators.add(op.ID, 0, op); err != nil {
		return err
	}
	for _, v := range versions {
		if v.Version == nil {
			return fmt.Errorf("operator %s: a version without a version number", op.ID)
		}
		full := op
		full.Version, full.Status, full.DateCreated = v.Version, v.Status, v.DateCreated
		id := op.ID + "/" + strconv.FormatInt(int64(*v.Version), 10)
		if err := s.versions.add(id, int64(*v.Version), operatorVersion{op.ID, v, full}); err != nil {
			return err
		}
	}
	return nil
}

// AddConfiguration adds a crafted Intelligence Configuration. Its rules may name
// operators and versions that do not exist. It panics when c.ID does not match its
// pattern or already exists.
func (s *Server) AddConfiguration(c intelligence.Configuration) {
	if err := s.addConfiguration(clone[intelligence.Configuration](c)); err != nil {
		panic("intelligencetest: AddConfiguration: " + err.Error())
	}
}

func (s *Server) addConfiguration(c intelligence.Configuration) error {
	if !intelligence.IntelligenceConfigurationIDPattern.MatchString(c.ID) {
		return fmt.Errorf("configuration id %q does not match %s", c.ID, intelligence.IntelligenceConfigurationIDPattern)
	}
	return s.configurations.add(c.ID, 0, c)
}

// Operators returns a copy of all Language Operators in API order (id ascending, which
// for TTIDs is creation order), as ListOperators serves them.
func (s *Server) Operators() []intelligence.Operator {
	return copies[intelligence.Operator](s.operators.all(), asIs)
}

// OperatorVersions returns a copy of an operator's versions in API order (version
// descending), as ListOperatorVersions serves them; nil for an unknown operator.
func (s *Server) OperatorVersions(operatorID string) []intelligence.OperatorVersion {
	var out []intelligence.OperatorVersion
	for _, v := range s.versions.all() {
		if v.operatorID == operatorID {
			out = append(out, clone[intelligence.OperatorVersion](&v.item))
		}
	}
	return out
}

// Configurations returns a copy of all Intelligence Configurations in API order (id
// ascending, which for TTIDs is creation order).
func (s *Server) Configurations() []intelligence.Configuration {
	return copies[intelligence.Configuration](s.configurations.all(), asIs)
}

func copies[W, T any](items []*T, view func(*T) any) []W {
	out := make([]W, len(items))
	for i, v := range items {
		out[i] = clone[W](view(v))
	}
	return out
}

// listVersions serves ListOperatorVersions: 404 for an unknown operator.
func (s *Server) listVersions(path string, args []string, q url.Values) (builder, bool, *apiError) {
	id := args[0]
	if !intelligence.OperatorIDPattern.MatchString(id) {
		return nil, false, badParam("id", "%q does not match %s", id, intelligence.OperatorIDPattern)
	}
	ofOperator := func(url.Values) (func(*operatorVersion) bool, string, *apiError) {
		return func(v *operatorVersion) bool { return v.operatorID == id }, "", nil
	}
	build, hasToken, err := s.versions.list(path, q, nil, ofOperator, func(v *operatorVersion) any { return &v.item })
	if err != nil {
		return nil, false, err
	}
	return func(kind FaultKind) response {
		if _, found := s.operators.get(id); !found {
			return notFound(path)
		}
		return build(kind)
	}, hasToken, nil
}

// fetchVersion serves FetchOperatorVersion: the version is an integer.
func (s *Server) fetchVersion(path string, args []string, q url.Values) (builder, bool, *apiError) {
	if err := noQuery(q); err != nil {
		return nil, false, err
	}
	if !intelligence.OperatorIDPattern.MatchString(args[0]) {
		return nil, false, badParam("id", "%q does not match %s", args[0], intelligence.OperatorIDPattern)
	}
	n, err := strconv.ParseInt(args[1], 10, 64)
	if err != nil {
		return nil, false, badParam("version", "must be an integer, got %q", args[1])
	}
	return s.versions.fetch(path, args[0]+"/"+strconv.FormatInt(n, 10), func(v *operatorVersion) any { return &v.full }), false, nil
}
