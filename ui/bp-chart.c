#define G_LOG_DOMAIN "bp-chart"

#include "bp-chart.h"
#include "bp-style.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "bp-chart-axis.h"
#include "bp-engine.h"

#define PAD          8.0   /* around everything */
#define TICK_GAP     5.0   /* between a tick label and the axis */
#define SWATCH_W     22.0  /* legend line sample */
#define MIN_WIDTH    240
#define MIN_HEIGHT   160

typedef struct {
  double  x;
  char   *label;
} Marker;

typedef struct {
  GdkRGBA  fg;
  GdkRGBA  bg;
  gboolean dark;
} Palette;

/* Where things go at one size; computed before painting. */
typedef struct {
  gboolean has_plot;    /* there is data and room for it */
  double   plot_x, plot_y, plot_w, plot_h;   /* whole pixels */
  double   legend_y;
  double   x_ticks[BP_CHART_AXIS_MAX_TICKS];
  double   y_ticks[BP_CHART_AXIS_MAX_TICKS];
  guint    n_x_ticks, n_y_ticks;
  double   x_step, y_step;
} Layout;

typedef struct {
  cairo_t              *cr;
  PangoLayout          *text;
  PangoFontDescription *font;
  PangoFontDescription *title_font;
  PangoFontDescription *small_font;
  Palette               pal;
} Painter;

struct _BpChart
{
  GtkWidget         parent_instance;

  char             *title;
  char             *x_label;
  char             *y_label;
  char             *placeholder;
  GPtrArray        *series;
  GArray           *markers;
  double            cursor_x;         /* the timeline's moment, or NaN */
  gboolean          log_y;
  double            smoothing;
  double            y_lower, y_upper;
  double            x_extent_min, x_extent_max;
  double            x_min_step;
  GArray           *robust_scratch;   /* double: a smoothed series' values */

  BpChartAxisRange  x_range, y_range;
  gboolean          ranges_dirty;
  gboolean          ranges_reset;
  guint64           last_total_points;

  /* The widget path: everything but the read-out, drawn once per change. */
  GskRenderNode    *cache;
  int               cache_width, cache_height;
  GdkRGBA           cache_fg;
  Layout            layout;

  gboolean          hovering;
  double            hover_x, hover_y;

  /* A smoothed line is being computed again over a few frames. */
  guint             sweep_tick;

  /* Charts stacked in a column line up their plots (weak pointer). */
  BpChart          *aligned;
  double            natural_left;   /* where the plot would start alone */

  gboolean          compact;        /* asks for half the height */
};

G_DEFINE_FINAL_TYPE (BpChart, bp_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_X_LABEL,
  PROP_Y_LABEL,
  PROP_PLACEHOLDER,
  PROP_LOG_Y,
  PROP_SMOOTHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Colours ------------------------------------------------------------- */

static void
get_palette (BpChart *self, Palette *pal)
{
  BpStyleColors colors;
  bp_style_get_colors (GTK_WIDGET (self), &colors);
  pal->fg = colors.fg;
  pal->bg = colors.bg;
  pal->dark = colors.dark;
}

static void
series_color (const Palette *pal, guint index, GdkRGBA *color)
{
  bp_style_palette_color (index, pal->dark, &pal->fg, color);
}

static void
set_fg (Painter *p, double alpha)
{
  cairo_set_source_rgba (p->cr, p->pal.fg.red, p->pal.fg.green, p->pal.fg.blue,
                         p->pal.fg.alpha * alpha);
}

static void
set_color (cairo_t *cr, const GdkRGBA *c, double alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

/* A hairline through the middle of a pixel. */
static inline double
snap (double v)
{
  return floor (v) + 0.5;
}

/* The dash pattern of a line style, at @width (the legend's swatch is
 * drawn thicker than a faded run's line, so patterns scale). */
static void
set_line_dash (cairo_t *cr, BpChartLineStyle style, double width)
{
  double k = MAX (width, 1.5) / 2.0;
  switch (style)
    {
    case BP_CHART_LINE_DASHED:
      cairo_set_dash (cr, (double[]) { 6 * k, 4 * k }, 2, 0);
      break;
    case BP_CHART_LINE_DOTTED:
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_dash (cr, (double[]) { 0.01, 4 * k }, 2, 0);
      break;
    case BP_CHART_LINE_DASH_DOT:
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_dash (cr, (double[]) { 7 * k, 3 * k, 0.01, 3 * k }, 4, 0);
      break;
    case BP_CHART_LINE_SOLID:
    case BP_CHART_N_LINE_STYLES:
    default:
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    }
}

void
bp_chart_run_style (guint run, guint *color_index, BpChartLineStyle *style)
{
  if (color_index)
    *color_index = run % BP_PALETTE_N_COLORS;
  if (style)
    *style = (BpChartLineStyle) (run / BP_PALETTE_N_COLORS % BP_CHART_N_LINE_STYLES);
}

/* Text ---------------------------------------------------------------- */

static void
painter_init (Painter *p, BpChart *self, cairo_t *cr)
{
  PangoContext *ctx = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *base = pango_context_get_font_description (ctx);

  p->cr = cr;
  p->text = pango_cairo_create_layout (cr);
  p->font = base ? pango_font_description_copy (base) : pango_font_description_from_string ("Sans 10");
  if (pango_font_description_get_size (p->font) <= 0)
    pango_font_description_set_size (p->font, 10 * PANGO_SCALE);

  p->title_font = pango_font_description_copy (p->font);
  pango_font_description_set_weight (p->title_font, PANGO_WEIGHT_BOLD);

  p->small_font = pango_font_description_copy (p->font);
  int size = pango_font_description_get_size (p->font) * 85 / 100;
  if (pango_font_description_get_size_is_absolute (p->font))
    pango_font_description_set_absolute_size (p->small_font, size);
  else
    pango_font_description_set_size (p->small_font, size);

  get_palette (self, &p->pal);
}

static void
painter_clear (Painter *p)
{
  g_clear_object (&p->text);
  g_clear_pointer (&p->font, pango_font_description_free);
  g_clear_pointer (&p->title_font, pango_font_description_free);
  g_clear_pointer (&p->small_font, pango_font_description_free);
}

static void
text_set (Painter *p, const PangoFontDescription *font, const char *text, int *w, int *h)
{
  pango_layout_set_font_description (p->text, font);
  pango_layout_set_text (p->text, text, -1);
  pango_layout_get_pixel_size (p->text, w, h);
}

/* Draws the text last set with its top-left corner at (x, y). */
static void
text_show (Painter *p, double x, double y)
{
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, p->text);
}

static int
text_height (Painter *p, const PangoFontDescription *font)
{
  int w, h;

  text_set (p, font, "0.9", &w, &h);
  return h;
}

/* Ranges -------------------------------------------------------------- */

static void
ensure_ranges (BpChart *self)
{
  if (!self->ranges_dirty)
    return;
  self->ranges_dirty = FALSE;

  double x_min = INFINITY, x_max = -INFINITY;
  double y_min = INFINITY, y_max = -INFINITY, y_min_pos = INFINITY;
  guint64 total = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      BpChartSeries *s = g_ptr_array_index (self->series, i);
      double a, b, c, d, e;

      total += bp_chart_series_get_n_points (s);
      if (!bp_chart_series_get_extents (s, &a, &b, &c, &d, &e))
        continue;
      /* A noisy series' outliers do not set the axis (bp-chart-series.h). */
      double rc, rd;
      if (bp_chart_series_get_smoothed (s) &&
          bp_chart_series_get_robust_extents (s, self->robust_scratch, &rc, &rd))
        {
          c = rc;
          d = rd;
          if (rc > 0)
            e = rc;
        }
      x_min = MIN (x_min, a);
      x_max = MAX (x_max, b);
      y_min = MIN (y_min, c);
      y_max = MAX (y_max, d);
      if (isfinite (e))
        y_min_pos = MIN (y_min_pos, e);
    }

  /* Data went away (a series was cleared): start the ranges over. */
  if (total < self->last_total_points)
    self->ranges_reset = TRUE;
  self->last_total_points = total;

  if (self->ranges_reset)
    {
      self->ranges_reset = FALSE;
      self->x_range = (BpChartAxisRange) { 0 };
      self->y_range = (BpChartAxisRange) { .log = self->log_y };
    }

  if (total == 0)
    return;

  for (guint i = 0; i < self->markers->len; i++)
    {
      double mx = g_array_index (self->markers, Marker, i).x;
      x_min = MIN (x_min, mx);
      x_max = MAX (x_max, mx);
    }
  if (isfinite (self->x_extent_min))
    x_min = MIN (x_min, self->x_extent_min);
  if (isfinite (self->x_extent_max))
    x_max = MAX (x_max, self->x_extent_max);
  bp_chart_axis_range_grow (&self->x_range, x_min, x_max, NAN, NAN);

  /* A small margin so lines do not run along the frame; a curve that never
   * goes below zero does not get a negative axis for it. */
  double lo, hi;
  if (self->log_y)
    {
      if (!isfinite (y_min_pos))
        {
          lo = 0.1;
          hi = 1.0;
        }
      else
        {
          lo = y_min_pos;
          hi = MAX (y_max, y_min_pos);
          double f = pow (hi / lo, 0.05);
          lo /= f;
          hi *= f;
        }
    }
  else
    {
      double m = (y_max - y_min) * 0.05;
      lo = y_min - m;
      hi = y_max + m;
      if (y_min >= 0 && lo < 0)
        lo = 0;
      if (y_max <= 0 && hi > 0)
        hi = 0;
    }
  /* A bounded axis (accuracy in 0..1) shows at least a tenth of its
   * bounds: 0.999 against 0.9995 is not worth ticks four decimals long. */
  if (!self->log_y && isfinite (self->y_lower) && isfinite (self->y_upper) && self->y_upper > self->y_lower)
    {
      double min_span = (self->y_upper - self->y_lower) / 10;
      if (hi - lo < min_span)
        {
          double mid = (lo + hi) / 2;
          lo = mid - min_span / 2;
          hi = mid + min_span / 2;
          if (hi > self->y_upper)
            lo -= hi - self->y_upper, hi = self->y_upper;
          if (lo < self->y_lower)
            hi += self->y_lower - lo, lo = self->y_lower;
        }
    }
  bp_chart_axis_range_fit (&self->y_range, lo, hi, self->y_lower, self->y_upper);
}

