// Package benchmarks holds every benchmark that needs more than one package: the client's
// listing against the chain limit, a bare net/http + encoding/json loop and twilio-go,
// with the local Intelligence API run as a separate process; the data source's state
// built directly against a reflection model; the ReadDataSource RPC; terraform plan end
// to end. It is a module of its own so that twilio-go never enters the provider's
// dependency graph. BENCHMARKS.md at the repository root has the method and results.
package benchmarks
