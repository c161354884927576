/* bp-eval-view.c: summary, confusion matrix, per-class table, ROC curve,
 * decision boundary and weights of one evaluation. */
#define G_LOG_DOMAIN "bp-eval-view"

#include "bp-eval-view.h"
#include "bp-style.h"
#include "bp-chart-axis.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#define MAX_POINTS 2000
#define CHANCE_STEPS 1000  /* points of the chance diagonal, less 1 */

struct _BpEvalView {
  GtkWidget          parent_instance;

  GtkWidget         *root;
  GtkWidget         *empty_page;
  GtkWidget         *content;
  GtkWidget         *summary_label;
  GtkWidget         *detail_label;
  GtkWidget         *columns;
  GtkWidget         *classes_box;
  GtkWidget         *curves_box;
  GtkWidget         *confusion_section;
  GtkWidget         *table_section;
  GtkWidget         *roc_section;
  GtkWidget         *boundary_section;
  GtkWidget         *weights_section;
  BpConfusionMatrix *confusion;
  GtkWidget         *class_grid;
  BpChart           *roc_chart;
  GtkWidget         *boundary_area;
  GtkWidget         *boundary_caption;
  BpWeightsView     *weights;

  BpChartSeries     *roc_series;
  BpChartSeries     *chance_series;

  /* The boundary, copied. */
  float             *grid;
  guint              grid_width, grid_height;
  double             x_min, x_max, y_min, y_max;
  float             *points;        /* x,y pairs: training points first */
  guint32           *labels;
  gsize              n_points;
  gsize              n_training_shown;   /* the first n_training_shown points */
  gsize              boundary_classes;
  char             **boundary_names;    /* class names, or NULL */
  char              *x_name, *y_name;
  double             x_scale, x_center, y_scale, y_center;
  cairo_surface_t   *grid_surface;  /* made from grid on first draw */
};

G_DEFINE_FINAL_TYPE (BpEvalView, bp_eval_view, GTK_TYPE_WIDGET)

/* Okabe & Ito: blue and orange for two classes, then the rest. */
static const BpPaletteColor class_colors[] = {
  BP_PALETTE_BLUE, BP_PALETTE_ORANGE, BP_PALETTE_BLUISH_GREEN, BP_PALETTE_REDDISH_PURPLE,
  BP_PALETTE_SKY_BLUE, BP_PALETTE_VERMILLION, BP_PALETTE_YELLOW,
};

static void
class_rgb (gsize k, double scale, double *r, double *g, double *b)
{
  double rgb[3];
  bp_style_palette_rgb (class_colors[k % G_N_ELEMENTS (class_colors)], rgb);
  *r = rgb[0] * scale;
  *g = rgb[1] * scale;
  *b = rgb[2] * scale;
}

/* ---- decision boundary -------------------------------------------------- */

static gboolean
is_dark (GtkWidget *widget)
{
  GdkRGBA fg;
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &fg);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
#endif
  return 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
}

