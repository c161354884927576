#include "bp-blas.h"

#include <cblas.h>

#include "bp-fpu.h"

/* OpenBLAS's pthread builds export these (the fork handler shuts the pool
 * down, and the next parallel call starts it again); other builds may
 * not, hence weak. */
extern void blas_thread_shutdown_ (void) __attribute__ ((weak));
extern int blas_thread_init (void) __attribute__ ((weak));

void
bp_gemm (gboolean transpose_a, gboolean transpose_b, gsize m, gsize n, gsize k, float alpha,
         const float *a, gsize lda, const float *b, gsize ldb, float beta, float *c, gsize ldc)
{
  g_return_if_fail (m <= G_MAXINT && n <= G_MAXINT && k <= G_MAXINT);
  /* Also covers OpenBLAS restarting its pool from inside this call. */
  G_GNUC_UNUSED g_auto(BpFlushDenormals) flush = bp_flush_denormals_begin ();
  cblas_sgemm (CblasRowMajor,
               transpose_a ? CblasTrans : CblasNoTrans,
               transpose_b ? CblasTrans : CblasNoTrans,
               (int) m, (int) n, (int) k, alpha, a, (int) lda, b, (int) ldb, beta, c, (int) ldc);
}

void
bp_blas_set_threads (int threads)
{
  static gboolean pool_replaced;
  /* Threads inherit the floating-point control register of the thread
   * that creates them (bp-fpu.h). OpenBLAS started its pool when it was
   * loaded, without flushing denormals: the first call replaces it with
   * one started here, in the flushing mode. Later pools are started in
   * bp_gemm() or here, flushing too. */
  G_GNUC_UNUSED g_auto(BpFlushDenormals) flush = bp_flush_denormals_begin ();
  const gboolean replace = !pool_replaced && blas_thread_shutdown_ != NULL;
  pool_replaced = TRUE;
  /* One thread needs no pool, and an idle pool spins (sched_yield) for
   * about 0.1 s after start-up or a parallel call: on a 2-core laptop,
   * on the core the UI needs. OpenBLAS starts the pool again by itself
   * when a later call asks for more threads. */
  if ((threads <= 1 || replace) && blas_thread_shutdown_ != NULL)
    blas_thread_shutdown_ ();
  /* Start the pool (if it is down) before growing it: OpenBLAS adds
   * threads past its initial count without checking that a pool is
   * there, and its lazy start would then create those threads again. */
  if (threads > 1 && blas_thread_init != NULL)
    blas_thread_init ();
  openblas_set_num_threads (MAX (threads, 1));
}

int
bp_blas_get_threads (void)
{
  return openblas_get_num_threads ();
}

const char *
bp_blas_describe (void)
{
  return openblas_get_config ();
}
