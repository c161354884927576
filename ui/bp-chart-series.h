/* bp-chart-series.h: one line of a chart, kept on the UI thread.
 *
 * GObject only, no GTK. Next to the raw points the series keeps a
 * decimated envelope: buckets of bucket_size consecutive points with their
 * min and max y. When there would be more than BP_CHART_SERIES_MAX_BUCKETS
 * buckets, adjacent pairs merge and the bucket size doubles, so appending
 * stays O(1) amortized and drawing never looks at more than the cap,
 * however many points arrive.
 *
 * A smoothed series also keeps an exponential moving average per bucket,
 * debiased like TensorBoard's: with weight w,
 *   acc_i = w·acc_(i-1) + (1 − w)·y_i,   acc_(-1) = 0,
 *   ema_i = acc_i / (1 − w^(i+1)).
 * It is updated as points arrive and recomputed once, lazily, when the
 * weight changes.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  BP_CHART_LINE_SOLID,
  BP_CHART_LINE_DASHED,
} BpChartLineStyle;

#define BP_CHART_SERIES_MAX_BUCKETS 8192

/* One bucket of the envelope. ema_* are only kept for smoothed series. */
typedef struct {
  double x_first, x_last;
  double y_first, y_last;
  double y_min, y_max;
  double ema_min, ema_max, ema_last;
  guint  n;               /* points in the bucket */
} BpChartBucket;

#define BP_TYPE_CHART_SERIES (bp_chart_series_get_type ())
G_DECLARE_FINAL_TYPE (BpChartSeries, bp_chart_series, BP, CHART_SERIES, GObject)

BpChartSeries    *bp_chart_series_new             (const char       *label,
                                                   guint             color_index,
                                                   BpChartLineStyle  style);
/* x must not decrease: a point with a smaller x than the last one is
 * dropped, as is one whose x or y is not finite. */
void              bp_chart_series_append          (BpChartSeries    *self,
                                                   double            x,
                                                   double            y);
void              bp_chart_series_clear           (BpChartSeries    *self);
guint             bp_chart_series_get_n_points    (BpChartSeries    *self);
gboolean          bp_chart_series_get_point       (BpChartSeries    *self,
                                                   guint             i,
                                                   double           *x,
                                                   double           *y);
const char       *bp_chart_series_get_label       (BpChartSeries    *self);
guint             bp_chart_series_get_color_index (BpChartSeries    *self);
BpChartLineStyle  bp_chart_series_get_line_style  (BpChartSeries    *self);

/* Smoothed series (per-batch loss): drawn as the moving average over a
 * faint min/max envelope of the raw values. */
void              bp_chart_series_set_smoothed    (BpChartSeries    *self,
                                                   gboolean          smoothed);
gboolean          bp_chart_series_get_smoothed    (BpChartSeries    *self);
/* The EMA weight w, 0..0.99; BpChart sets it from its "smoothing". */
void              bp_chart_series_set_smoothing_weight (BpChartSeries *self,
                                                        double         weight);
double            bp_chart_series_get_smoothing_weight (BpChartSeries *self);
/* The EMA after point i (smoothed series only); costs at most one bucket
 * of work. */
gboolean          bp_chart_series_get_smoothed_value (BpChartSeries *self,
                                                      guint          i,
                                                      double        *y);

/* Markers at each point (small per-epoch series); default FALSE. */
void              bp_chart_series_set_show_points (BpChartSeries    *self,
                                                   gboolean          show);
gboolean          bp_chart_series_get_show_points (BpChartSeries    *self);

/* Extents of the data; FALSE when there are no points. y_min_positive is
 * the smallest y > 0 (what a log axis can show), NaN when there is none. */
gboolean          bp_chart_series_get_extents     (BpChartSeries    *self,
                                                   double           *x_min,
                                                   double           *x_max,
                                                   double           *y_min,
                                                   double           *y_max,
                                                   double           *y_min_positive);
/* Index of the point whose x is nearest to x (the first of equals);
 * G_MAXUINT when there are no points. O(log n). */
guint             bp_chart_series_find_nearest    (BpChartSeries    *self,
                                                   double            x);

/* The envelope: n_buckets buckets of bucket_size points each (the last
 * one may hold fewer). The array belongs to the series and is valid until
 * the next append or clear; EMA fields are brought up to date first. */
const BpChartBucket *bp_chart_series_peek_buckets (BpChartSeries    *self,
                                                   guint            *n_buckets);
guint             bp_chart_series_get_bucket_size (BpChartSeries    *self);

G_END_DECLS
