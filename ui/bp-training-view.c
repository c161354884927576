/* bp-training-view.c: controls, progress, live charts and the epoch log. */
#define G_LOG_DOMAIN "bp-training-view"

#include "bp-training-view.h"
#include "bp-network-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

struct _BpTrainingView {
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkWidget      *train_button;
  GtkWidget      *train_content;
  GtkWidget      *pause_button;
  GtkWidget      *progress_bar;
  GtkWidget      *progress_label;
  GtkWidget      *status_label;
  GtkWidget      *charts;
  GtkWidget      *loss_overlay;
  GtkWidget      *timeline_bar;
  GtkWidget      *log_toggle;
  GtkWidget      *log_view;
  GtkWidget      *log_check;
  GtkWidget      *views;
  GtkWidget      *outcome_title;
  GtkWidget      *outcome_stack;
  BpConfusionMatrix *confusion;
  BpRegressionPlot *regression;
  BpBoundaryView *boundary;
  BpNetworkView  *network;
  GtkAdjustment  *smoothing_adjustment;

  BpChart        *loss_chart;
  BpChart        *metric_chart;
  BpChartSeries  *batch_loss;
  BpChartSeries  *train_loss;
  BpChartSeries  *val_loss;
  BpChartSeries  *train_metric;
  BpChartSeries  *val_metric;

  BpTask          task;
  gboolean        has_validation;
  gboolean        paused;
  gboolean        finished;
  gint64          charts_drawn_us;   /* when the charts last took new points */
  guint           charts_timeout;
  guint           n_epochs_shown;
  double          last_x;
  BpProgress      last;
  char           *progress_text;
};

G_DEFINE_FINAL_TYPE (BpTrainingView, bp_training_view, GTK_TYPE_WIDGET)

/* Training series in one colour, validation in another and dashed: the
 * pairs read the same in both charts. */
enum { COLOR_BATCH = 0, COLOR_VALIDATION = 1, COLOR_TRAIN = 2 };

char *
bp_training_view_format_epoch_time (double seconds)
{
  if (!isfinite (seconds) || seconds < 0)
    return g_strdup ("–");
  double ms = seconds * 1000.0;
  /* A fast epoch in milliseconds, as Keras does: "0.000s" says nothing. */
  if (ms < 0.1)
    return g_strdup ("<0.1ms");
  if (ms < 9.95)
    return g_strdup_printf ("%.1fms", ms);
  if (ms < 999.5)
    return g_strdup_printf ("%.0fms", ms);
  if (seconds < 59.95)
    return g_strdup_printf ("%.1fs", seconds);
  return g_strdup_printf ("%'.0fs", seconds);
}

static char *
format_duration (double seconds)
{
  if (!isfinite (seconds) || seconds < 0)
    return g_strdup ("–");
  /* A run under a second is no "0:00": its time in ms, as epochs are. */
  if (seconds < 0.9995)
    return bp_training_view_format_epoch_time (seconds);
  guint64 s = (guint64) (seconds + 0.5);
  if (s >= 3600)
    return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u:%02u", s / 3600, (guint) (s / 60 % 60), (guint) (s % 60));
  return g_strdup_printf ("%u:%02u", (guint) (s / 60), (guint) (s % 60));
}

