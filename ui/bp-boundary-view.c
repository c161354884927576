/* bp-boundary-view.c: the model's answer over two inputs, the rows over
 * it, its axes and legend, and the pickers of the axes. */
#define G_LOG_DOMAIN "bp-boundary-view"

#include "bp-boundary-view.h"
#include "bp-chart-axis.h"
#include "bp-style.h"
#include "bp-tooltip.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define MAX_POINTS 2000
#define TICK_GAP   4.0
#define LEGEND_MAX 150.0   /* longer class names are ellipsized */
#define SWATCH     12.0
#define SCALE_BAR  10.0    /* the regression colour scale's width */

typedef struct {
  char    *name;
  gboolean axis;
  char   **levels;      /* NULL: a number */
  double   value, lower, upper;
} Feature;

struct _BpBoundaryView {
  GtkWidget        parent_instance;

  GtkWidget       *root;
  GtkWidget       *title;
  GtkWidget       *validation_check;
  GtkWidget       *area;
  GtkWidget       *pickers;
  GtkWidget       *x_drop;
  GtkWidget       *y_drop;
  GtkWidget       *held_title;
  GtkWidget       *held_grid;
  GtkWidget       *caption;

  /* The boundary, copied. */
  float           *grid;
  guint32         *winner;
  float           *confidence;
  guint            grid_width, grid_height;
  double           x_min, x_max, y_min, y_max;
  float           *points;        /* x,y pairs: training points first */
  guint32         *labels;
  float           *values;
  gsize            n_points;
  gsize            n_training_shown;   /* the first n_training_shown points */
  gsize            n_classes;
  char           **class_names;
  char            *x_name, *y_name, *value_name;
  double           value_min, value_max;
  cairo_surface_t *grid_surface;  /* made from grid on first draw */
  char            *placeholder;

  Feature         *features;
  gsize            n_features;
  guint           *axis_features;  /* the drop-downs' items: feature indices */
  gsize            n_axis_features;
  guint            x_feature, y_feature;
  gboolean         updating;      /* setting the pickers: no signals */
  gboolean         show_validation;
  guint64          n_drawn;
};

