/* Tests for the chart's data side, no display needed: the decimated
 * envelope stays bounded and keeps every extreme, per bucket and per
 * pixel column as drawn; the incremental EMA agrees with a plain one, also
 * when a new weight is computed a few buckets at a time; and axes get nice
 * ticks and ranges. */
#include <math.h>
#include <stdlib.h>

#include "bp-chart-axis.h"
#include "bp-chart-series.h"

/* The EMA as TensorBoard computes it, in the most direct way. */
static double *
plain_ema (const double *y, guint n, double w)
{
  double *out = g_new (double, n);
  double acc = 0;

  for (guint i = 0; i < n; i++)
    {
      acc = w * acc + (1 - w) * y[i];
      out[i] = acc / (1 - pow (w, i + 1));
    }
  return out;
}

static void
assert_rel (double a, double b, double rel)
{
  g_assert_cmpfloat (fabs (a - b), <=, rel * MAX (fabs (a), fabs (b)));
}

static void
test_append_basic (void)
{
  g_autoptr(BpChartSeries) s = bp_chart_series_new ("loss", 2, BP_CHART_LINE_DASHED);
  double x, y;

  g_assert_cmpstr (bp_chart_series_get_label (s), ==, "loss");
  g_assert_cmpuint (bp_chart_series_get_color_index (s), ==, 2);
  g_assert_cmpint (bp_chart_series_get_line_style (s), ==, BP_CHART_LINE_DASHED);
  g_assert_cmpuint (bp_chart_series_get_n_points (s), ==, 0);
  g_assert_false (bp_chart_series_get_point (s, 0, &x, &y));
  g_assert_false (bp_chart_series_get_extents (s, NULL, NULL, NULL, NULL, NULL));
  g_assert_cmpuint (bp_chart_series_find_nearest (s, 1.0), ==, G_MAXUINT);

  bp_chart_series_append (s, 0.0, 2.0);
  bp_chart_series_append (s, 0.5, NAN);       /* dropped */
  bp_chart_series_append (s, 0.5, INFINITY);  /* dropped */
  bp_chart_series_append (s, NAN, 1.0);       /* dropped */
  bp_chart_series_append (s, 1.0, -1.0);
  bp_chart_series_append (s, 0.5, 3.0);       /* goes back: dropped */
  bp_chart_series_append (s, 1.0, 0.5);       /* same x is fine */
  bp_chart_series_append (s, 2.0, 4.0);

  g_assert_cmpuint (bp_chart_series_get_n_points (s), ==, 4);
  g_assert_true (bp_chart_series_get_point (s, 1, &x, &y));
  g_assert_cmpfloat (x, ==, 1.0);
  g_assert_cmpfloat (y, ==, -1.0);
  g_assert_true (bp_chart_series_get_point (s, 3, &x, &y));
  g_assert_cmpfloat (x, ==, 2.0);
  g_assert_cmpfloat (y, ==, 4.0);

  double x0, x1, y0, y1, ypos;
  g_assert_true (bp_chart_series_get_extents (s, &x0, &x1, &y0, &y1, &ypos));
  g_assert_cmpfloat (x0, ==, 0.0);
  g_assert_cmpfloat (x1, ==, 2.0);
  g_assert_cmpfloat (y0, ==, -1.0);
  g_assert_cmpfloat (y1, ==, 4.0);
  g_assert_cmpfloat (ypos, ==, 0.5);

  /* Nearest: ties go to the first of equal x; the ends clamp. */
  g_assert_cmpuint (bp_chart_series_find_nearest (s, -5.0), ==, 0);
  g_assert_cmpuint (bp_chart_series_find_nearest (s, 0.4), ==, 0);
  g_assert_cmpuint (bp_chart_series_find_nearest (s, 0.9), ==, 1);
  g_assert_cmpuint (bp_chart_series_find_nearest (s, 1.0), ==, 1);
  g_assert_cmpuint (bp_chart_series_find_nearest (s, 1.2), ==, 1);
  g_assert_cmpuint (bp_chart_series_find_nearest (s, 1.7), ==, 3);
  g_assert_cmpuint (bp_chart_series_find_nearest (s, 99.0), ==, 3);

  /* Not smoothed: no smoothed values. */
  g_assert_false (bp_chart_series_get_smoothed_value (s, 0, &y));
  g_assert_false (bp_chart_series_get_show_points (s));
  bp_chart_series_set_show_points (s, TRUE);
  g_assert_true (bp_chart_series_get_show_points (s));
}

