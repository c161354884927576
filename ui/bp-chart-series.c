#define G_LOG_DOMAIN "bp-chart-series"

#include "bp-chart-series.h"
#include "bp-chart-axis.h"

#include <math.h>
#include <string.h>

typedef struct {
  double x, y;
} Point;

struct _BpChartSeries
{
  GObject           parent_instance;

  char             *label;
  guint             color_index;
  BpChartLineStyle  style;
  gboolean          smoothed;
  gboolean          show_points;
  gboolean          faded;
  double            weight;

  GArray           *points;      /* Point */
  GArray           *buckets;     /* BpChartBucket */
  GArray           *ema_acc;     /* double per bucket: the biased EMA after its last point */
  guint             bucket_size;

  /* The EMA under the current weight covers the first ema_done points,
   * which is either all of them or a whole number of buckets; the
   * buckets after that still hold the previous weight's values (or the
   * raw ones) until bp_chart_series_update_ema() sweeps over them. acc
   * and w_pow are the running state after point ema_done − 1. A series
   * that is not smoothed keeps no EMA: ema_done stays 0. */
  double            acc;
  double            w_pow;
  guint             ema_done;

  double            y_min, y_max, y_min_positive;
};

G_DEFINE_FINAL_TYPE (BpChartSeries, bp_chart_series, G_TYPE_OBJECT)

static void
bp_chart_series_finalize (GObject *object)
{
  BpChartSeries *self = BP_CHART_SERIES (object);

  g_free (self->label);
  g_array_unref (self->points);
  g_array_unref (self->buckets);
  g_array_unref (self->ema_acc);

  G_OBJECT_CLASS (bp_chart_series_parent_class)->finalize (object);
}

static void
bp_chart_series_class_init (BpChartSeriesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bp_chart_series_finalize;
}

static void
reset (BpChartSeries *self)
{
  g_array_set_size (self->points, 0);
  g_array_set_size (self->buckets, 0);
  g_array_set_size (self->ema_acc, 0);
  self->bucket_size = 1;
  self->acc = 0;
  self->w_pow = 1;
  self->ema_done = 0;
  self->y_min = INFINITY;
  self->y_max = -INFINITY;
  self->y_min_positive = INFINITY;
}

static void
bp_chart_series_init (BpChartSeries *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (Point));
  self->buckets = g_array_new (FALSE, FALSE, sizeof (BpChartBucket));
  self->ema_acc = g_array_new (FALSE, FALSE, sizeof (double));
  self->weight = 0.6;
  reset (self);
}

BpChartSeries *
bp_chart_series_new (const char       *label,
                     guint             color_index,
                     BpChartLineStyle  style)
{
  BpChartSeries *self = g_object_new (BP_TYPE_CHART_SERIES, NULL);

  self->label = g_strdup (label ? label : "");
  self->color_index = color_index;
  self->style = style;
  return self;
}

static void restart_ema_at (BpChartSeries *self, guint point);

/* Whether the EMA covers every point, so that a new one continues it. */
static inline gboolean
ema_current (BpChartSeries *self)
{
  return self->smoothed && self->ema_done == self->points->len;
}

/* Pairs of buckets become one; called with an even count of full buckets,
 * so the result is full buckets of twice the size. */
static void
merge_buckets (BpChartSeries *self)
{
  BpChartBucket *b = (BpChartBucket *) (void *) self->buckets->data;
  double *acc = (double *) (void *) self->ema_acc->data;
  guint n = self->buckets->len;
  guint out = 0;

  for (guint i = 0; i + 1 < n; i += 2, out++)
    {
      BpChartBucket m = b[i];
      const BpChartBucket *r = &b[i + 1];

      m.x_last = r->x_last;
      m.y_last = r->y_last;
      m.y_min = MIN (m.y_min, r->y_min);
      m.y_max = MAX (m.y_max, r->y_max);
      m.ema_min = MIN (m.ema_min, r->ema_min);
      m.ema_max = MAX (m.ema_max, r->ema_max);
      m.ema_last = r->ema_last;
      m.n += r->n;
      b[out] = m;
      acc[out] = acc[i + 1];
    }
  if (n % 2 == 1)
    {
      b[out] = b[n - 1];
      acc[out] = acc[n - 1];
      out++;
    }
  g_array_set_size (self->buckets, out);
  g_array_set_size (self->ema_acc, out);
  self->bucket_size *= 2;
  /* A sweep that had reached the middle of a merged bucket starts that
   * bucket again: its EMA extremes mix two weights now. */
  if (self->ema_done < self->points->len && self->ema_done % self->bucket_size != 0)
    restart_ema_at (self, self->ema_done - self->ema_done % self->bucket_size);
}

