/* bp-chart-axis.h: ranges and "nice" ticks for the chart axes.
 *
 * Plain functions, no GObject and no drawing, so they are tested without a
 * display. Linear ticks sit on multiples of 1, 2 or 5 × 10^k; log ticks on
 * powers of ten, with 2 and 5 between them when the range spans only a few
 * decades.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BP_CHART_AXIS_MAX_TICKS 64

typedef struct {
  double   min;
  double   max;
  gboolean log;
  gboolean valid;    /* FALSE until data arrives */
} BpChartAxisRange;

/* The smallest 1, 2 or 5 × 10^k that is >= raw (raw > 0). */
double   bp_chart_axis_nice_step   (double            raw);

/* Widens [*min, *max] outward to nice values: multiples of a nice step
 * (about target_intervals of them) when linear, 1/2/5 × 10^k when log.
 * An empty range is opened up around its value first. */
void     bp_chart_axis_nice_range  (double           *min,
                                    double           *max,
                                    gboolean          log,
                                    guint             target_intervals);

/* Fills ticks (at most max_ticks) with the tick values inside [min, max],
 * ascending, and returns how many; *step gets the linear step (0 for log
 * ticks), which says how many decimals a label needs. */
guint    bp_chart_axis_ticks       (double            min,
                                    double            max,
                                    gboolean          log,
                                    guint             target_intervals,
                                    double           *ticks,
                                    guint             max_ticks,
                                    double           *step);
/* The same with linear steps of at least min_step (a nice value itself,
 * e.g. 1 for whole epochs; 0: any). */
guint    bp_chart_axis_ticks_min_step (double         min,
                                       double         max,
                                       gboolean       log,
                                       guint          target_intervals,
                                       double         min_step,
                                       double        *ticks,
                                       guint          max_ticks,
                                       double        *step);

/* A label for a tick: as many decimals as the step needs; log ticks in
 * %g form. Uses the locale's decimal separator and digit grouping (the
 * label is for people). */
char    *bp_chart_axis_format_tick (double            value,
                                    double            step);

/* Makes range cover [data_min, data_max] (already including any margin).
 * It only grows, and when it must grow it jumps to nice values, so axes do
 * not move with every new point. lower/upper are hard limits (NaN: none).
 * Returns TRUE when the range changed. */
gboolean bp_chart_axis_range_grow  (BpChartAxisRange *range,
                                    double            data_min,
                                    double            data_max,
                                    double            lower,
                                    double            upper);

/* Like bp_chart_axis_range_grow, and it also shrinks: when the data fill
 * less than a third of the range (in log space on a log axis) the range
 * starts over from the data, so a loss that falls a hundredfold after the
 * first batches does not end up flat on the axis. The third keeps the
 * axes still while the data wander within them. */
gboolean bp_chart_axis_range_fit   (BpChartAxisRange *range,
                                    double            data_min,
                                    double            data_max,
                                    double            lower,
                                    double            upper);

/* The extent of values without their outliers: *lo gets the q-quantile,
 * *hi the (1 − q)-quantile (0 <= q < 0.5; nearest rank). Reorders values
 * (selection, O(n)); non-finite values must not be among them. FALSE when
 * n is 0. */
gboolean bp_chart_axis_quantiles   (double           *values,
                                    gsize             n,
                                    double            q,
                                    double           *lo,
                                    double           *hi);

/* Maps a value in the range to 0..1 (log ranges in log space); values
 * outside come out below 0 or above 1, non-positive values on a log range
 * as -inf. */
double   bp_chart_axis_normalize   (const BpChartAxisRange *range,
                                    double            value);
/* The inverse of normalize. */
double   bp_chart_axis_denormalize (const BpChartAxisRange *range,
                                    double            t);

G_END_DECLS