G_DEFINE_FINAL_TYPE (BpBoundaryView, bp_boundary_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SHOW_VALIDATION, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { AXES_CHANGED, HELD_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Okabe & Ito: blue and orange for two classes, then the rest. */
static const BpPaletteColor class_colors[] = {
  BP_PALETTE_BLUE, BP_PALETTE_ORANGE, BP_PALETTE_BLUISH_GREEN, BP_PALETTE_REDDISH_PURPLE,
  BP_PALETTE_SKY_BLUE, BP_PALETTE_VERMILLION, BP_PALETTE_YELLOW,
};

static void
class_rgb (gsize k, double scale, double rgb[3])
{
  bp_style_palette_rgb (class_colors[k % G_N_ELEMENTS (class_colors)], rgb);
  for (int c = 0; c < 3; c++)
    rgb[c] *= scale;
}

/* The regression scale: blue for low values, orange for high ones, the
 * same two ends as two classes, so a probability and a value read alike. */
static void
scale_rgb (double t, double rgb[3])
{
  double lo[3], hi[3];
  bp_style_palette_rgb (BP_PALETTE_BLUE, lo);
  bp_style_palette_rgb (BP_PALETTE_ORANGE, hi);
  t = CLAMP (t, 0.0, 1.0);
  for (int c = 0; c < 3; c++)
    rgb[c] = lo[c] + (hi[c] - lo[c]) * t;
}

static double
value_t (BpBoundaryView *self, double v)
{
  const double span = self->value_max - self->value_min;
  return span > 0 ? (v - self->value_min) / span : 0.5;
}

/* ---- the picture -------------------------------------------------------- */

static guint32
premultiplied (const double rgb[3], double alpha)
{
  return ((guint32) (alpha * 255 + 0.5) << 24) | ((guint32) (rgb[0] * alpha * 255 + 0.5) << 16) |
         ((guint32) (rgb[1] * alpha * 255 + 0.5) << 8) | (guint32) (rgb[2] * alpha * 255 + 0.5);
}

/* One pixel per grid cell; Cairo scales it up smoothly when drawing. */
static cairo_surface_t *
make_grid_surface (BpBoundaryView *self)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, self->grid_width, self->grid_height);
  const int stride = cairo_image_surface_get_stride (surface);
  guchar *data = cairo_image_surface_get_data (surface);

  for (guint j = 0; j < self->grid_height; j++)
    {
      guint32 *row = (guint32 *) (void *) (data + (gsize) j * stride);
      for (guint i = 0; i < self->grid_width; i++)
        {
          const gsize cell = (gsize) j * self->grid_width + i;
          const float v = self->grid[cell];
          double rgb[3], alpha;
          if (!isfinite (v))
            {
              row[i] = 0;
              continue;
            }
          if (self->n_classes == 0)
            {
              const double t = value_t (self, v);
              scale_rgb (t, rgb);
              alpha = 0.15 + 0.4 * fabs (2.0 * CLAMP (t, 0, 1) - 1.0);
            }
          else if (self->n_classes == 2)
            {
              /* Stronger where the model is surer. */
              class_rgb (v >= 0.5f, 1.0, rgb);
              alpha = 0.15 + 0.35 * fabs (2.0 * v - 1.0);
            }
          else
            {
              class_rgb (self->winner ? self->winner[cell] : (gsize) MAX (0.0f, v), 1.0, rgb);
              alpha = 0.4;
              if (self->confidence && isfinite (self->confidence[cell]))
                {
                  /* From a guess among all classes (1/K) to certainty. */
                  const double floor_p = 1.0 / (double) self->n_classes;
                  const double sure = CLAMP ((self->confidence[cell] - floor_p) / (1.0 - floor_p), 0.0, 1.0);
                  alpha = 0.12 + 0.4 * sure;
                }
            }
          row[i] = premultiplied (rgb, alpha);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* Where the parts go at one size. */
typedef struct {
  double plot_x, plot_y, side;     /* the square of the grid */
  double line;                     /* text line height */
  double legend_x, legend_w;       /* 0 wide: no room for it beside the plot ... */
  double legend_y, legend_h;       /* ... then under it, when there is (0 high: none) */
  double width;                    /* the whole area's */
  double x_lo, x_hi, y_lo, y_hi;   /* the plot's edges in the data's units */
  double x_ticks[BP_CHART_AXIS_MAX_TICKS], y_ticks[BP_CHART_AXIS_MAX_TICKS];
  guint  n_x_ticks, n_y_ticks;
  double x_step, y_step;
} Layout;

static int
text_width (BpBoundaryView *self, const char *text, gboolean small, int *height)
{
  int w;
  bp_style_text_size (self->area, text, small ? BP_TEXT_SMALL : BP_TEXT_PLAIN, &w, height);
  return w;
}

static const char *
class_name (BpBoundaryView *self, gsize k, char buffer[32])
{
  if (self->class_names && self->class_names[k])
    return self->class_names[k];
  g_snprintf (buffer, 32, "%" G_GSIZE_FORMAT, k);
  return buffer;
}

/* The regression scale's two end labels. */
static char *
scale_label (BpBoundaryView *self, double v)
{
  double step = bp_chart_axis_nice_step (MAX (fabs (self->value_max - self->value_min), 1e-9) / 10.0);
  return bp_chart_axis_format_tick (v, step);
}

/* The legend's items in a row under the plot, wrapping at @width: how
 * high they are, and (cr not NULL) drawn from (x, y). */
static double legend_flow (BpBoundaryView *self, cairo_t *cr, const GdkRGBA *fg, gboolean dark,
                           double line, double x0, double y0, double width);

static gboolean
get_layout (BpBoundaryView *self, int width, int height, Layout *l)
{
  memset (l, 0, sizeof *l);
  if (self->grid == NULL)
    return FALSE;
  int line;
  text_width (self, "Mg", TRUE, &line);
  l->line = line;
  l->width = width;

  l->x_lo = MIN (self->x_min, self->x_max), l->x_hi = MAX (self->x_min, self->x_max);
  l->y_lo = MIN (self->y_min, self->y_max), l->y_hi = MAX (self->y_min, self->y_max);

  /* The legend: a swatch and a name a line (or the colour scale), then
   * the two kinds of point. */
  double legend = 0;
  if (self->n_classes == 0)
    {
      g_autofree char *lo = scale_label (self, self->value_min);
      g_autofree char *hi = scale_label (self, self->value_max);
      legend = MAX (text_width (self, lo, TRUE, NULL), text_width (self, hi, TRUE, NULL));
      if (self->value_name)
        legend = MAX (legend, text_width (self, self->value_name, TRUE, NULL) - SWATCH - 6);
    }
  for (gsize k = 0; k < self->n_classes; k++)
    {
      char buffer[32];
      legend = MAX (legend, text_width (self, class_name (self, k, buffer), TRUE, NULL));
    }
  legend = MAX (legend, text_width (self, _("validation rows"), TRUE, NULL));
  legend = MAX (legend, text_width (self, _("training rows"), TRUE, NULL));
  l->legend_w = SWATCH + 6 + MIN (legend, LEGEND_MAX);

  /* Tick labels need the ticks, and the ticks the side: two passes. */
  double left = 0, bottom = line + TICK_GAP + 2;
  if (self->x_name && *self->x_name)
    bottom += line + 2;
  double side = floor (MIN (width - l->legend_w - 16, height - bottom - line / 2.0));
  for (int pass = 0; pass < 2; pass++)
    {
      guint target = CLAMP ((guint) (MAX (side, 0) / 60), 2, 8);
      /* At least two ticks on each axis, or a reader cannot tell its scale. */
      for (guint t = target; t <= 8; t++)
        {
          l->n_y_ticks = bp_chart_axis_ticks (l->y_lo, l->y_hi, FALSE, t, l->y_ticks, G_N_ELEMENTS (l->y_ticks), &l->y_step);
          if (l->n_y_ticks >= 2)
            break;
        }
      for (guint t = target; t <= 8; t++)
        {
          l->n_x_ticks = bp_chart_axis_ticks (l->x_lo, l->x_hi, FALSE, t, l->x_ticks, G_N_ELEMENTS (l->x_ticks), &l->x_step);
          if (l->n_x_ticks >= 2)
            break;
        }
      double widest = 0;
      for (guint i = 0; i < l->n_y_ticks; i++)
        {
          g_autofree char *t = bp_chart_axis_format_tick (l->y_ticks[i], l->y_step);
          widest = MAX (widest, text_width (self, t, TRUE, NULL));
        }
      left = widest + TICK_GAP + 1;
      if (self->y_name && *self->y_name)
        left += line + 4;
      side = floor (MIN (width - left - l->legend_w - 16, height - bottom - line / 2.0));
    }
  /* The legend under the plot, in rows, when that leaves a larger plot
   * (a narrow view: the live page beside the pickers); with no room for
   * it either way, the plot alone. */
  const double below = legend_flow (self, NULL, NULL, FALSE, line, 0, 0, width) + 8;
  const double side_below = floor (MIN (width - left - 4, height - bottom - below - line / 2.0));
  if (side_below >= 80 && (side < 80 || side_below > side + 20))
    {
      l->legend_w = 0;
      l->legend_h = below;
      side = side_below;
    }
  else if (side < 80)
    {
      l->legend_w = 0;
      side = floor (MIN (width - left - 4, height - bottom - line / 2.0));
    }
  if (side < 40)
    return FALSE;
  l->plot_x = ceil (left);
  l->plot_y = ceil (line / 2.0);
  l->side = side;
  l->legend_x = l->plot_x + side + 14;
  l->legend_y = l->plot_y + side + bottom + 8;
  return TRUE;
}

static void
point_rgb (BpBoundaryView *self, gsize i, gboolean dark, double rgb[3])
{
  if (self->n_classes == 0)
    {
      scale_rgb (value_t (self, self->values ? self->values[i] : NAN), rgb);
      for (int c = 0; c < 3; c++)
        rgb[c] *= dark ? 1.0 : 0.8;
    }
  else
    class_rgb (self->labels[i], dark ? 1.0 : 0.7, rgb);
  if (dark)
    for (int c = 0; c < 3; c++)
      rgb[c] += (1 - rgb[c]) * 0.2;
}

/* A validation row is a dot with a rim; a training row a ring. */
static void
draw_point (cairo_t *cr, double x, double y, double radius, const double rgb[3], gboolean validation, gboolean dark)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  if (validation)
    {
      cairo_fill_preserve (cr);
      if (dark)
        cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
      else
        cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
    }
  else
    {
      cairo_set_line_width (cr, 1.6);
      cairo_stroke (cr);
    }
}

static void
show_text (cairo_t *cr, PangoLayout *layout, double x, double y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_axes (BpBoundaryView *self, cairo_t *cr, const Layout *l, const GdkRGBA *fg)
{
  const double x0 = l->plot_x, y0 = l->plot_y, side = l->side;
  int w, h;

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.75);
  double last_right = -INFINITY;
  for (guint i = 0; i < l->n_x_ticks; i++)
    {
      double px = x0 + (l->x_ticks[i] - l->x_lo) / (l->x_hi - l->x_lo) * side;
      g_autofree char *t = bp_chart_axis_format_tick (l->x_ticks[i], l->x_step);
      g_autoptr(PangoLayout) layout = bp_style_text_layout (self->area, t, BP_TEXT_SMALL);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_rectangle (cr, floor (px), y0 + side, 1, 3);
      cairo_fill (cr);
      double tx = round (px - w / 2.0);
      if (tx < last_right + 6)
        continue;
      show_text (cr, layout, tx, y0 + side + TICK_GAP);
      last_right = tx + w;
    }
  for (guint i = 0; i < l->n_y_ticks; i++)
    {
      double py = y0 + side - (l->y_ticks[i] - l->y_lo) / (l->y_hi - l->y_lo) * side;
      g_autofree char *t = bp_chart_axis_format_tick (l->y_ticks[i], l->y_step);
      g_autoptr(PangoLayout) layout = bp_style_text_layout (self->area, t, BP_TEXT_SMALL);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_rectangle (cr, x0 - 3, floor (py), 3, 1);
      cairo_fill (cr);
      show_text (cr, layout, x0 - TICK_GAP - w, round (py - h / 2.0));
    }

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.9);
  if (self->x_name && *self->x_name)
    {
      g_autoptr(PangoLayout) layout = bp_style_text_layout (self->area, self->x_name, BP_TEXT_PLAIN);
      pango_layout_set_width (layout, (int) (side * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      show_text (cr, layout, x0, y0 + side + TICK_GAP + l->line + 2);
    }
  if (self->y_name && *self->y_name)
    {
      g_autoptr(PangoLayout) layout = bp_style_text_layout (self->area, self->y_name, BP_TEXT_PLAIN);
      pango_layout_set_width (layout, (int) (side * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      cairo_save (cr);
      cairo_translate (cr, 0, y0 + side);
      cairo_rotate (cr, -G_PI / 2);
      pango_cairo_update_layout (cr, layout);
      show_text (cr, layout, 0, 0);
      cairo_restore (cr);
    }
}

static void
draw_legend_text (BpBoundaryView *self, cairo_t *cr, const GdkRGBA *fg, const char *text, double x, double y)
{
  g_autoptr(PangoLayout) layout = bp_style_text_layout (self->area, text, BP_TEXT_SMALL);
  pango_layout_set_width (layout, (int) (LEGEND_MAX * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.9);
  show_text (cr, layout, x, y);
}

/* A class's swatch: the area's colour, and the point's on it. */
static void
draw_class_swatch (cairo_t *cr, gsize k, double x, double y, double line, gboolean dark)
{
  double rgb[3];
  class_rgb (k, 1.0, rgb);
  cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.45);
  cairo_rectangle (cr, x, y + (line - SWATCH) / 2, SWATCH, SWATCH);
  cairo_fill (cr);
  class_rgb (k, dark ? 1.0 : 0.7, rgb);
  if (dark)
    for (int c = 0; c < 3; c++)
      rgb[c] += (1 - rgb[c]) * 0.2;
  draw_point (cr, x + SWATCH / 2, y + line / 2, 3, rgb, TRUE, dark);
}

/* A kind of point's marker: a dot (validation) or a ring (training). */
static void
draw_kind_marker (cairo_t *cr, const GdkRGBA *fg, gboolean validation, double x, double y, double line)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + SWATCH / 2, y + line / 2, 3.5, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.8);
  if (validation)
    cairo_fill (cr);
  else
    {
      cairo_set_line_width (cr, 1.6);
      cairo_stroke (cr);
    }
}

static double
legend_flow (BpBoundaryView *self, cairo_t *cr, const GdkRGBA *fg, gboolean dark,
             double line, double x0, double y0, double width)
{
  const double row = MAX (line, SWATCH) + 4, gap = 12;
  double x = x0, y = y0;
  gboolean any = FALSE;
  /* Items: the scale or the classes, then the kinds of point shown. */
  const gsize n_items = (self->n_classes == 0 ? 1 : self->n_classes) + 2;
  for (gsize i = 0; i < n_items; i++)
    {
      char buffer[32];
      g_autofree char *scale = NULL;
      const char *text;
      double item_w;
      const gsize n_areas = self->n_classes == 0 ? 1 : self->n_classes;
      if (i < n_areas && self->n_classes == 0)
        {
          g_autofree char *lo = scale_label (self, self->value_min);
          g_autofree char *hi = scale_label (self, self->value_max);
          scale = g_strdup_printf ("%s – %s", lo, hi);
          text = scale;
        }
      else if (i < n_areas)
        text = class_name (self, i, buffer);
      else if (i == n_areas)
        {
          if (!self->show_validation)
            continue;
          text = _("validation rows");
        }
      else
        text = _("training rows");
      const double text_w = MIN (text_width (self, text, TRUE, NULL), LEGEND_MAX);
      const double mark_w = i < n_areas && self->n_classes == 0 ? 3 * SWATCH : SWATCH;
      item_w = mark_w + 6 + text_w;
      if (any && x + item_w > x0 + width)
        {
          x = x0;
          y += row;
        }
      any = TRUE;
      if (cr)
        {
          if (i < n_areas && self->n_classes == 0)
            for (int p = 0; p < (int) mark_w; p++)
              {
                double rgb[3];
                const double t = (p + 0.5) / mark_w;
                scale_rgb (t, rgb);
                cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.15 + 0.6 * fabs (2 * t - 1));
                cairo_rectangle (cr, x + p, y + (line - SWATCH) / 2, 1, SWATCH);
                cairo_fill (cr);
              }
          else if (i < n_areas)
            draw_class_swatch (cr, i, x, y, line, dark);
          else
            draw_kind_marker (cr, fg, i == n_areas, x, y, line);
          draw_legend_text (self, cr, fg, text, x + mark_w + 6, y);
        }
      x += item_w + gap;
    }
  return y + row - y0;
}

static void
draw_legend (BpBoundaryView *self, cairo_t *cr, const Layout *l, const GdkRGBA *fg, gboolean dark)
{
  if (l->legend_h > 0)
    {
      legend_flow (self, cr, fg, dark, l->line, 0, l->legend_y, l->width);
      return;
    }
  if (l->legend_w <= 0)
    return;
  const double x = l->legend_x, row = MAX (l->line, SWATCH) + 4;
  double y = l->plot_y;

  if (self->n_classes == 0)
    {
      /* The colour scale: high at the top, its ends labelled. */
      const double bar = MIN (l->side * 0.5, 120.0);
      if (self->value_name && *self->value_name)
        {
          draw_legend_text (self, cr, fg, self->value_name, x, y);
          y += row;
        }
      for (int i = 0; i < (int) bar; i++)
        {
          double rgb[3];
          const double t = 1.0 - (i + 0.5) / bar;
          scale_rgb (t, rgb);
          cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.15 + 0.6 * fabs (2 * t - 1));
          cairo_rectangle (cr, x, y + i, SCALE_BAR, 1);
          cairo_fill (cr);
        }
      g_autofree char *hi = scale_label (self, self->value_max);
      g_autofree char *lo = scale_label (self, self->value_min);
      draw_legend_text (self, cr, fg, hi, x + SWATCH + 6, y - 2);
      draw_legend_text (self, cr, fg, lo, x + SWATCH + 6, y + bar - l->line + 2);
      y += bar + 10;
    }
  for (gsize k = 0; k < self->n_classes; k++)
    {
      char buffer[32];
      draw_class_swatch (cr, k, x, y, l->line, dark);
      draw_legend_text (self, cr, fg, class_name (self, k, buffer), x + SWATCH + 6, y);
      y += row;
    }
  y += 6;   /* a gap before the kinds of point */
  for (int kind = 0; kind < 2; kind++)
    {
      const gboolean validation = kind == 0;
      if (validation && !self->show_validation)
        continue;
      draw_kind_marker (cr, fg, validation, x, y, l->line);
      draw_legend_text (self, cr, fg, validation ? _("validation rows") : _("training rows"), x + SWATCH + 6, y);
      y += row;
    }
}

static void
draw_placeholder (BpBoundaryView *self, cairo_t *cr, int width, int height, const GdkRGBA *fg)
{
  if (self->placeholder == NULL || *self->placeholder == '\0')
    return;
  g_autoptr(PangoLayout) layout = bp_style_text_layout (self->area, self->placeholder, BP_TEXT_PLAIN);
  pango_layout_set_width (layout, (int) (MAX (width - 24, 10) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  int tw, th;
  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.55);
  show_text (cr, layout, 12, floor ((height - th) / 2.0));
}

static void
draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  BpBoundaryView *self = user_data;
  Layout l;
  BpStyleColors colors;

  bp_style_get_colors (GTK_WIDGET (area), &colors);
  const GdkRGBA fg = colors.fg;
  const gboolean dark = colors.dark;
  if (!get_layout (self, width, height, &l))
    {
      if (self->grid == NULL)
        draw_placeholder (self, cr, width, height, &fg);
      return;
    }
  if (self->grid_surface == NULL)
    self->grid_surface = make_grid_surface (self);
  self->n_drawn++;
  const double side = l.side, x0 = l.plot_x, y0 = l.plot_y;

  /* The view background under the areas, so they read the same anywhere. */
  gdk_cairo_set_source_rgba (cr, &colors.bg);
  cairo_rectangle (cr, x0, y0, side, side);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_rectangle (cr, x0, y0, side, side);
  cairo_clip (cr);
  cairo_save (cr);
  cairo_translate (cr, x0, y0);
  cairo_scale (cr, side / self->grid_width, side / self->grid_height);
  cairo_set_source_surface (cr, self->grid_surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);

  /* Training rings first, validation dots over them. */
  const double radius = side >= 240 ? 3.5 : 2.5;
  const double sx = side / (self->x_max - self->x_min), sy = side / (self->y_max - self->y_min);
  const gsize n = self->show_validation ? self->n_points : self->n_training_shown;
  for (gsize i = 0; i < n; i++)
    {
      double rgb[3];
      point_rgb (self, i, dark, rgb);
      draw_point (cr, x0 + (self->points[2 * i] - self->x_min) * sx, y0 + (self->y_max - self->points[2 * i + 1]) * sy,
                  radius, rgb, i >= self->n_training_shown, dark);
    }
  cairo_restore (cr);

  /* Frame. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, x0 + 0.5, y0 + 0.5, side - 1, side - 1);
  cairo_stroke (cr);

  draw_axes (self, cr, &l, &fg);
  draw_legend (self, cr, &l, &fg, dark);
}

void
bp_boundary_view_draw (BpBoundaryView *self, cairo_t *cr, int width, int height)
{
  g_return_if_fail (BP_IS_BOUNDARY_VIEW (self));
  draw (GTK_DRAWING_AREA (self->area), cr, width, height, self);
}

/* ---- the boundary ------------------------------------------------------- */

static void
clear_boundary (BpBoundaryView *self)
{
  g_clear_pointer (&self->grid, g_free);
  g_clear_pointer (&self->confidence, g_free);
  g_clear_pointer (&self->winner, g_free);
  g_clear_pointer (&self->points, g_free);
  g_clear_pointer (&self->labels, g_free);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->grid_surface, cairo_surface_destroy);
  g_clear_pointer (&self->class_names, g_strfreev);
  g_clear_pointer (&self->x_name, g_free);
  g_clear_pointer (&self->y_name, g_free);
  g_clear_pointer (&self->value_name, g_free);
  self->n_points = 0;
  self->n_training_shown = 0;
}

/* Copies `kept` of the n points whose role is `validation` (one from each
 * of `kept` equal slices, at a scrambled place in its slice, so rows in a
 * repeating order, classes alternating, do not all show one class) to
 * the end of self's points. */
static void
keep_points (BpBoundaryView *self, const BpBoundary *b, gboolean validation, gsize n, gsize kept)
{
  if (kept == 0)
    return;
  const gsize slice = n / kept;
  gsize seen = 0, next_slot = 0;
  gsize want = 0;
  for (gsize p = 0; p < b->n_points && next_slot < kept; p++)
    {
      gboolean is_validation = b->validation != NULL && b->validation[p] != 0;
      if (is_validation != validation)
        continue;
      if (seen == want)
        {
          gsize out = self->n_points++;
          self->points[2 * out] = b->points_xy[2 * p];
          self->points[2 * out + 1] = b->points_xy[2 * p + 1];
          self->labels[out] = b->labels ? b->labels[p] : 0;
          self->values[out] = b->values ? b->values[p] : NAN;
          next_slot++;
          if (next_slot < kept)
            want = next_slot * n / kept + (gsize) ((next_slot * 2654435761u) % slice);
        }
      seen++;
    }
}

static void
update_caption (BpBoundaryView *self, gsize n_training, gsize kept_training, gsize n_validation, gsize kept_validation)
{
  g_autofree char *training = kept_training < n_training
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "rings: %'zu of %'zu training row", "rings: %'zu of %'zu training rows",
                                    n_training), kept_training, n_training)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "rings: %'zu training row", "rings: %'zu training rows", n_training),
                       n_training);
  g_autofree char *validation = kept_validation < n_validation
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "dots: %'zu of %'zu validation row", "dots: %'zu of %'zu validation rows",
                                    n_validation), kept_validation, n_validation)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "dots: %'zu validation row", "dots: %'zu validation rows", n_validation),
                       n_validation);
  g_autofree char *caption = NULL;
  if (self->n_classes == 0)
    /* Translators: under the plot of a regression model's output over two
     * inputs; the two parts say which rows are drawn. */
    caption = g_strdup_printf (_("The value the model predicts at each point; %s · %s"), validation, training);
  else
    /* Translators: under the decision boundary plot; the two parts say
     * which rows are drawn, e.g. "dots: 30 validation rows · rings: 120 training rows". */
    caption = g_strdup_printf (_("The class the model predicts at each point; %s · %s"), validation, training);
  gtk_label_set_text (GTK_LABEL (self->caption), caption);
  gtk_widget_set_tooltip_text (self->caption, caption);
}