/* Below this, 1 − w^t is 1.0 in double precision: the debiasing is done,
 * and w^t is set to 0 rather than left to sink into denormals, where every
 * multiplication is many times slower (and 0.6 times the smallest one
 * rounds back to it, so it would never reach 0). */
#define W_POW_DONE 1e-17

static inline double
ema_step (BpChartSeries *self, double y)
{
  double w = self->weight;

  self->acc = w * self->acc + (1.0 - w) * y;
  if (self->w_pow == 0)
    return self->acc;
  self->w_pow *= w;
  if (self->w_pow < W_POW_DONE)
    self->w_pow = 0;
  return self->acc / (1.0 - self->w_pow);
}

/* w^t with the same cut-off as ema_step. */
static double
w_pow_at (double w, guint t)
{
  double v = pow (w, (double) t);
  return v < W_POW_DONE ? 0 : v;
}

/* The sweep resumes at point (the first of a bucket), from the state the
 * bucket before it ended with. */
static void
restart_ema_at (BpChartSeries *self, guint point)
{
  guint b = point / self->bucket_size;
  self->ema_done = point;
  self->acc = b > 0 ? g_array_index (self->ema_acc, double, b - 1) : 0.0;
  self->w_pow = w_pow_at (self->weight, point);
}

static void
add_to_buckets (BpChartSeries *self, double x, double y, double ema, gboolean with_ema)
{
  BpChartBucket *last = NULL;

  if (self->buckets->len > 0)
    last = &g_array_index (self->buckets, BpChartBucket, self->buckets->len - 1);

  if (last == NULL || last->n >= self->bucket_size)
    {
      if (self->buckets->len >= BP_CHART_SERIES_MAX_BUCKETS)
        merge_buckets (self);

      BpChartBucket b = {
        .x_first = x, .x_last = x,
        .y_first = y, .y_last = y,
        .y_min = y, .y_max = y,
        .ema_min = ema, .ema_max = ema, .ema_last = ema,
        .n = 1,
      };
      g_array_append_val (self->buckets, b);
      g_array_append_val (self->ema_acc, self->acc);
      return;
    }

  last->x_last = x;
  last->y_last = y;
  last->y_min = MIN (last->y_min, y);
  last->y_max = MAX (last->y_max, y);
  last->n++;
  /* Otherwise a sweep is on its way and will fill in this bucket. */
  if (with_ema)
    {
      last->ema_min = MIN (last->ema_min, ema);
      last->ema_max = MAX (last->ema_max, ema);
      last->ema_last = ema;
      g_array_index (self->ema_acc, double, self->ema_acc->len - 1) = self->acc;
    }
}

void
bp_chart_series_append (BpChartSeries *self, double x, double y)
{
  g_return_if_fail (BP_IS_CHART_SERIES (self));

  if (!isfinite (x) || !isfinite (y))
    return;
  if (self->points->len > 0 &&
      x < g_array_index (self->points, Point, self->points->len - 1).x)
    return;

  const gboolean with_ema = ema_current (self);
  Point p = { x, y };
  g_array_append_val (self->points, p);

  double ema = y;   /* a stand-in until a sweep gets here */
  if (with_ema)
    {
      ema = ema_step (self, y);
      self->ema_done++;
    }
  add_to_buckets (self, x, y, ema, with_ema);

  self->y_min = MIN (self->y_min, y);
  self->y_max = MAX (self->y_max, y);
  if (y > 0)
    self->y_min_positive = MIN (self->y_min_positive, y);
}

void
bp_chart_series_clear (BpChartSeries *self)
{
  g_return_if_fail (BP_IS_CHART_SERIES (self));

  reset (self);
}

guint
bp_chart_series_get_n_points (BpChartSeries *self)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), 0);

  return self->points->len;
}

gboolean
bp_chart_series_get_point (BpChartSeries *self, guint i, double *x, double *y)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), FALSE);

  if (i >= self->points->len)
    return FALSE;
  const Point *p = &g_array_index (self->points, Point, i);
  if (x)
    *x = p->x;
  if (y)
    *y = p->y;
  return TRUE;
}

const char *
bp_chart_series_get_label (BpChartSeries *self)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), NULL);

  return self->label;
}

guint
bp_chart_series_get_color_index (BpChartSeries *self)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), 0);

  return self->color_index;
}

BpChartLineStyle
bp_chart_series_get_line_style (BpChartSeries *self)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), BP_CHART_LINE_SOLID);

  return self->style;
}