static void
update_progress (BpTrainingView *self)
{
  const BpProgress *p = &self->last;
  if (p->epochs == 0 || p->batches == 0)
    {
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar), 0);
      gtk_label_set_text (GTK_LABEL (self->progress_label), _("Not started"));
      g_clear_pointer (&self->progress_text, g_free);
      return;
    }
  double total = (double) p->epochs * p->batches;
  double done = (double) (p->epoch - 1) * p->batches + p->batch;
  double fraction = CLAMP (done / total, 0, 1);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar), fraction);

  g_autofree char *elapsed = format_duration (p->seconds);
  double rate = p->seconds > 0 ? p->samples / p->seconds : 0;
  g_free (self->progress_text);
  if (self->finished)
    /* Translators: a training run that has ended, e.g. "Epoch 10/10 · batch 15/15 · 0:02 elapsed · 12 345 samples/s";
     * %'u and %'.0f group the digits as the language does; a no-break space keeps a number with its unit. */
    self->progress_text = g_strdup_printf (_("Epoch %'u/%'u · batch %'u/%'u · %s elapsed · %'.0f samples/⁠s"),
                                           p->epoch, p->epochs, p->batch, p->batches, elapsed, rate);
  else
    {
      g_autofree char *eta = format_duration (fraction > 0 ? p->seconds / fraction - p->seconds : NAN);
      /* Translators: progress of a training run, e.g. "Epoch 3/10 · batch 7/15 · 0:02 elapsed · 0:05 left · 12 345 samples/s";
       * %'u and %'.0f group the digits as the language does; a no-break space keeps a number with its unit. */
      self->progress_text = g_strdup_printf (_("Epoch %'u/%'u · batch %'u/%'u · %s elapsed · %s left · %'.0f samples/⁠s"),
                                             p->epoch, p->epochs, p->batch, p->batches, elapsed, eta, rate);
    }
  gtk_label_set_text (GTK_LABEL (self->progress_label), self->progress_text);
  /* The whole line stays readable where the window cuts it off. */
  gtk_widget_set_tooltip_text (self->progress_label, self->progress_text);
}

/* scroll_to_mark, not scroll_mark_onscreen: it waits until the new lines
 * are measured instead of scrolling by estimated heights. */
static void
scroll_log_to_end (BpTrainingView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->log_view));
  GtkTextMark *mark = gtk_text_buffer_get_mark (buffer, "end");
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->log_view), mark, 0.0, TRUE, 0.0, 1.0);
}

/* Frame by frame until the log sits at its end: the view measures the
 * lines it had estimated over the first frames, and the end moves. */
static gboolean
scroll_log_once_sized (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  if (gtk_widget_get_height (widget) == 0)
    return G_SOURCE_CONTINUE;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  if (gtk_adjustment_get_value (adjustment) < end - 1)
    {
      gtk_adjustment_set_value (adjustment, end);
      return G_SOURCE_CONTINUE;
    }
  return G_SOURCE_REMOVE;
}

/* Lines added before the log was first drawn (a whole run log opened at
 * start-up) are scrolled to once it has a size: when it is mapped it has
 * none yet, and a scroll then left it part-way down. */
static void
on_log_mapped (BpTrainingView *self)
{
  gtk_widget_add_tick_callback (self->log_view, scroll_log_once_sized, self, NULL);
}

static void
append_log_line (BpTrainingView *self, const BpProgress *p)
{
  const char *metric = bp_metric_name (self->task);
  g_autoptr(GString) line = g_string_new (NULL);
  /* Keras's own words, so the log reads like the notebooks students know. */
  g_autofree char *took = bp_training_view_format_epoch_time (p->epoch_seconds);
  g_string_append_printf (line, "Epoch %u/%u - %s - loss: %.4f - %s: %.4f",
                          p->epoch, p->epochs, took, p->loss, metric, p->metric);
  if (self->has_validation)
    g_string_append_printf (line, " - val_loss: %.4f - val_%s: %.4f", p->val_loss, metric, p->val_metric);
  g_string_append_c (line, '\n');

  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->log_view));
  GtkTextIter end;
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, line->str, (int) line->len);
  scroll_log_to_end (self);
}

/* Charts take new batch points at most this often: a redraw of two charts
 * costs a few milliseconds, and doing it every frame would take CPU the
 * training thread and the display server need on a 2-core laptop. Epoch
 * points are shown at once. */
#define CHART_INTERVAL_MS 100

static void
charts_changed (BpTrainingView *self)
{
  g_clear_handle_id (&self->charts_timeout, g_source_remove);
  self->charts_drawn_us = g_get_monotonic_time ();
  bp_chart_data_changed (self->loss_chart);
  bp_chart_data_changed (self->metric_chart);
}

