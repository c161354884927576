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

/* Solid and dashed tell training from validation; the other two give
 * overlaid runs a fourth kind of line once the palette's eight colours
 * have been used (bp_chart_run_style). */
typedef enum {
  BP_CHART_LINE_SOLID,
  BP_CHART_LINE_DASHED,
  BP_CHART_LINE_DOTTED,
  BP_CHART_LINE_DASH_DOT,
  BP_CHART_N_LINE_STYLES
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
/* After a new weight (or smoothing switched on) the EMA is computed
 * again from the first point, a few buckets at a time: this goes on by at
 * least max_points points (whole buckets) and says whether it is done.
 * Until then the buckets past it keep the values of the weight before, so
 * a chart can spread the work over frames and still draw each one.
 * Appends continue the EMA only once it is done. */
gboolean          bp_chart_series_update_ema      (BpChartSeries    *self,
                                                   guint             max_points);
/* The EMA after point i (smoothed series only); costs at most one bucket
 * of work once the EMA is up to date, or brings it up to i first. */
gboolean          bp_chart_series_get_smoothed_value (BpChartSeries *self,
                                                      guint          i,
                                                      double        *y);

/* A kept run overlaid on the current one: drawn under the others,
 * thinner and translucent, without points; the hover read-out names
 * only the faded series nearest the pointer. Default FALSE. */
void              bp_chart_series_set_faded      (BpChartSeries    *self,
                                                   gboolean          faded);
gboolean          bp_chart_series_get_faded      (BpChartSeries    *self);

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
/* The y extent without outliers, for the axis of a noisy series: the
 * first 1/20 of the points are left out (an untrained network's loss can
 * be a hundred times what it is a few epochs later), and of the rest the
 * 1st to 99th percentile counts, over the envelope's buckets (at most
 * 2 × BP_CHART_SERIES_MAX_BUCKETS values, selected in O(n)). scratch is a
 * GArray of double the caller keeps to reuse. FALSE with fewer than 20
 * buckets: then the whole extent is the one to use. */
gboolean          bp_chart_series_get_robust_extents (BpChartSeries *self,
                                                      GArray        *scratch,
                                                      double        *y_min,
                                                      double        *y_max);
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

/* One pixel column of a decimated line. */
typedef struct {
  double   y_min, y_max;       /* of the raw values */
  double   ema_min, ema_max;   /* of the smoothed line */
  gboolean used;               /* FALSE: no point falls in this column */
} BpChartColumn;

/* The envelope per pixel column, for drawing: column c holds x from
 * x0 + c·dx up to x0 + (c + 1)·dx; points before the first column or
 * after the last count in it. A bucket adds its extremes to every column
 * from its first point's to its last point's, so no column's band is
 * narrower than its own points (no spike is lost), and none reaches
 * further than the points of one bucket on either side. O(buckets +
 * columns) however many points there are. The EMA fields are as far as
 * bp_chart_series_update_ema() has got. */
void              bp_chart_series_get_columns     (BpChartSeries    *self,
                                                   double            x0,
                                                   double            dx,
                                                   BpChartColumn    *columns,
                                                   guint             n_columns);
/* Bytes the series holds (points and envelope), for reports. */
gsize             bp_chart_series_get_memory      (BpChartSeries    *self);

G_END_DECLS
