#!/usr/bin/env bash
# Synthesizes the estate offline for dev and for prod (cdk-nag runs inside synthesis and
# fails it on any unacknowledged finding), then lints every template with cfn-lint.
# Exits non-zero on the first failure. Needs no AWS credentials and no Docker: image assets
# are only staged. The context below is sample data for the check, not a deployment.
set -euo pipefail

cd "$(dirname "$0")/.."
cdk=(node ../node_modules/aws-cdk/bin/cdk)

synth() {
  local name=$1
  shift
  rm -rf "cdk.out/$name"
  echo "== synth $name"
  "${cdk[@]}" synth --quiet --output "cdk.out/$name" "$@"
  echo "== cfn-lint $name"
  cfn-lint -- "cdk.out/$name"/*.template.json
}

# dev: no domain, no geo restriction.
synth dev -c env=dev -c mailFrom=orders@example.com
# prod: with a domain, so certificates, DNS records and the SES domain identity are checked too.
synth prod -c env=prod -c mailFrom=orders@shop.example.com -c sesIdentity=shop.example.com -c alarmEmail=ops@example.com \
  -c domain=shop.example.com -c hostedZoneId=Z0000000000EXAMPLE -c hostedZoneName=example.com \
  -c geoAllowlist=AU,NZ,SG,MY
echo "== ok"