void
bp_boundary_view_set_boundary (BpBoundaryView *self, const BpBoundary *b)
{
  g_return_if_fail (BP_IS_BOUNDARY_VIEW (self));
  g_return_if_fail (b == NULL || b->grid == NULL ||
                    (b->width > 0 && b->height > 0 && b->x_min < b->x_max && b->y_min < b->y_max));
  g_return_if_fail (b == NULL || b->n_points == 0 || b->points_xy != NULL);

  clear_boundary (self);
  const gboolean shown = b != NULL && b->grid != NULL;
  if (shown)
    {
      const gsize cells = (gsize) b->width * b->height;
      self->grid = g_memdup2 (b->grid, cells * sizeof (float));
      if (b->confidence)
        self->confidence = g_memdup2 (b->confidence, cells * sizeof (float));
      if (b->winner)
        self->winner = g_memdup2 (b->winner, cells * sizeof (guint32));
      self->grid_width = b->width;
      self->grid_height = b->height;
      self->x_min = b->x_min, self->x_max = b->x_max;
      self->y_min = b->y_min, self->y_max = b->y_max;
      self->n_classes = b->n_classes;
      if (b->class_names && b->n_classes > 0)
        {
          self->class_names = g_new0 (char *, b->n_classes + 1);
          for (gsize k = 0; k < b->n_classes; k++)
            self->class_names[k] = g_strdup (b->class_names[k]);
        }
      self->x_name = g_strdup (b->x_name);
      self->y_name = g_strdup (b->y_name);
      self->value_name = g_strdup (b->value_name);
      self->value_min = b->value_min, self->value_max = b->value_max;

      /* At most MAX_POINTS (more only hide the areas): every validation
       * row that fits, training rows in the rest. */
      gsize n_validation = 0;
      if (b->validation)
        for (gsize i = 0; i < b->n_points; i++)
          n_validation += b->validation[i] != 0;
      const gsize n_training = b->n_points - n_validation;
      const gsize kept_validation = MIN (n_validation, MAX_POINTS);
      const gsize kept_training = MIN (n_training, MAX_POINTS - kept_validation);
      const gsize kept = MAX (kept_validation + kept_training, 1);
      self->points = g_new (float, 2 * kept);
      self->labels = g_new (guint32, kept);
      self->values = g_new (float, kept);
      keep_points (self, b, FALSE, n_training, kept_training);
      self->n_training_shown = self->n_points;
      keep_points (self, b, TRUE, n_validation, kept_validation);
      update_caption (self, n_training, kept_training, n_validation, kept_validation);
      gtk_label_set_text (GTK_LABEL (self->title), b->n_classes == 0 ? _("Prediction over two inputs")
                                                                     : _("Decision boundary"));
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->caption), "");
      gtk_widget_set_tooltip_text (self->caption, NULL);
    }
  gtk_widget_set_visible (self->validation_check, shown && self->n_points > self->n_training_shown);
  gtk_widget_queue_draw (self->area);
}

