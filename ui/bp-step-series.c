#include "bp-step-series.h"

/* The k-th value of the series, k >= 0: 1, 2, 4, … or 1, 2, 5, 10, … */
static guint64
series_value (BpStepSeries series, guint k)
{
  if (series == BP_STEP_SERIES_POWERS_OF_TWO)
    return k < 63 ? G_GUINT64_CONSTANT (1) << k : G_MAXUINT64;
  static const guint64 mantissas[] = { 1, 2, 5 };
  guint64 v = mantissas[k % 3];
  for (guint d = 0; d < k / 3; d++)
    {
      if (v > G_MAXUINT64 / 10)
        return G_MAXUINT64;
      v *= 10;
    }
  return v;
}

guint64
bp_step_series_next (BpStepSeries series, guint64 value, int direction)
{
  g_return_val_if_fail (series == BP_STEP_SERIES_POWERS_OF_TWO || series == BP_STEP_SERIES_1_2_5, value);

  if (direction == 0)
    return value;
  guint64 below = 1;
  for (guint k = 0;; k++)
    {
      guint64 v = series_value (series, k);
      if (direction > 0 && v > value)
        return v;
      if (v == G_MAXUINT64)
        return direction > 0 ? v : below;
      if (direction < 0 && v >= value)
        return below;
      below = v;
    }
}
