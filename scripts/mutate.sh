#!/usr/bin/env bash
# Mutation testing (after scripts/setup.sh has installed the tools): plants one small bug at a time (tests/mutation/mutants.tsv) in a scratch copy
# of the sources, rebuilds it incrementally, runs the whole CTest suite (all but the slow `package`
# test) and reverts. A mutant that makes a test fail is killed; one that passes every test
# survived: either a test is missing or the mutant changes nothing observable (equivalent).
#
#   scripts/mutate.sh            every mutant (about 1-2 minutes each on two cores)
#   scripts/mutate.sh ID...      only these
#   scripts/mutate.sh --list     the mutants, one per line; runs nothing
#
# The real tree is never modified: the sources are copied to build-mutation/src (only files that
# changed since the last run are rewritten, so the build in build-mutation/build stays incremental).
# A mutant whose pattern no longer matches exactly once is "stale": reported, and the exit status
# is non-zero. So is a mutant whose build fails ("build-failed": not a kill). Ends with the line
#   mutation score: K/N killed
# where N counts the mutants that built and ran. Logs: build-mutation/logs/ID.{build,test}.log.
# Environment: SECREVIEW_MUTATION_DIR (default build-mutation), SECREVIEW_MUTATION_JOBS (2),
# SECREVIEW_MUTATION_TIMEOUT (seconds per test, default 240: an endless loop counts as killed).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
list="$root/tests/mutation/mutants.tsv"
work="${SECREVIEW_MUTATION_DIR:-$root/build-mutation}"
jobs="${SECREVIEW_MUTATION_JOBS:-2}"
timeout="${SECREVIEW_MUTATION_TIMEOUT:-240}"
src="$work/src"
build="$work/build"
logs="$work/logs"

# The list's reader, the pattern substitution and the copy, in one small Python helper.
helper() {
  python3 - "$list" "$@" <<'PY'
import os, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)

def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == '\\' and i + 1 < len(s):
            out.append({'n': '\n', 't': '\t', '\\': '\\'}.get(s[i + 1], s[i:i + 2]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return ''.join(out)

def load(path):
    mutants, seen = [], set()
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            cols = line.split('\t')
            if len(cols) != 5:
                sys.exit(f'{path}:{n}: expected 5 tab-separated columns (id, file, find, replace, why), got {len(cols)}')
            mid, file, find, repl, why = cols
            if mid in seen:
                sys.exit(f'{path}:{n}: mutant {mid} is listed twice')
            seen.add(mid)
            mutants.append({'id': mid, 'file': file, 'find': unescape(find), 'replace': unescape(repl), 'why': why})
    return mutants

def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)

path, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]
mutants = load(path)
by_id = {m['id']: m for m in mutants}

if command == 'list':
    for m in mutants:
        print(f"{m['id']}\t{m['file']}\t{m['why']}")
elif command == 'select':  # the ids to run, in the list's order unless named
    unknown = [a for a in args if a not in by_id]
    if unknown:
        sys.exit('unknown mutant: ' + ', '.join(unknown) + ' (scripts/mutate.sh --list)')
    print('\n'.join(args if args else [m['id'] for m in mutants]))
elif command == 'check':  # id tree: "ok", or why it is stale
    m, tree = by_id[args[0]], args[1]
    target = os.path.join(tree, m['file'])
    if not os.path.isfile(target):
        print(f"stale: {m['file']} does not exist")
    else:
        n = read(target).count(m['find'])
        print('ok' if n == 1 else f"stale: its pattern matches {n} times in {m['file']}")
elif command == 'apply':  # id tree
    m, tree = by_id[args[0]], args[1]
    target = os.path.join(tree, m['file'])
    text = read(target)
    if text.count(m['find']) != 1:
        sys.exit(3)
    write(target, text.replace(m['find'], m['replace']))
elif command == 'file':
    print(by_id[args[0]]['file'])
elif command == 'sync':  # root src files...: copy what differs (a new mtime, so ninja rebuilds it)
    root, src, files = args[0], args[1], args[2:]
    wanted = set(files)
    for rel in files:
        a, b = os.path.join(root, rel), os.path.join(src, rel)
        if not os.path.isfile(a):
            continue
        with open(a, 'rb') as f:
            data = f.read()
        old = None
        if os.path.isfile(b):
            with open(b, 'rb') as f:
                old = f.read()
        if data != old:
            os.makedirs(os.path.dirname(b), exist_ok=True)
            with open(b, 'wb') as f:
                f.write(data)
            os.chmod(b, os.stat(a).st_mode & 0o777)
    for dirpath, _, names in os.walk(src):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), src)
            if rel not in wanted:
                os.remove(os.path.join(dirpath, name))
else:
    sys.exit(f'unknown helper command {command}')
PY
}

if [ "${1:-}" = "--list" ]; then
  helper list
  exit $?
fi
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

ids="$(helper select "$@")" || exit 2
mkdir -p "$src" "$logs"

