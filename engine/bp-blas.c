#include "bp-blas.h"

#include <cblas.h>

/* OpenBLAS's pthread builds export this (it is what their fork handler
 * calls); other builds may not, hence weak. */
extern void blas_thread_shutdown_ (void) __attribute__ ((weak));

void
bp_gemm (gboolean transpose_a, gboolean transpose_b, gsize m, gsize n, gsize k, float alpha,
         const float *a, gsize lda, const float *b, gsize ldb, float beta, float *c, gsize ldc)
{
  g_return_if_fail (m <= G_MAXINT && n <= G_MAXINT && k <= G_MAXINT);
  cblas_sgemm (CblasRowMajor,
               transpose_a ? CblasTrans : CblasNoTrans,
               transpose_b ? CblasTrans : CblasNoTrans,
               (int) m, (int) n, (int) k, alpha, a, (int) lda, b, (int) ldb, beta, c, (int) ldc);
}

void
bp_blas_set_threads (int threads)
{
  openblas_set_num_threads (MAX (threads, 1));
  /* One thread needs no pool, and an idle pool spins (sched_yield) for
   * about 0.1 s after start-up or a parallel call: on a 2-core laptop,
   * on the core the UI needs. OpenBLAS starts the pool again by itself
   * when a later call asks for more threads. */
  if (threads <= 1 && blas_thread_shutdown_ != NULL)
    blas_thread_shutdown_ ();
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