/* The EMA must be computed again from the first point, after the weight
 * changed or smoothing was switched on. The buckets keep the old values
 * until the sweep reaches them. */
static void
restart_ema (BpChartSeries *self)
{
  self->ema_done = 0;
  self->acc = 0;
  self->w_pow = 1;
}

gboolean
bp_chart_series_update_ema (BpChartSeries *self, guint max_points)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), TRUE);

  const guint n = self->points->len, bs = self->bucket_size;
  if (!self->smoothed || self->ema_done >= n)
    return TRUE;

  /* Whole buckets, so that each bucket's extremes are all of one weight. */
  guint64 target = (guint64) self->ema_done + MAX (max_points, 1);
  guint end = (guint) MIN ((target + bs - 1) / bs * bs, (guint64) n);
  const Point *p = (const Point *) (const void *) self->points->data;
  BpChartBucket *b = (BpChartBucket *) (void *) self->buckets->data;
  double *acc = (double *) (void *) self->ema_acc->data;

  for (guint k = self->ema_done / bs; (guint64) k * bs < end; k++)
    {
      guint first = k * bs, last = MIN (first + bs, end);
      double lo = INFINITY, hi = -INFINITY, ema = 0;
      for (guint i = first; i < last; i++)
        {
          ema = ema_step (self, p[i].y);
          lo = MIN (lo, ema);
          hi = MAX (hi, ema);
        }
      b[k].ema_min = lo;
      b[k].ema_max = hi;
      b[k].ema_last = ema;
      acc[k] = self->acc;
    }
  self->ema_done = end;
  return end == n;
}

static void
ensure_ema (BpChartSeries *self)
{
  bp_chart_series_update_ema (self, G_MAXUINT);
}

void
bp_chart_series_set_smoothed (BpChartSeries *self, gboolean smoothed)
{
  g_return_if_fail (BP_IS_CHART_SERIES (self));

  smoothed = !!smoothed;
  if (self->smoothed == smoothed)
    return;
  self->smoothed = smoothed;
  restart_ema (self);
}

gboolean
bp_chart_series_get_smoothed (BpChartSeries *self)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), FALSE);

  return self->smoothed;
}

void
bp_chart_series_set_smoothing_weight (BpChartSeries *self, double weight)
{
  g_return_if_fail (BP_IS_CHART_SERIES (self));
  g_return_if_fail (isfinite (weight));

  weight = CLAMP (weight, 0.0, 0.99);
  if (self->weight == weight)
    return;
  self->weight = weight;
  restart_ema (self);
}

double
bp_chart_series_get_smoothing_weight (BpChartSeries *self)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), 0);

  return self->weight;
}

gboolean
bp_chart_series_get_smoothed_value (BpChartSeries *self, guint i, double *y)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), FALSE);

  if (!self->smoothed || i >= self->points->len)
    return FALSE;
  /* Only as far as i: a sweep after a new weight may still be going. */
  if (self->ema_done <= i)
    bp_chart_series_update_ema (self, i + 1 - self->ema_done);

  /* Resume from the state at the end of the previous bucket. */
  guint b = i / self->bucket_size;
  guint start = b * self->bucket_size;
  double w = self->weight;
  double acc = b > 0 ? g_array_index (self->ema_acc, double, b - 1) : 0.0;
  double w_pow = w_pow_at (w, start);
  double ema = 0;

  for (guint j = start; j <= i; j++)
    {
      acc = w * acc + (1.0 - w) * g_array_index (self->points, Point, j).y;
      if (w_pow == 0)
        {
          ema = acc;
          continue;
        }
      w_pow *= w;
      if (w_pow < W_POW_DONE)
        w_pow = 0;
      ema = acc / (1.0 - w_pow);
    }
  if (y)
    *y = ema;
  return TRUE;
}

void
bp_chart_series_set_faded (BpChartSeries *self, gboolean faded)
{
  g_return_if_fail (BP_IS_CHART_SERIES (self));

  self->faded = !!faded;
}

gboolean
bp_chart_series_get_faded (BpChartSeries *self)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), FALSE);

  return self->faded;
}

void
bp_chart_series_set_show_points (BpChartSeries *self, gboolean show)
{
  g_return_if_fail (BP_IS_CHART_SERIES (self));

  self->show_points = !!show;
}

gboolean
bp_chart_series_get_show_points (BpChartSeries *self)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), FALSE);

  return self->show_points;
}

