// Command terraform-provider-twilio serves the twilio Terraform provider.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/seed04710220/terraform-provider-twilio/internal/provider"
)

// version is set at build time: -ldflags "-X main.version=1.2.3" (goreleaser does it).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/seed04710220/twilio",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