gboolean
bp_boundary_view_has_boundary (BpBoundaryView *self)
{
  g_return_val_if_fail (BP_IS_BOUNDARY_VIEW (self), FALSE);
  return self->grid != NULL;
}

/* ---- the pickers -------------------------------------------------------- */

static void
clear_features (BpBoundaryView *self)
{
  for (gsize f = 0; f < self->n_features; f++)
    {
      g_free (self->features[f].name);
      g_strfreev (self->features[f].levels);
    }
  g_clear_pointer (&self->features, g_free);
  g_clear_pointer (&self->axis_features, g_free);
  self->n_features = 0;
  self->n_axis_features = 0;
}

static guint
axis_position (BpBoundaryView *self, guint feature)
{
  for (gsize i = 0; i < self->n_axis_features; i++)
    if (self->axis_features[i] == feature)
      return (guint) i;
  return GTK_INVALID_LIST_POSITION;
}

static void
on_held_spin (GtkSpinButton *spin, BpBoundaryView *self)
{
  if (self->updating)
    return;
  guint f = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "feature"));
  bp_boundary_view_choose_held (self, f, gtk_spin_button_get_value (spin));
}

static void
on_held_drop (GtkDropDown *drop, GParamSpec *pspec, BpBoundaryView *self)
{
  if (self->updating)
    return;
  guint f = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (drop), "feature"));
  guint selected = gtk_drop_down_get_selected (drop);
  if (selected != GTK_INVALID_LIST_POSITION)
    bp_boundary_view_choose_held (self, f, selected);
}