/* One pixel per grid cell; Cairo scales it up smoothly when drawing. */
static cairo_surface_t *
make_grid_surface (BpEvalView *self)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, self->grid_width, self->grid_height);
  const int stride = cairo_image_surface_get_stride (surface);
  guchar *data = cairo_image_surface_get_data (surface);

  for (guint j = 0; j < self->grid_height; j++)
    {
      guint32 *row = (guint32 *) (void *) (data + (gsize) j * stride);
      for (guint i = 0; i < self->grid_width; i++)
        {
          const float v = self->grid[(gsize) j * self->grid_width + i];
          gsize k;
          double alpha;
          if (!isfinite (v))
            {
              row[i] = 0;
              continue;
            }
          if (self->boundary_classes == 2)
            {
              /* Stronger where the model is surer. */
              k = v >= 0.5f;
              alpha = 0.15 + 0.35 * fabs (2.0 * v - 1.0);
            }
          else
            {
              k = (gsize) MAX (0.0f, v);
              alpha = 0.4;
            }
          double r, g, b;
          class_rgb (k, 1.0, &r, &g, &b);
          /* Premultiplied. */
          row[i] = ((guint32) (alpha * 255 + 0.5) << 24) | ((guint32) (r * alpha * 255 + 0.5) << 16) |
                   ((guint32) (g * alpha * 255 + 0.5) << 8) | (guint32) (b * alpha * 255 + 0.5);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* Where the parts of the boundary go at one size. */
typedef struct {
  double plot_x, plot_y, side;     /* the square of the grid */
  double line;                     /* text line height */
  double legend_x, legend_w;       /* 0 wide: no room for it */
  double x_lo, x_hi, y_lo, y_hi;   /* the plot's edges in the data's units */
  double x_ticks[BP_CHART_AXIS_MAX_TICKS], y_ticks[BP_CHART_AXIS_MAX_TICKS];
  guint  n_x_ticks, n_y_ticks;
  double x_step, y_step;
} BoundaryLayout;

#define TICK_GAP   4.0
#define LEGEND_MAX 170.0   /* longer class names are ellipsized */
#define SWATCH     12.0

static PangoLayout *
boundary_text (BpEvalView *self, const char *text, gboolean small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (self->boundary_area, text);
  if (small)
    {
      PangoAttrList *attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

static int
text_width (BpEvalView *self, const char *text, gboolean small, int *height)
{
  g_autoptr(PangoLayout) layout = boundary_text (self, text, small);
  int w, h;
  pango_layout_get_pixel_size (layout, &w, &h);
  if (height)
    *height = h;
  return w;
}

/* input × scale + center: the data's units (scale 0: the input as is). */
static double
to_data (double v, double scale, double center)
{
  return scale != 0 ? v * scale + center : v;
}

static const char *
boundary_class_name (BpEvalView *self, gsize k, char buffer[32])
{
  if (self->boundary_names && self->boundary_names[k])
    return self->boundary_names[k];
  g_snprintf (buffer, 32, "%" G_GSIZE_FORMAT, k);
  return buffer;
}

static gboolean
boundary_layout (BpEvalView *self, int width, int height, BoundaryLayout *l)
{
  memset (l, 0, sizeof *l);
  if (self->grid == NULL)
    return FALSE;
  int line;
  text_width (self, "Mg", TRUE, &line);
  l->line = line;

  double a = to_data (self->x_min, self->x_scale, self->x_center), b = to_data (self->x_max, self->x_scale, self->x_center);
  l->x_lo = MIN (a, b), l->x_hi = MAX (a, b);
  a = to_data (self->y_min, self->y_scale, self->y_center), b = to_data (self->y_max, self->y_scale, self->y_center);
  l->y_lo = MIN (a, b), l->y_hi = MAX (a, b);

  /* The legend: a swatch and a name a line, then the two kinds of point. */
  double legend = 0;
  for (gsize k = 0; k < self->boundary_classes; k++)
    {
      char buffer[32];
      legend = MAX (legend, text_width (self, boundary_class_name (self, k, buffer), TRUE, NULL));
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
      l->n_y_ticks = bp_chart_axis_ticks (l->y_lo, l->y_hi, FALSE, target, l->y_ticks, G_N_ELEMENTS (l->y_ticks), &l->y_step);
      l->n_x_ticks = bp_chart_axis_ticks (l->x_lo, l->x_hi, FALSE, target, l->x_ticks, G_N_ELEMENTS (l->x_ticks), &l->x_step);
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
  /* No room for the legend beside the plot: the plot alone. */
  if (side < 80)
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
  return TRUE;
}

static void
get_fg (GtkWidget *widget, GdkRGBA *fg)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, fg);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), fg);
#endif
}

static void
point_rgb (gsize label, gboolean dark, double *r, double *g, double *b)
{
  class_rgb (label, dark ? 1.0 : 0.7, r, g, b);
  if (dark)
    *r += (1 - *r) * 0.2, *g += (1 - *g) * 0.2, *b += (1 - *b) * 0.2;
}

/* A validation row is a dot with a rim; a training row a ring. */
static void
draw_point (cairo_t *cr, double x, double y, double radius, gsize label, gboolean validation, gboolean dark)
{
  double r, g, b;
  point_rgb (label, dark, &r, &g, &b);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  if (validation)
    {
      cairo_set_source_rgb (cr, r, g, b);
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
      cairo_set_source_rgb (cr, r, g, b);
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
draw_boundary_axes (BpEvalView *self, cairo_t *cr, const BoundaryLayout *l, const GdkRGBA *fg)
{
  const double x0 = l->plot_x, y0 = l->plot_y, side = l->side;
  int w, h;

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.75);
  double last_right = -INFINITY;
  for (guint i = 0; i < l->n_x_ticks; i++)
    {
      double px = x0 + (l->x_ticks[i] - l->x_lo) / (l->x_hi - l->x_lo) * side;
      g_autofree char *t = bp_chart_axis_format_tick (l->x_ticks[i], l->x_step);
      g_autoptr(PangoLayout) layout = boundary_text (self, t, TRUE);
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
      g_autoptr(PangoLayout) layout = boundary_text (self, t, TRUE);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_rectangle (cr, x0 - 3, floor (py), 3, 1);
      cairo_fill (cr);
      show_text (cr, layout, x0 - TICK_GAP - w, round (py - h / 2.0));
    }

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.9);
  if (self->x_name && *self->x_name)
    {
      g_autoptr(PangoLayout) layout = boundary_text (self, self->x_name, FALSE);
      pango_layout_set_width (layout, (int) (side * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      show_text (cr, layout, x0, y0 + side + TICK_GAP + l->line + 2);
    }
  if (self->y_name && *self->y_name)
    {
      g_autoptr(PangoLayout) layout = boundary_text (self, self->y_name, FALSE);
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
draw_boundary_legend (BpEvalView *self, cairo_t *cr, const BoundaryLayout *l, const GdkRGBA *fg, gboolean dark)
{
  if (l->legend_w <= 0)
    return;
  const double x = l->legend_x, row = MAX (l->line, SWATCH) + 4;
  double y = l->plot_y;
  for (gsize k = 0; k <= self->boundary_classes + 2; k++)
    {
      char buffer[32];
      const char *text;
      if (k < self->boundary_classes)
        {
          /* The area's colour, and the point's on it. */
          double r, g, b;
          class_rgb (k, 1.0, &r, &g, &b);
          cairo_set_source_rgba (cr, r, g, b, 0.45);
          cairo_rectangle (cr, x, y + (l->line - SWATCH) / 2, SWATCH, SWATCH);
          cairo_fill (cr);
          draw_point (cr, x + SWATCH / 2, y + l->line / 2, 3, k, TRUE, dark);
          text = boundary_class_name (self, k, buffer);
        }
      else if (k == self->boundary_classes)
        {
          y += 6;   /* a gap before the kinds of point */
          continue;
        }
      else
        {
          gboolean validation = k == self->boundary_classes + 1;
          GdkRGBA c = *fg;
          cairo_new_sub_path (cr);
          cairo_arc (cr, x + SWATCH / 2, y + l->line / 2, 3.5, 0, 2 * G_PI);
          cairo_set_source_rgba (cr, c.red, c.green, c.blue, 0.8);
          if (validation)
            cairo_fill (cr);
          else
            {
              cairo_set_line_width (cr, 1.6);
              cairo_stroke (cr);
            }
          text = validation ? _("validation rows") : _("training rows");
        }
      g_autoptr(PangoLayout) layout = boundary_text (self, text, TRUE);
      pango_layout_set_width (layout, (int) (LEGEND_MAX * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.9);
      show_text (cr, layout, x + SWATCH + 6, y);
      y += row;
    }
}

static void
draw_boundary (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  BpEvalView *self = user_data;
  BoundaryLayout l;

  if (!boundary_layout (self, width, height, &l))
    return;
  if (self->grid_surface == NULL)
    self->grid_surface = make_grid_surface (self);

  GdkRGBA fg;
  get_fg (GTK_WIDGET (area), &fg);
  const gboolean dark = is_dark (GTK_WIDGET (area));
  const double side = l.side, x0 = l.plot_x, y0 = l.plot_y;

  /* The view background under the areas, so they read the same anywhere. */
  if (dark)
    cairo_set_source_rgb (cr, 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
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
  for (gsize i = 0; i < self->n_points; i++)
    draw_point (cr, x0 + (self->points[2 * i] - self->x_min) * sx, y0 + (self->y_max - self->points[2 * i + 1]) * sy,
                radius, self->labels[i], i >= self->n_training_shown, dark);
  cairo_restore (cr);

  /* Frame. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, x0 + 0.5, y0 + 0.5, side - 1, side - 1);
  cairo_stroke (cr);

  draw_boundary_axes (self, cr, &l, &fg);
  draw_boundary_legend (self, cr, &l, &fg, dark);
}

static void
clear_boundary (BpEvalView *self)
{
  g_clear_pointer (&self->grid, g_free);
  g_clear_pointer (&self->points, g_free);
  g_clear_pointer (&self->labels, g_free);
  g_clear_pointer (&self->grid_surface, cairo_surface_destroy);
  g_clear_pointer (&self->boundary_names, g_strfreev);
  g_clear_pointer (&self->x_name, g_free);
  g_clear_pointer (&self->y_name, g_free);
  self->n_points = 0;
  self->n_training_shown = 0;
}

/* Copies `kept` of the n points whose role is `validation` (one from each
 * of `kept` equal slices, at a scrambled place in its slice, so rows in a
 * repeating order, classes alternating, do not all show one class) to
 * the end of self's points. */
static void
keep_points (BpEvalView *self, const BpBoundary *b, gboolean validation, gsize n, gsize kept)
{
  if (kept == 0)
    return;
  const gsize slice = n / kept;
  gsize seen = 0, next_slot = 0;
  /* The i-th kept point is the from(i)-th point of the role. */
  gsize want = (gsize) ((0 * 2654435761u) % slice);
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
          self->labels[out] = b->labels[p];
          next_slot++;
          if (next_slot < kept)
            want = next_slot * n / kept + (gsize) ((next_slot * 2654435761u) % slice);
        }
      seen++;
    }
}

void
bp_eval_view_show_boundary (BpEvalView *self, const BpBoundary *b)
{
  g_return_if_fail (BP_IS_EVAL_VIEW (self));
  g_return_if_fail (b == NULL || b->grid == NULL ||
                    (b->width > 0 && b->height > 0 && b->x_min < b->x_max && b->y_min < b->y_max));
  g_return_if_fail (b == NULL || b->n_points == 0 || (b->points_xy != NULL && b->labels != NULL));

  clear_boundary (self);
  gboolean shown = b != NULL && b->grid != NULL;
  if (shown)
    {
      self->grid = g_memdup2 (b->grid, (gsize) b->width * b->height * sizeof (float));
      self->grid_width = b->width;
      self->grid_height = b->height;
      self->x_min = b->x_min, self->x_max = b->x_max;
      self->y_min = b->y_min, self->y_max = b->y_max;
      self->boundary_classes = b->n_classes;
      if (b->class_names)
        {
          self->boundary_names = g_new0 (char *, b->n_classes + 1);
          for (gsize k = 0; k < b->n_classes; k++)
            self->boundary_names[k] = g_strdup (b->class_names[k]);
        }
      self->x_name = g_strdup (b->x_name);
      self->y_name = g_strdup (b->y_name);
      self->x_scale = b->x_scale, self->x_center = b->x_center;
      self->y_scale = b->y_scale, self->y_center = b->y_center;

      /* At most MAX_POINTS (more only hide the areas): every validation
       * row that fits, training rows in the rest. */
      gsize n_validation = 0;
      if (b->validation)
        for (gsize i = 0; i < b->n_points; i++)
          n_validation += b->validation[i] != 0;
      const gsize n_training = b->n_points - n_validation;
      const gsize kept_validation = MIN (n_validation, MAX_POINTS);
      const gsize kept_training = MIN (n_training, MAX_POINTS - kept_validation);
      self->points = g_new (float, 2 * MAX (kept_validation + kept_training, 1));
      self->labels = g_new (guint32, MAX (kept_validation + kept_training, 1));
      keep_points (self, b, FALSE, n_training, kept_training);
      self->n_training_shown = self->n_points;
      keep_points (self, b, TRUE, n_validation, kept_validation);

      /* Say which rows are shown, and which are left out. */
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
      /* Translators: under the decision boundary plot; the two parts say
       * which rows are drawn, e.g. "dots: 30 validation rows · rings: 120 training rows". */
      g_autofree char *caption = g_strdup_printf (_("The class the model predicts at each point; %s · %s"),
                                                  validation, training);
      gtk_label_set_text (GTK_LABEL (self->boundary_caption), caption);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->boundary_caption), "");
  gtk_widget_set_visible (self->boundary_section, shown);
  gtk_widget_set_visible (self->curves_box, gtk_widget_get_visible (self->roc_section) || shown);
  gtk_widget_queue_draw (self->boundary_area);
}

void
bp_eval_view_set_boundary (BpEvalView    *self,
                           const float   *grid,
                           guint          width,
                           guint          height,
                           double         x_min,
                           double         x_max,
                           double         y_min,
                           double         y_max,
                           const float   *points_xy,
                           const guint32 *labels,
                           gsize          n_points,
                           gsize          n_classes)
{
  g_return_if_fail (BP_IS_EVAL_VIEW (self));
  BpBoundary b = {
    .grid = grid, .width = width, .height = height,
    .x_min = x_min, .x_max = x_max, .y_min = y_min, .y_max = y_max,
    .points_xy = points_xy, .labels = labels, .n_points = n_points, .n_classes = n_classes,
  };
  bp_eval_view_show_boundary (self, &b);
}

const char *
bp_eval_view_get_boundary_caption (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->boundary_caption));
}

gboolean
bp_eval_view_get_boundary_plot (BpEvalView *self, int width, int height, graphene_rect_t *plot)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), FALSE);
  g_return_val_if_fail (plot != NULL, FALSE);
  BoundaryLayout l;
  if (!boundary_layout (self, width, height, &l))
    return FALSE;
  graphene_rect_init (plot, l.plot_x, l.plot_y, l.side, l.side);
  return TRUE;
}