#define N_BIG 1000000

static void
test_million_points (void)
{
  g_autoptr(BpChartSeries) s = bp_chart_series_new ("batch loss", 0, BP_CHART_LINE_SOLID);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree double *ys = g_new (double, N_BIG);
  const double w = 0.6;
  double raw_min = INFINITY, raw_max = -INFINITY;

  bp_chart_series_set_smoothed (s, TRUE);
  bp_chart_series_set_smoothing_weight (s, w);

  /* A decaying, noisy loss with a few spikes, as x in epochs. */
  for (guint i = 0; i < N_BIG; i++)
    {
      double x = i / 10000.0;
      double y = 2.0 * exp (-x / 20) + 0.3 * g_rand_double (rand);
      if (i % 99991 == 0)
        y += 5.0;
      ys[i] = y;
      raw_min = MIN (raw_min, y);
      raw_max = MAX (raw_max, y);
      bp_chart_series_append (s, x, y);
    }
  g_assert_cmpuint (bp_chart_series_get_n_points (s), ==, N_BIG);

  guint n_buckets;
  const BpChartBucket *b = bp_chart_series_peek_buckets (s, &n_buckets);
  guint bs = bp_chart_series_get_bucket_size (s);

  g_assert_cmpuint (n_buckets, <=, BP_CHART_SERIES_MAX_BUCKETS);
  g_assert_cmpuint (n_buckets, >=, BP_CHART_SERIES_MAX_BUCKETS / 2);
  g_assert_cmpuint (bs & (bs - 1), ==, 0);  /* doubled from 1 */
  g_assert_cmpuint ((N_BIG + bs - 1) / bs, ==, n_buckets);

  /* Every point lies inside its bucket's envelope, and the envelope's
   * extremes are points: the global min and max survive exactly. */
  double env_min = INFINITY, env_max = -INFINITY;
  guint64 count = 0;
  for (guint k = 0; k < n_buckets; k++)
    {
      double bmin = INFINITY, bmax = -INFINITY;
      guint first = k * bs, last = MIN (first + bs, N_BIG);

      for (guint i = first; i < last; i++)
        {
          bmin = MIN (bmin, ys[i]);
          bmax = MAX (bmax, ys[i]);
        }
      g_assert_cmpuint (b[k].n, ==, last - first);
      g_assert_cmpfloat (b[k].y_min, ==, bmin);
      g_assert_cmpfloat (b[k].y_max, ==, bmax);
      g_assert_cmpfloat (b[k].x_first, ==, first / 10000.0);
      g_assert_cmpfloat (b[k].x_last, ==, (last - 1) / 10000.0);
      g_assert_cmpfloat (b[k].y_first, ==, ys[first]);
      g_assert_cmpfloat (b[k].y_last, ==, ys[last - 1]);
      env_min = MIN (env_min, b[k].y_min);
      env_max = MAX (env_max, b[k].y_max);
      count += b[k].n;
    }
  g_assert_cmpuint (count, ==, N_BIG);
  g_assert_cmpfloat (env_min, ==, raw_min);
  g_assert_cmpfloat (env_max, ==, raw_max);

  /* The EMA kept as points arrived agrees with a plain one. */
  g_autofree double *ema = plain_ema (ys, N_BIG, w);
  assert_rel (b[n_buckets - 1].ema_last, ema[N_BIG - 1], 1e-9);
  for (guint k = 0; k < n_buckets; k += 997)
    {
      guint last = MIN ((k + 1) * bs, N_BIG) - 1;
      assert_rel (b[k].ema_last, ema[last], 1e-9);
      g_assert_cmpfloat (b[k].ema_min, <=, b[k].ema_last);
      g_assert_cmpfloat (b[k].ema_max, >=, b[k].ema_last);
    }
  double v;
  g_assert_true (bp_chart_series_get_smoothed_value (s, N_BIG - 1, &v));
  assert_rel (v, ema[N_BIG - 1], 1e-9);
  g_assert_true (bp_chart_series_get_smoothed_value (s, 123457, &v));
  assert_rel (v, ema[123457], 1e-9);
  g_assert_true (bp_chart_series_get_smoothed_value (s, 0, &v));
  assert_rel (v, ys[0], 1e-12);

  /* A new weight: recomputed once, and right again. */
  bp_chart_series_set_smoothing_weight (s, 0.95);
  g_free (ema);
  ema = plain_ema (ys, N_BIG, 0.95);
  b = bp_chart_series_peek_buckets (s, &n_buckets);
  assert_rel (b[n_buckets - 1].ema_last, ema[N_BIG - 1], 1e-9);
  assert_rel (b[n_buckets / 2].ema_last, ema[(n_buckets / 2 + 1) * bs - 1], 1e-9);
  g_assert_true (bp_chart_series_get_smoothed_value (s, 777777, &v));
  assert_rel (v, ema[777777], 1e-9);

  /* Appending after the recompute carries on from the right state. */
  bp_chart_series_append (s, N_BIG / 10000.0, 1.0);
  double acc_check = ema[N_BIG - 1] * (1 - pow (0.95, N_BIG));
  acc_check = 0.95 * acc_check + 0.05 * 1.0;
  g_assert_true (bp_chart_series_get_smoothed_value (s, N_BIG, &v));
  assert_rel (v, acc_check / (1 - pow (0.95, N_BIG + 1)), 1e-9);

  bp_chart_series_clear (s);
  g_assert_cmpuint (bp_chart_series_get_n_points (s), ==, 0);
  b = bp_chart_series_peek_buckets (s, &n_buckets);
  g_assert_cmpuint (n_buckets, ==, 0);
  g_assert_cmpuint (bp_chart_series_get_bucket_size (s), ==, 1);
  g_assert_false (bp_chart_series_get_extents (s, NULL, NULL, NULL, NULL, NULL));
  g_assert_false (bp_chart_series_get_smoothed_value (s, 0, &v));
  /* and starts afresh: the first EMA is the first value */
  bp_chart_series_append (s, 0.0, 7.0);
  g_assert_true (bp_chart_series_get_smoothed_value (s, 0, &v));
  assert_rel (v, 7.0, 1e-12);
  double x0, y0, y1;
  g_assert_true (bp_chart_series_get_extents (s, &x0, NULL, &y0, &y1, NULL));
  g_assert_cmpfloat (y0, ==, 7.0);
  g_assert_cmpfloat (y1, ==, 7.0);
}