static inline double
map_x (BpChart *self, const Layout *l, double x)
{
  double t = bp_chart_axis_normalize (&self->x_range, x);
  return l->plot_x + CLAMP (t, -0.01, 1.01) * l->plot_w;
}

static inline double
map_y (BpChart *self, const Layout *l, double y)
{
  double t = bp_chart_axis_normalize (&self->y_range, y);
  return l->plot_y + l->plot_h - CLAMP (t, -0.01, 1.01) * l->plot_h;
}

/* Layout -------------------------------------------------------------- */

static gboolean
has_points (BpChart *self)
{
  for (guint i = 0; i < self->series->len; i++)
    if (bp_chart_series_get_n_points (g_ptr_array_index (self->series, i)) > 0)
      return TRUE;
  return FALSE;
}

static guint
count_labelled (BpChart *self)
{
  guint n = 0;
  for (guint i = 0; i < self->series->len; i++)
    {
      const char *label = bp_chart_series_get_label (g_ptr_array_index (self->series, i));
      n += label != NULL && *label != '\0';
    }
  return n;
}

/* Lays out (and with paint, draws) the legend from the top y across
 * width; returns its height. Twenty overlaid runs would take the plot's
 * room: past LEGEND_MAX_ROWS rows the rest are counted ("+12 more"), and
 * the pointer names them. */
#define LEGEND_MAX_ROWS 2

static double
legend (BpChart *self, Painter *p, double y, double width, gboolean paint)
{
  double x = PAD, row_h = 0, top = y;
  int n = 0;
  guint rows = 1, total = count_labelled (self);

  for (guint i = 0; i < self->series->len; i++)
    {
      BpChartSeries *s = g_ptr_array_index (self->series, i);
      const char *label = bp_chart_series_get_label (s);
      int tw, th;

      if (label == NULL || *label == '\0')
        continue;
      text_set (p, p->small_font, label, &tw, &th);
      double entry_w = SWATCH_W + 5 + tw;
      if (n > 0 && x + entry_w > width - PAD)
        {
          if (rows == LEGEND_MAX_ROWS)
            {
              /* Translators: the legend of a chart with more lines than fit, e.g. "+12 more". */
              g_autofree char *more = g_strdup_printf (_("+%u more"), total - n);
              text_set (p, p->small_font, more, &tw, &th);
              if (paint)
                {
                  set_fg (p, 0.7);
                  text_show (p, MIN (x, width - PAD - tw), y);
                }
              break;
            }
          x = PAD;
          y += row_h + 3;
          rows++;
        }
      row_h = MAX (row_h, th);

      if (paint)
        {
          GdkRGBA c;
          double cy = round (y + th / 2.0);
          cairo_t *cr = p->cr;

          series_color (&p->pal, bp_chart_series_get_color_index (s), &c);
          if (bp_chart_series_get_smoothed (s))
            {
              set_color (cr, &c, 0.25);
              cairo_rectangle (cr, x, cy - 4, SWATCH_W, 8);
              cairo_fill (cr);
            }
          cairo_save (cr);
          set_line_dash (cr, bp_chart_series_get_line_style (s), 2);
          set_color (cr, &c, 1.0);
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, x, cy);
          cairo_line_to (cr, x + SWATCH_W, cy);
          cairo_stroke (cr);
          cairo_restore (cr);
          if (bp_chart_series_get_show_points (s))
            {
              cairo_arc (cr, x + SWATCH_W / 2, cy, 3, 0, 2 * G_PI);
              set_color (cr, &c, 1.0);
              cairo_fill (cr);
            }
          set_fg (p, 0.85);
          text_show (p, x + SWATCH_W + 5, y);
        }
      x += entry_w + 14;
      n++;
    }
  return n > 0 ? y + row_h - top : 0;
}