/* ---- the evaluation ----------------------------------------------------- */

static GtkWidget *
grid_label (const char *text, float xalign, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
add_scores_row (GtkGrid *grid, int row, const char *name, const BpClassScores *s, gboolean dim)
{
  const double values[] = { s->precision, s->recall, s->f1 };
  GtkWidget *label = grid_label (name, 0.0f, dim ? "dim-label" : NULL);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  gtk_widget_set_tooltip_text (label, name);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  for (int c = 0; c < 3; c++)
    {
      g_autofree char *text = g_strdup_printf ("%.3f", values[c]);
      GtkWidget *value = grid_label (text, 1.0f, "numeric");
      if (dim)
        gtk_widget_add_css_class (value, "dim-label");
      gtk_grid_attach (grid, value, c + 1, row, 1, 1);
    }
  g_autofree char *support = g_strdup_printf ("%'" G_GUINT64_FORMAT, s->support);
  GtkWidget *value = grid_label (support, 1.0f, "numeric");
  if (dim)
    gtk_widget_add_css_class (value, "dim-label");
  gtk_grid_attach (grid, value, 4, row, 1, 1);
}

static void
fill_class_table (BpEvalView *self, const BpEvaluation *ev, const char * const *class_names, gsize n_classes)
{
  GtkGrid *grid = GTK_GRID (self->class_grid);
  const char *headers[] = { _("Class"), _("Precision"), _("Recall"), _("F1"), _("Rows") };

  clear_grid (grid);
  for (int c = 0; c < 5; c++)
    gtk_grid_attach (grid, grid_label (headers[c], c ? 1.0f : 0.0f, "caption-heading"), c, 0, 1, 1);
  for (gsize k = 0; k < n_classes; k++)
    {
      char buffer[32];
      const char *name = class_names ? class_names[k] : NULL;
      if (name == NULL)
        {
          g_snprintf (buffer, sizeof buffer, "%" G_GSIZE_FORMAT, k);
          name = buffer;
        }
      add_scores_row (grid, (int) k + 1, name, &ev->class_scores[k], FALSE);
    }
  add_scores_row (grid, (int) n_classes + 1, _("Macro average"), &ev->macro, TRUE);
  add_scores_row (grid, (int) n_classes + 2, _("Weighted average"), &ev->weighted, TRUE);
}

static void
show_roc (BpEvalView *self, const BpRoc *roc)
{
  bp_chart_series_clear (self->roc_series);
  if (roc == NULL)
    {
      gtk_widget_set_visible (self->roc_section, FALSE);
      bp_chart_set_title (self->roc_chart, NULL);
      bp_chart_data_changed (self->roc_chart);
      return;
    }
  for (gsize i = 0; i < roc->n_points; i++)
    bp_chart_series_append (self->roc_series, roc->fpr[i], roc->tpr[i]);
  g_autofree char *title = g_strdup_printf (_("AUC %.3f"), roc->auc);
  bp_chart_set_title (self->roc_chart, title);
  bp_chart_data_changed (self->roc_chart);
  gtk_widget_set_visible (self->roc_section, TRUE);
}

void
bp_eval_view_set_evaluation (BpEvalView         *self,
                             const BpEvaluation *evaluation,
                             const char * const *class_names,
                             gsize               n_classes,
                             const char         *rows_description)
{
  g_return_if_fail (BP_IS_EVAL_VIEW (self));

  gtk_widget_set_visible (self->empty_page, evaluation == NULL);
  gtk_widget_set_visible (self->content, evaluation != NULL);
  if (evaluation == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->summary_label), "");
      gtk_label_set_text (GTK_LABEL (self->detail_label), "");
      bp_confusion_matrix_set_counts (self->confusion, NULL, 0, NULL);
      clear_grid (GTK_GRID (self->class_grid));
      show_roc (self, NULL);
      return;
    }

  const gboolean classification = evaluation->task != BP_TASK_REGRESSION && evaluation->confusion != NULL;
  g_autofree char *summary = NULL;
  if (classification)
    {
      guint64 right = 0, total = 0;
      const BpConfusion *c = evaluation->confusion;
      for (gsize k = 0; k < c->n_classes; k++)
        right += c->counts[k * c->n_classes + k];
      for (gsize k = 0; k < c->n_classes * c->n_classes; k++)
        total += c->counts[k];
      /* Translators: accuracy in percent, then rows right of all rows. */
      summary = g_strdup_printf (_("Accuracy %.1f%% (%'" PRIu64 " of %'" PRIu64 " right)"),
                                 evaluation->accuracy * 100.0, right, total);
    }
  else
    summary = g_strdup_printf (_("MAE %.4g · RMSE %.4g · R² %.3f"), evaluation->regression.mae,
                               evaluation->regression.rmse, evaluation->regression.r2);
  gtk_label_set_text (GTK_LABEL (self->summary_label), summary);

  g_autofree char *loss = g_strdup_printf (_("loss %.4g"), evaluation->loss);
  /* The floor to compare with: always giving the same answer. */
  const BpBaseline *b = &evaluation->baseline;
  g_autofree char *baseline = NULL;
  if (classification && class_names && b->majority < n_classes && !isnan (b->accuracy))
    /* Translators: a class name, then the accuracy of always answering it. */
    baseline = g_strdup_printf (_("Always answering “%s” scores %.1f%%."), class_names[b->majority],
                                b->accuracy * 100.0);
  else if (!classification && !isnan (b->regression.mae))
    /* Translators: the training rows' mean target, then the scores of always answering it. */
    baseline = g_strdup_printf (_("Always answering the training mean (%.4g) scores MAE %.4g · R² %.3f."),
                                b->mean, b->regression.mae, b->regression.r2);
  g_autofree char *counted = rows_description ? g_strdup_printf ("%s · %s", rows_description, loss)
                                              : g_strdup (loss);
  g_autofree char *detail = baseline ? g_strdup_printf ("%s\n%s", counted, baseline) : g_strdup (counted);
  gtk_label_set_text (GTK_LABEL (self->detail_label), detail);

  if (classification)
    {
      const gsize n = evaluation->confusion->n_classes;
      bp_confusion_matrix_set_counts (self->confusion, evaluation->confusion->counts, n,
                                      n_classes >= n ? class_names : NULL);
      fill_class_table (self, evaluation, n_classes >= n ? class_names : NULL, n);
    }
  else
    {
      bp_confusion_matrix_set_counts (self->confusion, NULL, 0, NULL);
      clear_grid (GTK_GRID (self->class_grid));
    }
  gtk_widget_set_visible (self->classes_box, classification);
  show_roc (self, classification ? evaluation->roc : NULL);
  gtk_widget_set_visible (self->curves_box, gtk_widget_get_visible (self->roc_section) ||
                                            gtk_widget_get_visible (self->boundary_section));
}

