"""The machine a benchmark runs on: what it is, and running children on it."""
import os
import platform
import signal
import subprocess
import tempfile
import threading
import time


class BenchError(Exception):
    pass


def spawn(argv, timeout, env=None):
    """Run argv; return (wall seconds, its rusage, stdout, stderr) or raise BenchError.

    The child gets its own session and process group, so a timeout also kills
    grandchildren that would otherwise hold the stdout pipe open; os.wait4
    rather than Popen.wait, because it returns this child's rusage.
    """
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=err, env=env, start_new_session=True)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            out = proc.stdout.read()
            proc.stdout.close()
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if returncode != 0:
        if timed_out.is_set():
            why = f"killed after the {timeout:g} s timeout"
        elif returncode < 0:
            why = f"signal {-returncode}"
        else:
            why = f"exit status {returncode}"
        detail = f":\n{stderr.strip()[-2000:]}" if stderr.strip() else ""
        raise BenchError(f"{' '.join(argv[:3])} … failed ({why}){detail}")
    return wall, usage, out.decode(errors="replace"), stderr


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total():
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return "unknown"