/* Smoothing switched on after the points are in. */
static void
test_smoothing_late (void)
{
  g_autoptr(BpChartSeries) s = bp_chart_series_new ("x", 0, BP_CHART_LINE_SOLID);
  double ys[50];

  for (guint i = 0; i < G_N_ELEMENTS (ys); i++)
    {
      ys[i] = sin (i * 0.7) + i * 0.01;
      bp_chart_series_append (s, i, ys[i]);
    }
  bp_chart_series_set_smoothing_weight (s, 0.8);
  bp_chart_series_set_smoothed (s, TRUE);

  g_autofree double *ema = plain_ema (ys, G_N_ELEMENTS (ys), 0.8);
  for (guint i = 0; i < G_N_ELEMENTS (ys); i++)
    {
      double v;
      g_assert_true (bp_chart_series_get_smoothed_value (s, i, &v));
      assert_rel (v, ema[i], 1e-12);
    }

  /* Weight 0 is no smoothing at all. */
  bp_chart_series_set_smoothing_weight (s, 0.0);
  double v;
  g_assert_true (bp_chart_series_get_smoothed_value (s, 10, &v));
  g_assert_cmpfloat (v, ==, ys[10]);
  /* out of range weights clamp */
  bp_chart_series_set_smoothing_weight (s, 5.0);
  g_assert_cmpfloat (bp_chart_series_get_smoothing_weight (s), ==, 0.99);
}

/* A noisy, decaying loss with rare spikes, as x in epochs. */
static double *
noisy_loss (guint n, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double *ys = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      ys[i] = 0.2 + exp (-(double) i / (n / 5.0)) + 0.15 * g_rand_double (rand);
      if (g_rand_int_range (rand, 0, 20011) == 0)
        ys[i] += 3.0 * g_rand_double (rand);
    }
  return ys;
}

static guint
column_at (double x, double x0, double dx, guint n_cols)
{
  double c = floor ((x - x0) / dx);
  return c <= 0 ? 0 : c >= n_cols - 1 ? n_cols - 1 : (guint) c;
}

/* What the chart draws for a decimated line: per pixel column, the band
 * from the lowest to the highest value. It never leaves out a point of
 * its column (a spike survives however many points share the pixel), and
 * it reaches at most one bucket into the neighbouring columns. Checked for
 * every column at several widths and sizes, the raw values and the
 * smoothed line alike. */