/* ---- the weights -------------------------------------------------------- */

void
bp_eval_view_set_model (BpEvalView         *self,
                        const BpModel      *model,
                        const char * const *feature_names,
                        const char * const *class_names)
{
  g_return_if_fail (BP_IS_EVAL_VIEW (self));

  bp_weights_view_set_model (self->weights, model, feature_names, class_names);
  gtk_widget_set_visible (self->weights_section, model != NULL);
}

/* ---- the widget --------------------------------------------------------- */

static void
bp_eval_view_dispose (GObject *object)
{
  BpEvalView *self = BP_EVAL_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BP_TYPE_EVAL_VIEW);
  g_clear_object (&self->roc_series);
  g_clear_object (&self->chance_series);
  clear_boundary (self);
  G_OBJECT_CLASS (bp_eval_view_parent_class)->dispose (object);
}

static void
bp_eval_view_class_init (BpEvalViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bp_eval_view_dispose;

  g_type_ensure (BP_TYPE_CHART);
  g_type_ensure (BP_TYPE_CONFUSION_MATRIX);
  g_type_ensure (BP_TYPE_WEIGHTS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/backprop/Backprop/ui/bp-eval-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, root);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, content);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, detail_label);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, columns);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, classes_box);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, curves_box);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, confusion_section);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, table_section);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, roc_section);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, boundary_section);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, confusion);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, class_grid);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, roc_chart);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, boundary_area);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, boundary_caption);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, weights_section);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, weights);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eval-view");
}

