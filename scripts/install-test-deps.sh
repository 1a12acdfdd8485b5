#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK: Debian packages (only those missing, so a
# prepared machine does no network access) and npm packages into the git-ignored .cache/npm.
# A fresh CI machine has only the SDK, node/npm and apt, so every test dependency belongs here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export DEBIAN_FRONTEND=noninteractive

# Debian (bookworm) packages the tests use. Add new ones here (e.g. chromium, postgresql, iptables).
apt_packages=(
  ffmpeg         # video camera source: decodes the sample .avi files
  python3-onnx   # tests build tiny ONNX models
  python3-numpy  # ... with numpy tensors
  python3-pil    # tests generate odd images: CMYK JPEG, grayscale, EXIF-rotated, PNG with alpha
  sqlite3        # inspecting persistence journals
  iptables       # cluster link-loss tests cut an edge's Akka.Remote connections (Support/LinkCutter.cs; needs root)
  postgresql     # PostgreSQL journal tests: a throwaway server per test run (initdb + pg_ctl, see PostgresServer.cs)
  chromium       # portal browser tests drive Debian's /usr/bin/chromium through Playwright (no browser download)
)

# npm packages for the tests, installed into .cache/npm (node_modules there). Add "name@version".
npm_packages=(
  s3rver@3.7.1  # S3-compatible server for the object store tests (EdgeLabel.Storage.Tests)
  @aws-sdk/client-s3@3.1175.0  # independent S3 client: the end-to-end upload tests list and read what the edge stored
  @aws-sdk/client-sagemaker@3.1142.0  # the AWS JS SDK drives the embedded Ground Truth service (EndToEnd GroundTruth/)
  @smithy/signature-v4@5.7.5  # independent SigV4 signer: EdgeLabel.GroundTruth.Tests re-sign our SageMaker requests with it
  @aws-crypto/sha256-js@5.2.0  # ... with this pure-JS SHA-256 (shares nothing with .NET's crypto)
)

installed() { dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed; }

install_apt() {
  local p missing=()
  for p in "${apt_packages[@]}"; do installed "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "test-deps: apt: all ${#apt_packages[@]} packages present (${apt_packages[*]})"
    return
  fi
  echo "test-deps: apt: installing ${missing[*]}"
  # Lists may be missing (fresh machine) or stale; refresh once, only when something is needed.
  apt-get update -q >/dev/null || { echo "test-deps: 'apt-get update' failed" >&2; exit 1; }
  apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    { echo "test-deps: 'apt-get install ${missing[*]}' failed" >&2; exit 1; }
}

# Installs into .cache/npm only when a requested spec is not already recorded in its package.json.
install_npm() {
  local prefix="$root/.cache/npm" p missing=()
  if [ ${#npm_packages[@]} -eq 0 ]; then
    echo "test-deps: npm: no packages requested"
    return
  fi
  mkdir -p "$prefix"
  for p in "${npm_packages[@]}"; do npm_has "$prefix" "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "test-deps: npm: all ${#npm_packages[@]} packages present in $prefix"
    return
  fi
  echo "test-deps: npm: installing ${missing[*]} into $prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --save-exact "${missing[@]}" ||
    { echo "test-deps: 'npm install ${missing[*]}' failed" >&2; exit 1; }
}

# True when node_modules has the package at the requested version ("name" alone: any version).
npm_has() {
  local prefix=$1 spec=$2 name version want
  name=${spec%@*}; want=${spec##*@}
  # "name" or "@scope/name" without a version: ${spec%@*} is then empty or the whole spec.
  if [ -z "$name" ] || [ "$name" = "$spec" ]; then name=$spec; want=""; fi
  [ -f "$prefix/node_modules/$name/package.json" ] || return 1
  [ -z "$want" ] && return 0
  version=$(node -p "require(process.argv[1]).version" "$prefix/node_modules/$name/package.json")
  [ "$version" = "$want" ]
}

# Debian's python modules live only in the system interpreter; `python3` on PATH may be another one
# (e.g. a pyenv shim), so tests must use $EDGELABEL_PYTHON, which run-tests.sh sets to this.
check_python() {
  local py=/usr/bin/python3
  "$py" -c 'import onnx, numpy, PIL' 2>/dev/null ||
    { echo "test-deps: $py cannot import onnx, numpy and PIL after installing them" >&2; exit 1; }
  echo "test-deps: python: $py imports onnx, numpy, PIL (tests use \$EDGELABEL_PYTHON=$py)"
}

install_apt
install_npm
check_python
