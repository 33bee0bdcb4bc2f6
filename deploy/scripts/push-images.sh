#!/usr/bin/env bash
# Builds every app image from the root Dockerfile and pushes it to its ECR repository as
# <registry>/<project>/<app>:<commit id>. Run by the pipeline's PushImages step (privileged
# CodeBuild, Docker) before dev is deployed; prod later deploys the very same tags.
# Tags are immutable: an image already pushed for this commit is left alone, so a re-run of
# the pipeline for the same commit is a no-op here.
# Needs: PROJECT, IMAGE_TAG (the commit id), REGISTRY (<account>.dkr.ecr.<region>.amazonaws.com),
# AWS credentials allowed to push to the repositories, Docker with network access to the
# Dockerfile's base image (node:24-bookworm-slim).
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${PROJECT:?}" "${IMAGE_TAG:?}" "${REGISTRY:?}"

apps=(gomart catalog orders notifications analytics-export)
region=$(cut -d. -f4 <<<"$REGISTRY")

aws ecr get-login-password --region "$region" | docker login --username AWS --password-stdin "$REGISTRY"
for app in "${apps[@]}"; do
  repository="$PROJECT/$app"
  if aws ecr describe-images --region "$region" --repository-name "$repository" \
    --image-ids imageTag="$IMAGE_TAG" >/dev/null 2>&1; then
    echo "== $repository:$IMAGE_TAG exists"
    continue
  fi
  echo "== build $repository:$IMAGE_TAG"
  docker build --platform linux/amd64 --build-arg APP="$app" -t "$REGISTRY/$repository:$IMAGE_TAG" .
  docker push "$REGISTRY/$repository:$IMAGE_TAG"
done
