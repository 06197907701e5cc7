package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

const (
	configurationsAddr = "data.twilio_intelligence_configurations.test"
	configurationAddr  = "data.twilio_intelligence_configuration.test"
	configurationsPath = "/v3/ControlPlane/Configurations"
)

func configurationIDs(configs []intelligence.Configuration) []string {
	out := []string{}
	for _, c := range configs {
		out = append(out, c.ID)
	}
	return out
}

// Every page, the default single request, max_results, and an empty account.
func TestAccConfigurations(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		opts      intelligencetest.Options
		args      []string
		count     int // -1: all
		requests  int // -1: one per configuration
		pageSize  string
		stateSize int64
	}{
		{"every page", intelligencetest.Options{Conversations: 5}, []string{"page_size = 1"}, -1, -1, "1", 1},
		{"one request by default", intelligencetest.Options{Conversations: 5}, nil, -1, 1, "1000", 1000},
		{"max_results", intelligencetest.Options{Conversations: 5}, []string{"max_results = 2"}, 2, 1, "2", 1000},
		{"max_results across pages", intelligencetest.Options{Conversations: 5}, []string{"max_results = 3", "page_size = 2"}, 3, 2, "2", 2},
		{"empty account", intelligencetest.Options{Conversations: -1}, nil, -1, 1, "1000", 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := localAPI(t, tc.opts)
			want := configurationIDs(srv.Configurations())
			if tc.count >= 0 {
				if len(want) <= tc.count {
					t.Fatalf("%d configurations; the cap must cut the list", len(want))
				}
				want = want[:tc.count]
			}
			requests := tc.requests
			if requests < 0 {
				requests = len(want)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + dataBlock("twilio_intelligence_configurations", tc.args...),
					ConfigStateChecks: []statecheck.StateCheck{
						idsAre(configurationsAddr, want),
						statecheck.ExpectKnownValue(configurationsAddr, tfjsonpath.New("configurations"), knownvalue.ListSizeExact(len(want))),
						statecheck.ExpectKnownValue(configurationsAddr, tfjsonpath.New("page_size"), knownvalue.Int64Exact(tc.stateSize)),
						statecheck.ExpectKnownValue(configurationsAddr, tfjsonpath.New("id"), knownvalue.StringExact(configurationsPath)),
					},
					Check: resource.ComposeTestCheckFunc(everyReadTook(srv, configurationsPath, requests), sentQuery(srv, "pageSize", tc.pageSize)),
				}},
			})
		})
	}
}

// ruleCheck checks one rule of a configuration, nested lists included; the free-form
// objects are checked through jsondecode() in TestAccConfiguration.
func ruleCheck(r *intelligence.Rule) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"id": stringOrNullCheck(r.ID),
		"operators": listOf(r.Operators, func(o *intelligence.OperatorRef) knownvalue.Check {
			return knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": stringOrNullCheck(o.ID), "version": versionCheck(o.Version)})
		}),
		"triggers": listOf(r.Triggers, func(tr *intelligence.Trigger) knownvalue.Check {
			return knownvalue.ObjectPartial(map[string]knownvalue.Check{"on": stringOrNullCheck(tr.On)})
		}),
		"actions": listOf(r.Actions, func(a *intelligence.Action) knownvalue.Check {
			return knownvalue.ObjectExact(map[string]knownvalue.Check{
				"type": stringOrNullCheck(a.Type), "method": stringOrNullCheck(a.Method), "url": stringOrNullCheck(a.URL),
			})
		}),
	})
}