static void invalidate (BpChart *self);

/* The left edge this chart's own labels need; the partner redraws when it
 * moves, since it may have to move too. Only the layout on screen takes
 * part (or any, for a chart not on screen): an export at another size
 * keeps its own margin and leaves the partner alone. */
static double
align_left (BpChart *self, int width, int height, double natural)
{
  int shown_w = gtk_widget_get_width (GTK_WIDGET (self));
  int shown_h = gtk_widget_get_height (GTK_WIDGET (self));
  if (shown_w != 0 && (shown_w != width || shown_h != height))
    return natural;
  if (natural != self->natural_left)
    {
      self->natural_left = natural;
      if (self->aligned != NULL)
        invalidate (self->aligned);
    }
  return self->aligned != NULL ? MAX (natural, self->aligned->natural_left) : natural;
}

static void
compute_layout (BpChart *self, Painter *p, int width, int height, Layout *l)
{
  double top = PAD, bottom = PAD, left = PAD, right = PAD + 6;
  int w, h;

  memset (l, 0, sizeof *l);

  if (self->title && *self->title)
    {
      text_set (p, p->title_font, self->title, &w, &h);
      top += h + 4;
    }
  double legend_h = legend (self, p, top, width, FALSE);
  l->legend_y = top;
  if (legend_h > 0)
    top += legend_h + 6;
  top += 6;  /* room for the top tick label */

  int tick_h = text_height (p, p->small_font);
  bottom += tick_h + TICK_GAP;
  if (self->x_label && *self->x_label)
    {
      text_set (p, p->font, self->x_label, &w, &h);
      bottom += h + 3;
    }
  if (self->y_label && *self->y_label)
    {
      text_set (p, p->font, self->y_label, &w, &h);
      left += h + 4;
    }

  l->plot_y = floor (top);
  l->plot_h = floor (height - bottom) - l->plot_y;
  if (!has_points (self) || l->plot_h < 20 || !self->y_range.valid || !self->x_range.valid)
    {
      align_left (self, width, height, 0);
      return;
    }

  guint target = CLAMP ((guint) (l->plot_h / 30), 2, 8);
  l->n_y_ticks = bp_chart_axis_ticks (self->y_range.min, self->y_range.max, self->y_range.log,
                                      target, l->y_ticks, G_N_ELEMENTS (l->y_ticks), &l->y_step);
  int label_w = 0;
  for (guint i = 0; i < l->n_y_ticks; i++)
    {
      g_autofree char *s = bp_chart_axis_format_tick (l->y_ticks[i], l->y_step);
      text_set (p, p->small_font, s, &w, &h);
      label_w = MAX (label_w, w);
    }
  left = align_left (self, width, height, left + label_w + TICK_GAP);

  l->plot_x = ceil (left);
  l->plot_w = floor (width - right) - l->plot_x;
  if (l->plot_w < 20)
    return;

  target = CLAMP ((guint) (l->plot_w / 55), 2, 10);
  l->n_x_ticks = bp_chart_axis_ticks_min_step (self->x_range.min, self->x_range.max, FALSE, target,
                                               self->x_min_step, l->x_ticks, G_N_ELEMENTS (l->x_ticks),
                                               &l->x_step);
  l->has_plot = TRUE;
}

/* Series -------------------------------------------------------------- */

/* After the smoothing changes, a frame spends at most this much on
 * computing the smoothed lines again (10 million points take about
 * 50 ms); the part not reached yet keeps the old weight's line. */
#define SWEEP_BUDGET_US 4000
#define SWEEP_CHUNK     32768

/* Brings the smoothed lines up to date, within budget_us when it is above
 * 0; TRUE when every series is done. */
static gboolean
update_smoothing (BpChart *self, gint64 budget_us)
{
  gint64 deadline = budget_us > 0 ? g_get_monotonic_time () + budget_us : 0;
  for (guint i = 0; i < self->series->len; i++)
    {
      BpChartSeries *s = g_ptr_array_index (self->series, i);
      while (!bp_chart_series_update_ema (s, SWEEP_CHUNK))
        if (deadline && g_get_monotonic_time () >= deadline)
          return FALSE;
    }
  return TRUE;
}

/* Through the column's extremes, nearer one first: two vertices per pixel
 * column keep every spike visible. */
static void
column_path (cairo_t *cr, double x, double a, double b, gboolean *started, double *prev)
{
  if (!*started)
    {
      cairo_move_to (cr, x, a);
      cairo_line_to (cr, x, b);
      *prev = b;
      *started = TRUE;
      return;
    }
  if (fabs (a - *prev) > fabs (b - *prev))
    {
      double t = a;
      a = b;
      b = t;
    }
  cairo_line_to (cr, x, a);
  if (b != a)
    cairo_line_to (cr, x, b);
  *prev = b;
}

static void
draw_decimated (BpChart *self, Painter *p, const Layout *l, BpChartSeries *s,
                const GdkRGBA *color, gboolean smoothed, double width)
{
  cairo_t *cr = p->cr;
  guint n_cols = (guint) l->plot_w + 1;
  g_autofree BpChartColumn *cols = g_new (BpChartColumn, n_cols);

  /* The x axis is linear: column c starts at min + c · (max − min) / w. */
  bp_chart_series_get_columns (s, self->x_range.min, (self->x_range.max - self->x_range.min) / l->plot_w,
                               cols, n_cols);

  gboolean started = FALSE;
  double prev = 0;

  if (smoothed)
    {
      /* The raw values as a faint band: along the maxima, back along the minima. */
      for (guint c = 0; c < n_cols; c++)
        if (cols[c].used)
          {
            double x = l->plot_x + c + 0.5;
            if (!started)
              cairo_move_to (cr, x, map_y (self, l, cols[c].y_max));
            else
              cairo_line_to (cr, x, map_y (self, l, cols[c].y_max));
            started = TRUE;
          }
      for (guint c = n_cols; c-- > 0;)
        if (cols[c].used)
          cairo_line_to (cr, l->plot_x + c + 0.5, map_y (self, l, cols[c].y_min));
      cairo_close_path (cr);
      set_color (cr, color, 0.22);
      cairo_fill (cr);

      started = FALSE;
      for (guint c = 0; c < n_cols; c++)
        if (cols[c].used)
          column_path (cr, l->plot_x + c + 0.5, map_y (self, l, cols[c].ema_min),
                       map_y (self, l, cols[c].ema_max), &started, &prev);
      set_color (cr, color, 1.0);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
      return;
    }

  for (guint c = 0; c < n_cols; c++)
    if (cols[c].used)
      column_path (cr, l->plot_x + c + 0.5, map_y (self, l, cols[c].y_min),
                   map_y (self, l, cols[c].y_max), &started, &prev);
  set_color (cr, color, 1.0);
  cairo_set_line_width (cr, width * 0.75);
  cairo_stroke (cr);
}

