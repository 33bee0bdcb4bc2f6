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
  # Pipeline stages are nested assemblies: lint their templates too.
  find "cdk.out/$name" -name '*.template.json' -print0 | xargs -0 cfn-lint --
}

# dev: no domain, no geo restriction.
synth dev -c env=dev -c mailFrom=orders@example.com
# prod: with a domain, so certificates, DNS records and the SES domain identity are checked too.
synth prod -c env=prod -c mailFrom=orders@shop.example.com -c sesIdentity=shop.example.com -c alarmEmail=ops@example.com \
  -c domain=shop.example.com -c hostedZoneId=Z0000000000EXAMPLE -c hostedZoneName=example.com \
  -c geoAllowlist=AU,NZ,SG,MY
# The delivery pipeline with both stages (sample account and connection).
synth pipeline -c pipeline=true -c account=111122223333 -c repository=gomart/shop \
  -c connectionArn=arn:aws:codeconnections:ap-southeast-2:111122223333:connection/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 \
  -c imageTag=0123456789abcdef0123456789abcdef01234567 -c mailFrom=orders@example.com \
  -c prod:mailFrom=orders@shop.example.com -c prod:sesIdentity=shop.example.com -c prod:domain=shop.example.com \
  -c prod:hostedZoneId=Z0000000000EXAMPLE -c prod:hostedZoneName=example.com
echo "== ok"
