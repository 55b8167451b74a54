#!/bin/bash
# Runs the six reproducers of issue 19 exactly as the issue writes them, against a built
# dockersim, each in a scratch folder with its own state, and prints for each: the wall time,
# the exit status, the last line it printed, and whether the host was left as it was.
# Measures; asserts nothing (ReproducerTests are the regression tests).
#
#   Fuzz/reproducers.sh                       # uses .build/debug/dockersim (swift build first)
#   Fuzz/reproducers.sh .build/release/dockersim
set -u
cd "$(dirname "$0")/.."
bin=$(cd "$(dirname "${1:-.build/debug/dockersim}")" && pwd)/$(basename "${1:-.build/debug/dockersim}")
[ -x "$bin" ] || { echo "no dockersim at $bin: swift build first" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_STATE_HOME="$scratch/state" DOCKERSIM_HISTORY=/dev/null
mkdir -p "$scratch/bin" && ln -s "$bin" "$scratch/bin/dockersim"
export PATH="$scratch/bin:$PATH"

# repro NAME CHECK SCRIPT: runs SCRIPT with bash in a fresh folder, at most 60 s; then CHECK
# (a bash expression run in the same folder) says whether the host is as it was.
repro() {
    local name=$1 check=$2 script=$3 dir="$scratch/$1"
    mkdir -p "$dir"
    local times status last
    # Wall, user and system seconds of the whole pipeline (CPU time tells apart a busy machine).
    times=$( { TIMEFORMAT='%R %U %S'; time (cd "$dir" && timeout 60 bash -c "$script" >"$dir.out" 2>"$dir.err"; echo $? >"$dir.status"); } 2>&1 )
    status=$(cat "$dir.status")
    last=$(cat "$dir.out" "$dir.err" | tr -d '\r' | grep -v '^$' | tail -1 | cut -c1-110)
    local host="host as it was"
    (cd "$dir" && eval "$check") || host="HOST CHANGED"
    set -- $times
    printf '%-10s %6.2f s wall, %5.2f s CPU  exit %-3s %s\n           last line: %s\n' "$name" \
        "$1" "$(echo "$2 + $3" | bc)" "$status" "$host" "$last"
}

repro deep-subst 'true' \
    "python3 -c \"n=3000;print('run -it ubuntu');print('echo '+'\\\$('*n+'echo hi'+')'*n)\" | dockersim"
repro clock-loop 'true' \
    "printf 'run -d ubuntu bash -c \"while true; do date >> hora.txt; sleep 1; done\"\nsleep 999999999\n' | dockersim"
repro append 'true' \
    "printf 'run -it ubuntu\nwhile true; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa >> f; done\n' | dockersim"
if [ "$(id -u)" = 0 ]; then
    repro mknod '[ -c x/mynull ] && [ "$(stat -c %t:%T x/mynull)" = 1:3 ]' \
        "mkdir x && mknod -m 666 x/mynull c 1 3; echo images | dockersim --record x/mynull"
else
    # mknod needs root: a FIFO stands for the device node.
    repro mkfifo '[ -p x/mynull ]' "mkdir x && mkfifo -m 666 x/mynull; echo images | dockersim --record x/mynull"
fi
repro planted '[ "$(cat v)" = PRECIOUS ] && [ -L .r.md.*.tmp ] && grep -q "pull hello-world" r.md' \
    "echo PRECIOUS > v; echo 'pull hello-world' | bash -c 'ln -s \$PWD/v .r.md.\$\$.tmp; exec dockersim --record r.md'; cat v"
repro json31 'true' \
    "python3 -c \"n=31;print('pull ubuntu');print('images --format \\\\'{{'+'json ('*n+'.ID'+')'*n+'}}\\\\'')\" | dockersim"
