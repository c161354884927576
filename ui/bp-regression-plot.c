/* bp-regression-plot.c: predicted against actual, and the residuals. */
#define G_LOG_DOMAIN "bp-regression-plot"

#include "bp-regression-plot.h"
#include "bp-chart-axis.h"
#include "bp-style.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define MAX_POINTS 2000
#define PAD        6.0
#define GAP        18.0    /* between the panels */

struct _BpRegressionPlot {
  GtkWidget  parent_instance;

  float     *actual, *predicted;
  gsize      n;
  char      *target_name;
  double     lo, hi;           /* both axes of the scatter */
  double     residual;         /* the residual axis: ±residual */
  guint64    n_drawn;
};

G_DEFINE_FINAL_TYPE (BpRegressionPlot, bp_regression_plot, GTK_TYPE_WIDGET)

typedef struct {
  double x, y, w, h;           /* the plot inside its axes */
  double x_lo, x_hi, y_lo, y_hi;
} Panel;

static double
text_height (BpRegressionPlot *self)
{
  g_autoptr(PangoLayout) layout = bp_style_text_layout (GTK_WIDGET (self), "Mg", BP_TEXT_SMALL);
  int h;
  pango_layout_get_pixel_size (layout, NULL, &h);
  return h;
}

static gboolean
get_panels (BpRegressionPlot *self, int width, int height, Panel *scatter, Panel *residuals, double *line)
{
  if (self->n == 0)
    return FALSE;
  *line = text_height (self);
  const double left = 44, top = *line + PAD, bottom = 2 * *line + PAD;
  const double w = (width - GAP) / 2.0 - left - PAD, h = height - top - bottom;
  if (w < 40 || h < 40)
    return FALSE;
  *scatter = (Panel) { left, top, w, h, self->lo, self->hi, self->lo, self->hi };
  *residuals = (Panel) { left + w + PAD + GAP + left, top, w, h, self->lo, self->hi, -self->residual, self->residual };
  return TRUE;
}

gboolean
bp_regression_plot_get_panels (BpRegressionPlot *self, int width, int height, graphene_rect_t *scatter,
                               graphene_rect_t *residuals)
{
  g_return_val_if_fail (BP_IS_REGRESSION_PLOT (self), FALSE);
  Panel a, b;
  double line;
  if (!get_panels (self, width, height, &a, &b, &line))
    return FALSE;
  if (scatter)
    graphene_rect_init (scatter, a.x, a.y, a.w, a.h);
  if (residuals)
    graphene_rect_init (residuals, b.x, b.y, b.w, b.h);
  return TRUE;
}

static double
px (const Panel *p, double v)
{
  return p->x + (v - p->x_lo) / (p->x_hi - p->x_lo) * p->w;
}

static double
py (const Panel *p, double v)
{
  return p->y + p->h - (v - p->y_lo) / (p->y_hi - p->y_lo) * p->h;
}

