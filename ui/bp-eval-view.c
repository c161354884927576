/* bp-eval-view.c: summary, confusion matrix, per-class table, ROC curve,
 * decision boundary and weights of one evaluation. */
#define G_LOG_DOMAIN "bp-eval-view"

#include "bp-eval-view.h"
#include "bp-style.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

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
  BpWeightsView     *weights;

  BpChartSeries     *roc_series;
  BpChartSeries     *chance_series;

  /* The boundary, copied. */
  float             *grid;
  guint              grid_width, grid_height;
  double             x_min, x_max, y_min, y_max;
  float             *points;        /* x,y pairs */
  guint32           *labels;
  gsize              n_points;
  gsize              boundary_classes;
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

static void
draw_boundary (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  BpEvalView *self = user_data;

  if (self->grid == NULL)
    return;
  if (self->grid_surface == NULL)
    self->grid_surface = make_grid_surface (self);

  const gboolean dark = is_dark (GTK_WIDGET (area));
  const double side = floor (MIN (width, height));
  const double x0 = floor ((width - side) / 2), y0 = 0;

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
  cairo_translate (cr, x0, y0);
  cairo_scale (cr, side / self->grid_width, side / self->grid_height);
  cairo_set_source_surface (cr, self->grid_surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);

  /* Points in the same hues, darker on light and lighter on dark, with a
   * rim of the background so they stand out from the area below. */
  cairo_save (cr);
  cairo_rectangle (cr, x0, y0, side, side);
  cairo_clip (cr);
  const double radius = side >= 240 ? 3.5 : 2.5;
  const double sx = side / (self->x_max - self->x_min), sy = side / (self->y_max - self->y_min);
  cairo_set_line_width (cr, 1.0);
  for (gsize i = 0; i < self->n_points; i++)
    {
      const double px = x0 + (self->points[2 * i] - self->x_min) * sx;
      const double py = y0 + (self->y_max - self->points[2 * i + 1]) * sy;
      double r, g, b;
      class_rgb (self->labels[i], dark ? 1.0 : 0.7, &r, &g, &b);
      if (dark)
        r += (1 - r) * 0.2, g += (1 - g) * 0.2, b += (1 - b) * 0.2;
      cairo_new_sub_path (cr);
      cairo_arc (cr, px, py, radius, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, r, g, b);
      cairo_fill_preserve (cr);
      if (dark)
        cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      else
        cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  /* Frame. */
  if (dark)
    cairo_set_source_rgba (cr, 1, 1, 1, 0.25);
  else
    cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_rectangle (cr, x0 + 0.5, y0 + 0.5, side - 1, side - 1);
  cairo_stroke (cr);
}

static void
clear_boundary (BpEvalView *self)
{
  g_clear_pointer (&self->grid, g_free);
  g_clear_pointer (&self->points, g_free);
  g_clear_pointer (&self->labels, g_free);
  g_clear_pointer (&self->grid_surface, cairo_surface_destroy);
  self->n_points = 0;
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
  g_return_if_fail (grid == NULL || (width > 0 && height > 0 && x_min < x_max && y_min < y_max));
  g_return_if_fail (n_points == 0 || (points_xy != NULL && labels != NULL));

  clear_boundary (self);
  if (grid)
    {
      self->grid = g_memdup2 (grid, (gsize) width * height * sizeof (float));
      self->grid_width = width;
      self->grid_height = height;
      self->x_min = x_min, self->x_max = x_max;
      self->y_min = y_min, self->y_max = y_max;
      self->boundary_classes = n_classes;

      /* At most MAX_POINTS (more only hide the areas): one from each of
       * `kept` equal slices, at a scrambled place in its slice, so rows in
       * a repeating order (classes alternating) do not all show one class. */
      const gsize kept = MIN (n_points, MAX_POINTS);
      const gsize slice = kept ? n_points / kept : 1;
      self->points = g_new (float, 2 * MAX (kept, 1));
      self->labels = g_new (guint32, MAX (kept, 1));
      for (gsize i = 0; i < kept; i++)
        {
          const gsize from = i * n_points / kept + (gsize) ((i * 2654435761u) % slice);
          self->points[2 * i] = points_xy[2 * from];
          self->points[2 * i + 1] = points_xy[2 * from + 1];
          self->labels[i] = labels[from];
        }
      self->n_points = kept;
    }
  gtk_widget_set_visible (self->boundary_section, grid != NULL);
  gtk_widget_set_visible (self->curves_box, gtk_widget_get_visible (self->roc_section) || grid != NULL);
  gtk_widget_queue_draw (self->boundary_area);
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
  g_autofree char *support = g_strdup_printf ("%" G_GUINT64_FORMAT, s->support);
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
      summary = g_strdup_printf (_("Accuracy %.1f%% (%" PRIu64 " of %" PRIu64 " right)"),
                                 evaluation->accuracy * 100.0, right, total);
    }
  else
    summary = g_strdup_printf (_("MAE %.4g · RMSE %.4g · R² %.3f"), evaluation->regression.mae,
                               evaluation->regression.rmse, evaluation->regression.r2);
  gtk_label_set_text (GTK_LABEL (self->summary_label), summary);

  g_autofree char *loss = g_strdup_printf (_("loss %.4g"), evaluation->loss);
  g_autofree char *detail = rows_description ? g_strdup_printf ("%s · %s", rows_description, loss) : g_strdup (loss);
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