static gboolean
charts_timeout_cb (gpointer user_data)
{
  BpTrainingView *self = user_data;
  self->charts_timeout = 0;
  charts_changed (self);
  return G_SOURCE_REMOVE;
}

void
bp_training_view_add_progress (BpTrainingView *self, const BpProgress *records, guint n_records)
{
  g_return_if_fail (BP_IS_TRAINING_VIEW (self));
  if (n_records == 0)
    return;
  gboolean epoch_ended = FALSE;

  for (guint i = 0; i < n_records; i++)
    {
      const BpProgress *p = &records[i];
      /* x in epochs: a batch at its fraction of the epoch, an epoch's
       * values at its end, so both kinds share one axis. */
      if (p->kind == BP_PROGRESS_BATCH)
        {
          self->last_x = (p->epoch - 1) + (double) p->batch / MAX (p->batches, 1);
          bp_chart_series_append (self->batch_loss, self->last_x, p->batch_loss);
        }
      else
        {
          self->last_x = p->epoch;
          bp_chart_series_append (self->train_loss, p->epoch, p->loss);
          bp_chart_series_append (self->train_metric, p->epoch, p->metric);
          if (self->has_validation)
            {
              bp_chart_series_append (self->val_loss, p->epoch, p->val_loss);
              bp_chart_series_append (self->val_metric, p->epoch, p->val_metric);
            }
          self->n_epochs_shown++;
          epoch_ended = TRUE;
          append_log_line (self, p);
        }
    }
  self->last = records[n_records - 1];
  update_progress (self);
  if (epoch_ended || g_get_monotonic_time () - self->charts_drawn_us >= CHART_INTERVAL_MS * 1000)
    charts_changed (self);
  else if (!self->charts_timeout)
    self->charts_timeout = g_timeout_add (CHART_INTERVAL_MS, charts_timeout_cb, self);
}

void
bp_training_view_add_marker (BpTrainingView *self, const char *label)
{
  g_return_if_fail (BP_IS_TRAINING_VIEW (self));
  bp_chart_add_marker (self->loss_chart, self->last_x, label);
  bp_chart_add_marker (self->metric_chart, self->last_x, label);
}

static void
set_series (BpTrainingView *self)
{
  const char *metric_title = self->task == BP_TASK_REGRESSION ? _("Mean absolute error") : _("Accuracy");

  bp_chart_remove_all_series (self->loss_chart);
  bp_chart_remove_all_series (self->metric_chart);
  bp_chart_clear_markers (self->loss_chart);
  bp_chart_clear_markers (self->metric_chart);

  g_clear_object (&self->batch_loss);
  g_clear_object (&self->train_loss);
  g_clear_object (&self->val_loss);
  g_clear_object (&self->train_metric);
  g_clear_object (&self->val_metric);
  self->batch_loss = bp_chart_series_new (_("Loss per batch"), COLOR_BATCH, BP_CHART_LINE_SOLID);
  bp_chart_series_set_smoothed (self->batch_loss, TRUE);
  self->train_loss = bp_chart_series_new (_("Training loss"), COLOR_TRAIN, BP_CHART_LINE_SOLID);
  self->val_loss = bp_chart_series_new (_("Validation loss"), COLOR_VALIDATION, BP_CHART_LINE_DASHED);
  self->train_metric = bp_chart_series_new (self->task == BP_TASK_REGRESSION ? _("Training MAE") : _("Training accuracy"),
                                            COLOR_TRAIN, BP_CHART_LINE_SOLID);
  self->val_metric = bp_chart_series_new (self->task == BP_TASK_REGRESSION ? _("Validation MAE") : _("Validation accuracy"),
                                          COLOR_VALIDATION, BP_CHART_LINE_DASHED);
  bp_chart_series_set_show_points (self->train_loss, TRUE);
  bp_chart_series_set_show_points (self->val_loss, TRUE);
  bp_chart_series_set_show_points (self->train_metric, TRUE);
  bp_chart_series_set_show_points (self->val_metric, TRUE);

  bp_chart_add_series (self->loss_chart, self->batch_loss);
  bp_chart_add_series (self->loss_chart, self->train_loss);
  bp_chart_add_series (self->metric_chart, self->train_metric);
  if (self->has_validation)
    {
      bp_chart_add_series (self->loss_chart, self->val_loss);
      bp_chart_add_series (self->metric_chart, self->val_metric);
    }
  /* At least the first epoch from the start; whole epochs as ticks. */
  bp_chart_set_x_extent (self->loss_chart, 0, 1);
  bp_chart_set_x_extent (self->metric_chart, 0, 1);
  bp_chart_set_title (self->metric_chart, metric_title);
  bp_chart_set_y_label (self->metric_chart, metric_title);
  if (self->task == BP_TASK_REGRESSION)
    bp_chart_set_y_bounds (self->metric_chart, 0, NAN);
  else
    bp_chart_set_y_bounds (self->metric_chart, 0, 1);
  bp_chart_data_changed (self->loss_chart);
  bp_chart_data_changed (self->metric_chart);
}

