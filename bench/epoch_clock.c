/* epoch_clock: an LD_PRELOAD shim for bench_epochs.py.
 *
 * backprop-cli train --json calls fflush (stdout) after every epoch's
 * line. This shim notes the process's CPU time (all its threads) and the
 * monotonic clock at each of those calls, one line "cpu_ns wall_ns" in
 * the file $EPOCH_CLOCK_LOG, so that the epoch's CPU time is read inside
 * the process, exactly when the line is written, however late the reader
 * on the other end of the pipe gets to run.
 *
 * Build: cc -O2 -shared -fPIC bench/epoch_clock.c -o epoch_clock.so -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int (*real_fflush) (FILE *);
static int log_fd = -1;

__attribute__ ((constructor)) static void
init (void)
{
  real_fflush = (int (*) (FILE *)) dlsym (RTLD_NEXT, "fflush");
  const char *path = getenv ("EPOCH_CLOCK_LOG");
  if (path && *path)
    log_fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

static long long
ns (clockid_t clock)
{
  struct timespec ts;
  clock_gettime (clock, &ts);
  return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int
fflush (FILE *stream)
{
  if (stream == stdout && log_fd >= 0)
    {
      char line[64];
      int n = snprintf (line, sizeof line, "%lld %lld\n",
                        ns (CLOCK_PROCESS_CPUTIME_ID), ns (CLOCK_MONOTONIC));
      if (n > 0 && write (log_fd, line, (size_t) n) < 0)
        log_fd = -1;
    }
  return real_fflush (stream);
}
