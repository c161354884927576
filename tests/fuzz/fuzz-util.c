/* fuzz-util.c: set-up the harnesses share. */
#include "fuzz-util.h"

#include <locale.h>
#include <signal.h>
#include <stdlib.h>

/* g_error() and GLib's allocation failures end in a breakpoint trap, which
 * libFuzzer does not catch: as an abort, the input is saved as a crash. */
static void
on_trap (int signum)
{
  abort ();
}

void
fuzz_init (void)
{
  static gsize done;
  if (g_once_init_enter (&done))
    {
      /* Numbers must not depend on the locale (the engine parses with
       * g_ascii_strtod); a harness runs in "C" like the tests. */
      setlocale (LC_ALL, "C");
      signal (SIGTRAP, on_trap);
      /* A critical is a bug the fuzzer should keep as a crash. */
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      g_once_init_leave (&done, 1);
    }
}