void
bp_training_view_begin (BpTrainingView *self, BpTask task, gboolean has_validation)
{
  g_return_if_fail (BP_IS_TRAINING_VIEW (self));
  self->task = task;
  self->has_validation = has_validation;
  self->n_epochs_shown = 0;
  self->last_x = 0;
  self->paused = FALSE;
  self->finished = FALSE;
  memset (&self->last, 0, sizeof self->last);
  set_series (self);
  g_clear_handle_id (&self->charts_timeout, g_source_remove);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->log_view)), "", 0);
  bp_training_view_set_status (self, NULL, FALSE);
  /* The live views start over too: nothing of another run stays. */
  bp_boundary_view_set_boundary (self->boundary, NULL);
  bp_network_view_set_layers (self->network, NULL, 0);
  bp_training_view_clear_outcome (self);
  bp_timeline_bar_set_snapshots (BP_TIMELINE_BAR (self->timeline_bar), NULL, FALSE, 0);
  bp_training_view_set_cursor (self, NAN);
  update_progress (self);
}

BpTimelineBar *
bp_training_view_get_timeline_bar (BpTrainingView *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_VIEW (self), NULL);
  return BP_TIMELINE_BAR (self->timeline_bar);
}

void
bp_training_view_set_cursor (BpTrainingView *self, double x)
{
  g_return_if_fail (BP_IS_TRAINING_VIEW (self));
  bp_chart_set_cursor (self->loss_chart, x);
  bp_chart_set_cursor (self->metric_chart, x);
}

void
bp_training_view_clear (BpTrainingView *self)
{
  g_return_if_fail (BP_IS_TRAINING_VIEW (self));
  bp_training_view_begin (self, BP_TASK_BINARY, TRUE);
}

void
bp_training_view_set_status (BpTrainingView *self, const char *status, gboolean error)
{
  g_return_if_fail (BP_IS_TRAINING_VIEW (self));
  gtk_label_set_text (GTK_LABEL (self->status_label), status ? status : "");
  gtk_widget_set_visible (self->status_label, status != NULL);
  if (error)
    gtk_widget_add_css_class (self->status_label, "error");
  else
    gtk_widget_remove_css_class (self->status_label, "error");
}

static void
update_train_label (BpTrainingView *self)
{
  const char *label = _("_Train");
  const char *tooltip = _("Start training, or resume it (Ctrl+Return)");
  if (self->finished)
    {
      /* Train after the end starts a new run with the settings as they
       * are now; the button says so. */
      label = _("Train _Again");
      tooltip = _("Start a new run with the current settings (Ctrl+Return)");
    }
  else if (self->paused && self->last.step > 0)
    label = _("Res_ume");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (self->train_content), label);
  gtk_widget_set_tooltip_text (self->train_button, tooltip);
}

void
bp_training_view_set_paused (BpTrainingView *self, gboolean paused)
{
  g_return_if_fail (BP_IS_TRAINING_VIEW (self));
  self->paused = paused;
  update_train_label (self);
}

