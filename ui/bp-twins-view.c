/* bp-twins-view.c: the twins' curves, their difference and boundaries. */
#define G_LOG_DOMAIN "bp-twins-view"

#include "bp-twins-view.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bp-frame-views.h"

/* A in the palette's first colour, B in its second, the difference in a
 * third (bp-style.c's Okabe–Ito order); the zero line in the last. */
enum { COLOR_A = 0, COLOR_B = 1, COLOR_DIFFERENCE = 2, COLOR_ZERO = 7 };

/* Batch points reach the charts at most this often, as on the training
 * page (bp-training-view.c): epochs at once. */
#define CHART_INTERVAL_MS 100

struct _BpTwinsView {
  GtkWidget        parent_instance;

  GtkWidget       *box;
  GtkLabel        *name_a;
  GtkLabel        *name_b;
  GtkLabel        *status;
  GtkPaned        *paned;
  GtkWidget       *charts_box;
  BpChart         *charts[BP_TWINS_N_CHARTS];
  GtkWidget       *boundaries;
  GtkLabel        *boundary_title_a;
  GtkLabel        *boundary_title_b;
  BpBoundaryView  *boundary[2];

  const BpDataset *dataset;
  BpFramePoints   *points[2];
  gboolean         has_validation;
  BpTask           task;
  BpChartSeries   *batch_loss[2];
  BpChartSeries   *val_loss[2];
  BpChartSeries   *metric[2];
  BpChartSeries   *val_metric[2];
  BpChartSeries   *loss_difference;
  BpChartSeries   *metric_difference;
  BpChartSeries   *zero[2];
  GArray          *epochs[2];     /* BpProgress: each twin's epoch records */
  guint            n_compared;
  gint64           drawn_us;
  guint            charts_timeout;
};

G_DEFINE_FINAL_TYPE (BpTwinsView, bp_twins_view, GTK_TYPE_WIDGET)

static void
clear_series (BpTwinsView *self)
{
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&self->batch_loss[i]);
      g_clear_object (&self->val_loss[i]);
      g_clear_object (&self->metric[i]);
      g_clear_object (&self->val_metric[i]);
      g_clear_object (&self->zero[i]);
    }
  g_clear_object (&self->loss_difference);
  g_clear_object (&self->metric_difference);
}

static void
bp_twins_view_dispose (GObject *object)
{
  BpTwinsView *self = BP_TWINS_VIEW (object);
  g_clear_handle_id (&self->charts_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), BP_TYPE_TWINS_VIEW);
  G_OBJECT_CLASS (bp_twins_view_parent_class)->dispose (object);
}

static void
bp_twins_view_finalize (GObject *object)
{
  BpTwinsView *self = BP_TWINS_VIEW (object);
  clear_series (self);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&self->points[i], bp_frame_points_free);
      g_array_unref (self->epochs[i]);
    }
  G_OBJECT_CLASS (bp_twins_view_parent_class)->finalize (object);
}