static void
test_columns_envelope (void)
{
  const guint sizes[] = { 5000, 100000, 1000000 };
  const guint widths[] = { 97, 860, 3000 };

  for (guint si = 0; si < G_N_ELEMENTS (sizes); si++)
    {
      const guint n = sizes[si];
      const double w = 0.9;
      g_autoptr(BpChartSeries) s = bp_chart_series_new ("batch loss", 0, BP_CHART_LINE_SOLID);
      g_autofree double *ys = noisy_loss (n, 11 + si);
      bp_chart_series_set_smoothed (s, TRUE);
      bp_chart_series_set_smoothing_weight (s, w);
      for (guint i = 0; i < n; i++)
        bp_chart_series_append (s, i / 1000.0, ys[i]);
      g_autofree double *ema = plain_ema (ys, n, w);
      const guint bs = bp_chart_series_get_bucket_size (s);

      for (guint wi = 0; wi < G_N_ELEMENTS (widths); wi++)
        {
          const guint n_cols = widths[wi] + 1;
          const double x0 = 0, dx = (n - 1) / 1000.0 / widths[wi];
          g_autofree BpChartColumn *cols = g_new (BpChartColumn, n_cols);
          bp_chart_series_get_columns (s, x0, dx, cols, n_cols);

          /* Each column's own points, and the points of every bucket
           * that touches it (the most it may show). */
          g_autofree double *own_lo = g_new (double, n_cols), *own_hi = g_new (double, n_cols);
          g_autofree double *ema_lo = g_new (double, n_cols), *ema_hi = g_new (double, n_cols);
          g_autofree double *near_lo = g_new (double, n_cols), *near_hi = g_new (double, n_cols);
          for (guint c = 0; c < n_cols; c++)
            own_lo[c] = ema_lo[c] = near_lo[c] = INFINITY, own_hi[c] = ema_hi[c] = near_hi[c] = -INFINITY;
          for (guint i = 0; i < n; i++)
            {
              guint c = column_at (i / 1000.0, x0, dx, n_cols);
              own_lo[c] = MIN (own_lo[c], ys[i]);
              own_hi[c] = MAX (own_hi[c], ys[i]);
              ema_lo[c] = MIN (ema_lo[c], ema[i]);
              ema_hi[c] = MAX (ema_hi[c], ema[i]);
            }
          for (guint first = 0; first < n; first += bs)
            {
              guint last = MIN (first + bs, n) - 1;
              double lo = INFINITY, hi = -INFINITY;
              for (guint i = first; i <= last; i++)
                lo = MIN (lo, ys[i]), hi = MAX (hi, ys[i]);
              guint c0 = column_at (first / 1000.0, x0, dx, n_cols);
              guint c1 = column_at (last / 1000.0, x0, dx, n_cols);
              for (guint c = c0; c <= c1; c++)
                near_lo[c] = MIN (near_lo[c], lo), near_hi[c] = MAX (near_hi[c], hi);
            }

          guint used = 0;
          for (guint c = 0; c < n_cols; c++)
            {
              g_assert_cmpint (cols[c].used, ==, isfinite (near_lo[c]));
              if (!cols[c].used)
                continue;
              used++;
              if (isfinite (own_lo[c]))
                {
                  /* Nothing of the column is left out... */
                  g_assert_cmpfloat (cols[c].y_min, <=, own_lo[c]);
                  g_assert_cmpfloat (cols[c].y_max, >=, own_hi[c]);
                  g_assert_cmpfloat (cols[c].ema_min, <=, ema_lo[c] + 1e-9);
                  g_assert_cmpfloat (cols[c].ema_max, >=, ema_hi[c] - 1e-9);
                }
              /* ...and nothing beyond the buckets that touch it. */
              g_assert_cmpfloat (cols[c].y_min, ==, near_lo[c]);
              g_assert_cmpfloat (cols[c].y_max, ==, near_hi[c]);
            }
          /* Dense data: every column has points (the last one, at the
           * right edge, holds only x = x0 + widths · dx, if rounding lets it). */
          if (n >= 10 * n_cols)
            g_assert_cmpuint (used, >=, n_cols - 1);
        }
    }
}

/* A new smoothing weight is computed again a few buckets at a time; the
 * columns can be read at every step, points that arrive meanwhile (even
 * across a doubling of the buckets) are taken in, and the end result is
 * the same as a series that had the new weight from the start. */