static void
draw_raw (BpChart *self, Painter *p, const Layout *l, BpChartSeries *s,
          const GdkRGBA *color, gboolean smoothed, double width, gboolean points)
{
  cairo_t *cr = p->cr;
  guint n = bp_chart_series_get_n_points (s);
  double last_px = -INFINITY;
  double w = bp_chart_series_get_smoothing_weight (s);
  double acc = 0, w_pow = 1;

  /* The raw line (faint under a smoothed one). */
  for (guint i = 0; i < n; i++)
    {
      double x, y;
      bp_chart_series_get_point (s, i, &x, &y);
      double px = map_x (self, l, x);
      if (px < last_px)
        continue;
      if (i == 0)
        cairo_move_to (cr, px, map_y (self, l, y));
      else
        cairo_line_to (cr, px, map_y (self, l, y));
      last_px = px;
    }
  set_color (cr, color, smoothed ? 0.3 : 1.0);
  cairo_set_line_width (cr, smoothed ? 1.0 : width);
  if (n == 1)
    {
      /* A lone point has no line; a dot says it is there. */
      cairo_new_path (cr);
      double x, y;
      bp_chart_series_get_point (s, 0, &x, &y);
      cairo_arc (cr, map_x (self, l, x), map_y (self, l, y), 2.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  else
    cairo_stroke (cr);

  if (smoothed && n > 1)
    {
      last_px = -INFINITY;
      for (guint i = 0; i < n; i++)
        {
          double x, y;
          bp_chart_series_get_point (s, i, &x, &y);
          acc = w * acc + (1.0 - w) * y;
          w_pow *= w;
          double px = map_x (self, l, x);
          if (px < last_px)
            continue;
          double py = map_y (self, l, acc / (1.0 - w_pow));
          if (i == 0)
            cairo_move_to (cr, px, py);
          else
            cairo_line_to (cr, px, py);
          last_px = px;
        }
      set_color (cr, color, 1.0);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }

  if (points)
    {
      cairo_set_dash (cr, NULL, 0, 0);
      for (guint i = 0; i < n; i++)
        {
          double x, y;
          bp_chart_series_get_point (s, i, &x, &y);
          cairo_new_sub_path (cr);
          cairo_arc (cr, map_x (self, l, x), map_y (self, l, y), 3, 0, 2 * G_PI);
        }
      set_color (cr, color, 1.0);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, p->pal.bg.red, p->pal.bg.green, p->pal.bg.blue, 1.0);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
}

static void
draw_series (BpChart *self, Painter *p, const Layout *l, BpChartSeries *s, gboolean highlight)
{
  guint n = bp_chart_series_get_n_points (s);
  GdkRGBA color;

  if (n == 0)
    return;

  series_color (&p->pal, bp_chart_series_get_color_index (s), &color);
  gboolean smoothed = bp_chart_series_get_smoothed (s) &&
                      bp_chart_series_get_smoothing_weight (s) > 0;

  cairo_save (p->cr);
  /* Cairo's default antialiasing costs 3-4× more on noisy lines of a
   * thousand segments (30 ms against 9 ms at 860 px here); "fast" still
   * smooths them and keeps a live chart inside a frame's budget. */
  cairo_set_antialias (p->cr, CAIRO_ANTIALIAS_FAST);
  cairo_set_line_join (p->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (p->cr, CAIRO_LINE_CAP_BUTT);
  /* A kept run under the current one: its own line, quieter, until the
   * pointer picks it out. */
  gboolean faded = bp_chart_series_get_faded (s);
  double width = highlight ? 3.0 : faded ? 1.5 : 2.0;
  gboolean points = bp_chart_series_get_show_points (s) && !faded;
  if (faded)
    smoothed = FALSE;
  if (faded && !highlight)
    color.alpha *= 0.65;
  set_line_dash (p->cr, bp_chart_series_get_line_style (s), width);

  /* A raw polyline that zigzags across every column costs more to fill
   * than the per-column envelope; below one point per two columns it is
   * cheap and shows every point as it is. */
  if (n <= (guint) l->plot_w / 2)
    draw_raw (self, p, l, s, &color, smoothed, width, points);
  else
    draw_decimated (self, p, l, s, &color, smoothed, width);
  cairo_restore (p->cr);
}

/* Painting ------------------------------------------------------------ */

static void
draw_axes (BpChart *self, Painter *p, const Layout *l)
{
  cairo_t *cr = p->cr;
  int w, h;
  double x0 = l->plot_x, y0 = l->plot_y, x1 = l->plot_x + l->plot_w, y1 = l->plot_y + l->plot_h;

  /* Grid */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < l->n_y_ticks; i++)
    {
      double y = snap (map_y (self, l, l->y_ticks[i]));
      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x1, y);
    }
  for (guint i = 0; i < l->n_x_ticks; i++)
    {
      double x = snap (map_x (self, l, l->x_ticks[i]));
      cairo_move_to (cr, x, y0);
      cairo_line_to (cr, x, y1);
    }
  set_fg (p, 0.12);
  cairo_stroke (cr);

  /* Tick labels: y right-aligned left of the axis, x centred under it,
   * skipping any that would overlap its left neighbour. */
  set_fg (p, 0.75);
  for (guint i = 0; i < l->n_y_ticks; i++)
    {
      g_autofree char *s = bp_chart_axis_format_tick (l->y_ticks[i], l->y_step);
      text_set (p, p->small_font, s, &w, &h);
      text_show (p, x0 - TICK_GAP - w, round (map_y (self, l, l->y_ticks[i]) - h / 2.0));
    }
  double last_right = -INFINITY;
  for (guint i = 0; i < l->n_x_ticks; i++)
    {
      g_autofree char *s = bp_chart_axis_format_tick (l->x_ticks[i], l->x_step);
      text_set (p, p->small_font, s, &w, &h);
      double x = round (map_x (self, l, l->x_ticks[i]) - w / 2.0);
      if (x < last_right + 6)
        continue;
      text_show (p, x, y1 + TICK_GAP);
      last_right = x + w;
    }

  /* Axis titles */
  set_fg (p, 0.85);
  if (self->x_label && *self->x_label)
    {
      double y = y1 + TICK_GAP + text_height (p, p->small_font) + 3;
      text_set (p, p->font, self->x_label, &w, &h);
      text_show (p, round (x0 + (l->plot_w - w) / 2), y);
    }
  if (self->y_label && *self->y_label)
    {
      text_set (p, p->font, self->y_label, &w, &h);
      cairo_save (cr);
      cairo_translate (cr, PAD, round (y0 + (l->plot_h + w) / 2));
      cairo_rotate (cr, -G_PI / 2);
      pango_cairo_update_layout (cr, p->text);
      text_show (p, 0, 0);
      cairo_restore (cr);
      pango_cairo_update_layout (cr, p->text);
    }
}

static void
draw_markers (BpChart *self, Painter *p, const Layout *l)
{
  cairo_t *cr = p->cr;
  int w, h;

  for (guint i = 0; i < self->markers->len; i++)
    {
      const Marker *m = &g_array_index (self->markers, Marker, i);
      double x = snap (map_x (self, l, m->x));

      cairo_save (cr);
      cairo_set_dash (cr, (double[]) { 2, 3 }, 2, 0);
      cairo_set_line_width (cr, 1);
      set_fg (p, 0.5);
      cairo_move_to (cr, x, l->plot_y);
      cairo_line_to (cr, x, l->plot_y + l->plot_h);
      cairo_stroke (cr);
      cairo_restore (cr);

      if (m->label && *m->label)
        {
          text_set (p, p->small_font, m->label, &w, &h);
          double tx = x + 3;
          if (tx + w > l->plot_x + l->plot_w)
            tx = x - 3 - w;
          /* A backing so the label stays readable over the lines. */
          cairo_set_source_rgba (cr, p->pal.bg.red, p->pal.bg.green, p->pal.bg.blue, 0.75);
          cairo_rectangle (cr, tx - 1, l->plot_y + 2, w + 2, h);
          cairo_fill (cr);
          set_fg (p, 0.75);
          text_show (p, tx, l->plot_y + 2);
        }
    }
}

/* The moment the timeline shows: solid, over the markers, with a notch on
 * top so it reads as a handle rather than a setting's change. */
static void
draw_cursor (BpChart *self, Painter *p, const Layout *l)
{
  if (!isfinite (self->cursor_x))
    return;
  cairo_t *cr = p->cr;
  double x = snap (map_x (self, l, self->cursor_x));
  if (x < l->plot_x - 0.5 || x > l->plot_x + l->plot_w + 0.5)
    return;
  cairo_save (cr);
  set_fg (p, 0.85);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, x, l->plot_y);
  cairo_line_to (cr, x, l->plot_y + l->plot_h);
  cairo_stroke (cr);
  cairo_move_to (cr, x - 5, l->plot_y);
  cairo_line_to (cr, x + 5, l->plot_y);
  cairo_line_to (cr, x, l->plot_y + 6);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_internal (BpChart *self, cairo_t *cr, int width, int height, Layout *out)
{
  Painter p = { 0 };
  Layout l;
  int w, h;

  ensure_ranges (self);
  painter_init (&p, self, cr);
  compute_layout (self, &p, width, height, &l);

  cairo_save (cr);

  if (self->title && *self->title)
    {
      set_fg (&p, 1.0);
      text_set (&p, p.title_font, self->title, &w, &h);
      text_show (&p, round ((width - w) / 2.0), PAD);
    }
  legend (self, &p, l.legend_y, width, TRUE);

  if (!l.has_plot)
    {
      if (!has_points (self) && self->placeholder && *self->placeholder)
        {
          pango_layout_set_width (p.text, MAX (1, width - 2 * PAD) * PANGO_SCALE);
          pango_layout_set_alignment (p.text, PANGO_ALIGN_CENTER);
          pango_layout_set_wrap (p.text, PANGO_WRAP_WORD_CHAR);
          text_set (&p, p.font, self->placeholder, &w, &h);
          set_fg (&p, 0.55);
          double top = l.plot_y > 0 ? l.plot_y : PAD;
          text_show (&p, PAD, round (top + (height - top - h) / 2.0));
        }
      cairo_restore (cr);
      painter_clear (&p);
      if (out)
        *out = l;
      return;
    }

  draw_axes (self, &p, &l);

  cairo_save (cr);
  /* A little past the frame so a line along an edge keeps its width. */
  cairo_rectangle (cr, l.plot_x - 3, l.plot_y - 3, l.plot_w + 6, l.plot_h + 6);
  cairo_clip (cr);
  draw_markers (self, &p, &l);
  draw_cursor (self, &p, &l);
  /* Kept runs first: the current run is drawn over them. */
  for (guint i = 0; i < self->series->len; i++)
    if (bp_chart_series_get_faded (g_ptr_array_index (self->series, i)))
      draw_series (self, &p, &l, g_ptr_array_index (self->series, i), FALSE);
  for (guint i = 0; i < self->series->len; i++)
    if (!bp_chart_series_get_faded (g_ptr_array_index (self->series, i)))
      draw_series (self, &p, &l, g_ptr_array_index (self->series, i), FALSE);
  cairo_restore (cr);

  /* The axes go over the data. */
  cairo_set_line_width (cr, 1);
  set_fg (&p, 0.7);
  cairo_move_to (cr, snap (l.plot_x), l.plot_y);
  cairo_line_to (cr, snap (l.plot_x), snap (l.plot_y + l.plot_h));
  cairo_line_to (cr, l.plot_x + l.plot_w, snap (l.plot_y + l.plot_h));
  cairo_stroke (cr);

  cairo_restore (cr);
  painter_clear (&p);
  if (out)
    *out = l;
}

void
bp_chart_draw (BpChart *self, cairo_t *cr, int width, int height)
{
  g_return_if_fail (BP_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  if (width <= 0 || height <= 0)
    return;
  update_smoothing (self, 0);
  draw_internal (self, cr, width, height, NULL);
}

void
bp_chart_align_with (BpChart *self, BpChart *other)
{
  g_return_if_fail (BP_IS_CHART (self));
  g_return_if_fail (other == NULL || BP_IS_CHART (other));
  if (self->aligned != NULL && self->aligned->aligned == self)
    g_clear_weak_pointer (&self->aligned->aligned);
  g_set_weak_pointer (&self->aligned, other);
  if (other != NULL)
    {
      g_set_weak_pointer (&other->aligned, self);
      invalidate (other);
    }
  invalidate (self);
}

gboolean
bp_chart_get_plot_area (BpChart *self, int width, int height, cairo_rectangle_int_t *area)
{
  g_return_val_if_fail (BP_IS_CHART (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  Painter p = { 0 };
  Layout l;

  ensure_ranges (self);
  painter_init (&p, self, cr);
  compute_layout (self, &p, width, height, &l);
  painter_clear (&p);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  area->x = (int) l.plot_x;
  area->y = (int) l.plot_y;
  area->width = (int) l.plot_w;
  area->height = (int) l.plot_h;
  return l.has_plot;
}

void
bp_chart_get_series_color (BpChart *self, guint color_index, GdkRGBA *color)
{
  Palette pal;

  g_return_if_fail (BP_IS_CHART (self));
  g_return_if_fail (color != NULL);

  get_palette (self, &pal);
  series_color (&pal, color_index, color);
}

/* Hover read-out ------------------------------------------------------ */

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* The kept run (faded series) whose point at @x is nearest the pointer's
 * height @hy, drawn out; NULL: none. */
static BpChartSeries *
nearest_faded (BpChart *self, Painter *p, const Layout *l, double x, double hy)
{
  BpChartSeries *nearest = NULL;
  double nearest_d = INFINITY;
  for (guint i = 0; i < self->series->len; i++)
    {
      BpChartSeries *s = g_ptr_array_index (self->series, i);
      guint k;
      double px, py;
      if (!bp_chart_series_get_faded (s) || (k = bp_chart_series_find_nearest (s, x)) == G_MAXUINT
          || !bp_chart_series_get_point (s, k, &px, &py))
        continue;
      double d = fabs (map_y (self, l, py) - hy);
      if (d < nearest_d)
        {
          nearest_d = d;
          nearest = s;
        }
    }
  if (nearest)
    {
      cairo_save (p->cr);
      cairo_rectangle (p->cr, l->plot_x - 3, l->plot_y - 3, l->plot_w + 6, l->plot_h + 6);
      cairo_clip (p->cr);
      draw_series (self, p, l, nearest, TRUE);
      cairo_restore (p->cr);
    }
  return nearest;
}

/* The nearest point of every series at the pointer's x: a search per
 * series, no pass over the data. */
static void
draw_hover (BpChart *self, cairo_t *cr, const Layout *l)
{
  const double hx = self->hover_x, hy = self->hover_y;

  if (!l->has_plot ||
      hx < l->plot_x || hx > l->plot_x + l->plot_w ||
      hy < l->plot_y || hy > l->plot_y + l->plot_h)
    return;

  Painter p = { 0 };
  painter_init (&p, self, cr);

  double x = bp_chart_axis_denormalize (&self->x_range, (hx - l->plot_x) / l->plot_w);
  g_autoptr(GString) lines = g_string_new (NULL);
  double best_dx = INFINITY, best_x = x;
  guint n_rows = 0;

  typedef struct { double px, py; GdkRGBA color; } Dot;
  g_autofree Dot *dots = g_new0 (Dot, self->series->len);

  /* Of the kept runs only the one nearest the pointer is named, and
   * drawn out over the others: twenty rows would say nothing. */
  BpChartSeries *nearest = nearest_faded (self, &p, l, x, hy);

  for (guint i = 0; i < self->series->len; i++)
    {
      BpChartSeries *s = g_ptr_array_index (self->series, i);
      guint k = bp_chart_series_find_nearest (s, x);
      double px, py;

      if (k == G_MAXUINT || (bp_chart_series_get_faded (s) && s != nearest))
        continue;
      bp_chart_series_get_point (s, k, &px, &py);
      if (bp_chart_series_get_smoothed (s) && bp_chart_series_get_smoothing_weight (s) > 0)
        bp_chart_series_get_smoothed_value (s, k, &py);
      if (fabs (px - x) < best_dx)
        {
          best_dx = fabs (px - x);
          best_x = px;
        }

      const char *label = bp_chart_series_get_label (s);
      g_string_append_printf (lines, "\n%s  %.4g", label && *label ? label : "·", py);
      dots[n_rows].px = map_x (self, l, px);
      dots[n_rows].py = map_y (self, l, py);
      series_color (&p.pal, bp_chart_series_get_color_index (s), &dots[n_rows].color);
      n_rows++;
    }
  if (n_rows == 0)
    {
      painter_clear (&p);
      return;
    }

  /* The line at the nearest point, and a dot on each series. */
  cairo_set_line_width (cr, 1);
  set_fg (&p, 0.35);
  double lx = snap (map_x (self, l, best_x));
  cairo_move_to (cr, lx, l->plot_y);
  cairo_line_to (cr, lx, l->plot_y + l->plot_h);
  cairo_stroke (cr);
  for (guint i = 0; i < n_rows; i++)
    {
      cairo_arc (cr, dots[i].px, dots[i].py, 4, 0, 2 * G_PI);
      set_color (cr, &dots[i].color, 1.0);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, p.pal.bg.red, p.pal.bg.green, p.pal.bg.blue, 1.0);
      cairo_stroke (cr);
    }

  g_autofree char *head = NULL;
  if (self->x_label && *self->x_label)
    head = g_strdup_printf ("%s %.4g", self->x_label, best_x);
  else
    head = g_strdup_printf ("%.4g", best_x);
  g_autofree char *text = g_strconcat (head, lines->str, NULL);

  int tw, th;
  text_set (&p, p.small_font, text, &tw, &th);
  const double pad = 6, swatch = 12;
  double bw = tw + 2 * pad + swatch, bh = th + 2 * pad;
  double bx = hx + 14, by = CLAMP (hy - bh / 2, l->plot_y, MAX (l->plot_y, l->plot_y + l->plot_h - bh));
  if (bx + bw > l->plot_x + l->plot_w)
    bx = hx - 14 - bw;
  bx = round (bx);
  by = round (by);

  rounded_rect (cr, bx + 0.5, by + 0.5, bw, bh, 5);
  cairo_set_source_rgba (cr, p.pal.bg.red, p.pal.bg.green, p.pal.bg.blue, 0.94);
  cairo_fill_preserve (cr);
  set_fg (&p, 0.2);
  cairo_stroke (cr);

  set_fg (&p, 0.9);
  text_show (&p, bx + pad + swatch, by + pad);

  /* A colour dot in front of each row, on the row's baseline band. */
  PangoLayoutIter *iter = pango_layout_get_iter (p.text);
  guint row = 0;
  do
    {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      if (row > 0 && row <= n_rows)
        {
          double cy = by + pad + (logical.y + logical.height / 2.0) / PANGO_SCALE;
          cairo_arc (cr, bx + pad + 4, cy, 4, 0, 2 * G_PI);
          set_color (cr, &dots[row - 1].color, 1.0);
          cairo_fill (cr);
        }
      row++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  painter_clear (&p);
}

/* Widget -------------------------------------------------------------- */

static void
invalidate (BpChart *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The next frame goes on with the smoothed lines. */
static gboolean
sweep_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  BpChart *self = BP_CHART (widget);
  self->sweep_tick = 0;
  invalidate (self);
  return G_SOURCE_REMOVE;
}

static void
bp_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  BpChart *self = BP_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  Palette pal;

  if (width <= 0 || height <= 0)
    return;

  /* A style change (dark, high contrast) changes the foreground. */
  get_palette (self, &pal);
  if (self->cache != NULL &&
      (width != self->cache_width || height != self->cache_height ||
       !gdk_rgba_equal (&pal.fg, &self->cache_fg)))
    g_clear_pointer (&self->cache, gsk_render_node_unref);

  if (self->cache == NULL)
    {
      if (!update_smoothing (self, SWEEP_BUDGET_US) && self->sweep_tick == 0)
        self->sweep_tick = gtk_widget_add_tick_callback (widget, sweep_tick_cb, NULL, NULL);
      GtkSnapshot *s = gtk_snapshot_new ();
      cairo_t *cr = gtk_snapshot_append_cairo (s, &GRAPHENE_RECT_INIT (0, 0, width, height));
      draw_internal (self, cr, width, height, &self->layout);
      cairo_destroy (cr);
      self->cache = gtk_snapshot_free_to_node (s);
      self->cache_width = width;
      self->cache_height = height;
      self->cache_fg = pal.fg;
    }
  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);

  if (self->hovering && self->layout.has_plot)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      draw_hover (self, cr, &self->layout);
      cairo_destroy (cr);
    }
}

static void
bp_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  BpChart *self = BP_CHART (widget);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = 2 * MIN_WIDTH;
    }
  else
    {
      *minimum = self->compact ? MIN_HEIGHT / 2 : MIN_HEIGHT;
      *natural = self->compact ? MIN_HEIGHT : 2 * MIN_HEIGHT;
    }
}