static void
bp_twins_view_class_init (BpTwinsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = bp_twins_view_dispose;
  object_class->finalize = bp_twins_view_finalize;

  g_type_ensure (BP_TYPE_CHART);
  g_type_ensure (BP_TYPE_BOUNDARY_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/backprop/Backprop/ui/bp-twins-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BpTwinsView, box);
  gtk_widget_class_bind_template_child (widget_class, BpTwinsView, name_a);
  gtk_widget_class_bind_template_child (widget_class, BpTwinsView, name_b);
  gtk_widget_class_bind_template_child (widget_class, BpTwinsView, status);
  gtk_widget_class_bind_template_child (widget_class, BpTwinsView, paned);
  gtk_widget_class_bind_template_child (widget_class, BpTwinsView, charts_box);
  gtk_widget_class_bind_template_child_full (widget_class, "loss_chart", FALSE,
                                             G_STRUCT_OFFSET (BpTwinsView, charts[BP_TWINS_CHART_LOSS]));
  gtk_widget_class_bind_template_child_full (widget_class, "loss_difference", FALSE,
                                             G_STRUCT_OFFSET (BpTwinsView, charts[BP_TWINS_CHART_LOSS_DIFFERENCE]));
  gtk_widget_class_bind_template_child_full (widget_class, "metric_chart", FALSE,
                                             G_STRUCT_OFFSET (BpTwinsView, charts[BP_TWINS_CHART_METRIC]));
  gtk_widget_class_bind_template_child_full (widget_class, "metric_difference", FALSE,
                                             G_STRUCT_OFFSET (BpTwinsView, charts[BP_TWINS_CHART_METRIC_DIFFERENCE]));
  gtk_widget_class_bind_template_child (widget_class, BpTwinsView, boundaries);
  gtk_widget_class_bind_template_child (widget_class, BpTwinsView, boundary_title_a);
  gtk_widget_class_bind_template_child (widget_class, BpTwinsView, boundary_title_b);
  gtk_widget_class_bind_template_child_full (widget_class, "boundary_a", FALSE,
                                             G_STRUCT_OFFSET (BpTwinsView, boundary[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "boundary_b", FALSE,
                                             G_STRUCT_OFFSET (BpTwinsView, boundary[1]));
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "twins-view");
}

static void
bp_twins_view_init (BpTwinsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < 2; i++)
    {
      self->points[i] = bp_frame_points_new ();
      self->epochs[i] = g_array_new (FALSE, FALSE, sizeof (BpProgress));
      bp_boundary_view_set_placeholder (self->boundary[i], _("Drawn here as the network learns"));
    }
  /* Each chart over its difference: their epochs line up. */
  bp_chart_align_with (self->charts[BP_TWINS_CHART_LOSS], self->charts[BP_TWINS_CHART_LOSS_DIFFERENCE]);
  bp_chart_align_with (self->charts[BP_TWINS_CHART_METRIC], self->charts[BP_TWINS_CHART_METRIC_DIFFERENCE]);
  bp_chart_set_compact (self->charts[BP_TWINS_CHART_LOSS_DIFFERENCE], TRUE);
  bp_chart_set_compact (self->charts[BP_TWINS_CHART_METRIC_DIFFERENCE], TRUE);
  for (guint c = 0; c < BP_TWINS_N_CHARTS; c++)
    {
      bp_chart_set_x_min_step (self->charts[c], 1);
      bp_chart_set_smoothing (self->charts[c], 0.6);
    }
  bp_chart_set_title (self->charts[BP_TWINS_CHART_LOSS], _("Loss"));
  bp_chart_set_placeholder (self->charts[BP_TWINS_CHART_LOSS], _("The twins' losses are drawn here as they learn"));
  bp_chart_set_x_label (self->charts[BP_TWINS_CHART_LOSS_DIFFERENCE], _("Epoch"));
  bp_chart_set_x_label (self->charts[BP_TWINS_CHART_METRIC_DIFFERENCE], _("Epoch"));
}

GtkWidget *
bp_twins_view_new (void)
{
  return g_object_new (BP_TYPE_TWINS_VIEW, NULL);
}

static BpChartSeries *
add_series (BpChart *chart, const char *label, guint color, BpChartLineStyle style, gboolean points)
{
  BpChartSeries *series = bp_chart_series_new (label, color, style);
  bp_chart_series_set_show_points (series, points);
  bp_chart_add_series (chart, series);
  return series;
}

/* "A: lr 0.001" and the like, for the legends and headings. */
static char *
twin_label (guint which, const char *name)
{
  /* Translators: a twin of a comparison and what sets it apart, e.g. "A: lr 0.01". */
  return g_strdup_printf (_("%s: %s"), which == 0 ? "A" : "B", name);
}

