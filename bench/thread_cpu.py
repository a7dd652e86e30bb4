#!/usr/bin/env python3
"""Runs one command and says where its CPU time went, by the JVM's thread names.

    python3 bench/thread_cpu.py [--tsv FILE --name NAME] -- COMMAND [ARG ...]

Prints the command's wall time and CPU time (user and system, from the kernel's accounting of the child process, so
this script's own polling is not counted), then the CPU time of each group of threads:

    main         the thread named "java": the JVM's main thread, which runs the command (and, for filter, reads,
                 settles and writes)
    deciding     the threads named "flywheel-filter" (filter --threads N with N > 1)
    JIT          the compiler threads ("C1 CompilerThread", "C2 CompilerThread")
    GC and VM    the collector's threads and the VM thread
    other        every other thread
    receipt      the receipt recorder's thread, "flywheel-receipt" (filter --receipt)

The per-thread figures are read from /proc every 20 ms while the command runs, so a thread that ends between two
readings loses at most that much; the total is exact. With --tsv, appends one line "NAME wall user sys main
deciding JIT gc other receipt" (seconds) to FILE. Exits with the command's exit code. Linux only.
"""
import os
import subprocess
import sys
import time

GROUPS = ("main", "deciding", "JIT", "GC and VM", "other", "receipt")


def group_of(name):
    if name == "java":
        return "main"
    if name.startswith("flywheel-filte"):  # the kernel keeps 15 bytes of a thread's name
        return "deciding"
    if name.startswith("flywheel-recei"):
        return "receipt"
    if "CompilerThre" in name:
        return "JIT"
    if name.startswith(("GC ", "G1 ", "VM Thread", "VM Periodic")):
        return "GC and VM"
    return "other"


def read_threads(pid, seen, ticks):
    """Updates seen[tid] = (group, cpu seconds) for every thread of pid that can still be read."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended
        # The name is between the first "(" and the last ")"; it may hold spaces and parentheses.
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        seen[tid] = (group_of(name), (int(fields[11]) + int(fields[12])) / ticks)


def usage():
    print("usage: " + __doc__.strip().splitlines()[2].strip(), file=sys.stderr)
    return 2


def main(argv):
    tsv = name = None
    args = list(argv)
    while args and args[0] != "--":
        if args[0] == "--tsv" and len(args) > 1:
            tsv, args = args[1], args[2:]
        elif args[0] == "--name" and len(args) > 1:
            name, args = args[1], args[2:]
        else:
            return usage()
    command = args[1:]
    if not command or (tsv is None) != (name is None):
        return usage()
    ticks = os.sysconf("SC_CLK_TCK")
    seen = {}
    started = time.monotonic()
    child = subprocess.Popen(command, stdout=sys.stdout, stderr=sys.stderr)
    while True:
        read_threads(child.pid, seen, ticks)
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid != 0:
            break
        time.sleep(0.02)
    wall = time.monotonic() - started
    code = os.waitstatus_to_exitcode(status)
    cpu = dict.fromkeys(GROUPS, 0.0)
    for group, seconds in seen.values():
        cpu[group] += seconds
    print(f"wall {wall:.2f} s, CPU {usage.ru_utime + usage.ru_stime:.2f} s "
          f"(user {usage.ru_utime:.2f}, system {usage.ru_stime:.2f}); by thread:", file=sys.stderr)
    for group in GROUPS:
        print(f"  {group:<10} {cpu[group]:6.2f} s", file=sys.stderr)
    if tsv is not None:
        with open(tsv, "a") as f:
            values = [wall, usage.ru_utime, usage.ru_stime] + [cpu[g] for g in GROUPS]
            f.write("\t".join([name] + [f"{v:.2f}" for v in values]) + "\n")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
