/* fuzz-util.h: what the libFuzzer harnesses share.
 *
 * Each harness defines LLVMFuzzerTestOneInput. Built with -Dfuzzing=true it
 * links libFuzzer's main (tests/fuzz/README.md); in every other build it
 * links fuzz-replay.c instead, which feeds it the files of its seed corpus,
 * so the corpus (and every crash added to it) is replayed by the test suite
 * under gcc, clang and the sanitizers.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A check that stays on in every build type: a broken invariant is a
 * crash the fuzzer keeps, with the message saying which. */
#define FUZZ_CHECK(cond, ...)                                           \
  G_STMT_START {                                                        \
    if (G_UNLIKELY (!(cond)))                                           \
      {                                                                 \
        g_printerr ("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        g_printerr (__VA_ARGS__);                                       \
        g_printerr ("\n");                                              \
        abort ();                                                       \
      }                                                                 \
  } G_STMT_END

/* Takes bytes from the front of the input for the harness's choices; once
 * they run out every choice is 0. */
typedef struct {
  const uint8_t *data;
  size_t         size;
} FuzzInput;

static inline guint8
fuzz_byte (FuzzInput *in)
{
  if (in->size == 0)
    return 0;
  in->size--;
  return *in->data++;
}

/* Once per process: quiet GLib's own debug output, keep criticals fatal. */
void fuzz_init (void);
