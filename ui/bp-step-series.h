/* bp-step-series.h: the steps the + and − buttons of a setting take.
 *
 * Plain functions, no GTK, tested without a display. Batch sizes go by
 * powers of two (32 → 64, 33 → 64, 33 → 32), epochs by 1-2-5 × 10^k
 * (10 → 20 → 50 → 100, 10 → 5 → 2 → 1): steps a user expects, where +1
 * would take a hundred clicks to get anywhere.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BP_STEP_SERIES_POWERS_OF_TWO,
  BP_STEP_SERIES_1_2_5,
} BpStepSeries;

/* The nearest value of the series strictly above value (direction > 0) or
 * strictly below it (direction < 0); never below 1. */
guint64  bp_step_series_next (BpStepSeries series,
                              guint64      value,
                              int          direction);

G_END_DECLS