gboolean
bp_chart_series_get_extents (BpChartSeries *self,
                             double        *x_min,
                             double        *x_max,
                             double        *y_min,
                             double        *y_max,
                             double        *y_min_positive)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), FALSE);

  if (self->points->len == 0)
    return FALSE;
  if (x_min)
    *x_min = g_array_index (self->points, Point, 0).x;
  if (x_max)
    *x_max = g_array_index (self->points, Point, self->points->len - 1).x;
  if (y_min)
    *y_min = self->y_min;
  if (y_max)
    *y_max = self->y_max;
  if (y_min_positive)
    *y_min_positive = isfinite (self->y_min_positive) ? self->y_min_positive : NAN;
  return TRUE;
}

guint
bp_chart_series_find_nearest (BpChartSeries *self, double x)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), G_MAXUINT);

  const Point *p = (const Point *) (const void *) self->points->data;
  guint n = self->points->len;
  if (n == 0)
    return G_MAXUINT;

  /* First point with p.x >= x. */
  guint lo = 0, hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (p[mid].x < x)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == n || (lo > 0 && x - p[lo - 1].x < p[lo].x - x))
    {
      lo--;
      while (lo > 0 && p[lo - 1].x == p[lo].x)
        lo--;
    }
  return lo;
}

#define ROBUST_MIN_BUCKETS 20
#define ROBUST_SKIP        20
#define ROBUST_QUANTILE    0.01

gboolean
bp_chart_series_get_robust_extents (BpChartSeries *self, GArray *scratch, double *y_min, double *y_max)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), FALSE);
  g_return_val_if_fail (scratch != NULL && g_array_get_element_size (scratch) == sizeof (double), FALSE);

  /* The raw extremes only: no need to bring the EMA up to date. */
  guint n_buckets = self->buckets->len;
  const BpChartBucket *b = (const BpChartBucket *) (const void *) self->buckets->data;
  if (n_buckets < ROBUST_MIN_BUCKETS)
    return FALSE;
  g_array_set_size (scratch, 0);
  for (guint i = n_buckets / ROBUST_SKIP; i < n_buckets; i++)
    {
      g_array_append_val (scratch, b[i].y_min);
      if (b[i].n > 1)
        g_array_append_val (scratch, b[i].y_max);
    }
  return bp_chart_axis_quantiles ((double *) (void *) scratch->data, scratch->len, ROBUST_QUANTILE, y_min, y_max);
}

const BpChartBucket *
bp_chart_series_peek_buckets (BpChartSeries *self, guint *n_buckets)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), NULL);

  ensure_ema (self);
  if (n_buckets)
    *n_buckets = self->buckets->len;
  return (const BpChartBucket *) (const void *) self->buckets->data;
}

static inline guint
column_of (double x, double x0, double dx, guint n_columns)
{
  double c = floor ((x - x0) / dx);
  return c <= 0 || !isfinite (c) ? 0 : c >= n_columns - 1 ? n_columns - 1 : (guint) c;
}

void
bp_chart_series_get_columns (BpChartSeries *self,
                             double         x0,
                             double         dx,
                             BpChartColumn *columns,
                             guint          n_columns)
{
  g_return_if_fail (BP_IS_CHART_SERIES (self));
  g_return_if_fail (dx > 0 && n_columns > 0);

  memset (columns, 0, n_columns * sizeof *columns);
  const BpChartBucket *b = (const BpChartBucket *) (const void *) self->buckets->data;
  for (guint k = 0; k < self->buckets->len; k++)
    {
      guint c0 = column_of (b[k].x_first, x0, dx, n_columns);
      guint c1 = column_of (b[k].x_last, x0, dx, n_columns);
      for (guint c = c0; c <= c1; c++)
        {
          BpChartColumn *col = &columns[c];
          if (!col->used)
            {
              col->y_min = b[k].y_min;
              col->y_max = b[k].y_max;
              col->ema_min = b[k].ema_min;
              col->ema_max = b[k].ema_max;
              col->used = TRUE;
              continue;
            }
          col->y_min = MIN (col->y_min, b[k].y_min);
          col->y_max = MAX (col->y_max, b[k].y_max);
          col->ema_min = MIN (col->ema_min, b[k].ema_min);
          col->ema_max = MAX (col->ema_max, b[k].ema_max);
        }
    }
}

gsize
bp_chart_series_get_memory (BpChartSeries *self)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), 0);

  return sizeof *self + self->points->len * sizeof (Point) +
         self->buckets->len * (sizeof (BpChartBucket) + sizeof (double));
}

guint
bp_chart_series_get_bucket_size (BpChartSeries *self)
{
  g_return_val_if_fail (BP_IS_CHART_SERIES (self), 1);

  return self->bucket_size;
}
