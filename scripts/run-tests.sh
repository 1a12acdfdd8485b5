#!/usr/bin/env bash
# Builds the solution once, runs every test project under tests/ (*Tests.csproj) one after the
# other (2 cores: parallel projects only fight each other), writes a TRX per project to
# out/test-results/<project>/ and prints, as the very last line, "N passed, N failed, N skipped".
# Extra arguments go to every `dotnet test` call, e.g. `--filter FullyQualifiedName~Spool`.
# Exit code: 0 only when nothing failed and every project produced its results.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sln="EdgeLabel.sln"
results="$root/out/test-results"
# Per-project wall-clock limit, so a hung test cannot eat CI's whole run. Only on by default in CI:
# `timeout` moves dotnet into its own process group, where a developer's Ctrl-C would not reach it.
if [ "${CI:-}" = "true" ]; then project_timeout=${EDGELABEL_TEST_TIMEOUT:-40m}; else project_timeout=${EDGELABEL_TEST_TIMEOUT:-0}; fi

# Tests that build ONNX models or odd images run Python with Debian's python3-onnx/-numpy/-pil,
# which only the system interpreter sees (`python3` on PATH may be a pyenv shim without them).
export EDGELABEL_PYTHON=${EDGELABEL_PYTHON:-/usr/bin/python3}

passed=0 failed=0 skipped=0
crashed=()

log() { echo "run-tests: $*"; }

summary() {
  local line="$passed passed, $failed failed, $skipped skipped"
  [ ${#crashed[@]} -eq 0 ] || log "crashed or produced no results: ${crashed[*]}"
  failed_tests
  echo "$line"
}

# Names the failed tests and the head of each failure message, just above the summary line: CI keeps
# only the tail of the output, where a failure's long log dump would otherwise hide which test failed.
failed_tests() {
  [ "$failed" -gt 0 ] && [ -d "$results" ] || return 0
  "$EDGELABEL_PYTHON" - "$results" <<'PY' || log "could not list the failed tests (see the TRX files)"
import html, pathlib, re, sys
for trx in sorted(pathlib.Path(sys.argv[1]).glob("*/*.trx")):
    text = trx.read_text(encoding="utf-8", errors="replace")
    for result in re.finditer(r'<UnitTestResult [^>]*?testName="([^"]*)"[^>]*?outcome="(Failed|Error|Timeout|Aborted)"[^>]*>(.*?)</UnitTestResult>', text, re.S):
        message = re.search(r"<Message>(.*?)</Message>", result.group(3), re.S)
        head = html.unescape(message.group(1)).strip().splitlines()[:4] if message else ["(no message)"]
        print(f"run-tests: FAILED {trx.parent.name}: {html.unescape(result.group(1))}")
        for line in head:
            print(f"run-tests:     {line[:400]}")
PY
}

test_projects() {
  find tests -name '*.csproj' -print | sort | while read -r p; do
    case "$(basename "$p" .csproj)" in *Tests) echo "$p" ;; esac
  done
}

# Prints "passed failed skipped" counted from the UnitTestResult outcomes of one TRX file.
# (The TRX <Counters> element does not count xunit's skipped tests, so outcomes are counted.)
trx_counts() {
  grep -o '<UnitTestResult [^>]*>' "$1" | grep -o ' outcome="[A-Za-z]*"' | cut -d'"' -f2 |
    awk '
      $1 == "Passed" { p++; next }
      $1 == "Failed" || $1 == "Error" || $1 == "Timeout" || $1 == "Aborted" { f++; next }
      { s++ }  # NotExecuted (skipped), Inconclusive, ...
      END { printf "%d %d %d\n", p, f, s }'
}

run_dotnet_test() {
  if [ "$project_timeout" != "0" ]; then
    timeout --kill-after=30s "$project_timeout" dotnet test "$@"
  else
    dotnet test "$@"
  fi
}

# Runs one project and adds its counts; a crash (non-zero exit without a failed test, or no TRX)
# counts as one failure so it can never pass silently.
run_project() {
  local proj=$1 name dir trx rc start p f s
  shift
  name=$(basename "$proj" .csproj)
  dir="$results/$name"
  rm -rf "$dir" && mkdir -p "$dir"
  start=$SECONDS
  set +e
  run_dotnet_test "$proj" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$dir" "$@" 2>&1 | tee "$dir/dotnet-test.log"
  rc=${PIPESTATUS[0]}
  set -e
  trx="$dir/$name.trx"
  if [ ! -s "$trx" ]; then
    log "$name: no TRX written (dotnet test exit $rc$( [ "$rc" -eq 124 ] && echo ", timed out after $project_timeout")); counted as 1 failure"
    grep -q "$(basename "$proj")" "$sln" || log "$name: $proj is not in $sln, so it was never built"
    crashed+=("$name") failed=$((failed + 1))
    return
  fi
  read -r p f s < <(trx_counts "$trx")
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  log "$name: $p passed, $f failed, $s skipped ($((SECONDS - start)) s, $trx)"
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    log "$name: dotnet test exit $rc but no failed test (test host crash?); counted as 1 failure"
    crashed+=("$name") failed=$((failed + 1))
  fi
}

main() {
  local projects=() i=0 proj
  mapfile -t projects < <(test_projects)
  if [ ${#projects[@]} -eq 0 ]; then
    log "no *Tests.csproj under tests/"
    failed=1 crashed=(none-found)
    summary
    exit 1
  fi
  log "building $sln (Release) for ${#projects[@]} test projects"
  if ! dotnet build "$sln" -c Release --nologo; then
    log "build of $sln failed; no test ran; counting each test project as 1 failure"
    failed=${#projects[@]} crashed=("${projects[@]}")
    summary
    exit 1
  fi
  for proj in "${projects[@]}"; do
    i=$((i + 1))
    log "[$i/${#projects[@]}] $proj"
    run_project "$proj" "$@"
  done
  [ $((passed + failed + skipped)) -gt 0 ] || log "warning: no test ran"
  summary
  [ "$failed" -eq 0 ]
}

main "$@"