void
bp_training_view_set_finished (BpTrainingView *self, gboolean finished)
{
  g_return_if_fail (BP_IS_TRAINING_VIEW (self));
  if (self->finished == !!finished)
    return;
  self->finished = !!finished;
  update_train_label (self);
  update_progress (self);
}

const char *
bp_training_view_get_train_label (BpTrainingView *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_VIEW (self), NULL);
  return adw_button_content_get_label (ADW_BUTTON_CONTENT (self->train_content));
}

BpChart *
bp_training_view_get_loss_chart (BpTrainingView *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_VIEW (self), NULL);
  return self->loss_chart;
}

BpChart *
bp_training_view_get_metric_chart (BpTrainingView *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_VIEW (self), NULL);
  return self->metric_chart;
}

guint
bp_training_view_get_n_epochs_shown (BpTrainingView *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_VIEW (self), 0);
  return self->n_epochs_shown;
}

/* What the metric chart holds for validation (0 without validation rows). */
guint
bp_training_view_get_n_validation_points (BpTrainingView *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_VIEW (self), 0);
  return self->has_validation ? bp_chart_series_get_n_points (self->val_metric) : 0;
}

const char *
bp_training_view_get_progress_text (BpTrainingView *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_VIEW (self), NULL);
  return self->progress_text;
}

/* ---- the live views ----------------------------------------------------- */

void
bp_training_view_show_confusion (BpTrainingView     *self,
                                 const guint64      *counts,
                                 gsize               n_classes,
                                 const char * const *class_names,
                                 const char         *title)
{
  g_return_if_fail (BP_IS_TRAINING_VIEW (self));
  bp_confusion_matrix_set_counts (self->confusion, counts, n_classes, class_names);
  gtk_label_set_text (GTK_LABEL (self->outcome_title), title ? title : _("Confusion matrix"));
  gtk_widget_set_tooltip_text (self->outcome_title, title);
  gtk_stack_set_visible_child_name (GTK_STACK (self->outcome_stack), n_classes ? "confusion" : "empty");
}

void
bp_training_view_show_regression (BpTrainingView *self,
                                  const float    *actual,
                                  const float    *predicted,
                                  gsize           n,
                                  const char     *target_name,
                                  const char     *title)
{
  g_return_if_fail (BP_IS_TRAINING_VIEW (self));
  bp_regression_plot_set_points (self->regression, actual, predicted, n, target_name);
  gtk_label_set_text (GTK_LABEL (self->outcome_title), title ? title : _("Predictions"));
  gtk_widget_set_tooltip_text (self->outcome_title, title);
  gtk_stack_set_visible_child_name (GTK_STACK (self->outcome_stack), n ? "regression" : "empty");
}

void
bp_training_view_clear_outcome (BpTrainingView *self)
{
  g_return_if_fail (BP_IS_TRAINING_VIEW (self));
  bp_confusion_matrix_set_counts (self->confusion, NULL, 0, NULL);
  bp_regression_plot_set_points (self->regression, NULL, NULL, 0, NULL);
  gtk_label_set_text (GTK_LABEL (self->outcome_title),
                      self->task == BP_TASK_REGRESSION ? _("Predictions") : _("Confusion matrix"));
  gtk_widget_set_tooltip_text (self->outcome_title, NULL);
  gtk_stack_set_visible_child_name (GTK_STACK (self->outcome_stack), "empty");
}

BpBoundaryView *
bp_training_view_get_boundary_view (BpTrainingView *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_VIEW (self), NULL);
  return self->boundary;
}

BpNetworkView *
bp_training_view_get_network_view (BpTrainingView *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_VIEW (self), NULL);
  return self->network;
}

BpConfusionMatrix *
bp_training_view_get_confusion_matrix (BpTrainingView *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_VIEW (self), NULL);
  return self->confusion;
}

BpRegressionPlot *
bp_training_view_get_regression_plot (BpTrainingView *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_VIEW (self), NULL);
  return self->regression;
}

