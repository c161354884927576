/* test-blas.c: OpenBLAS's threads flush denormals to zero (bp-fpu.h).
 *
 * Its own binary, because the first bp_blas_set_threads() of a process is
 * the one that replaces the pool OpenBLAS started when it was loaded (in
 * the default mode, which keeps denormals); test-trainer sets one thread
 * before its tests run.
 */
#include <math.h>

#include "bp-engine.h"

#if defined(__x86_64__) || defined(__aarch64__)
#define FLUSHES TRUE
#else
#define FLUSHES FALSE
#endif

/* A product of 512 × 64 × 512 tiny values: every sum is denormal (64 ×
 * 1e-40), so a flushing thread writes 0. Big enough that OpenBLAS splits
 * it over its pool (half of it went to the pool thread when that thread
 * did not flush). */
static gpointer
tiny_product (gpointer data)
{
  const gsize m = 512, k = 64, n = 512;
  g_autofree float *a = g_new (float, m * k);
  g_autofree float *b = g_new (float, k * n);
  g_autofree float *c = g_new (float, m * n);
  for (gsize i = 0; i < m * k; i++)
    a[i] = 1e-20f;
  for (gsize i = 0; i < k * n; i++)
    b[i] = 1e-20f;
  bp_gemm (FALSE, FALSE, m, n, k, 1.0f, a, k, b, n, 0.0f, c, n);
  gsize zeros = 0, denormal = 0;
  for (gsize i = 0; i < m * n; i++)
    {
      zeros += c[i] == 0.0f;
      denormal += fpclassify (c[i]) == FP_SUBNORMAL;
    }
  g_assert_cmpuint (FLUSHES ? zeros : denormal, ==, m * n);
  return NULL;
}

static void
test_pool_flushes (void)
{
  /* The first call in this process: the pool from load time goes. */
  bp_blas_set_threads (2);
  g_assert_cmpint (bp_blas_get_threads (), ==, 2);
  tiny_product (NULL);
  /* From another thread, as the app's training worker calls it. */
  g_thread_join (g_thread_new ("gemm", tiny_product, NULL));

  /* More threads than the pool had: OpenBLAS adds them. */
  bp_blas_set_threads (4);
  g_thread_join (g_thread_new ("gemm", tiny_product, NULL));

  /* One thread shuts the pool down; the next parallel call starts it
   * again, here from a thread that does not flush by itself. */
  bp_blas_set_threads (1);
  tiny_product (NULL);
  bp_blas_set_threads (2);
  g_thread_join (g_thread_new ("gemm", tiny_product, NULL));
  tiny_product (NULL);
  g_assert_false (bp_flush_denormals_active ());
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/blas/pool-flushes-denormals", test_pool_flushes);
  return g_test_run ();
}