/* The grid of held values: a row per feature not on an axis. */
static void
fill_held (BpBoundaryView *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (self->held_grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->held_grid), child);
  int row = 0;
  for (gsize f = 0; f < self->n_features; f++)
    {
      if (f == self->x_feature || f == self->y_feature)
        continue;
      const Feature *feature = &self->features[f];
      GtkWidget *label = gtk_label_new (feature->name);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 6);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_tooltip_text (label, feature->name);
      gtk_widget_add_css_class (label, "caption");
      gtk_grid_attach (GTK_GRID (self->held_grid), label, 0, row, 1, 1);
      GtkWidget *value;
      if (feature->levels)
        {
          value = gtk_drop_down_new_from_strings ((const char * const *) feature->levels);
          gtk_drop_down_set_selected (GTK_DROP_DOWN (value), (guint) feature->value);
          g_signal_connect_object (value, "notify::selected", G_CALLBACK (on_held_drop), self, 0);
        }
      else
        {
          const double span = feature->upper - feature->lower;
          const double step = span > 0 ? bp_chart_axis_nice_step (span / 100.0) : 0.1;
          const guint digits = step >= 1 ? 0 : (guint) MIN (6, ceil (-log10 (step)));
          value = gtk_spin_button_new_with_range (MIN (feature->lower, feature->value),
                                                  MAX (MAX (feature->upper, feature->value), feature->lower + step),
                                                  step);
          gtk_spin_button_set_digits (GTK_SPIN_BUTTON (value), digits);
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (value), feature->value);
          gtk_editable_set_width_chars (GTK_EDITABLE (value), 5);
          g_signal_connect_object (value, "value-changed", G_CALLBACK (on_held_spin), self, 0);
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_PROPERTY_LABEL, feature->name, -1);
      gtk_widget_add_css_class (value, "caption");
      g_object_set_data (G_OBJECT (value), "feature", GUINT_TO_POINTER (f));
      gtk_grid_attach (GTK_GRID (self->held_grid), value, 1, row, 1, 1);
      row++;
    }
}