// One configuration by id and by display name: every field, and the rules' free-form
// objects through jsondecode().
func TestAccConfiguration(t *testing.T) {
	t.Parallel()
	opts := intelligencetest.Options{Conversations: 5}
	var cfg intelligence.Configuration
	for _, c := range intelligencetest.NewHandler(opts).Configurations() {
		if *c.DisplayName == "sales-qa" {
			cfg = c
		}
	}
	if len(cfg.Rules) < 2 {
		t.Fatalf("configuration %+v: the test needs several rules", cfg)
	}
	for _, tc := range []struct {
		name, args, path string
	}{
		{"id", fmt.Sprintf("id = %q", cfg.ID), configurationsPath + "/" + cfg.ID},
		{"display_name", `display_name = "sales-qa"`, configurationsPath},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := localAPI(t, opts)
			config := providerBlock(srv) + dataBlock("twilio_intelligence_configuration", tc.args)
			checks := []statecheck.StateCheck{
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("id"), knownvalue.StringExact(cfg.ID)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("display_name"), stringOrNullCheck(cfg.DisplayName)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("account_id"), stringOrNullCheck(cfg.AccountID)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("description"), stringOrNullCheck(cfg.Description)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("version"), versionCheck(cfg.Version)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("date_created"), stringOrNullCheck(cfg.DateCreated)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("date_updated"), stringOrNullCheck(cfg.DateUpdated)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("rules"), listOf(cfg.Rules, ruleCheck)),
			}
			for i, r := range cfg.Rules {
				rule := fmt.Sprintf("data.twilio_intelligence_configuration.test.rules[%d]", i)
				config += fmt.Sprintf("output \"context_%d\" {\n  value = jsondecode(%s.context_json)\n}\n", i, rule)
				config += fmt.Sprintf("output \"trigger_%d\" {\n  value = jsondecode(%s.triggers[0].parameters_json)\n}\n", i, rule)
				config += fmt.Sprintf("output \"parameters_%d\" {\n  value = jsondecode(%s.operators[0].parameters_json)\n}\n", i, rule)
				checks = append(checks,
					statecheck.ExpectKnownOutputValue(fmt.Sprintf("context_%d", i), jsonCheck(t, r.Context)),
					statecheck.ExpectKnownOutputValue(fmt.Sprintf("trigger_%d", i), jsonCheck(t, r.Triggers[0].Parameters)),
					statecheck.ExpectKnownOutputValue(fmt.Sprintf("parameters_%d", i), jsonCheck(t, r.Operators[0].Parameters)))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            config,
					ConfigStateChecks: checks,
					Check:             onlyRequests(srv, tc.path),
				}},
			})
		})
	}
}

// A display name that matches none or several configurations, and an id that does not
// exist: each an error that names what was asked for.
func TestAccConfigurationLookupErrors(t *testing.T) {
	t.Parallel()
	opts := intelligencetest.Options{Conversations: 5}
	data := intelligencetest.NewHandler(opts)
	var qa intelligence.Configuration
	for _, c := range data.Configurations() {
		if *c.DisplayName == "sales-qa" {
			qa = c
		}
	}
	twin := intelligence.Configuration{ID: "intelligence_configuration_0" + strings.Repeat("t", 25), DisplayName: qa.DisplayName}
	unknown := unknownID("intelligence_configuration_")
	for _, tc := range []struct {
		name, args, expect string
		twin               bool
	}{
		{"no such name", `display_name = "nothing"`,
			fmt.Sprintf(`No Twilio Intelligence Configuration named "nothing".*None of the %d configurations`, len(data.Configurations())), false},
		{"names match exactly", `display_name = "Sales-QA"`, `No Twilio Intelligence Configuration named "Sales-QA"`, false},
		{"two of a name", `display_name = "sales-qa"`, `Several Twilio Intelligence configurations named "sales-qa".*2 configurations are named "sales-qa": `, true},
		{"unknown id", fmt.Sprintf("id = %q", unknown), `Twilio Intelligence Configuration not found.*No Intelligence Configuration "` + unknown + `" exists.*HTTP 404`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := localAPI(t, opts)
			expect := tc.expect
			if tc.twin {
				srv.AddConfiguration(twin)
				var named []string
				for _, c := range srv.Configurations() {
					if c.DisplayName != nil && *c.DisplayName == *qa.DisplayName {
						named = append(named, c.ID)
					}
				}
				if len(named) != 2 || !slices.Contains(named, twin.ID) {
					t.Fatalf("configurations named %q: %v", *qa.DisplayName, named)
				}
				expect += strings.Join(named, ", ")
			}
			testReadFails(t, srv, "twilio_intelligence_configuration", tc.args, expect)
		})
	}
}

// Every invalid argument fails at plan time, names the attribute, and sends nothing.
func TestAccConfigurationsInvalidArguments(t *testing.T) {
	t.Parallel()
	testInvalidArguments(t, "twilio_intelligence_configurations", pagingCases)
}

func TestAccConfigurationInvalidArguments(t *testing.T) {
	t.Parallel()
	id := fmt.Sprintf("id = %q", unknownID("intelligence_configuration_"))
	testInvalidArguments(t, "twilio_intelligence_configuration", append(idArgumentCases("id", configurationID),
		invalidArgument{"", `(?:id.*display_name|display_name.*id)`},
		invalidArgument{id + "\n  display_name = \"sales-qa\"", `(?:id.*display_name|display_name.*id)`},
		invalidArgument{`display_name = ""`, `Attribute display_name`},
		invalidArgument{fmt.Sprintf("display_name = %q", strings.Repeat("x", 129)), `Attribute display_name`},
		invalidArgument{id + "\n  timeouts = { read = \"soon\" }", `"soon"`},
	))
}
