#!/usr/bin/env bash
# A compliance officer's walkthrough against a demo installation. It answers three questions:
#   1. Who could delete the customer tenant at a given moment?
#   2. What did an account's roles look like before the incident?
#   3. Every change to the tenant between two moments, and proof that the record is complete.
#
# Set-up, from the repository root:
#   dotnet cake --target=Demo                                                     # seeds tenancy_demo, writes demo.env
#   dotnet cake --target=Run --environment=Development --database=tenancy_demo    # in another terminal
#   bash samples/compliance/walkthrough.sh demo.env
# Needs curl and jq.
set -euo pipefail
source "${1:-demo.env}"
BASE="${BASE:-http://127.0.0.1:5080}"
get() { curl -sf -H "Authorization: Bearer $OWNER_TOKEN" "$BASE$1"; }

echo "== 1. Who could delete tenant $TENANT before the promotion ($BEFORE_PROMOTION), and after the incident?"
get "/tenants/$TENANT/who-held/DeleteTenant?at=$BEFORE_PROMOTION" | jq -r '.[] | "  then: \(.accountId) as \(.role) (\(.source))"'
get "/tenants/$TENANT/who-held/DeleteTenant?at=$AFTER_INCIDENT" | jq -r '.[] | "  later: \(.accountId) as \(.role) (\(.source))"'

echo "== 2. Account $INCIDENT_ACCOUNT before the incident ($BEFORE_INCIDENT) and after it"
get "/accounts/$INCIDENT_ACCOUNT/as-of?at=$BEFORE_INCIDENT" | jq -r '"  before: role \(.state.role.role), state \(.state.state), version \(.version)"'
get "/accounts/$INCIDENT_ACCOUNT/as-of?at=$AFTER_INCIDENT" | jq -r '"  after:  role \(.state.role.role), state \(.state.state), version \(.version)"'
echo "  and when it held ViewAudit, or not:"
get "/tenants/$TENANT/capabilities/$INCIDENT_ACCOUNT/history/ViewAudit" | jq -r '.[] | "    \(if .held then "held" else "not held" end) from \(.from) until \(.until // "now")"'
echo "  what changed, field by field, and who did it:"
get "/accounts/$INCIDENT_ACCOUNT/timeline?from=$BEFORE_INCIDENT" | jq -r '.[] | "    v\(.version) \(.event) by \(.actor) as \(.role): \(.reason // "-") diff \(.difference | tojson)"'

echo "== 3. Every change to the tenant between $BEFORE_PROMOTION and $AFTER_INCIDENT, with evidence"
get "/tenants/$TENANT/audit?from=$BEFORE_PROMOTION&to=$AFTER_INCIDENT" | jq -r '.entries[] | "  #\(.sequence) \(.timestamp) \(.summary)"'
get "/tenants/$TENANT/evidence?from=$BEFORE_PROMOTION&to=$AFTER_INCIDENT" > evidence.zip
echo "  evidence bundle written to evidence.zip; verified offline (no database, no service):"
(cd src/EventSourcedTenancy && dotnet run -c Release --no-build --no-launch-profile -- evidence-verify --bundle ../../evidence.zip)