static void
on_axis_selected (GtkDropDown *drop, GParamSpec *pspec, BpBoundaryView *self)
{
  if (self->updating)
    return;
  guint x = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->x_drop));
  guint y = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->y_drop));
  if (x >= self->n_axis_features || y >= self->n_axis_features)
    return;
  x = self->axis_features[x];
  y = self->axis_features[y];
  /* One feature on both axes says nothing: the other axis takes the
   * feature this one had. */
  if (x == y)
    {
      if (drop == GTK_DROP_DOWN (self->x_drop))
        y = self->x_feature;
      else
        x = self->y_feature;
    }
  bp_boundary_view_choose_axes (self, x, y);
}

static void
sync_pickers (BpBoundaryView *self)
{
  self->updating = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->x_drop), axis_position (self, self->x_feature));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->y_drop), axis_position (self, self->y_feature));
  fill_held (self);
  self->updating = FALSE;
}

static gboolean
same_features (BpBoundaryView *self, const BpBoundaryFeature *features, gsize n, guint x, guint y)
{
  if (n != self->n_features || n == 0 || x != self->x_feature || y != self->y_feature)
    return FALSE;
  for (gsize f = 0; f < n; f++)
    if (g_strcmp0 (features[f].name, self->features[f].name) != 0 || !features[f].levels != !self->features[f].levels
        || !features[f].axis != !self->features[f].axis)
      return FALSE;
  return TRUE;
}

static void
update_held (BpBoundaryView *self, const BpBoundaryFeature *features)
{
  self->updating = TRUE;
  for (gsize f = 0; f < self->n_features; f++)
    self->features[f].value = features[f].value;
  for (GtkWidget *child = gtk_widget_get_first_child (self->held_grid); child;
       child = gtk_widget_get_next_sibling (child))
    {
      gpointer data = g_object_get_data (G_OBJECT (child), "feature");
      if (data == NULL && !GTK_IS_SPIN_BUTTON (child) && !GTK_IS_DROP_DOWN (child))
        continue;
      const guint f = GPOINTER_TO_UINT (data);
      if (GTK_IS_SPIN_BUTTON (child) && gtk_spin_button_get_value (GTK_SPIN_BUTTON (child)) != self->features[f].value)
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (child), self->features[f].value);
      else if (GTK_IS_DROP_DOWN (child))
        gtk_drop_down_set_selected (GTK_DROP_DOWN (child), (guint) self->features[f].value);
    }
  self->updating = FALSE;
}