static void
bp_chart_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  /* The snapshot notices the new size; nothing to allocate. */
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, BpChart *self)
{
  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *motion, BpChart *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
marker_clear (gpointer data)
{
  Marker *m = data;

  g_free (m->label);
}

static void
bp_chart_dispose (GObject *object)
{
  BpChart *self = BP_CHART (object);

  g_clear_pointer (&self->cache, gsk_render_node_unref);
  if (self->sweep_tick)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->sweep_tick);
  self->sweep_tick = 0;
  if (self->series)
    g_ptr_array_set_size (self->series, 0);
  g_clear_weak_pointer (&self->aligned);

  G_OBJECT_CLASS (bp_chart_parent_class)->dispose (object);
}

static void
bp_chart_finalize (GObject *object)
{
  BpChart *self = BP_CHART (object);

  g_free (self->title);
  g_free (self->x_label);
  g_free (self->y_label);
  g_free (self->placeholder);
  g_ptr_array_unref (self->series);
  g_array_unref (self->markers);
  g_array_unref (self->robust_scratch);

  G_OBJECT_CLASS (bp_chart_parent_class)->finalize (object);
}

static void
bp_chart_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BpChart *self = BP_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_X_LABEL:
      g_value_set_string (value, self->x_label);
      break;
    case PROP_Y_LABEL:
      g_value_set_string (value, self->y_label);
      break;
    case PROP_PLACEHOLDER:
      g_value_set_string (value, self->placeholder);
      break;
    case PROP_LOG_Y:
      g_value_set_boolean (value, self->log_y);
      break;
    case PROP_SMOOTHING:
      g_value_set_double (value, self->smoothing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bp_chart_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BpChart *self = BP_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      bp_chart_set_title (self, g_value_get_string (value));
      break;
    case PROP_X_LABEL:
      bp_chart_set_x_label (self, g_value_get_string (value));
      break;
    case PROP_Y_LABEL:
      bp_chart_set_y_label (self, g_value_get_string (value));
      break;
    case PROP_PLACEHOLDER:
      bp_chart_set_placeholder (self, g_value_get_string (value));
      break;
    case PROP_LOG_Y:
      bp_chart_set_log_y (self, g_value_get_boolean (value));
      break;
    case PROP_SMOOTHING:
      bp_chart_set_smoothing (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bp_chart_class_init (BpChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = bp_chart_dispose;
  object_class->finalize = bp_chart_finalize;
  object_class->get_property = bp_chart_get_property;
  object_class->set_property = bp_chart_set_property;

  widget_class->snapshot = bp_chart_snapshot;
  widget_class->measure = bp_chart_measure;
  widget_class->size_allocate = bp_chart_size_allocate;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_X_LABEL] = g_param_spec_string ("x-label", NULL, NULL, NULL, flags);
  properties[PROP_Y_LABEL] = g_param_spec_string ("y-label", NULL, NULL, NULL, flags);
  properties[PROP_PLACEHOLDER] = g_param_spec_string ("placeholder", NULL, NULL, NULL, flags);
  properties[PROP_LOG_Y] = g_param_spec_boolean ("log-y", NULL, NULL, FALSE, flags);
  properties[PROP_SMOOTHING] = g_param_spec_double ("smoothing", NULL, NULL, 0.0, 0.99, 0.6, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bp_chart_init (BpChart *self)
{
  GtkEventController *motion;

  self->series = g_ptr_array_new_with_free_func (g_object_unref);
  self->markers = g_array_new (FALSE, FALSE, sizeof (Marker));
  self->robust_scratch = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_set_clear_func (self->markers, marker_clear);
  self->smoothing = 0.6;
  self->y_lower = self->y_upper = NAN;
  self->x_extent_min = self->x_extent_max = NAN;
  self->cursor_x = NAN;
  self->ranges_dirty = TRUE;
  self->ranges_reset = TRUE;

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
bp_chart_new (void)
{
  return g_object_new (BP_TYPE_CHART, NULL);
}

/* Setters ------------------------------------------------------------- */

static void
set_string (BpChart *self, char **field, const char *value, int prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
bp_chart_set_title (BpChart *self, const char *title)
{
  g_return_if_fail (BP_IS_CHART (self));

  set_string (self, &self->title, title, PROP_TITLE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : "",
                                  -1);
}

void
bp_chart_set_x_label (BpChart *self, const char *label)
{
  g_return_if_fail (BP_IS_CHART (self));

  set_string (self, &self->x_label, label, PROP_X_LABEL);
}

void
bp_chart_set_y_label (BpChart *self, const char *label)
{
  g_return_if_fail (BP_IS_CHART (self));

  set_string (self, &self->y_label, label, PROP_Y_LABEL);
}

void
bp_chart_set_placeholder (BpChart *self, const char *text)
{
  g_return_if_fail (BP_IS_CHART (self));

  set_string (self, &self->placeholder, text, PROP_PLACEHOLDER);
}

void
bp_chart_add_series (BpChart *self, BpChartSeries *series)
{
  g_return_if_fail (BP_IS_CHART (self));
  g_return_if_fail (BP_IS_CHART_SERIES (series));

  bp_chart_series_set_smoothing_weight (series, self->smoothing);
  g_ptr_array_add (self->series, g_object_ref (series));
  bp_chart_data_changed (self);
}

void
bp_chart_remove_all_series (BpChart *self)
{
  g_return_if_fail (BP_IS_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  self->ranges_reset = TRUE;
  bp_chart_data_changed (self);
}

void
bp_chart_set_log_y (BpChart *self, gboolean log_y)
{
  g_return_if_fail (BP_IS_CHART (self));

  log_y = !!log_y;
  if (self->log_y == log_y)
    return;
  self->log_y = log_y;
  self->ranges_reset = TRUE;
  bp_chart_data_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_Y]);
}

gboolean
bp_chart_get_log_y (BpChart *self)
{
  g_return_val_if_fail (BP_IS_CHART (self), FALSE);

  return self->log_y;
}

void
bp_chart_set_smoothing (BpChart *self, double smoothing)
{
  g_return_if_fail (BP_IS_CHART (self));
  g_return_if_fail (!isnan (smoothing));

  smoothing = CLAMP (smoothing, 0.0, 0.99);
  if (self->smoothing == smoothing)
    return;
  self->smoothing = smoothing;
  /* Each series recomputes its EMA on the next draw, once. */
  for (guint i = 0; i < self->series->len; i++)
    bp_chart_series_set_smoothing_weight (g_ptr_array_index (self->series, i), smoothing);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMOOTHING]);
}

double
bp_chart_get_smoothing (BpChart *self)
{
  g_return_val_if_fail (BP_IS_CHART (self), 0);

  return self->smoothing;
}

void
bp_chart_set_y_bounds (BpChart *self, double min, double max)
{
  g_return_if_fail (BP_IS_CHART (self));

  self->y_lower = min;
  self->y_upper = max;
  self->ranges_reset = TRUE;
  bp_chart_data_changed (self);
}

void
bp_chart_set_x_extent (BpChart *self, double min, double max)
{
  g_return_if_fail (BP_IS_CHART (self));

  self->x_extent_min = min;
  self->x_extent_max = max;
  self->ranges_reset = TRUE;
  bp_chart_data_changed (self);
}

void
bp_chart_set_x_min_step (BpChart *self, double step)
{
  g_return_if_fail (BP_IS_CHART (self));

  self->x_min_step = isfinite (step) && step > 0 ? step : 0;
  invalidate (self);
}

gboolean
bp_chart_get_y_range (BpChart *self, double *min, double *max)
{
  g_return_val_if_fail (BP_IS_CHART (self), FALSE);

  ensure_ranges (self);
  if (!self->y_range.valid || !has_points (self))
    return FALSE;
  if (min)
    *min = self->y_range.min;
  if (max)
    *max = self->y_range.max;
  return TRUE;
}

void
bp_chart_add_marker (BpChart *self, double x, const char *label)
{
  g_return_if_fail (BP_IS_CHART (self));
  g_return_if_fail (isfinite (x));

  Marker m = { x, g_strdup (label) };
  g_array_append_val (self->markers, m);
  bp_chart_data_changed (self);
}

const char *
bp_chart_get_marker (BpChart *self, guint i, double *x)
{
  g_return_val_if_fail (BP_IS_CHART (self), NULL);
  if (i >= self->markers->len)
    return NULL;
  const Marker *m = &g_array_index (self->markers, Marker, i);
  if (x)
    *x = m->x;
  return m->label;
}

void
bp_chart_set_cursor (BpChart *self, double x)
{
  g_return_if_fail (BP_IS_CHART (self));
  if (self->cursor_x == x || (isnan (self->cursor_x) && isnan (x)))
    return;
  self->cursor_x = x;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
bp_chart_get_cursor (BpChart *self)
{
  g_return_val_if_fail (BP_IS_CHART (self), NAN);
  return self->cursor_x;
}

void
bp_chart_clear_markers (BpChart *self)
{
  g_return_if_fail (BP_IS_CHART (self));

  g_array_set_size (self->markers, 0);
  bp_chart_data_changed (self);
}

void
bp_chart_data_changed (BpChart *self)
{
  g_return_if_fail (BP_IS_CHART (self));

  self->ranges_dirty = TRUE;
  invalidate (self);
}

/* Export -------------------------------------------------------------- */

/* The image is made in memory, then saved in one go by the engine: a
 * failure or a crash halfway leaves the old file. */
static cairo_status_t
write_to_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

typedef enum { FORMAT_PNG, FORMAT_SVG, FORMAT_PDF } Format;

gboolean
bp_chart_export (BpChart     *self,
                 const char  *path,
                 int          width,
                 int          height,
                 GError     **error)
{
  g_return_val_if_fail (BP_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  Format format;

  if (dot != NULL && g_ascii_strcasecmp (dot, ".png") == 0)
    format = FORMAT_PNG;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".svg") == 0)
    format = FORMAT_SVG;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".pdf") == 0)
    format = FORMAT_PDF;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot export the chart to “%s”: the name must end in .png, .svg or .pdf"),
                   display);
      return FALSE;
    }

  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  switch (format)
    {
    case FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    case FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_to_bytes, bytes, width, height);
      break;
    case FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create_for_stream (write_to_bytes, bytes, width, height);
      break;
    }

  Palette pal;
  get_palette (self, &pal);
  cairo_t *cr = cairo_create (surface);
  gdk_cairo_set_source_rgba (cr, &pal.bg);
  cairo_paint (cr);
  bp_chart_draw (self, cr, width, height);
  cairo_status_t status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    {
      if (format == FORMAT_PNG)
        status = cairo_surface_write_to_png_stream (surface, write_to_bytes, bytes);
      else
        {
          cairo_surface_finish (surface);
          status = cairo_surface_status (surface);
        }
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not export the chart to “%s”: %s"), display, cairo_status_to_string (status));
      return FALSE;
    }
  g_autoptr(GError) local_error = NULL;
  if (!bp_save_file_atomically (path, bytes->data, bytes->len, BP_SAVE_DEFAULT, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not export the chart to “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  return TRUE;
}

void
bp_chart_set_compact (BpChart *self, gboolean compact)
{
  g_return_if_fail (BP_IS_CHART (self));
  if (self->compact == !!compact)
    return;
  self->compact = !!compact;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
