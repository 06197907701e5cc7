// Package e2e runs the built provider binary under the real Terraform CLI, the way a user
// does: a dev_overrides CLI configuration, terraform plan and apply, against the local
// Intelligence API. It checks what in-process acceptance tests cannot: the examples in the
// docs (for_each included), and what Terraform and the provider write to their logs.
// The tests only run with TF_ACC set, like acceptance tests.
package e2e
