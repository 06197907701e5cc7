// Package pulumi runs the provider through Pulumi's Terraform bridge
// (github.com/pulumi/pulumi-terraform-bridge/v3), the code behind
// `pulumi package add terraform-provider`, and tests what a Pulumi user gets: the package
// schema (every data source a function, with the inputs, outputs, names and secrets
// expected) and function calls against the bundled local Intelligence API, compared with
// what Terraform reads through the same provider.
//
// It is a module of its own, like ../benchmarks, so that the bridge's very large dependency
// graph never enters the provider's go.mod. `make test` runs it; `make testpulumi` from the
// repository root runs it alone.
package pulumi
