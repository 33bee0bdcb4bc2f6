#!/usr/bin/env bash
# Smoke test of a deployed environment from outside, as the pipeline runs it after deploying
# dev (and as anyone can run it by hand with the same variables):
#   1. every ECS service is stable, and every target the ALB probes (GET /health/ready) is healthy;
#   2. the storefront answers its entry page, and the catalog answers a read through CloudFront;
#   3. the test customer signs in (Cognito, ADMIN_USER_PASSWORD_AUTH), places an order of one
#      unit of an in-stock product, reads it back, and cancels it (the stock is released).
# Readiness is read from the ALB's target health: /health/* is not routed through CloudFront
# (each service has its own, and they are not public), and the ALB probes exactly that path.
# Needs: STOREFRONT_URL, USER_POOL_ID, CLIENT_ID, CLUSTER, SERVICES (space-separated),
# TARGET_GROUPS (space-separated ARNs), SMOKE_SECRET_ID (a secret {"username","password"} of a
# confirmed user of the pool; README "First deployment"), aws CLI, curl, jq.
set -euo pipefail
: "${STOREFRONT_URL:?}" "${USER_POOL_ID:?}" "${CLIENT_ID:?}" "${CLUSTER:?}" "${SERVICES:?}" "${TARGET_GROUPS:?}" "${SMOKE_SECRET_ID:?}"

fail() { echo "SMOKE FAILED: $*" >&2; exit 1; }
step() { echo "== $*"; }
body=$(mktemp)
trap 'rm -f "$body"' EXIT

# request METHOD PATH [curl args...]: prints the status; the body is in $body.
request() {
  local method=$1 path=$2
  shift 2
  curl -sS -o "$body" -w '%{http_code}' -X "$method" --max-time 30 "$STOREFRONT_URL$path" "$@"
}

step "services stable: $SERVICES"
# shellcheck disable=SC2086 # one argument per service
aws ecs wait services-stable --cluster "$CLUSTER" --services $SERVICES

step "readiness: every registered target healthy"
for group in $TARGET_GROUPS; do
  states=$(aws elbv2 describe-target-health --target-group-arn "$group" \
    --query 'TargetHealthDescriptions[].TargetHealth.State' --output text)
  # The idle group of a blue/green pair has no targets; a live one must be all healthy.
  for state in $states; do [ "$state" = healthy ] || fail "target in $group is $state"; done
done

step "storefront entry page"
status=$(request GET /)
[ "$status" = 200 ] && grep -qi '<html\|<!doctype' "$body" || fail "GET / answered $status"

step "catalog read"
status=$(request GET /catalog/categories)
[ "$status" = 200 ] && jq -e '.items | length > 0' "$body" >/dev/null || fail "GET /catalog/categories answered $status"
status=$(request GET '/catalog/products?limit=50')
[ "$status" = 200 ] || fail "GET /catalog/products answered $status"
product=$(jq -r '[.items[] | select(.stock > 0)][0].id // empty' "$body")
[ -n "$product" ] || fail "no product in stock in the first page (is the dev catalog seeded?)"

step "test customer signs in"
credentials=$(aws secretsmanager get-secret-value --secret-id "$SMOKE_SECRET_ID" --query SecretString --output text)
token=$(aws cognito-idp admin-initiate-auth --user-pool-id "$USER_POOL_ID" --client-id "$CLIENT_ID" \
  --auth-flow ADMIN_USER_PASSWORD_AUTH \
  --auth-parameters "USERNAME=$(jq -r .username <<<"$credentials"),PASSWORD=$(jq -r .password <<<"$credentials")" \
  --query AuthenticationResult.AccessToken --output text)
[ -n "$token" ] && [ "$token" != None ] || fail "no access token for the test customer"
auth=(-H "authorization: Bearer $token")

step "order one unit of $product, read it back, cancel it"
key="smoke-${CODEBUILD_BUILD_NUMBER:-$(date +%s)}-$RANDOM"
status=$(request POST /orders "${auth[@]}" -H 'content-type: application/json' -H "idempotency-key: $key" \
  -d "{\"lines\":[{\"productId\":\"$product\",\"quantity\":1}]}")
[ "$status" = 201 ] || fail "POST /orders answered $status: $(cat "$body")"
order=$(jq -r .id "$body")
[ "$(jq -r .status "$body")" = PLACED ] || fail "order $order is $(jq -r .status "$body")"
status=$(request GET "/orders/$order" "${auth[@]}")
[ "$status" = 200 ] || fail "GET /orders/$order answered $status"
status=$(request POST "/orders/$order/cancel" "${auth[@]}")
[ "$status" = 200 ] || fail "POST /orders/$order/cancel answered $status"

echo "== smoke test passed: $STOREFRONT_URL"
