#!/bin/sh
# Stop the lab: exactly the processes whose PIDs up.sh recorded in run/*.pid,
# and only if that PID still runs a command line naming this lab's directory
# (a recycled PID is left alone).  TERM first, KILL after 5 s.  Idempotent.
# run/ (configs, zones, logs) is kept for post-mortems; up.sh rebuilds it.
set -eu
LAB=$(cd "$(dirname "$0")" && pwd -P)
RUN=$LAB/run
[ -d "$RUN" ] || exit 0

alive() { # pid -> true if it runs and is not a zombie
    [ -r "/proc/$1/stat" ] || return 1
    state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

ours() { # pid -> true if its command line names the lab directory
    alive "$1" && tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF "$LAB/"
}

pending=""
all=""
for f in "$RUN"/*.pid; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .pid)
    pid=$(head -n1 "$f" 2>/dev/null | tr -d ' \n') || pid=
    case $pid in
    '' | *[!0-9]*) echo "lab: $name: bad PID file, removed" >&2 ;;
    *)
        if ours "$pid"; then
            kill -TERM "$pid" 2>/dev/null || true
            pending="$pending $name:$pid"
            all="$all $name:$pid"
        else
            echo "lab: $name: PID $pid no longer runs a lab process, skipped"
        fi ;;
    esac
    rm -f "$f"
done

i=0
while [ -n "$pending" ] && [ $i -lt 50 ]; do
    left=""
    for np in $pending; do
        alive "${np#*:}" && left="$left $np"
    done
    pending=$left
    [ -n "$pending" ] && sleep 0.1
    i=$((i + 1))
done
for np in $pending; do
    echo "lab: ${np%%:*} (PID ${np#*:}) ignored TERM for 5 s, sending KILL" >&2
    kill -KILL "${np#*:}" 2>/dev/null || true
done
# The daemons were orphans (parent: PID 1); give init up to 5 s to reap them so
# that a pgrep right after down.sh shows nothing.  Not an error if it is slower.
i=0
while [ $i -lt 50 ]; do
    left=0
    for np in $all; do
        [ -e "/proc/${np#*:}" ] && left=1
    done
    [ $left = 0 ] && break
    sleep 0.1
    i=$((i + 1))
done
echo "lab: stopped"
