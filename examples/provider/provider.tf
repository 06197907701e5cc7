terraform {
  required_providers {
    twilio = {
      source = "seed04710220/twilio"
    }
  }
}

# Recommended: an API key, from the environment (TWILIO_API_KEY, TWILIO_API_SECRET).
# API keys are regional: set region to where the key was created. Requests go to
# https://intelligence.dublin.ie1.twilio.com (dublin is also ie1's default edge).
provider "twilio" {
  region = "ie1"
  edge   = "dublin"
}

# Alternatively, every attribute in the block (the block wins over the environment).
provider "twilio" {
  alias       = "auth_token"
  account_sid = var.twilio_account_sid
  auth_token  = var.twilio_auth_token
  max_retries = 8
}

variable "twilio_account_sid" {
  type = string
}

variable "twilio_auth_token" {
  type      = string
  sensitive = true
}