static void
bp_eval_view_init (BpEvalView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  bp_chart_set_x_label (self->roc_chart, _("False positive rate"));
  bp_chart_set_y_label (self->roc_chart, _("True positive rate"));
  bp_chart_set_y_bounds (self->roc_chart, 0.0, 1.0);
  bp_chart_set_x_extent (self->roc_chart, 0.0, 1.0);
  self->roc_series = bp_chart_series_new (_("ROC"), 0, BP_CHART_LINE_SOLID);
  /* A model that guesses lies on the diagonal. The hover read-out shows a
   * series' nearest point, so the line gets a point every 0.001 rather
   * than just its two ends. */
  self->chance_series = bp_chart_series_new (_("Chance"), 7, BP_CHART_LINE_DASHED);
  for (int i = 0; i <= CHANCE_STEPS; i++)
    bp_chart_series_append (self->chance_series, (double) i / CHANCE_STEPS, (double) i / CHANCE_STEPS);
  bp_chart_add_series (self->roc_chart, self->roc_series);
  bp_chart_add_series (self->roc_chart, self->chance_series);

  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->boundary_area), draw_boundary, self, NULL);
}

GtkWidget *
bp_eval_view_new (void)
{
  return g_object_new (BP_TYPE_EVAL_VIEW, NULL);
}

gboolean
bp_eval_view_is_empty (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), TRUE);
  return gtk_widget_get_visible (self->empty_page);
}

const char *
bp_eval_view_get_summary (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->summary_label));
}

BpConfusionMatrix *
bp_eval_view_get_confusion_matrix (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), NULL);
  return self->confusion;
}

BpChart *
bp_eval_view_get_roc_chart (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), NULL);
  return self->roc_chart;
}

BpChartSeries *
bp_eval_view_get_roc_series (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), NULL);
  return self->roc_series;
}

BpChartSeries *
bp_eval_view_get_chance_series (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), NULL);
  return self->chance_series;
}

GtkWidget *
bp_eval_view_get_boundary (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), NULL);
  return self->boundary_area;
}

gsize
bp_eval_view_get_boundary_labels (BpEvalView *self, const guint32 **labels)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), 0);
  if (labels)
    *labels = self->labels;
  return self->grid ? self->n_points : 0;
}

BpWeightsView *
bp_eval_view_get_weights (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), NULL);
  return self->weights;
}
