#!/usr/bin/env bash
# Runs one cdktn command on one environment's stack, with your AWS credentials:
#   npm run infra:diff -- dev        npm run infra:deploy -- pr-123        npm run infra:destroy -- pr-123
# An environment named "<template>-<number>" (pr-123) is made from the ephemeral template.
# The stacks' image tag defaults to the current commit (TF_VAR_image_tag overrides it); in CI,
# deploy and destroy run without the confirmation prompt.
set -euo pipefail

command="${1:?usage: stack-command.sh diff|deploy|destroy <environment>}"
environment="${2:-}"
if [[ -z "$environment" ]]; then
  echo "Which environment? Usage: npm run infra:$command -- <environment>  (e.g. dev, staging, prod, pr-123, state-bootstrap)" >&2
  exit 2
fi

export CHECKPOINT_DISABLE=1
if [[ "$environment" =~ -[0-9]+$ ]]; then export EPHEMERAL_ENV="$environment"; fi
export TF_VAR_image_tag="${TF_VAR_image_tag:-$(git rev-parse --short=12 HEAD)}"

args=("$command" "$environment")
if [[ "$command" != diff && "${CI:-}" =~ ^(1|true)$ ]]; then args+=(--auto-approve); fi
exec npx cdktn "${args[@]}"