void
bp_boundary_view_set_features (BpBoundaryView          *self,
                               const BpBoundaryFeature *features,
                               gsize                    n_features,
                               guint                    x,
                               guint                    y)
{
  g_return_if_fail (BP_IS_BOUNDARY_VIEW (self));
  g_return_if_fail (n_features == 0 || (features != NULL && x < n_features && y < n_features));

  if (same_features (self, features, n_features, x, y))
    {
      /* Only the values moved: the pickers stay (and keep the focus of
       * the one being typed in). */
      update_held (self, features);
      return;
    }
  clear_features (self);
  self->n_features = n_features;
  self->features = g_new0 (Feature, MAX (n_features, 1));
  self->axis_features = g_new0 (guint, MAX (n_features, 1));
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  for (gsize f = 0; f < n_features; f++)
    {
      self->features[f].name = g_strdup (features[f].name ? features[f].name : "");
      self->features[f].axis = features[f].axis;
      self->features[f].levels = features[f].levels ? g_strdupv ((char **) features[f].levels) : NULL;
      self->features[f].value = features[f].value;
      self->features[f].lower = features[f].lower;
      self->features[f].upper = features[f].upper;
      if (features[f].axis)
        {
          self->axis_features[self->n_axis_features++] = (guint) f;
          g_strv_builder_add (names, self->features[f].name);
        }
    }
  g_auto(GStrv) strv = g_strv_builder_end (names);
  self->x_feature = x;
  self->y_feature = y;
  self->updating = TRUE;
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->x_drop), G_LIST_MODEL (gtk_string_list_new ((const char * const *) strv)));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->y_drop), G_LIST_MODEL (gtk_string_list_new ((const char * const *) strv)));
  self->updating = FALSE;
  /* The drop-downs took a reference each; ours goes. */
  g_object_unref (gtk_drop_down_get_model (GTK_DROP_DOWN (self->x_drop)));
  g_object_unref (gtk_drop_down_get_model (GTK_DROP_DOWN (self->y_drop)));
  sync_pickers (self);
  gtk_widget_set_visible (self->pickers, n_features > 2);
}

void
bp_boundary_view_get_axes (BpBoundaryView *self, guint *x, guint *y)
{
  g_return_if_fail (BP_IS_BOUNDARY_VIEW (self));
  if (x)
    *x = self->x_feature;
  if (y)
    *y = self->y_feature;
}

double
bp_boundary_view_get_held (BpBoundaryView *self, guint feature)
{
  g_return_val_if_fail (BP_IS_BOUNDARY_VIEW (self), NAN);
  g_return_val_if_fail (feature < self->n_features, NAN);
  return self->features[feature].value;
}

void
bp_boundary_view_choose_axes (BpBoundaryView *self, guint x, guint y)
{
  g_return_if_fail (BP_IS_BOUNDARY_VIEW (self));
  g_return_if_fail (x < self->n_features && y < self->n_features && x != y);
  g_return_if_fail (self->features[x].axis && self->features[y].axis);
  if (x == self->x_feature && y == self->y_feature)
    return;
  self->x_feature = x;
  self->y_feature = y;
  sync_pickers (self);
  g_signal_emit (self, signals[AXES_CHANGED], 0, x, y);
}

void
bp_boundary_view_choose_held (BpBoundaryView *self, guint feature, double value)
{
  g_return_if_fail (BP_IS_BOUNDARY_VIEW (self));
  g_return_if_fail (feature < self->n_features);
  if (self->features[feature].value == value)
    return;
  self->features[feature].value = value;
  g_signal_emit (self, signals[HELD_CHANGED], 0, feature, value);
}

/* ---- the rest ----------------------------------------------------------- */

void
bp_boundary_view_set_show_validation (BpBoundaryView *self, gboolean show)
{
  g_return_if_fail (BP_IS_BOUNDARY_VIEW (self));
  show = !!show;
  if (self->show_validation == show)
    return;
  self->show_validation = show;
  gtk_widget_queue_draw (self->area);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_VALIDATION]);
}

gboolean
bp_boundary_view_get_show_validation (BpBoundaryView *self)
{
  g_return_val_if_fail (BP_IS_BOUNDARY_VIEW (self), FALSE);
  return self->show_validation;
}

void
bp_boundary_view_set_placeholder (BpBoundaryView *self, const char *text)
{
  g_return_if_fail (BP_IS_BOUNDARY_VIEW (self));
  if (g_strcmp0 (self->placeholder, text) == 0)
    return;
  g_free (self->placeholder);
  self->placeholder = g_strdup (text);
  gtk_widget_queue_draw (self->area);
}

const char *
bp_boundary_view_get_caption (BpBoundaryView *self)
{
  g_return_val_if_fail (BP_IS_BOUNDARY_VIEW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->caption));
}

GtkWidget *
bp_boundary_view_get_area (BpBoundaryView *self)
{
  g_return_val_if_fail (BP_IS_BOUNDARY_VIEW (self), NULL);
  return self->area;
}

GtkWidget *
bp_boundary_view_get_pickers (BpBoundaryView *self)
{
  g_return_val_if_fail (BP_IS_BOUNDARY_VIEW (self), NULL);
  return self->pickers;
}

gboolean
bp_boundary_view_get_plot (BpBoundaryView *self, int width, int height, graphene_rect_t *plot)
{
  g_return_val_if_fail (BP_IS_BOUNDARY_VIEW (self), FALSE);
  g_return_val_if_fail (plot != NULL, FALSE);
  Layout l;
  if (!get_layout (self, width, height, &l))
    return FALSE;
  graphene_rect_init (plot, l.plot_x, l.plot_y, l.side, l.side);
  return TRUE;
}

gsize
bp_boundary_view_get_labels (BpBoundaryView *self, const guint32 **labels)
{
  g_return_val_if_fail (BP_IS_BOUNDARY_VIEW (self), 0);
  if (labels)
    *labels = self->labels;
  return self->grid ? self->n_points : 0;
}

