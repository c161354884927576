/* bp-fpu.h: denormal floats flushed to zero while the engine computes.
 *
 * Why: a parameter whose gradient is exactly zero (the weights of a dead
 * ReLU unit) has Adam's moments decay towards zero, m by β1 = 0.9 and v
 * by β2 = 0.999 each step, into the denormal range below 1.2e-38. There
 * they stop: 0.9 · k·2⁻¹⁴⁹ rounds back to k·2⁻¹⁴⁹ for k ≤ 4 (for v, k up
 * to about 500), so they never reach zero, and every step after that
 * multiplies, adds and takes square roots of denormals, which x86 and many
 * ARM cores do in slow microcode. Epochs got slower the longer a run
 * lasted (4× after 300 epochs of a 2-D sample). Flushed, such a moment
 * becomes 0 and the update it feeds (about 1e-41, far below a weight's
 * last bit) is the same.
 *
 * How: the flags live in each thread's floating-point control register
 * (MXCSR's FTZ and DAZ on x86-64, FPCR's FZ on aarch64), so every entry
 * point that does the math sets them for its own duration and puts the
 * caller's back afterwards, on whatever thread it runs: the CLI's main
 * thread, the app's training worker and its UI thread. OpenBLAS's threads
 * inherit the register of the thread that creates them, which bp-blas.c
 * arranges to be one with the flags set. All callers then compute in the
 * same mode, so seeded runs stay bit-identical between them.
 *
 * Use: G_GNUC_UNUSED g_auto(BpFlushDenormals) flush = bp_flush_denormals_begin ();
 * (the scope is never read, only ended: clang would call it unused).
 * Nested scopes cost one register read. Elsewhere (other architectures)
 * the scope does nothing and bp_flush_denormals_active() is FALSE.
 */
#pragma once

#include <glib.h>

#if defined(__x86_64__)
#include <xmmintrin.h>
#define BP_FLUSH_BITS ((guint64) 0x8040)        /* MXCSR: FTZ (bit 15) | DAZ (bit 6) */
#elif defined(__aarch64__)
#define BP_FLUSH_BITS ((guint64) 1 << 24)       /* FPCR: FZ */
#else
#define BP_FLUSH_BITS ((guint64) 0)
#endif

G_BEGIN_DECLS

typedef struct {
  guint64 saved;      /* the caller's control register */
  gboolean changed;   /* whether begin() wrote it */
} BpFlushDenormals;

static inline guint64
bp_fpu_control_get (void)
{
#if defined(__x86_64__)
  return _mm_getcsr ();
#elif defined(__aarch64__)
  guint64 fpcr;
  __asm__ __volatile__ ("mrs %0, fpcr" : "=r" (fpcr));
  return fpcr;
#else
  return 0;
#endif
}

static inline void
bp_fpu_control_set (guint64 value)
{
#if defined(__x86_64__)
  _mm_setcsr ((unsigned int) value);
#elif defined(__aarch64__)
  /* "memory": no load or store moves across the switch. */
  __asm__ __volatile__ ("msr fpcr, %0" : : "r" (value) : "memory");
#else
  (void) value;
#endif
}

static inline BpFlushDenormals
bp_flush_denormals_begin (void)
{
  BpFlushDenormals scope = { bp_fpu_control_get (), FALSE };
  if ((scope.saved & BP_FLUSH_BITS) != BP_FLUSH_BITS)
    {
      bp_fpu_control_set (scope.saved | BP_FLUSH_BITS);
      scope.changed = TRUE;
    }
  return scope;
}

/* Puts back the flush bits only: a rounding mode or exception mask the
 * code in between chose stays. */
static inline void
bp_flush_denormals_end (BpFlushDenormals *scope)
{
  if (scope->changed)
    bp_fpu_control_set ((bp_fpu_control_get () & ~BP_FLUSH_BITS) | (scope->saved & BP_FLUSH_BITS));
  scope->changed = FALSE;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BpFlushDenormals, bp_flush_denormals_end)

/* Whether the calling thread flushes denormals to zero now. */
static inline gboolean
bp_flush_denormals_active (void)
{
  return BP_FLUSH_BITS != 0 && (bp_fpu_control_get () & BP_FLUSH_BITS) == BP_FLUSH_BITS;
}

G_END_DECLS
