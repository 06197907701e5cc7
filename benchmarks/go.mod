module github.com/seed04710220/terraform-provider-twilio/benchmarks

go 1.26.8

require (
	github.com/hashicorp/go-cleanhttp v0.5.2
	github.com/seed04710220/terraform-provider-twilio v0.0.0
	github.com/twilio/twilio-go v1.31.0
)

require (
	github.com/fatih/color v1.18.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260820222146-c27c302e5fc3 // indirect
	github.com/golang/mock v1.6.0 // indirect
	github.com/hashicorp/go-hclog v1.6.3 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.8 // indirect
	github.com/hashicorp/terraform-plugin-log v0.11.0 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.20 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	golang.org/x/sys v0.43.0 // indirect
)

replace github.com/seed04710220/terraform-provider-twilio => ../
