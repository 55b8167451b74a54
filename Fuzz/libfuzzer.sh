#!/bin/sh
# Builds dockersim's libFuzzer target (Sources/DockerSimFuzzDriver, over the same harness as the
# CI fuzzer) with -sanitize=fuzzer in release mode, and runs it.
#
#   Fuzz/libfuzzer.sh                  # 1,000,000 inputs (2 jobs x 500,000) from the committed corpus (RELIABILITY.md)
#   Fuzz/libfuzzer.sh -runs=10000      # any libFuzzer flags replace the defaults
#
# It runs in .build-fuzz/ (not committed): new interesting inputs go to .build-fuzz/corpus, job
# logs to .build-fuzz/fuzz-<n>.log, and a crash is written as .build-fuzz/crash-<sha1>: copy it to Fuzz/corpus/<kind>/ (the first byte of a
# libFuzzer input picks the kind: 0 dockerLine, 1 shellLine, 2 lesson, 3 transcript,
# 4 submission, 5 savedSession) and `swift test --filter committedCorpus` keeps it fixed.
set -eu
cd "$(dirname "$0")/.."
swift build -c release --scratch-path .build-fuzz --product dockersim-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
binary=.build-fuzz/release/dockersim-fuzz
# Let libFuzzer, not Swift's backtracer, catch a crash: it then saves the input as crash-<sha1>.
export SWIFT_BACKTRACE=enable=no
mkdir -p .build-fuzz/corpus
Fuzz/seed-corpus.sh .build-fuzz/seeds
if [ "$#" -eq 0 ]; then
    # 1,000,000 inputs in all: two jobs of 500,000 on the two cores, sharing the corpus
    # (each job logs to .build-fuzz/fuzz-<n>.log; a crash stops its job, saved as crash-<sha1>).
    set -- -runs=500000 -jobs=2 -workers=2 -max_len=2048 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1
fi
cd .build-fuzz
exec release/dockersim-fuzz "$@" corpus seeds
