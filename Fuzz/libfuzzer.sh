#!/bin/sh
# Builds dockersim's libFuzzer target (Sources/DockerSimFuzzDriver, over the same harness as the
# CI fuzzer) with -sanitize=fuzzer in release mode, and runs it.
#
#   Fuzz/libfuzzer.sh                  # 1,000,000 inputs from the committed corpus (RELIABILITY.md)
#   Fuzz/libfuzzer.sh -runs=10000      # any libFuzzer flags replace the defaults
#
# New interesting inputs go to .build-fuzz/corpus (not committed); a crash is written as
# crash-<sha1> in the current folder: copy it to Fuzz/corpus/<kind>/ (the first byte of a
# libFuzzer input picks the kind: 0 dockerLine, 1 shellLine, 2 lesson, 3 transcript,
# 4 submission, 5 savedSession) and `swift test --filter committedCorpus` keeps it fixed.
set -eu
cd "$(dirname "$0")/.."
swift build -c release --scratch-path .build-fuzz --product dockersim-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
binary=.build-fuzz/release/dockersim-fuzz
mkdir -p .build-fuzz/corpus
Fuzz/seed-corpus.sh .build-fuzz/seeds
if [ "$#" -eq 0 ]; then
    set -- -runs=1000000 -max_len=4096 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1
fi
exec "$binary" "$@" .build-fuzz/corpus .build-fuzz/seeds