static void
draw_frame (BpRegressionPlot *self, cairo_t *cr, const Panel *p, const char *title, const char *x_name,
            const char *y_name, const GdkRGBA *fg, double line)
{
  double ticks[BP_CHART_AXIS_MAX_TICKS], step;
  int w, h;

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, floor (p->x) + 0.5, floor (p->y) + 0.5, floor (p->w) - 1, floor (p->h) - 1);
  cairo_stroke (cr);

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.75);
  guint n = bp_chart_axis_ticks (p->x_lo, p->x_hi, FALSE, CLAMP ((guint) (p->w / 60), 2, 6), ticks,
                                 G_N_ELEMENTS (ticks), &step);
  double last_right = -INFINITY;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *t = bp_chart_axis_format_tick (ticks[i], step);
      g_autoptr(PangoLayout) layout = bp_style_text_layout (GTK_WIDGET (self), t, BP_TEXT_SMALL);
      pango_layout_get_pixel_size (layout, &w, &h);
      const double x = round (px (p, ticks[i]) - w / 2.0);
      cairo_rectangle (cr, floor (px (p, ticks[i])), p->y + p->h, 1, 3);
      cairo_fill (cr);
      if (x < last_right + 6)
        continue;
      cairo_move_to (cr, x, p->y + p->h + 3);
      pango_cairo_show_layout (cr, layout);
      last_right = x + w;
    }
  n = bp_chart_axis_ticks (p->y_lo, p->y_hi, FALSE, CLAMP ((guint) (p->h / 40), 2, 6), ticks,
                           G_N_ELEMENTS (ticks), &step);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *t = bp_chart_axis_format_tick (ticks[i], step);
      g_autoptr(PangoLayout) layout = bp_style_text_layout (GTK_WIDGET (self), t, BP_TEXT_SMALL);
      pango_layout_set_width (layout, 40 * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_rectangle (cr, p->x - 3, floor (py (p, ticks[i])), 3, 1);
      cairo_fill (cr);
      cairo_move_to (cr, p->x - 4 - w, round (py (p, ticks[i]) - h / 2.0));
      pango_cairo_show_layout (cr, layout);
    }

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.9);
  g_autoptr(PangoLayout) heading = bp_style_text_layout (GTK_WIDGET (self), title, BP_TEXT_SMALL | BP_TEXT_BOLD);
  pango_layout_set_width (heading, (int) (p->w * PANGO_SCALE));
  pango_layout_set_ellipsize (heading, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (heading, PANGO_ALIGN_CENTER);
  cairo_move_to (cr, p->x, 0);
  pango_cairo_show_layout (cr, heading);
  g_autoptr(PangoLayout) xl = bp_style_text_layout (GTK_WIDGET (self), x_name, BP_TEXT_SMALL);
  pango_layout_set_width (xl, (int) (p->w * PANGO_SCALE));
  pango_layout_set_ellipsize (xl, PANGO_ELLIPSIZE_MIDDLE);
  pango_layout_set_alignment (xl, PANGO_ALIGN_CENTER);
  cairo_move_to (cr, p->x, p->y + p->h + 3 + line);
  pango_cairo_show_layout (cr, xl);
  (void) y_name;
}

void
bp_regression_plot_draw (BpRegressionPlot *self, cairo_t *cr, int width, int height)
{
  g_return_if_fail (BP_IS_REGRESSION_PLOT (self));
  Panel a, b;
  double line;
  if (!get_panels (self, width, height, &a, &b, &line))
    return;
  self->n_drawn++;
  BpStyleColors colors;
  bp_style_get_colors (GTK_WIDGET (self), &colors);
  GdkRGBA point, ideal;
  bp_style_palette_color (BP_PALETTE_BLUE, colors.dark, &colors.fg, &point);
  bp_style_palette_color (BP_PALETTE_VERMILLION, colors.dark, &colors.fg, &ideal);

  cairo_save (cr);
  const char *target = self->target_name ? self->target_name : _("target");
  g_autofree char *actual = g_strdup_printf (_("actual %s"), target);
  g_autofree char *predicted = g_strdup_printf (_("predicted %s"), target);
  draw_frame (self, cr, &a, _("Predicted against actual"), actual, predicted, &colors.fg, line);
  draw_frame (self, cr, &b, _("Residuals (actual − predicted)"), predicted, NULL, &colors.fg, line);

  /* The lines a perfect model's points lie on: dashed, over the frame. */
  const double dash[] = { 5.0, 3.0 };
  cairo_set_dash (cr, dash, 2, 0);
  cairo_set_line_width (cr, 1.5);
  gdk_cairo_set_source_rgba (cr, &ideal);
  cairo_move_to (cr, px (&a, a.x_lo), py (&a, a.y_lo));
  cairo_line_to (cr, px (&a, a.x_hi), py (&a, a.y_hi));
  cairo_move_to (cr, b.x, py (&b, 0));
  cairo_line_to (cr, b.x + b.w, py (&b, 0));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  /* Points, see-through so dense places read darker. */
  const double r = 2.2;
  cairo_set_source_rgba (cr, point.red, point.green, point.blue, 0.55);
  cairo_rectangle (cr, a.x, a.y, a.w, a.h);
  cairo_rectangle (cr, b.x, b.y, b.w, b.h);
  cairo_clip (cr);
  for (gsize i = 0; i < self->n; i++)
    {
      const double t = self->actual[i], p = self->predicted[i];
      if (!isfinite (t) || !isfinite (p))
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, px (&a, t), py (&a, p), r, 0, 2 * G_PI);
      cairo_new_sub_path (cr);
      cairo_arc (cr, px (&b, p), py (&b, t - p), r, 0, 2 * G_PI);
    }
  cairo_fill (cr);
  cairo_restore (cr);
}

