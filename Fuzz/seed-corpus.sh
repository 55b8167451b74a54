#!/bin/sh
# Writes libFuzzer seeds into folder $1: the committed corpus (Fuzz/corpus/<kind>/*), the
# transcripts, the lessons and their command lines, each prefixed with its kind's byte.
set -eu
cd "$(dirname "$0")/.."
out="$1"
mkdir -p "$out"
seed() {  # seed KIND-BYTE FILE
    { printf "\\$(printf '%03o' "$1")"; cat "$2"; } > "$(mktemp "$out/seed-$1-XXXXXXXX")"
}
kind=0
for k in dockerLine shellLine lesson transcript submission savedSession; do
    for f in Fuzz/corpus/$k/*; do [ -f "$f" ] && seed $kind "$f"; done
    kind=$((kind + 1))
done
for f in $(find Transcripts -name '*.md' ! -name README.md | sort); do seed 3 "$f"; done
for f in $(find Lessons -name '*.md' ! -name README.md | sort); do seed 2 "$f"; done
tmp=$(mktemp)
grep -h '^\$ ' $(find Transcripts -name '*.md') | cut -c3- | sort -u | head -300 | while IFS= read -r line; do
    printf '%s\n' "$line" > "$tmp"; seed 0 "$tmp"
done
grep -h '^root@[^#]*# ' $(find Transcripts -name '*.md') | sed 's/^root@[^#]*# //' | sort -u | head -200 | while IFS= read -r line; do
    printf '%s\n' "$line" > "$tmp"; seed 1 "$tmp"
done
rm -f "$tmp"
