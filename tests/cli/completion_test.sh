#!/usr/bin/env bash
# The completion scripts as shells run them. bash: sources `strata completion bash`, sets COMP_WORDS,
# COMP_CWORD, COMP_LINE and COMP_POINT as bash does on TAB, calls the completion function and checks
# COMPREPLY. fish: asks fish itself (`complete -C`). zsh: the script parses (`zsh -n`), and its function,
# given `words` and CURRENT, offers the right words.
# Usage: completion_test.sh STRATA_BINARY
set -euo pipefail
strata=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/db/migrations" "$work/other"
ln -s "$strata" "$work/bin/strata"
export PATH="$work/bin:$PATH"
unset STRATA_DIR DATABASE_URL
touch "$work/db/migrations/001_create_users.sql" "$work/db/migrations/002_add_email.sql" \
      "$work/db/migrations/README.md" "$work/other/20240101120000_other_dir.sql"
cd "$work"
failures=0

strata completion bash >strata.bash
# shellcheck disable=SC1091
source ./strata.bash

# complete WORD... : the words of a line, the last one being completed (the cursor at the end).
complete_line() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _strata
}
# expect "LINE" has|lacks WORD...
expect() {
  local line=$1 mode=$2 word
  shift 2
  for word in "$@"; do
    local found=0 candidate
    for candidate in "${COMPREPLY[@]}"; do [[ $candidate == "$word" ]] && found=1; done
    if [[ $mode == has && $found == 0 ]] || [[ $mode == lacks && $found == 1 ]]; then
      echo "FAIL: bash, '$line<TAB>' $mode '$word'; offered: ${COMPREPLY[*]:-(nothing)}"
      failures=$((failures + 1))
    fi
  done
}

complete_line strata ""
expect "strata " has new up down run revert status lock backups completion help version
expect "strata " lacks __complete __reference --url
complete_line strata u
expect "strata u" has up
expect "strata u" lacks down status
complete_line strata up --
expect "strata up --" has --to --count --dry-run --url --dir --json --help
expect "strata up --" lacks --all --diff
complete_line strata run ""
expect "strata run " has 001 002
expect "strata run " lacks 20240101120000 README.md
complete_line strata revert 00
expect "strata revert 00" has 001 002
complete_line strata down --to ""
expect "strata down --to " has 001 002
complete_line strata --url sqlite:x.db show ""
expect "strata --url sqlite:x.db show " has 001 002
complete_line strata --dir other up --to ""
expect "strata --dir other up --to " has 20240101120000
expect "strata --dir other up --to " lacks 001
STRATA_DIR=other complete_line strata baseline ""
expect "STRATA_DIR=other strata baseline " has 20240101120000
complete_line strata lock ""
expect "strata lock " has status break
complete_line strata lock break -
expect "strata lock break -" has --yes -y --json
complete_line strata help st
expect "strata help st" has status
complete_line strata run 001 ""
expect "strata run 001 " lacks 002

# The versions helper needs no database and says what is wrong with a directory.
strata __complete versions >versions.txt
printf '001\tcreate_users\n002\tadd_email\n' | diff -u - versions.txt || failures=$((failures + 1))
# Subfolders are listed as the migration source reads them: with --recursive, hidden ones never.
mkdir -p db/migrations/2026/11 db/migrations/.old
touch db/migrations/2026/11/003_in_a_subfolder.sql db/migrations/.old/004_hidden.sql
strata __complete versions >versions.txt
printf '001\tcreate_users\n002\tadd_email\n' | diff -u - versions.txt || failures=$((failures + 1))
strata --recursive __complete versions >versions.txt
printf '001\tcreate_users\n002\tadd_email\n003\tin_a_subfolder\n' | diff -u - versions.txt || failures=$((failures + 1))
rm -r db/migrations/2026 db/migrations/.old
if strata --dir missing __complete versions >out.txt 2>err.txt; then
  echo "FAIL: __complete versions on a missing directory succeeded"; failures=$((failures + 1))
fi
grep -q "missing" err.txt || { echo "FAIL: the error does not name the directory: $(cat err.txt)"; failures=$((failures + 1)); }
if strata completion tcsh >out.txt 2>err.txt; then
  echo "FAIL: completion tcsh succeeded"; failures=$((failures + 1))
fi
grep -q "bash" err.txt || { echo "FAIL: no list of shells: $(cat err.txt)"; failures=$((failures + 1)); }

# zsh: the script parses, and its function offers the right words when the completion system's
# functions it calls (_describe, _files, _call_program) print what they are given.
strata completion zsh >_strata
zsh -n _strata || { echo "FAIL: zsh -n _strata"; failures=$((failures + 1)); }
cat >drive.zsh <<'ZSH'
_describe() {
  local name
  shift 3
  for name in "$@"; do [[ $name == -- ]] || print -l -- "${(@P)name}"; done
}
_files() { print -- "<files>" }
_call_program() { shift; eval "$@" }
compdef() { : }
source ./_strata
words=("$@")
CURRENT=$#
_strata | cut -d: -f1
ZSH
zsh_expect() {
  local -a line
  read -ra line <<<"$1"
  [[ $1 == *" " ]] && line+=("")
  local offered word
  offered=$(zsh -f drive.zsh "${line[@]}")
  shift
  for word in "$@"; do
    grep -qx -- "$word" <<<"$offered" || { echo "FAIL: zsh, '${line[*]}<TAB>' lacks '$word'; offered: $offered"; failures=$((failures + 1)); }
  done
}
zsh_expect "strata " new up lock completion help
zsh_expect "strata up --" --to --dry-run --url
zsh_expect "strata run " 001 002
zsh_expect "strata --dir other down --to " 20240101120000
zsh_expect "strata lock " status break

# fish: the script parses, and fish completes from it.
strata completion fish >strata.fish
fish -n strata.fish || { echo "FAIL: fish -n strata.fish"; failures=$((failures + 1)); }
fish_complete() { fish --no-config -c "source strata.fish; complete -C '$1'" | cut -f1; }
fish_expect() {
  local line=$1 word
  shift
  local offered
  offered=$(fish_complete "$line")
  for word in "$@"; do
    grep -qx -- "$word" <<<"$offered" || { echo "FAIL: fish, '$line<TAB>' lacks '$word'; offered: $offered"; failures=$((failures + 1)); }
  done
}
fish_expect "strata " new up lock completion
fish_expect "strata up --" --to --dry-run --url
fish_expect "strata run " 001 002
fish_expect "strata --dir other down --to " 20240101120000
fish_expect "strata lock " status break

if ((failures)); then
  echo "$failures completion check(s) failed"
  exit 1
fi
echo "completion test passed"
