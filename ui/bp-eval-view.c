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
  BpBoundaryView    *boundary;
  GtkWidget         *regression_section;
  GtkWidget         *regression_title;
  BpRegressionPlot  *regression;
  GtkWidget         *network_section;
  BpNetworkView     *network;
  BpWeightsView     *weights;

  BpChartSeries     *roc_series;
  BpChartSeries     *chance_series;
};

G_DEFINE_FINAL_TYPE (BpEvalView, bp_eval_view, GTK_TYPE_WIDGET)

/* ---- decision boundary -------------------------------------------------- */

/* The right column shows while any of its plots does. */
static void
update_curves_box (BpEvalView *self)
{
  gtk_widget_set_visible (self->curves_box, gtk_widget_get_visible (self->roc_section) ||
                                            gtk_widget_get_visible (self->boundary_section) ||
                                            gtk_widget_get_visible (self->regression_section));
}

void
bp_eval_view_show_boundary (BpEvalView *self, const BpBoundary *b)
{
  g_return_if_fail (BP_IS_EVAL_VIEW (self));
  bp_boundary_view_set_boundary (self->boundary, b);
  const gboolean shown = bp_boundary_view_has_boundary (self->boundary);
  gtk_widget_set_visible (self->boundary_section, shown);
  update_curves_box (self);
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

void
bp_eval_view_sync_boundary (BpEvalView *self)
{
  g_return_if_fail (BP_IS_EVAL_VIEW (self));
  gtk_widget_set_visible (self->boundary_section, bp_boundary_view_has_boundary (self->boundary));
  update_curves_box (self);
}

const char *
bp_eval_view_get_boundary_caption (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), NULL);
  return bp_boundary_view_get_caption (self->boundary);
}

gboolean
bp_eval_view_get_boundary_plot (BpEvalView *self, int width, int height, graphene_rect_t *plot)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), FALSE);
  return bp_boundary_view_get_plot (self->boundary, width, height, plot);
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
  update_curves_box (self);
}

void
bp_eval_view_show_regression (BpEvalView  *self,
                              const float *actual,
                              const float *predicted,
                              gsize        n,
                              const char  *target_name,
                              const char  *title)
{
  g_return_if_fail (BP_IS_EVAL_VIEW (self));
  bp_regression_plot_set_points (self->regression, actual, predicted, n, target_name);
  gtk_label_set_text (GTK_LABEL (self->regression_title), title ? title : _("Predictions"));
  gtk_widget_set_visible (self->regression_section, n > 0);
  update_curves_box (self);
}

BpRegressionPlot *
bp_eval_view_get_regression_plot (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), NULL);
  return self->regression;
}

BpNetworkView *
bp_eval_view_get_network_view (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), NULL);
  return self->network;
}

void
bp_eval_view_set_network_shown (BpEvalView *self, gboolean shown)
{
  g_return_if_fail (BP_IS_EVAL_VIEW (self));
  gtk_widget_set_visible (self->network_section, shown);
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
  g_type_ensure (BP_TYPE_BOUNDARY_VIEW);
  g_type_ensure (BP_TYPE_REGRESSION_PLOT);
  g_type_ensure (BP_TYPE_NETWORK_VIEW);
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
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, boundary);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, regression_section);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, regression_title);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, regression);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, network_section);
  gtk_widget_class_bind_template_child (widget_class, BpEvalView, network);
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
  return GTK_WIDGET (self->boundary);
}

BpBoundaryView *
bp_eval_view_get_boundary_view (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), NULL);
  return self->boundary;
}

gsize
bp_eval_view_get_boundary_labels (BpEvalView *self, const guint32 **labels)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), 0);
  return bp_boundary_view_get_labels (self->boundary, labels);
}

BpWeightsView *
bp_eval_view_get_weights (BpEvalView *self)
{
  g_return_val_if_fail (BP_IS_EVAL_VIEW (self), NULL);
  return self->weights;
}
