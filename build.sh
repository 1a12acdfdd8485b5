#!/usr/bin/env bash
# Single entry point for developers and CI. Every subcommand fetches what it needs first; the
# fetch scripts are idempotent and take well under a second when their cache is complete.
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"

usage() {
  cat >&2 <<'USAGE'
usage: ./build.sh <command> [args...]
  models               fetch the detector model into .cache/models
  samples              fetch sample photos and videos into .cache/samples
  demo [args...]       models + samples, then: Demo [args...] (a cloud node and two edge sites as
                       separate processes; --help lists the options)
  eval [args...]       models + samples, then: EdgeNode eval [args...]
  bench <name> [args]  models + samples, then: Benchmarks <name> [args...]
  cluster up|down|status [FILE]
                       a deployment as local processes (default hocon/deployments/local.conf:
                       2 cloud nodes + 3 sites on 127.0.0.1; logs and state under out/cluster/)
  edgelabel [args...]  the operations tool, e.g. `edgelabel config validate FILE...` (every problem
                       of node HOCON files, with key paths; several files are also checked as one deployment)
  test [args...]       install test deps, models + samples, then run every test project
                       (args go to `dotnet test`, e.g. --filter FullyQualifiedName~Spool)
USAGE
}

models() { scripts/fetch-model.sh; }
samples() { scripts/fetch-samples.sh; }
inputs() { models && samples; }

# Build once, then run the binary from the repository root: relative paths in the HOCON files
# (.cache/..., out/...) resolve against the caller's working directory, which `dotnet run` would change.
# exec: signals (a CI timeout's SIGTERM, Ctrl+C) go straight to the program, which stops what it started.
run_project() {
  local project=$1 dll=$2
  shift 2
  local log
  if ! log=$(dotnet build "src/$project" -c Release --nologo 2>&1); then
    echo "$log" >&2
    exit 1
  fi
  exec dotnet "src/$project/bin/Release/net10.0/linux-x64/$dll" "$@"
}
edge_node() { run_project EdgeNode edgelabel-edge.dll "$@"; }
# Building the demo builds both node projects (it references them for build order only).
demo() { run_project Demo edgelabel-demo.dll "$@"; }
edgelabel() { run_project Cli edgelabel.dll "$@"; }

main() {
  [ $# -gt 0 ] || { usage; exit 2; }
  local cmd=$1
  shift
  case "$cmd" in
    models) models ;;
    samples) samples ;;
    demo) inputs && demo "$@" ;;
    eval) inputs && edge_node eval "$@" ;;
    edgelabel) edgelabel "$@" ;;
    cluster) inputs && edgelabel cluster "$@" ;;
    bench)
      [ $# -gt 0 ] || { echo "build.sh: bench needs a benchmark name" >&2; usage; exit 2; }
      inputs && run_project Benchmarks edgelabel-bench.dll "$@"
      ;;
    test) scripts/install-test-deps.sh && inputs && scripts/run-tests.sh "$@" ;;
    -h | --help | help) usage ;;
    *) echo "build.sh: unknown command '$cmd'" >&2; usage; exit 2 ;;
  esac
}

main "$@"