static void
test_smoothing_sweep (void)
{
  const guint n = 2 * BP_CHART_SERIES_MAX_BUCKETS * 64 - 500;   /* just below a doubling */
  const guint extra = 5000;
  g_autofree double *ys = noisy_loss (n + extra, 3);
  g_autoptr(BpChartSeries) s = bp_chart_series_new ("batch loss", 0, BP_CHART_LINE_SOLID);
  g_autoptr(BpChartSeries) ref = bp_chart_series_new ("reference", 0, BP_CHART_LINE_SOLID);
  bp_chart_series_set_smoothed (s, TRUE);
  bp_chart_series_set_smoothed (ref, TRUE);
  bp_chart_series_set_smoothing_weight (s, 0.6);
  bp_chart_series_set_smoothing_weight (ref, 0.97);
  for (guint i = 0; i < n; i++)
    {
      bp_chart_series_append (s, i, ys[i]);
      bp_chart_series_append (ref, i, ys[i]);
    }
  g_assert_true (bp_chart_series_update_ema (s, 1));   /* up to date already */
  const guint bs_before = bp_chart_series_get_bucket_size (s);

  bp_chart_series_set_smoothing_weight (s, 0.97);
  g_autofree BpChartColumn *cols = g_new (BpChartColumn, 500);
  /* One bucket: the sweep stops in what will be the middle of a bucket
   * once the buckets double. */
  g_assert_false (bp_chart_series_update_ema (s, 1));
  guint steps = 0, appended = 0;
  do
    {
      steps++;
      bp_chart_series_get_columns (s, 0, n / 400.0, cols, 500);
      g_assert_true (cols[0].used && cols[399].used);
      /* Training goes on while the line is being recomputed. */
      for (guint k = 0; k < extra / 5 && appended < extra; k++, appended++)
        {
          bp_chart_series_append (s, n + appended, ys[n + appended]);
          bp_chart_series_append (ref, n + appended, ys[n + appended]);
        }
    }
  while (!bp_chart_series_update_ema (s, 20000));
  g_assert_cmpuint (appended, ==, extra);
  g_assert_cmpuint (bp_chart_series_get_bucket_size (s), ==, 2 * bs_before);
  /* At least 20 000 points a step, whole buckets: no more steps than that. */
  g_assert_cmpuint (steps, >=, 10);
  g_assert_cmpuint (steps, <=, (n + extra) / 20000 + 2);

  guint n_s, n_ref;
  const BpChartBucket *bs = bp_chart_series_peek_buckets (s, &n_s);
  const BpChartBucket *br = bp_chart_series_peek_buckets (ref, &n_ref);
  g_assert_cmpuint (n_s, ==, n_ref);
  for (guint k = 0; k < n_s; k++)
    {
      g_assert_cmpfloat (bs[k].ema_min, ==, br[k].ema_min);
      g_assert_cmpfloat (bs[k].ema_max, ==, br[k].ema_max);
      g_assert_cmpfloat (bs[k].ema_last, ==, br[k].ema_last);
    }
  /* And it carries on as the reference does. */
  bp_chart_series_append (s, n + extra, 0.5);
  bp_chart_series_append (ref, n + extra, 0.5);
  double a, b;
  g_assert_true (bp_chart_series_get_smoothed_value (s, n + extra, &a));
  g_assert_true (bp_chart_series_get_smoothed_value (ref, n + extra, &b));
  g_assert_cmpfloat (a, ==, b);

  /* A hover in the middle of a sweep reads the new weight's value. */
  bp_chart_series_set_smoothing_weight (s, 0.6);
  g_autofree double *ema = plain_ema (ys, n, 0.6);
  g_assert_true (bp_chart_series_get_smoothed_value (s, n / 3, &a));
  assert_rel (a, ema[n / 3], 1e-9);
  g_assert_false (bp_chart_series_update_ema (s, 1));   /* not done: it went only as far as needed */
}

static void
assert_ticks (double min, double max, gboolean log, guint target,
              const double *expected, guint n_expected)
{
  double ticks[BP_CHART_AXIS_MAX_TICKS], step;
  guint n = bp_chart_axis_ticks (min, max, log, target, ticks, G_N_ELEMENTS (ticks), &step);

  if (n != n_expected)
    {
      for (guint i = 0; i < n; i++)
        g_test_message ("tick %u: %.17g", i, ticks[i]);
    }
  g_assert_cmpuint (n, ==, n_expected);
  for (guint i = 0; i < n; i++)
    assert_rel (ticks[i], expected[i], 1e-12);
}