guint64
bp_boundary_view_get_n_drawn (BpBoundaryView *self)
{
  g_return_val_if_fail (BP_IS_BOUNDARY_VIEW (self), 0);
  return self->n_drawn;
}

char *
bp_boundary_view_describe_at (BpBoundaryView *self, int width, int height, double x, double y)
{
  g_return_val_if_fail (BP_IS_BOUNDARY_VIEW (self), NULL);
  Layout l;
  if (!get_layout (self, width, height, &l))
    return NULL;
  const double u = (x - l.plot_x) / l.side, v = (y - l.plot_y) / l.side;
  if (u < 0 || u >= 1 || v < 0 || v >= 1)
    return NULL;
  const guint i = MIN ((guint) (u * self->grid_width), self->grid_width - 1);
  const guint j = MIN ((guint) (v * self->grid_height), self->grid_height - 1);
  const float value = self->grid[(gsize) j * self->grid_width + i];
  const double dx = l.x_lo + u * (l.x_hi - l.x_lo), dy = l.y_hi - v * (l.y_hi - l.y_lo);
  g_autofree char *xs = bp_chart_axis_format_tick (dx, l.x_step / 10);
  g_autofree char *ys = bp_chart_axis_format_tick (dy, l.y_step / 10);
  g_autofree char *where = g_strdup_printf ("%s %s · %s %s", self->x_name ? self->x_name : "x", xs,
                                            self->y_name ? self->y_name : "y", ys);
  if (!isfinite (value))
    return g_steal_pointer (&where);
  char buffer[32];
  if (self->n_classes == 0)
    /* Translators: where the pointer is over the plot, then the model's answer there. */
    return g_strdup_printf (_("%s\npredicted %.4g"), where, value);
  if (self->n_classes == 2)
    /* Translators: where the pointer is, a class name, and the model's probability of it. */
    return g_strdup_printf (_("%s\n%s (probability %.2f)"), where, class_name (self, value >= 0.5f, buffer),
                            value >= 0.5f ? value : 1.0f - value);
  const gsize k = self->winner ? self->winner[(gsize) j * self->grid_width + i] : (gsize) MAX (0.0f, value);
  if (self->confidence && isfinite (self->confidence[(gsize) j * self->grid_width + i]))
    return g_strdup_printf (_("%s\n%s (probability %.2f)"), where, class_name (self, k, buffer),
                            self->confidence[(gsize) j * self->grid_width + i]);
  return g_strdup_printf ("%s\n%s", where, class_name (self, k, buffer));
}

static gboolean
on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, gpointer user_data)
{
  BpBoundaryView *self = user_data;
  if (keyboard)
    return FALSE;
  g_autofree char *text = bp_boundary_view_describe_at (self, gtk_widget_get_width (widget),
                                                        gtk_widget_get_height (widget), x, y);
  if (text == NULL)
    return FALSE;
  bp_tooltip_set_text (tooltip, widget, text);
  return TRUE;
}

static void
bp_boundary_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BpBoundaryView *self = BP_BOUNDARY_VIEW (object);
  switch (prop_id)
    {
    case PROP_SHOW_VALIDATION:
      g_value_set_boolean (value, self->show_validation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bp_boundary_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BpBoundaryView *self = BP_BOUNDARY_VIEW (object);
  switch (prop_id)
    {
    case PROP_SHOW_VALIDATION:
      bp_boundary_view_set_show_validation (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bp_boundary_view_dispose (GObject *object)
{
  BpBoundaryView *self = BP_BOUNDARY_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BP_TYPE_BOUNDARY_VIEW);
  clear_boundary (self);
  clear_features (self);
  g_clear_pointer (&self->placeholder, g_free);
  G_OBJECT_CLASS (bp_boundary_view_parent_class)->dispose (object);
}

static void
bp_boundary_view_class_init (BpBoundaryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bp_boundary_view_dispose;
  object_class->get_property = bp_boundary_view_get_property;
  object_class->set_property = bp_boundary_view_set_property;

  properties[PROP_SHOW_VALIDATION] =
    g_param_spec_boolean ("show-validation", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The user put other features on the axes (x, y). */
  signals[AXES_CHANGED] = g_signal_new ("axes-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /* The user holds a feature at another value (feature, value). */
  signals[HELD_CHANGED] = g_signal_new ("held-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_DOUBLE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/backprop/Backprop/ui/bp-boundary-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BpBoundaryView, root);
  gtk_widget_class_bind_template_child (widget_class, BpBoundaryView, title);
  gtk_widget_class_bind_template_child (widget_class, BpBoundaryView, validation_check);
  gtk_widget_class_bind_template_child (widget_class, BpBoundaryView, area);
  gtk_widget_class_bind_template_child (widget_class, BpBoundaryView, pickers);
  gtk_widget_class_bind_template_child (widget_class, BpBoundaryView, x_drop);
  gtk_widget_class_bind_template_child (widget_class, BpBoundaryView, y_drop);
  gtk_widget_class_bind_template_child (widget_class, BpBoundaryView, held_title);
  gtk_widget_class_bind_template_child (widget_class, BpBoundaryView, held_grid);
  gtk_widget_class_bind_template_child (widget_class, BpBoundaryView, caption);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "boundary-view");
}

static void
bp_boundary_view_init (BpBoundaryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->show_validation = TRUE;
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->area), draw, self, NULL);
  g_object_bind_property (self->validation_check, "active", self, "show-validation",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_widget_set_has_tooltip (self->area, TRUE);
  g_signal_connect (self->area, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
  g_signal_connect_object (self->x_drop, "notify::selected", G_CALLBACK (on_axis_selected), self, 0);
  g_signal_connect_object (self->y_drop, "notify::selected", G_CALLBACK (on_axis_selected), self, 0);
  gtk_widget_set_visible (self->validation_check, FALSE);
}

GtkWidget *
bp_boundary_view_new (void)
{
  return g_object_new (BP_TYPE_BOUNDARY_VIEW, NULL);
}
