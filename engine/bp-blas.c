#include "bp-blas.h"

#include <cblas.h>

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
