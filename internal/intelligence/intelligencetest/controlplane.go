package intelligencetest

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// controlPlane is the seeded operators, with their versions, and configurations as served:
// every output format, both authors (TWILIO's without prompt and trainingExamples) and
// version status, and rules that run every operator, never at a RETIRED version.
//
//go:embed testdata/controlplane.json
var controlPlane []byte

// ruleRun is one operator of a seeded rule: what the results it produces share.
type ruleRun struct {
	config *intelligence.ConfigRef
	op     *intelligence.OperatorRef
	on     string // the rule's trigger
	format string
}

// seedControlPlane adds the seeded operators and configurations and returns each
// configuration's rule operators by its id.
func (s *Server) seedControlPlane() map[string][]*ruleRun {
	var cp struct {
		Operators []struct {
			intelligence.Operator
			Versions []intelligence.OperatorVersion
		}
		Configurations []intelligence.Configuration
	}
	must(json.Unmarshal(controlPlane, &cp))
	formats := map[string]*string{}
	for _, o := range cp.Operators {
		s.AddOperator(o.Operator, o.Versions...)
		formats[o.ID] = o.OutputFormat
	}
	runs := map[string][]*ruleRun{}
	for _, c := range cp.Configurations {
		s.AddConfiguration(c)
		for _, rule := range c.Rules {
			for _, ro := range rule.Operators {
				runs[c.ID] = append(runs[c.ID], &ruleRun{on: *rule.Triggers[0].On, format: *formats[*ro.ID],
					config: &intelligence.ConfigRef{ID: &c.ID, RuleID: rule.ID, Version: c.Version},
					op:     &ro})

			}
		}
	}
	return runs
}

// operatorVersion is one version of a Language Operator: the ListOperatorVersions item,
// and the FetchOperatorVersion body (the operator at that version), whose ID is the operator's.
type operatorVersion struct {
	id   string // operator/version
	item intelligence.OperatorVersion
	full intelligence.Operator
}

// AddOperator adds a crafted Language Operator, such as a second one with the same display
// name, and its versions (none: one ACTIVE version, op.Version or 1, created at
// op.DateCreated or 2026-01-01T00:00:00Z). Lists and fetches serve op without status and
// dateCreated, a version fetch op at that version, with the version's. It panics when
// op.ID does not match its pattern or exists, or a version has no number or is repeated.
func (s *Server) AddOperator(op intelligence.Operator, versions ...intelligence.OperatorVersion) {
	op, versions = clone[intelligence.Operator](op), clone[[]intelligence.OperatorVersion](versions)
	if len(versions) == 0 {
		versions = []intelligence.OperatorVersion{{Version: cmp.Or(op.Version, ptr(intelligence.Version(1))), Status: ptr("ACTIVE"),
			DateCreated: cmp.Or(op.DateCreated, ptr("2026-01-01T00:00:00Z"))}}
	}
	op.Status, op.DateCreated = nil, nil
	check("AddOperator", matches(intelligence.OperatorIDPattern, op.ID))
	check("AddOperator", s.operators.add(&op))
	for _, v := range versions {
		if v.Version == nil {
			panic("intelligencetest: AddOperator: a version without a number")
		}
		full := op
		full.Version, full.Status, full.DateCreated = v.Version, v.Status, v.DateCreated
		check("AddOperator", s.versions.add(&operatorVersion{fmt.Sprintf("%s/%d", op.ID, *v.Version), v, full}))
	}
}

// AddConfiguration adds a crafted Intelligence Configuration. Its rules may name
// operators and versions that do not exist. It panics when c.ID does not match its
// pattern or already exists.
func (s *Server) AddConfiguration(c intelligence.Configuration) {
	c = clone[intelligence.Configuration](c)
	check("AddConfiguration", matches(intelligence.IntelligenceConfigurationIDPattern, c.ID))
	check("AddConfiguration", s.configurations.add(&c))
}

// Operators returns a copy of all Language Operators in API order (id ascending, which
// for TTIDs is creation order).
func (s *Server) Operators() []intelligence.Operator {
	return copies[intelligence.Operator](s.operators, asIs)
}

// OperatorVersions returns a copy of an operator's versions in API order (version
// descending); nil for an unknown operator.
func (s *Server) OperatorVersions(operatorID string) []intelligence.OperatorVersion {
	var out []intelligence.OperatorVersion
	for _, v := range s.versions.all() {
		if v.full.ID == operatorID {
			out = append(out, clone[intelligence.OperatorVersion](&v.item))
		}
	}
	return out
}

// Configurations returns a copy of all Intelligence Configurations in API order (id
// ascending, which for TTIDs is creation order).
func (s *Server) Configurations() []intelligence.Configuration {
	return copies[intelligence.Configuration](s.configurations, asIs)
}

// fetchOperator serves FetchOperator. The version routes call it first, for its checks
// of the operator id and, given the query, of the query.
func (s *Server) fetchOperator(path string, args []string, q url.Values) (builder, bool, *response) {
	return fetchOf(s.operators, "id", intelligence.OperatorIDPattern, asIs)(path, args, q)
}

// listVersions serves ListOperatorVersions: a 404 for an unknown operator.
func (s *Server) listVersions(path string, args []string, q url.Values) (builder, bool, *response) {
	if _, _, bad := s.fetchOperator(path, args, nil); bad != nil {
		return nil, false, bad
	}
	build, hasToken, bad := s.versions.list(path, q, nil, func(url.Values) (func(*operatorVersion) bool, *response) {
		return func(v *operatorVersion) bool { return v.full.ID == args[0] }, nil
	}, func(v *operatorVersion) any { return &v.item })
	return func(kind FaultKind) *response {
		if _, found := s.operators.get(args[0]); !found {
			return notFound(path)
		}
		return build(kind)
	}, hasToken, bad
}

// fetchVersion serves FetchOperatorVersion, whose version is an integer.
func (s *Server) fetchVersion(path string, args []string, q url.Values) (builder, bool, *response) {
	if _, _, bad := s.fetchOperator(path, args, q); bad != nil {
		return nil, false, bad
	}
	n, err := strconv.ParseInt(args[1], 10, 64)
	if err != nil {
		return nil, false, badParam("version", "must be an integer, got %q", args[1])
	}
	return s.versions.fetch(path, fmt.Sprintf("%s/%d", args[0], n), func(v *operatorVersion) any { return &v.full }), false, nil
}