static void
test_ticks (void)
{
  assert_ticks (0, 1, FALSE, 5, (double[]) { 0, 0.2, 0.4, 0.6, 0.8, 1.0 }, 6);
  assert_ticks (0.013, 0.087, FALSE, 5, (double[]) { 0.02, 0.04, 0.06, 0.08 }, 4);
  assert_ticks (0, 10, FALSE, 5, (double[]) { 0, 2, 4, 6, 8, 10 }, 6);
  assert_ticks (-3, 7, FALSE, 5, (double[]) { -2, 0, 2, 4, 6 }, 5);
  assert_ticks (0, 2.5, FALSE, 5, (double[]) { 0, 0.5, 1, 1.5, 2, 2.5 }, 6);
  assert_ticks (1200, 4800, FALSE, 4, (double[]) { 2000, 3000, 4000 }, 3);

  /* Log: powers of ten over many decades, 1-2-5 over a few. */
  assert_ticks (0.001, 10, TRUE, 5, (double[]) { 0.001, 0.01, 0.1, 1, 10 }, 5);
  assert_ticks (0.2, 5, TRUE, 5, (double[]) { 0.2, 0.5, 1, 2, 5 }, 5);
  assert_ticks (1e-8, 1e2, TRUE, 5, (double[]) { 1e-8, 1e-6, 1e-4, 1e-2, 1, 100 }, 6);
  /* less than a decade with no 1-2-5 value inside twice: linear */
  assert_ticks (0.21, 0.45, TRUE, 5, (double[]) { 0.25, 0.3, 0.35, 0.4, 0.45 }, 5);

  double ticks[4], step;
  g_assert_cmpuint (bp_chart_axis_ticks (1, 1, FALSE, 5, ticks, 4, &step), ==, 0);
  g_assert_cmpuint (bp_chart_axis_ticks (0, 100, FALSE, 50, ticks, 4, &step), ==, 4);

  g_assert_cmpfloat (bp_chart_axis_nice_step (0.13), ==, 0.2);
  g_assert_cmpfloat (bp_chart_axis_nice_step (3.0), ==, 5.0);
  g_assert_cmpfloat (bp_chart_axis_nice_step (7.0), ==, 10.0);
  g_assert_cmpfloat (bp_chart_axis_nice_step (1.0), ==, 1.0);
  g_assert_cmpfloat (bp_chart_axis_nice_step (2e-5), ==, 2e-5);
}

static void
test_format (void)
{
  /* Labels are for people; the C locale gives '.' here. */
  g_autofree char *a = bp_chart_axis_format_tick (0.6000000000000001, 0.2);
  g_autofree char *b = bp_chart_axis_format_tick (0.05, 0.05);
  g_autofree char *c = bp_chart_axis_format_tick (2000, 1000);
  g_autofree char *d = bp_chart_axis_format_tick (-1e-17, 0.1);
  g_autofree char *e = bp_chart_axis_format_tick (0.001, 0);
  g_assert_cmpstr (a, ==, "0.6");
  g_assert_cmpstr (b, ==, "0.05");
  g_assert_cmpstr (c, ==, "2000");
  g_assert_cmpstr (d, ==, "0.0");
  g_assert_cmpstr (e, ==, "0.001");
}

static void
test_nice_range (void)
{
  double lo = 0.013, hi = 0.087;
  bp_chart_axis_nice_range (&lo, &hi, FALSE, 5);
  assert_rel (lo, 0.0, 1e-12);
  assert_rel (hi, 0.1, 1e-12);

  lo = 0.31, hi = 2.27;
  bp_chart_axis_nice_range (&lo, &hi, TRUE, 5);
  assert_rel (lo, 0.2, 1e-12);
  assert_rel (hi, 5.0, 1e-12);

  /* a single value opens up around it */
  lo = hi = 3.0;
  bp_chart_axis_nice_range (&lo, &hi, FALSE, 5);
  g_assert_cmpfloat (lo, <, 3.0);
  g_assert_cmpfloat (hi, >, 3.0);
  lo = hi = 1.0;
  bp_chart_axis_nice_range (&lo, &hi, TRUE, 5);
  assert_rel (lo, 0.5, 1e-12);
  assert_rel (hi, 2.0, 1e-12);
}