static void
set_series (BpTwinsView *self, const char * const names[2])
{
  const gboolean regression = self->task == BP_TASK_REGRESSION;
  for (guint c = 0; c < BP_TWINS_N_CHARTS; c++)
    bp_chart_remove_all_series (self->charts[c]);
  clear_series (self);
  BpChart *loss = self->charts[BP_TWINS_CHART_LOSS], *metric = self->charts[BP_TWINS_CHART_METRIC];
  for (guint i = 0; i < 2; i++)
    {
      const guint color = i == 0 ? COLOR_A : COLOR_B;
      g_autofree char *label = twin_label (i, names[i]);
      /* Translators: a twin's validation curve in a legend, e.g. "A: lr 0.01, validation". */
      g_autofree char *validation = g_strdup_printf (_("%s, validation"), label);
      self->batch_loss[i] = add_series (loss, label, color, BP_CHART_LINE_SOLID, FALSE);
      bp_chart_series_set_smoothed (self->batch_loss[i], TRUE);
      self->metric[i] = add_series (metric, label, color, BP_CHART_LINE_SOLID, TRUE);
      if (self->has_validation)
        {
          self->val_loss[i] = add_series (loss, validation, color, BP_CHART_LINE_DASHED, TRUE);
          self->val_metric[i] = add_series (metric, validation, color, BP_CHART_LINE_DASHED, TRUE);
        }
    }
  /* The zero line first, under the difference; no legend entry (the
   * difference's name says what it is against). */
  for (guint d = 0; d < 2; d++)
    self->zero[d] = add_series (self->charts[d == 0 ? BP_TWINS_CHART_LOSS_DIFFERENCE : BP_TWINS_CHART_METRIC_DIFFERENCE],
                                "", COLOR_ZERO, BP_CHART_LINE_DOTTED, FALSE);
  self->loss_difference = add_series (self->charts[BP_TWINS_CHART_LOSS_DIFFERENCE],
                                      self->has_validation ? _("Validation loss, B − A") : _("Loss, B − A"),
                                      COLOR_DIFFERENCE, BP_CHART_LINE_SOLID, TRUE);
  const char *metric_difference = regression
    ? (self->has_validation ? _("Validation MAE, B − A") : _("MAE, B − A"))
    : (self->has_validation ? _("Validation accuracy, B − A") : _("Accuracy, B − A"));
  self->metric_difference = add_series (self->charts[BP_TWINS_CHART_METRIC_DIFFERENCE], metric_difference,
                                        COLOR_DIFFERENCE, BP_CHART_LINE_SOLID, TRUE);

  const char *metric_title = regression ? _("Mean absolute error") : _("Accuracy");
  bp_chart_set_title (metric, metric_title);
  if (regression)
    bp_chart_set_y_bounds (metric, 0, NAN);
  else
    bp_chart_set_y_bounds (metric, 0, 1);
}

void
bp_twins_view_begin (BpTwinsView *self, const char *name_a, const char *name_b, const BpDataset *dataset,
                     guint epochs, gboolean boundaries)
{
  g_return_if_fail (BP_IS_TWINS_VIEW (self));
  g_return_if_fail (name_a != NULL && name_b != NULL && dataset != NULL);
  g_clear_handle_id (&self->charts_timeout, g_source_remove);
  self->dataset = dataset;
  self->task = dataset->task;
  self->has_validation = dataset->n_validation > 0;
  self->n_compared = 0;
  const char *names[] = { name_a, name_b };
  GtkLabel *headings[] = { self->name_a, self->name_b };
  GtkLabel *titles[] = { self->boundary_title_a, self->boundary_title_b };
  for (guint i = 0; i < 2; i++)
    {
      g_array_set_size (self->epochs[i], 0);
      g_autofree char *label = twin_label (i, names[i]);
      gtk_label_set_text (headings[i], label);
      gtk_label_set_text (titles[i], label);
      bp_boundary_view_set_boundary (self->boundary[i], NULL);
      bp_boundary_view_set_features (self->boundary[i], NULL, 0, 0, 1);
    }
  set_series (self, names);
  for (guint c = 0; c < BP_TWINS_N_CHARTS; c++)
    {
      bp_chart_set_x_extent (self->charts[c], 0, MAX (epochs, 1));
      bp_chart_data_changed (self->charts[c]);
    }
  for (guint d = 0; d < 2; d++)
    {
      bp_chart_series_append (self->zero[d], 0, 0);
      bp_chart_series_append (self->zero[d], MAX (epochs, 1), 0);
    }
  gtk_widget_set_visible (self->boundaries, boundaries);
  /* With the boundaries, the charts keep about their least height and
   * the boundaries take the rest (a boundary needs it more); the divider
   * moves. */
  if (boundaries)
    gtk_paned_set_position (self->paned, 340);
  gtk_label_set_text (self->status, "");
}