GtkWidget *
bp_training_view_get_outcome (BpTrainingView *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_VIEW (self), NULL);
  return self->outcome_stack;
}

static void
bp_training_view_dispose (GObject *object)
{
  BpTrainingView *self = BP_TRAINING_VIEW (object);

  g_clear_handle_id (&self->charts_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), BP_TYPE_TRAINING_VIEW);
  g_clear_object (&self->batch_loss);
  g_clear_object (&self->train_loss);
  g_clear_object (&self->val_loss);
  g_clear_object (&self->train_metric);
  g_clear_object (&self->val_metric);
  g_clear_pointer (&self->progress_text, g_free);
  G_OBJECT_CLASS (bp_training_view_parent_class)->dispose (object);
}

static void
bp_training_view_class_init (BpTrainingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bp_training_view_dispose;

  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  g_type_ensure (BP_TYPE_CONFUSION_MATRIX);
  g_type_ensure (BP_TYPE_REGRESSION_PLOT);
  g_type_ensure (BP_TYPE_BOUNDARY_VIEW);
  g_type_ensure (BP_TYPE_NETWORK_VIEW);
  g_type_ensure (BP_TYPE_TIMELINE_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/backprop/Backprop/ui/bp-training-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, box);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, train_button);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, train_content);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, pause_button);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, status_label);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, charts);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, loss_overlay);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, timeline_bar);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, log_toggle);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, log_view);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, log_check);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, views);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, outcome_title);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, outcome_stack);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, confusion);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, regression);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, boundary);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, network);
  gtk_widget_class_bind_template_child (widget_class, BpTrainingView, smoothing_adjustment);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "training-view");
}

static void
bp_training_view_init (BpTrainingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->loss_chart = BP_CHART (bp_chart_new ());
  bp_chart_set_title (self->loss_chart, _("Loss"));
  bp_chart_set_x_label (self->loss_chart, _("Epoch"));
  bp_chart_set_y_label (self->loss_chart, _("Loss"));
  bp_chart_set_placeholder (self->loss_chart, _("Press Train to watch the network learn"));
  self->metric_chart = BP_CHART (bp_chart_new ());
  bp_chart_set_x_label (self->metric_chart, _("Epoch"));
  gtk_overlay_set_child (GTK_OVERLAY (self->loss_overlay), GTK_WIDGET (self->loss_chart));
  gtk_box_insert_child_after (GTK_BOX (self->charts), GTK_WIDGET (self->metric_chart), self->loss_overlay);
  gtk_widget_set_vexpand (GTK_WIDGET (self->metric_chart), TRUE);
  bp_boundary_view_set_placeholder (self->boundary, _("What the network answers across two inputs is drawn here as it learns"));
  bp_network_view_set_placeholder (self->network, _("The network's units and weights are drawn here as it learns"));
  bp_chart_set_x_min_step (self->loss_chart, 1);
  bp_chart_set_x_min_step (self->metric_chart, 1);
  /* One above the other: epochs line up when the plots do. */
  bp_chart_align_with (self->loss_chart, self->metric_chart);

  g_object_bind_property (self->log_check, "active", self->loss_chart, "log-y",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  /* One click on the chart itself, and the same in the chart menu. */
  g_object_bind_property (self->log_toggle, "active", self->loss_chart, "log-y",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->smoothing_adjustment, "value", self->loss_chart, "smoothing",
                          G_BINDING_BIDIRECTIONAL);
  gtk_adjustment_set_value (self->smoothing_adjustment, 0.6);

  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->log_view));
  GtkTextIter end;
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_create_mark (buffer, "end", &end, FALSE);
  g_signal_connect_object (self->log_view, "map", G_CALLBACK (on_log_mapped), self, G_CONNECT_SWAPPED);

  bp_training_view_clear (self);
}

GtkWidget *
bp_training_view_new (void)
{
  return g_object_new (BP_TYPE_TRAINING_VIEW, NULL);
}