static void
test_range_grow (void)
{
  BpChartAxisRange r = { 0 };

  g_assert_true (bp_chart_axis_range_grow (&r, 0.0, 0.9, NAN, NAN));
  g_assert_true (r.valid);
  assert_rel (r.min, 0.0, 1e-12);
  assert_rel (r.max, 1.0, 1e-12);

  /* Inside: no change, no jitter. */
  g_assert_false (bp_chart_axis_range_grow (&r, 0.1, 0.95, NAN, NAN));
  g_assert_false (bp_chart_axis_range_grow (&r, 0.5, 0.6, NAN, NAN));
  assert_rel (r.max, 1.0, 1e-12);

  /* Past the end: a jump to a nice value, never a shrink. */
  g_assert_true (bp_chart_axis_range_grow (&r, 0.5, 1.03, NAN, NAN));
  assert_rel (r.min, 0.0, 1e-12);
  assert_rel (r.max, 1.2, 1e-12);
  double prev_max = r.max;
  for (double x = 1.0; x < 30; x += 0.01)
    {
      bp_chart_axis_range_grow (&r, 0, x, NAN, NAN);
      g_assert_cmpfloat (r.max, >=, prev_max);
      g_assert_cmpfloat (r.max, >=, x - 1e-9);
      prev_max = r.max;
    }

  /* Hard bounds: accuracy never goes past 1 or below 0. */
  BpChartAxisRange acc = { 0 };
  bp_chart_axis_range_grow (&acc, 0.32, 1.02, 0.0, 1.0);
  g_assert_cmpfloat (acc.max, ==, 1.0);
  g_assert_cmpfloat (acc.min, >=, 0.0);
  assert_rel (acc.min, 0.3, 1e-12);

  /* Log ranges snap to 1-2-5 and normalise in log space. */
  BpChartAxisRange lg = { .log = TRUE };
  g_assert_false (bp_chart_axis_range_grow (&lg, -1, 3, NAN, NAN));
  g_assert_true (bp_chart_axis_range_grow (&lg, 0.013, 2.3, NAN, NAN));
  assert_rel (lg.min, 0.01, 1e-12);
  assert_rel (lg.max, 5.0, 1e-12);
  assert_rel (bp_chart_axis_normalize (&lg, 0.01), 0.0, 1e-12);
  assert_rel (bp_chart_axis_normalize (&lg, 5.0), 1.0, 1e-12);
  assert_rel (bp_chart_axis_denormalize (&lg, bp_chart_axis_normalize (&lg, 0.3)), 0.3, 1e-12);
  g_assert_true (isinf (bp_chart_axis_normalize (&lg, 0.0)));
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Selection gives what sorting gives, whatever the order and the ties. */
static void
test_quantiles (void)
{
  GRand *rand = g_rand_new_with_seed (13);
  for (guint round = 0; round < 200; round++)
    {
      gsize n = 1 + g_rand_int_range (rand, 0, round < 100 ? 40 : 3000);
      double q = g_rand_double_range (rand, 0, 0.49);
      g_autofree double *v = g_new (double, n);
      for (gsize i = 0; i < n; i++)
        /* Few distinct values in some rounds: ties everywhere. */
        v[i] = round % 3 == 0 ? (double) g_rand_int_range (rand, 0, 4) : g_rand_double (rand);
      g_autofree double *sorted = g_memdup2 (v, n * sizeof *v);
      qsort (sorted, n, sizeof *sorted, compare_doubles);
      double lo, hi;
      g_assert_true (bp_chart_axis_quantiles (v, n, q, &lo, &hi));
      gsize k = (gsize) floor (q * (double) (n - 1) + 0.5);
      g_assert_cmpfloat (lo, ==, sorted[k]);
      g_assert_cmpfloat (hi, ==, sorted[n - 1 - k]);
    }
  g_rand_free (rand);
  double none;
  g_assert_false (bp_chart_axis_quantiles (&none, 0, 0.01, &none, &none));
}

/* The range follows a loss that falls a hundredfold, and keeps still while
 * the data move within it. */
static void
test_range_fit (void)
{
  BpChartAxisRange r = { 0 };

  g_assert_true (bp_chart_axis_range_fit (&r, 0.0, 0.7, NAN, NAN));
  g_assert_cmpfloat (r.max, >=, 0.7);
  /* Inside and filling most of it: no change. */
  g_assert_false (bp_chart_axis_range_fit (&r, 0.05, 0.6, NAN, NAN));
  /* Less than a third of it: the range starts over from the data. */
  g_assert_true (bp_chart_axis_range_fit (&r, 0.0075, 0.02, NAN, NAN));
  g_assert_cmpfloat (r.max, >=, 0.02);
  g_assert_cmpfloat (r.max, <=, 0.03);
  g_assert_cmpfloat (r.min, <=, 0.0075);
  /* Growing is as before. */
  g_assert_true (bp_chart_axis_range_fit (&r, 0.0075, 0.05, NAN, NAN));
  g_assert_cmpfloat (r.max, >=, 0.05);

  /* Hard bounds hold when it starts over. */
  BpChartAxisRange acc = { 0 };
  bp_chart_axis_range_fit (&acc, 0.1, 1.0, 0.0, 1.0);
  bp_chart_axis_range_fit (&acc, 0.99, 1.0, 0.0, 1.0);
  g_assert_cmpfloat (acc.max, ==, 1.0);
  g_assert_cmpfloat (acc.min, >=, 0.9);

  /* Log: thirds in log space. */
  BpChartAxisRange lg = { .log = TRUE };
  bp_chart_axis_range_fit (&lg, 0.001, 1.0, NAN, NAN);
  g_assert_false (bp_chart_axis_range_fit (&lg, 0.001, 0.2, NAN, NAN));
  g_assert_true (bp_chart_axis_range_fit (&lg, 0.005, 0.01, NAN, NAN));
  g_assert_cmpfloat (lg.max, <=, 0.02);
}

/* Epochs are whole: no tick at 1.5 however little of the axis there is. */
static void
test_min_step (void)
{
  double ticks[BP_CHART_AXIS_MAX_TICKS], step;
  guint n = bp_chart_axis_ticks_min_step (0, 3, FALSE, 8, 1, ticks, G_N_ELEMENTS (ticks), &step);
  g_assert_cmpfloat (step, ==, 1);
  g_assert_cmpuint (n, ==, 4);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (ticks[i], ==, (double) i);
  n = bp_chart_axis_ticks_min_step (0, 1, FALSE, 8, 1, ticks, G_N_ELEMENTS (ticks), &step);
  g_assert_cmpuint (n, ==, 2);
  /* Without the minimum the same axis gets fractions. */
  n = bp_chart_axis_ticks (0, 3, FALSE, 8, ticks, G_N_ELEMENTS (ticks), &step);
  g_assert_cmpfloat (step, <, 1);
  /* A long run still thins its ticks out. */
  n = bp_chart_axis_ticks_min_step (0, 1000, FALSE, 8, 1, ticks, G_N_ELEMENTS (ticks), &step);
  g_assert_cmpfloat (step, ==, 200);
}

/* A noisy series: the first batches' spike does not set its extent. */
static void
test_robust_extents (void)
{
  g_autoptr(BpChartSeries) s = bp_chart_series_new ("batch", 0, BP_CHART_LINE_SOLID);
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (double));
  double lo, hi;

  for (guint i = 0; i < 10; i++)
    bp_chart_series_append (s, i, i == 0 ? 0.7 : 0.01);
  /* Too few points to leave any out. */
  g_assert_false (bp_chart_series_get_robust_extents (s, scratch, &lo, &hi));
  for (guint i = 10; i < 2000; i++)
    bp_chart_series_append (s, i, 0.01 + 0.005 * sin (i * 0.7) + (i % 500 == 0 ? 0.5 : 0));
  g_assert_true (bp_chart_series_get_robust_extents (s, scratch, &lo, &hi));
  g_assert_cmpfloat (hi, <=, 0.0151);
  g_assert_cmpfloat (lo, >=, 0.0049);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-series/append", test_append_basic);
  g_test_add_func ("/chart-series/million-points", test_million_points);
  g_test_add_func ("/chart-series/smoothing-late", test_smoothing_late);
  g_test_add_func ("/chart-series/columns-envelope", test_columns_envelope);
  g_test_add_func ("/chart-series/smoothing-sweep", test_smoothing_sweep);
  g_test_add_func ("/chart-axis/ticks", test_ticks);
  g_test_add_func ("/chart-axis/format", test_format);
  g_test_add_func ("/chart-axis/nice-range", test_nice_range);
  g_test_add_func ("/chart-axis/range-grow", test_range_grow);
  g_test_add_func ("/chart-axis/range-fit", test_range_fit);
  g_test_add_func ("/chart-axis/quantiles", test_quantiles);
  g_test_add_func ("/chart-axis/min-step", test_min_step);
  g_test_add_func ("/chart-series/robust-extents", test_robust_extents);

  return g_test_run ();
}