/* Both twins have reached epoch @e: the difference there. */
static void
compare_epoch (BpTwinsView *self, guint e)
{
  const BpProgress *a = &g_array_index (self->epochs[0], BpProgress, e);
  const BpProgress *b = &g_array_index (self->epochs[1], BpProgress, e);
  const double loss = self->has_validation ? b->val_loss - a->val_loss : b->loss - a->loss;
  const double metric = self->has_validation ? b->val_metric - a->val_metric : b->metric - a->metric;
  bp_chart_series_append (self->loss_difference, a->epoch, loss);
  bp_chart_series_append (self->metric_difference, a->epoch, metric);
  self->n_compared = e + 1;
}

static void
charts_changed (BpTwinsView *self)
{
  g_clear_handle_id (&self->charts_timeout, g_source_remove);
  self->drawn_us = g_get_monotonic_time ();
  for (guint c = 0; c < BP_TWINS_N_CHARTS; c++)
    bp_chart_data_changed (self->charts[c]);
}

static gboolean
charts_timeout_cb (gpointer user_data)
{
  BpTwinsView *self = user_data;
  self->charts_timeout = 0;
  charts_changed (self);
  return G_SOURCE_REMOVE;
}

void
bp_twins_view_add_progress (BpTwinsView *self, const BpProgress *records, guint n_records)
{
  g_return_if_fail (BP_IS_TWINS_VIEW (self));
  if (n_records == 0 || !self->loss_difference)
    return;
  gboolean epoch_ended = FALSE;
  for (guint i = 0; i < n_records; i++)
    {
      const BpProgress *p = &records[i];
      const guint w = p->run_id == 1;
      if (p->kind == BP_PROGRESS_BATCH)
        {
          const double x = (p->epoch - 1) + (double) p->batch / MAX (p->batches, 1);
          bp_chart_series_append (self->batch_loss[w], x, p->batch_loss);
          continue;
        }
      bp_chart_series_append (self->metric[w], p->epoch, p->metric);
      if (self->has_validation)
        {
          bp_chart_series_append (self->val_loss[w], p->epoch, p->val_loss);
          bp_chart_series_append (self->val_metric[w], p->epoch, p->val_metric);
        }
      g_array_append_val (self->epochs[w], *p);
      while (self->n_compared < MIN (self->epochs[0]->len, self->epochs[1]->len))
        compare_epoch (self, self->n_compared);
      epoch_ended = TRUE;
    }
  if (epoch_ended || g_get_monotonic_time () - self->drawn_us >= CHART_INTERVAL_MS * 1000)
    charts_changed (self);
  else if (!self->charts_timeout)
    self->charts_timeout = g_timeout_add (CHART_INTERVAL_MS, charts_timeout_cb, self);
}

void
bp_twins_view_show_frame (BpTwinsView *self, guint which, const BpProbeFrame *frame)
{
  g_return_if_fail (BP_IS_TWINS_VIEW (self) && which < 2);
  if (!frame || !self->dataset)
    return;
  bp_frame_views_show_boundary (self->boundary[which], frame, self->dataset, self->points[which], NULL);
}

void
bp_twins_view_set_status (BpTwinsView *self, const char *text)
{
  g_return_if_fail (BP_IS_TWINS_VIEW (self));
  gtk_label_set_text (self->status, text ? text : "");
}

BpChart *
bp_twins_view_get_chart (BpTwinsView *self, BpTwinsChart chart)
{
  g_return_val_if_fail (BP_IS_TWINS_VIEW (self) && chart < BP_TWINS_N_CHARTS, NULL);
  return self->charts[chart];
}

BpBoundaryView *
bp_twins_view_get_boundary (BpTwinsView *self, guint which)
{
  g_return_val_if_fail (BP_IS_TWINS_VIEW (self) && which < 2, NULL);
  return self->boundary[which];
}

guint
bp_twins_view_get_n_compared (BpTwinsView *self)
{
  g_return_val_if_fail (BP_IS_TWINS_VIEW (self), 0);
  return self->n_compared;
}