# Stale mutants first, so a refactoring that moved the code is seen before an hour of building.
flaky=""
stale=()
runnable=()
for id in $ids; do
  state="$(helper check "$id" "$root")"
  if [ "$state" = ok ]; then
    runnable+=("$id")
  else
    stale+=("$id")
    echo "$id: $state"
  fi
done

if [ ${#runnable[@]} -eq 0 ]; then
  echo "mutation score: 0/0 killed"
  exit 1
fi

echo "mutate: copying the sources to $src"
(cd "$root" && git ls-files --cached --others --exclude-standard -z) | tr '\0' '\n' | grep -v '^$' \
  | { mapfile -t files; helper sync "$root" "$src" "${files[@]}"; } || exit 2

if [ ! -f "$build/build.ninja" ]; then
  echo "mutate: configuring $build"
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
    -DSECREVIEW_TEST_TIMEOUT="$timeout" >"$logs/configure.log" 2>&1 || {
    echo "mutate: configuring failed, see $logs/configure.log"
    exit 2
  }
fi

# The tests' Node tools (Ajv, for tst_export) are scripts/setup.sh's, in the main build: the
# scratch build reads the same ones.
if [ ! -e "$build/node-tools" ] && [ -d "$root/build/node-tools/node_modules" ]; then
  ln -s "$root/build/node-tools" "$build/node-tools"
fi

run_tests() { # log file; returns ctest's status
  rm -f "$build/Testing/Temporary/LastTestsFailed.log"
  QT_QPA_PLATFORM=offscreen ctest --test-dir "$build" -j"$jobs" -E '^package$' --stop-on-failure \
    --output-on-failure >"$1" 2>&1
}

# A failure is confirmed by running the failed suites again: a GUI test that lost a race under
# load is not a kill. When they pass the second time, the whole suite runs once more and decides.
confirm_failure() { # log file; succeeds when the failure is real
  local failed
  failed="$(cut -d: -f2 "$build/Testing/Temporary/LastTestsFailed.log" 2>/dev/null | paste -sd' ' -)"
  if QT_QPA_PLATFORM=offscreen ctest --test-dir "$build" -j"$jobs" --rerun-failed --output-on-failure \
    >"$1.rerun" 2>&1; then
    echo "mutate: $failed failed once and then passed (flaky); running the suite again" >>"$1"
    flaky="$failed"
    ! run_tests "$1.again"
  else
    return 0
  fi
}

echo "mutate: building the unmutated copy"
if ! cmake --build "$build" -j"$jobs" >"$logs/unmutated.build.log" 2>&1; then
  echo "mutate: the unmutated sources do not build, see $logs/unmutated.build.log"
  exit 2
fi
# Only a green suite can tell a mutant apart.
if ! run_tests "$logs/unmutated.test.log" && confirm_failure "$logs/unmutated.test.log"; then
  echo "mutate: the suite fails without any mutant, see $logs/unmutated.test.log"
  exit 2
fi
[ -n "${flaky:-}" ] && echo "mutate: without any mutant, $flaky failed once and then passed (flaky)"

killed=0
flaky=""
survived=0
build_failed=()
survivors=()
for id in "${runnable[@]}"; do
  file="$(helper file "$id")"
  started=$SECONDS
  rm -f "$logs/$id".*.log*
  if ! helper apply "$id" "$src"; then
    echo "$id: stale (its pattern no longer matches exactly once in the copy)"
    stale+=("$id")
    continue
  fi
  if ! cmake --build "$build" -j"$jobs" >"$logs/$id.build.log" 2>&1; then
    result="build-failed"
    build_failed+=("$id")
  elif flaky="" && { run_tests "$logs/$id.test.log" || ! confirm_failure "$logs/$id.test.log"; }; then
    result="survived${flaky:+ (after a flaky $flaky)}"
    survived=$((survived + 1))
    survivors+=("$id")
  else
    failed="$(cut -d: -f2 "$build/Testing/Temporary/LastTestsFailed.log" 2>/dev/null | paste -sd, -)"
    functions="$(cat "$logs/$id.test.log"* | grep -o 'FAIL!  : [A-Za-z0-9_]*::[A-Za-z0-9_]*' | cut -c10- \
      | sort -u | paste -sd, -)"
    result="killed${failed:+ by $failed}${functions:+ ($functions)}${flaky:+ (after a flaky $flaky)}"
    killed=$((killed + 1))
  fi
  # Revert: the file as it is in the real tree (rewritten, so the next build recompiles it).
  cp "$root/$file" "$src/$file"
  echo "$id: $result ($((SECONDS - started)) s)"
done

echo
[ ${#survivors[@]} -gt 0 ] && echo "survived: ${survivors[*]}"
[ ${#build_failed[@]} -gt 0 ] && echo "build-failed: ${build_failed[*]}"
[ ${#stale[@]} -gt 0 ] && echo "stale: ${stale[*]}"
echo "mutation score: $killed/$((killed + survived)) killed"
[ ${#stale[@]} -eq 0 ] && [ ${#build_failed[@]} -eq 0 ]
