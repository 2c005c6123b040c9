#!/usr/bin/env python3
"""bench/keystroke.py: interactive latency of a `docker exec -it` session.

    bench/keystroke.py N CLI... EXEC_ARGS...      e.g. bench/keystroke.py 20 docker -H unix:///run/berth/docker.sock exec -it C sh

Starts the command on a pseudo-terminal (as a user's terminal would), waits for the shell, then N times types a
line and waits for the shell's answer to appear: `printf 'k%sz\\n' <i>` typed, `k<i>z` awaited (the terminal's echo
of the typed line shows `printf 'k%sz\\n' <i>`, never `k<i>z`). Prints the median round trip in seconds: from the
write of the line to the read that completed the answer. Exits non-zero (with what it saw) when an answer does
not come within 10 s.
"""
import os
import pty
import select
import signal
import statistics
import sys
import time


def read_until(fd, needle, deadline, seen):
    while needle not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("waited for %r, saw %r" % (needle, seen[-200:]))
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the session ended
                raise TimeoutError("session ended, saw %r" % seen[-200:])
            if not chunk:
                raise TimeoutError("session ended, saw %r" % seen[-200:])
            seen += chunk
    return seen[seen.index(needle) + len(needle):]


def main():
    rounds = int(sys.argv[1])
    argv = sys.argv[2:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    times = []
    try:
        seen = b""
        # the shell is ready once it answers a first line
        os.write(fd, b"printf 'ready%sz\\n' 0\r")
        seen = read_until(fd, b"ready0z", time.monotonic() + 30, seen)
        for i in range(1, rounds + 1):
            answer = b"k%dz" % i
            start = time.monotonic()
            os.write(fd, b"printf 'k%%sz\\n' %d\r" % i)
            seen = read_until(fd, answer, start + 10, seen)
            times.append(time.monotonic() - start)
        os.write(fd, b"exit\r")
    except TimeoutError as e:
        print("keystroke: " + str(e), file=sys.stderr)
        os.kill(pid, signal.SIGKILL)
        sys.exit(1)
    finally:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            try:
                os.read(fd, 65536)
            except OSError:
                pass
            time.sleep(0.01)
        else:
            os.kill(pid, signal.SIGKILL)
    print("%.6f" % statistics.median(times))


if __name__ == "__main__":
    main()
