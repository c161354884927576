#include "bp-chart-axis.h"

#include <math.h>

/* Relative slack for comparing values that went through a division. */
#define EPS 1e-9

/* m × 10^e computed so that decimal values come out as the nearest double
 * (0.1 × 3 is 0.30000000000000004, 3 / 10 is 0.3). */
static double
scaled (double m, int e)
{
  if (e >= 0)
    return m * pow (10.0, e);
  return m / pow (10.0, -e);
}

static void
nice_step_parts (double raw, double *mantissa, int *exponent)
{
  int e = (int) floor (log10 (raw));
  double f = raw / scaled (1.0, e);

  if (f <= 1.0 + EPS)
    *mantissa = 1.0;
  else if (f <= 2.0 + EPS)
    *mantissa = 2.0;
  else if (f <= 5.0 + EPS)
    *mantissa = 5.0;
  else
    {
      *mantissa = 1.0;
      e++;
    }
  *exponent = e;
}

double
bp_chart_axis_nice_step (double raw)
{
  double m;
  int e;

  g_return_val_if_fail (raw > 0 && isfinite (raw), 1.0);

  nice_step_parts (raw, &m, &e);
  return scaled (m, e);
}

/* The largest 1/2/5 × 10^k <= v, or the smallest >= v (v > 0). */
static double
log_nice (double v, gboolean up)
{
  static const double mantissas[] = { 1.0, 2.0, 5.0, 10.0 };
  int e = (int) floor (log10 (v));
  double f = v / scaled (1.0, e);

  if (up)
    {
      for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
        if (mantissas[i] >= f - EPS)
          return scaled (mantissas[i], e);
      return scaled (1.0, e + 1);
    }
  for (guint i = G_N_ELEMENTS (mantissas); i-- > 0;)
    if (mantissas[i] <= f + EPS)
      return scaled (mantissas[i], e);
  return scaled (5.0, e - 1);
}

void
bp_chart_axis_nice_range (double   *min,
                          double   *max,
                          gboolean  log,
                          guint     target_intervals)
{
  double lo = *min, hi = *max;

  g_return_if_fail (isfinite (lo) && isfinite (hi));
  target_intervals = MAX (target_intervals, 1);

  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }

  if (log)
    {
      g_return_if_fail (lo > 0);
      /* A single value: the nice values on either side of it. */
      if (hi <= lo * (1 + EPS))
        {
          lo = log_nice (lo * (1 - 1e-6), FALSE);
          hi = log_nice (hi * (1 + 1e-6), TRUE);
        }
      else
        {
          lo = log_nice (lo, FALSE);
          hi = log_nice (hi, TRUE);
        }
      *min = lo;
      *max = hi;
      return;
    }

  if (hi - lo <= fabs (hi) * EPS)
    {
      double d = lo != 0 ? fabs (lo) * 0.1 : 0.5;
      lo -= d;
      hi += d;
    }

  double m;
  int e;
  nice_step_parts ((hi - lo) / target_intervals, &m, &e);
  double step = scaled (m, e);
  double k0 = floor (lo / step + EPS);
  double k1 = ceil (hi / step - EPS);
  *min = scaled (k0 * m, e);
  *max = scaled (k1 * m, e);
}

static guint
linear_ticks (double min, double max, guint target, double min_step, double *ticks, guint max_ticks,
              double *step)
{
  double m;
  int e;
  guint n = 0;

  nice_step_parts ((max - min) / target, &m, &e);
  *step = scaled (m, e);
  if (min_step > 0 && *step < min_step * (1 - EPS))
    {
      nice_step_parts (min_step, &m, &e);
      *step = scaled (m, e);
    }

  double k0 = ceil (min / *step - EPS);
  double k1 = floor (max / *step + EPS);
  for (double k = k0; k <= k1 && n < max_ticks; k++)
    {
      double v = scaled (k * m, e);
      /* k = 0 can come out as -0 */
      ticks[n++] = k == 0 ? 0.0 : v;
    }
  return n;
}

static guint
log_ticks (double min, double max, guint target, double *ticks, guint max_ticks)
{
  double lmin = log10 (min), lmax = log10 (max);
  double decades = lmax - lmin;
  guint n = 0;

  /* Up to a couple of decades, 1-2-5 steps give enough ticks to read. */
  if (decades <= 2.5)
    {
      static const double mantissas[] = { 1.0, 2.0, 5.0 };
      for (int e = (int) floor (lmin) - 1; e <= (int) ceil (lmax) && n < max_ticks; e++)
        for (guint i = 0; i < G_N_ELEMENTS (mantissas) && n < max_ticks; i++)
          {
            double v = scaled (mantissas[i], e);
            if (v >= min * (1 - EPS) && v <= max * (1 + EPS))
              ticks[n++] = v;
          }
      if (n <= target + 1)
        return n;
      n = 0;
    }

  int every = MAX (1, (int) ceil (decades / target - EPS));
  for (int e = (int) ceil (lmin - EPS); e <= (int) floor (lmax + EPS) && n < max_ticks; e++)
    {
      int r = e % every;
      if (r == 0)
        ticks[n++] = scaled (1.0, e);
    }
  return n;
}

guint
bp_chart_axis_ticks (double   min,
                     double   max,
                     gboolean log,
                     guint    target_intervals,
                     double  *ticks,
                     guint    max_ticks,
                     double  *step)
{
  return bp_chart_axis_ticks_min_step (min, max, log, target_intervals, 0, ticks, max_ticks, step);
}

