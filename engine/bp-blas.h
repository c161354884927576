/* bp-blas.h: the one door to OpenBLAS.
 *
 * Every matrix product in the engine goes through bp_gemm (float32,
 * row-major). The thread count is set explicitly, never left to
 * OpenBLAS's default: a fixed count keeps seeded runs bit-identical, and
 * the app keeps a core free for the UI.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* C = alpha · op(A) · op(B) + beta · C, with op(A) m×k and op(B) k×n;
 * lda, ldb, ldc are the row strides of A, B and C as stored. */
void bp_gemm (gboolean     transpose_a,
              gboolean     transpose_b,
              gsize        m,
              gsize        n,
              gsize        k,
              float        alpha,
              const float *a,
              gsize        lda,
              const float *b,
              gsize        ldb,
              float        beta,
              float       *c,
              gsize        ldc);

void bp_blas_set_threads (int threads);
int  bp_blas_get_threads (void);
/* OpenBLAS's build and core, for reports. */
const char *bp_blas_describe (void);

G_END_DECLS