void
bp_regression_plot_set_points (BpRegressionPlot *self, const float *actual, const float *predicted, gsize n,
                               const char *target_name)
{
  g_return_if_fail (BP_IS_REGRESSION_PLOT (self));
  g_return_if_fail (n == 0 || (actual != NULL && predicted != NULL));
  const gsize kept = MIN (n, MAX_POINTS);
  if (kept != self->n)
    {
      g_clear_pointer (&self->actual, g_free);
      g_clear_pointer (&self->predicted, g_free);
      if (kept)
        {
          self->actual = g_new (float, kept);
          self->predicted = g_new (float, kept);
        }
    }
  self->n = kept;
  double lo = INFINITY, hi = -INFINITY, residual = 0;
  for (gsize k = 0; k < kept; k++)
    {
      /* One from each equal slice of the rows. */
      const gsize i = kept < n ? k * n / kept : k;
      self->actual[k] = actual[i];
      self->predicted[k] = predicted[i];
      if (isfinite (actual[i]) && isfinite (predicted[i]))
        {
          lo = MIN (lo, MIN (actual[i], predicted[i]));
          hi = MAX (hi, MAX (actual[i], predicted[i]));
          residual = MAX (residual, fabs ((double) actual[i] - predicted[i]));
        }
    }
  if (!isfinite (lo))
    lo = 0, hi = 1;
  bp_chart_axis_nice_range (&lo, &hi, FALSE, 5);
  self->lo = lo, self->hi = hi;
  double rlo = -MAX (residual, 1e-6), rhi = MAX (residual, 1e-6);
  bp_chart_axis_nice_range (&rlo, &rhi, FALSE, 4);
  self->residual = MAX (-rlo, rhi);
  g_free (self->target_name);
  self->target_name = g_strdup (target_name);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gsize
bp_regression_plot_get_n_points (BpRegressionPlot *self)
{
  g_return_val_if_fail (BP_IS_REGRESSION_PLOT (self), 0);
  return self->n;
}

guint64
bp_regression_plot_get_n_drawn (BpRegressionPlot *self)
{
  g_return_val_if_fail (BP_IS_REGRESSION_PLOT (self), 0);
  return self->n_drawn;
}

static void
bp_regression_plot_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  const int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  if (width <= 0 || height <= 0)
    return;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  bp_regression_plot_draw (BP_REGRESSION_PLOT (widget), cr, width, height);
  cairo_destroy (cr);
}

static void
bp_regression_plot_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum, int *natural,
                            int *minimum_baseline, int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = 240, *natural = 420;
  else
    *minimum = 120, *natural = 220;
}

static void
bp_regression_plot_finalize (GObject *object)
{
  BpRegressionPlot *self = BP_REGRESSION_PLOT (object);
  g_free (self->actual);
  g_free (self->predicted);
  g_free (self->target_name);
  G_OBJECT_CLASS (bp_regression_plot_parent_class)->finalize (object);
}

static void
bp_regression_plot_class_init (BpRegressionPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bp_regression_plot_finalize;
  widget_class->snapshot = bp_regression_plot_snapshot;
  widget_class->measure = bp_regression_plot_measure;
  gtk_widget_class_set_css_name (widget_class, "regression-plot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bp_regression_plot_init (BpRegressionPlot *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Predicted against actual values, and the residuals"), -1);
}

GtkWidget *
bp_regression_plot_new (void)
{
  return g_object_new (BP_TYPE_REGRESSION_PLOT, NULL);
}