guint
bp_chart_axis_ticks_min_step (double   min,
                              double   max,
                              gboolean log,
                              guint    target_intervals,
                              double   min_step,
                              double  *ticks,
                              guint    max_ticks,
                              double  *step)
{
  double s = 0;
  guint n;

  g_return_val_if_fail (ticks != NULL || max_ticks == 0, 0);
  if (step)
    *step = 0;
  if (!(max > min) || !isfinite (min) || !isfinite (max))
    return 0;
  target_intervals = MAX (target_intervals, 1);

  if (log && min > 0)
    {
      n = log_ticks (min, max, target_intervals, ticks, max_ticks);
      /* Less than a decade with no 1-2-5 value inside: linear ticks read better. */
      if (n >= 2)
        return n;
    }

  n = linear_ticks (min, max, target_intervals, min_step, ticks, max_ticks, &s);
  if (step)
    *step = s;
  return n;
}

char *
bp_chart_axis_format_tick (double value, double step)
{
  if (step > 0)
    {
      int decimals = step >= 1 ? 0 : (int) ceil (-log10 (step) - EPS);

      if (fabs (value) < step * 1e-6)
        value = 0;
      /* ' groups the digits as the locale does ("10 000"). */
      if (fabs (value) < 1e9 && decimals <= 6)
        return g_strdup_printf ("%'.*f", decimals, value);
    }
  return g_strdup_printf ("%g", value);
}

gboolean
bp_chart_axis_range_grow (BpChartAxisRange *range,
                          double            data_min,
                          double            data_max,
                          double            lower,
                          double            upper)
{
  g_return_val_if_fail (range != NULL, FALSE);

  if (!isfinite (data_min) || !isfinite (data_max) || data_min > data_max)
    return FALSE;
  if (range->log && data_min <= 0)
    return FALSE;
  /* Inside, up to rounding: 1.0 + 50 × 0.01 is a hair above 1.5. */
  if (range->valid)
    {
      double slack = (range->max - range->min) * EPS;
      if (data_min >= range->min - slack && data_max <= range->max + slack)
        return FALSE;
    }

  double lo = data_min, hi = data_max;
  if (range->valid)
    {
      lo = MIN (lo, range->min);
      hi = MAX (hi, range->max);
    }
  /* Finer than the ticks, so the range hugs the data. */
  bp_chart_axis_nice_range (&lo, &hi, range->log, 8);

  /* Hard limits; a bound that makes no sense on a log axis is no bound. */
  gboolean have_lower = isfinite (lower) && (!range->log || lower > 0);
  gboolean have_upper = isfinite (upper) && (!range->log || upper > 0);
  double clo = have_lower ? MAX (lo, lower) : lo;
  double chi = have_upper ? MIN (hi, upper) : hi;
  if (clo < chi)
    {
      lo = clo;
      hi = chi;
    }
  else if (have_lower && have_upper && lower < upper)
    {
      lo = lower;
      hi = upper;
    }

  gboolean changed = !range->valid || lo != range->min || hi != range->max;
  range->min = lo;
  range->max = hi;
  range->valid = TRUE;
  return changed;
}

gboolean
bp_chart_axis_range_fit (BpChartAxisRange *range,
                         double            data_min,
                         double            data_max,
                         double            lower,
                         double            upper)
{
  g_return_val_if_fail (range != NULL, FALSE);

  if (!isfinite (data_min) || !isfinite (data_max) || data_min > data_max)
    return FALSE;
  if (range->log && data_min <= 0)
    return FALSE;
  if (range->valid)
    {
      double t0 = bp_chart_axis_normalize (range, data_min);
      double t1 = bp_chart_axis_normalize (range, data_max);
      if (t0 >= -EPS && t1 <= 1 + EPS && t1 - t0 < 1.0 / 3.0)
        {
          BpChartAxisRange fresh = { .log = range->log };
          bp_chart_axis_range_grow (&fresh, data_min, data_max, lower, upper);
          gboolean changed = fresh.min != range->min || fresh.max != range->max;
          *range = fresh;
          return changed;
        }
    }
  return bp_chart_axis_range_grow (range, data_min, data_max, lower, upper);
}

/* Moves the k-th smallest of v[0..n) to v[k] (Hoare's selection). */
static void
select_nth (double *v, gsize n, gsize k)
{
  gsize lo = 0, hi = n - 1;

  while (lo < hi)
    {
      double pivot = v[lo + (hi - lo) / 2];
      gsize i = lo, j = hi;
      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              double t = v[i];
              v[i] = v[j];
              v[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j && j != (gsize) -1)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        return;
    }
}

gboolean
bp_chart_axis_quantiles (double *values, gsize n, double q, double *lo, double *hi)
{
  g_return_val_if_fail (values != NULL || n == 0, FALSE);
  g_return_val_if_fail (q >= 0 && q < 0.5, FALSE);

  if (n == 0)
    return FALSE;
  gsize k_lo = (gsize) floor (q * (double) (n - 1) + 0.5);
  gsize k_hi = n - 1 - k_lo;
  select_nth (values, n, k_lo);
  *lo = values[k_lo];
  /* Everything above k_lo is no smaller, so the upper one is among them. */
  if (k_hi > k_lo)
    select_nth (values + k_lo + 1, n - k_lo - 1, k_hi - k_lo - 1);
  *hi = values[k_hi];
  return TRUE;
}

double
bp_chart_axis_normalize (const BpChartAxisRange *range, double value)
{
  if (range->log)
    {
      if (value <= 0)
        return -INFINITY;
      return (log10 (value) - log10 (range->min)) / (log10 (range->max) - log10 (range->min));
    }
  return (value - range->min) / (range->max - range->min);
}

double
bp_chart_axis_denormalize (const BpChartAxisRange *range, double t)
{
  if (range->log)
    {
      double l0 = log10 (range->min), l1 = log10 (range->max);
      return pow (10.0, l0 + t * (l1 - l0));
    }
  return range->min + t * (range->max - range->min);
}
