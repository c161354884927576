/* bp-window-training.c: the run the window shows.
 *
 * The training actions drive the document's session. While a run is
 * active a tick callback polls the session once per frame and feeds the
 * training view; once a pause has parked the worker the Evaluate page
 * shows the model as it is then, and when the run ends, as it ended.
 * Charts, the history and the model are exported from here.
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "bp-window"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "bp-window-private.h"

static void update_evaluation (BpWindow *self);
static void clear_probe (BpWindow *self);

/* ---- training ---------------------------------------------------------- */

static void show_frame_on_training_page (BpWindow *self, const BpProbeFrame *frame, const BpDataset *d,
                                         const BpModelSpec *spec);
static void show_frame_on_evaluate (BpWindow *self, const BpProbeFrame *frame, const BpDataset *d,
                                    const BpModelSpec *spec);

/* The network the run trains, for reading the frames' weights. (Taken
 * from the model, it was missed whenever the worker had not parked yet
 * when the run started: the diagram then stayed empty for the run.) */
static const BpModelSpec *
live_spec (BpWindow *self)
{
  if (self->live_spec == NULL)
    {
      const BpModelSpec *spec = bp_training_session_get_spec (self->session);
      if (spec)
        self->live_spec = bp_model_spec_copy (spec);
    }
  return self->live_spec;
}

/* The newest live frame, once per frame clock tick: taking it never
 * waits for the training thread. A new one goes to the training page's
 * views (BACKPROP_TRACE's live_updates counts these), and while paused to
 * Evaluate's too: the training thread probes where a pause left the
 * model, and again for each plane picked meanwhile. */
static void
take_live_frame (BpWindow *self)
{
  gboolean is_new = FALSE;
  const BpProbeFrame *frame = bp_training_session_take_frame (self->session, &is_new);
  const BpDataset *d = bp_training_session_get_dataset (self->session);
  if (frame == NULL || !is_new || d == NULL)
    return;
  /* An earlier moment chosen on the timeline stays on show. */
  if (_bp_window_timeline_holds (self))
    return;
  if (!self->live_features_set && frame->has_plane)
    {
      /* The pickers start where the session's plane does. */
      bp_frame_views_set_features (bp_training_view_get_boundary_view (self->training_view), d, &frame->plane);
      bp_frame_views_set_features (bp_eval_view_get_boundary_view (self->eval_view), d, &frame->plane);
      self->live_features_set = TRUE;
    }
  show_frame_on_training_page (self, frame, d, live_spec (self));
  if (bp_training_session_get_state (self->session) == BP_SESSION_PAUSED && self->evaluated_step != 0)
    show_frame_on_evaluate (self, frame, d, live_spec (self));
}

static void
poll_session (BpWindow *self)
{
  take_live_frame (self);
  g_array_set_size (self->scratch, 0);
  if (bp_training_session_poll (self->session, self->scratch) == 0)
    return;
  bp_training_view_add_progress (self->training_view, (const BpProgress *) (void *) self->scratch->data,
                                 self->scratch->len);
  _bp_window_timeline_refresh (self);
}

/* Once per pause (or step) that has parked: the model as it is now. The
 * result stays on show after resuming, labelled with where it was taken,
 * so the class can keep looking at it while the run goes on. */
static void
evaluate_if_parked (BpWindow *self)
{
  /* The session hands out the model only once the worker has parked. */
  if (bp_training_session_get_state (self->session) != BP_SESSION_PAUSED
      || !bp_training_session_get_model (self->session))
    return;
  /* Parked, so everything up to here is published: take it first. */
  poll_session (self);
  guint64 step = bp_training_session_get_last (self->session)->step;
  if (step == 0 || step == self->evaluated_step)
    return;
  update_evaluation (self);
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  BpWindow *self = BP_WINDOW (widget);
  poll_session (self);
  evaluate_if_parked (self);
  return G_SOURCE_CONTINUE;
}

static void
on_session_updated (BpTrainingSession *session, BpWindow *self)
{
  poll_session (self);
}

static void
flush_marker (BpWindow *self)
{
  /* The next change while paused is measured from where the run is now. */
  self->marker_base_set = FALSE;
  if (!self->pending_marker)
    return;
  bp_training_view_add_marker (self->training_view, self->pending_marker);
  g_clear_pointer (&self->pending_marker, g_free);
}

/* Build the run from the document; FALSE (and a message) if it cannot be. */
static gboolean
prepare_run (BpWindow *self)
{
  BpSessionState state = bp_training_session_get_state (self->session);
  if (state == BP_SESSION_PAUSED || state == BP_SESSION_RUNNING)
    return TRUE;
  g_autoptr(GError) error = NULL;
  if (!bp_document_prepare_training (self->document, &error))
    {
      if (g_error_matches (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NO_DATA))
        _bp_window_toast (self, error->message);
      else
        _bp_window_show_error (self, _("Cannot Start Training"), error->message);
      return FALSE;
    }
  const BpDataset *d = bp_training_session_get_dataset (self->session);
  g_clear_pointer (&self->live_spec, bp_model_spec_free);
  self->live_features_set = FALSE;
  live_spec (self);
  self->task = d->task;
  self->has_validation = d->n_validation > 0;
  bp_training_view_begin (self->training_view, self->task, self->has_validation);
  return TRUE;
}

static void
train_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  if (!prepare_run (self))
    return;
  flush_marker (self);
  bp_training_session_resume (self->session);
  /* Ctrl+Return from another page: the curves are what to watch now. */
  adw_view_stack_set_visible_child_name (self->view_stack, "train");
}

static void
pause_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  switch (bp_training_session_get_state (self->session))
    {
    case BP_SESSION_RUNNING:
      bp_training_session_pause (self->session);
      break;
    case BP_SESSION_PAUSED:
      flush_marker (self);
      bp_training_session_resume (self->session);
      break;
    case BP_SESSION_IDLE:
    case BP_SESSION_FINISHED:
    default:
      break;
    }
}

static void
step_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  if (bp_training_session_get_state (self->session) == BP_SESSION_RUNNING || !prepare_run (self))
    return;
  flush_marker (self);
  bp_training_session_step (self->session, g_str_equal (name, "win.step-epoch") ? BP_STEP_EPOCH : BP_STEP_BATCH);
}

static void
stop_action (GtkWidget *widget, const char *name, GVariant *param)
{
  bp_training_session_stop (BP_WINDOW (widget)->session);
}

static void
reset_now (BpWindow *self, gpointer data)
{
  bp_document_reset_training (self->document);
}

static void
reset_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  _bp_window_confirm_discard (self, reset_now, NULL, NULL);
}

static void
on_state_changed (BpTrainingSession *session, GParamSpec *pspec, BpWindow *self)
{
  BpSessionState state = bp_training_session_get_state (session);
  gboolean active = state == BP_SESSION_RUNNING || state == BP_SESSION_PAUSED;

  if (state == BP_SESSION_IDLE)
    {
      /* The run was reset (by Reset, Train again or opening other data):
       * nothing of it stays on show. */
      bp_training_view_clear (self->training_view);
      clear_probe (self);
      update_evaluation (self);
      g_clear_pointer (&self->pending_marker, g_free);
      self->marker_base_set = FALSE;
    }

  if (active && !self->tick_id)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
  else if (!active && self->tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }

  bp_model_view_set_state (self->model_view,
                           state == BP_SESSION_IDLE ? BP_MODEL_VIEW_EDITABLE
                           : state == BP_SESSION_RUNNING ? BP_MODEL_VIEW_RUNNING
                           : BP_MODEL_VIEW_PAUSED);
  bp_data_view_set_locked (self->data_view, state != BP_SESSION_IDLE);
  bp_training_view_set_paused (self->training_view, state == BP_SESSION_PAUSED);
  bp_training_view_set_finished (self->training_view, state == BP_SESSION_FINISHED);
  if (state == BP_SESSION_PAUSED && bp_training_session_get_last (session)->step > 0)
    bp_training_view_set_status (self->training_view,
                                 _("Paused. You can change the learning rate, batch size and epochs now; "
                                   "the change takes effect when you resume."), FALSE);
  else if (state == BP_SESSION_RUNNING)
    bp_training_view_set_status (self->training_view, NULL, FALSE);
  _bp_window_update_actions (self);
}

/* @scored, and what always giving the same answer scores on the same
 * rows: the floor the network had to clear. */
static char *
baseline_clause (BpWindow *self, const char *scored)
{
  const BpDataset *d = bp_training_session_get_dataset (self->session);
  if (d == NULL || (d->n_validation > 0) != self->has_validation)
    return g_strdup (scored);
  BpBaseline baseline;
  bp_baseline_compute (&baseline, d, self->has_validation ? d->validation : d->train,
                       self->has_validation ? d->n_validation : d->n_train);
  if (d->task == BP_TASK_REGRESSION)
    /* Translators: %s is a score such as “validation mean absolute error 44.8500”; then the
     * mean absolute error of always answering the training rows' mean. */
    return g_strdup_printf (_("%s — always answering the training mean scores %.4f"), scored,
                            baseline.regression.mae);
  /* Translators: %s is a score such as “validation accuracy 96.7 %”, then a class name
   * and the accuracy of always answering that class. */
  return g_strdup_printf (_("%s — always answering “%s” scores %.1f%%"), scored,
                          d->class_names[baseline.majority], baseline.accuracy * 100.0);
}

static char *
finished_message (BpWindow *self)
{
  const BpProgress *last = bp_training_session_get_last (self->session);
  gboolean regression = self->task == BP_TASK_REGRESSION;
  double value = self->has_validation ? last->val_metric : last->metric;
  g_autofree char *scored = self->has_validation
    ? g_strdup_printf (regression ? _("validation mean absolute error %.4f") : _("validation accuracy %.1f%%"),
                       regression ? value : value * 100.0)
    : g_strdup_printf (regression ? _("training mean absolute error %.4f") : _("training accuracy %.1f%%"),
                       regression ? value : value * 100.0);
  g_autofree char *result = baseline_clause (self, scored);

  switch (bp_training_session_get_stop_reason (self->session))
    {
    case BP_STOP_EPOCHS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Finished %u epoch: %s.", "Finished %u epochs: %s.",
                                           last->epoch),
                              last->epoch, result);
    case BP_STOP_EARLY:
      return g_strdup_printf (_("Stopped early after epoch %u: the validation score stopped improving. %s."),
                              last->epoch, result);
    case BP_STOP_TARGET:
      return g_strdup_printf (_("Reached the target after epoch %u: %s."), last->epoch, result);
    case BP_STOP_TIME:
      return g_strdup_printf (_("Time limit reached after epoch %u: %s."), last->epoch, result);
    case BP_STOP_USER:
      return g_strdup_printf (_("Stopped during epoch %u. The network keeps what it learned so far."), last->epoch);
    case BP_STOP_DIVERGED:
    case BP_STOP_NONE:
    default:
      return NULL;
    }
}

/* The probe's grid: fine enough for a smooth boundary, small enough to
 * run on the UI thread in a few milliseconds at a pause or the end. */
#define PROBE_GRID 96

static void
clear_probe (BpWindow *self)
{
  g_clear_pointer (&self->frame, bp_probe_frame_free);
  g_clear_pointer (&self->probe, bp_probe_free);
  self->probe_dataset = NULL;
}

/* A probe for the session's dataset and network, made again when either
 * is another. */
static BpProbe *
ensure_probe (BpWindow *self, const BpModel *model, const BpDataset *d)
{
  if (self->probe && self->probe_dataset == d && self->probe_params == model->n_params)
    return self->probe;
  clear_probe (self);
  g_autoptr(GError) error = NULL;
  self->probe = bp_probe_new (model->spec, d, PROBE_GRID, PROBE_GRID, &error);
  if (self->probe == NULL)
    {
      g_warning ("Could not look inside the model: %s", error->message);
      return NULL;
    }
  self->probe_dataset = d;
  self->probe_params = model->n_params;
  self->frame = bp_probe_frame_new (self->probe);
  bp_frame_views_set_features (bp_training_view_get_boundary_view (self->training_view), d,
                               bp_probe_get_plane (self->probe));
  bp_frame_views_set_features (bp_eval_view_get_boundary_view (self->eval_view), d, bp_probe_get_plane (self->probe));
  return self->probe;
}

/* One frame into a page's views: the training page's and Evaluate's are
 * fed the same way. */
static void
show_frame_on_training_page (BpWindow *self, const BpProbeFrame *frame, const BpDataset *d, const BpModelSpec *spec)
{
  BpTrainingView *view = self->training_view;
  bp_frame_views_show_boundary (bp_training_view_get_boundary_view (view), frame, d, self->train_points,
                                _("A decision boundary needs two features that are numbers"));
  bp_frame_views_set_network_names (bp_training_view_get_network_view (view), d);
  bp_frame_views_show_network (bp_training_view_get_network_view (view), frame, spec);
  /* Frames between epochs leave the validation rows out: the last stays. */
  if (!(frame->parts & BP_PROBE_EVAL))
    return;
  g_autofree char *title = bp_frame_views_outcome_title (frame);
  if (frame->confusion)
    bp_training_view_show_confusion (view, frame->confusion->counts, frame->confusion->n_classes,
                                     (const char * const *) d->class_names, title);
  else if (frame->predicted)
    bp_training_view_show_regression (view, frame->actual, frame->predicted, frame->n_eval_rows, d->target_name,
                                      title);
}

static void
show_frame_on_evaluate (BpWindow *self, const BpProbeFrame *frame, const BpDataset *d, const BpModelSpec *spec)
{
  BpEvalView *view = self->eval_view;
  bp_frame_views_show_boundary (bp_eval_view_get_boundary_view (view), frame, d, self->eval_points, NULL);
  bp_eval_view_sync_boundary (view);
  bp_frame_views_set_network_names (bp_eval_view_get_network_view (view), d);
  bp_frame_views_show_network (bp_eval_view_get_network_view (view), frame, spec);
  bp_eval_view_set_network_shown (view, TRUE);
  if (!(frame->parts & BP_PROBE_EVAL))
    return;
  g_autofree char *title = bp_frame_views_outcome_title (frame);
  if (frame->predicted)
    bp_eval_view_show_regression (view, frame->actual, frame->predicted, frame->n_eval_rows, d->target_name, title);
  else
    bp_eval_view_show_regression (view, NULL, NULL, 0, NULL, NULL);
}

/* The model as it is now (parked or ended) through the probe, into both
 * pages. */
static void
probe_model (BpWindow *self, const BpModel *model, const BpDataset *d)
{
  BpProbe *probe = ensure_probe (self, model, d);
  if (probe == NULL)
    return;
  bp_probe_set_parts (probe, BP_PROBE_ALL);
  bp_probe_run (probe, model, self->frame);
  show_frame_on_training_page (self, self->frame, d, model->spec);
  show_frame_on_evaluate (self, self->frame, d, model->spec);
}

/* The plane shown now: the window's probe's (a parked or ended run), or
 * while training, the session's. */
static const BpProbePlane *
current_plane (BpWindow *self, const BpDataset **d)
{
  if (self->probe)
    {
      *d = self->probe_dataset;
      return bp_probe_get_plane (self->probe);
    }
  *d = bp_training_session_get_dataset (self->session);
  return *d ? bp_training_session_get_plane (self->session) : NULL;
}

/* The user picked other axes or held values on either page: the
 * session's frames (while a run is on), the window's probe, and both
 * pages' pickers follow. */
static void
set_plane (BpWindow *self, const BpProbePlane *plane, const BpDataset *d)
{
  g_autoptr(GError) error = NULL;
  BpSessionState state = bp_training_session_get_state (self->session);
  if ((state == BP_SESSION_RUNNING || state == BP_SESSION_PAUSED)
      && bp_training_session_get_dataset (self->session) == d
      && !bp_training_session_set_plane (self->session, plane, &error))
    {
      _bp_window_toast (self, error->message);
      return;
    }
  if (self->probe && !bp_probe_set_plane (self->probe, plane, &error))
    {
      _bp_window_toast (self, error->message);
      return;
    }
  bp_frame_views_set_features (bp_training_view_get_boundary_view (self->training_view), d, plane);
  bp_frame_views_set_features (bp_eval_view_get_boundary_view (self->eval_view), d, plane);
  /* While a run is on, the training thread probes the new plane (at once
   * when parked); the UI thread runs the model only once the run ended. */
  const BpModel *model = bp_training_session_get_model (self->session);
  if (self->probe && bp_training_session_get_dataset (self->session) == d && _bp_window_timeline_holds (self))
    update_evaluation (self);   /* the moment chosen on the timeline, on the new plane */
  else if (self->probe && model && state == BP_SESSION_FINISHED && bp_training_session_get_dataset (self->session) == d)
    probe_model (self, model, d);
}

static void
on_axes_changed (BpBoundaryView *view, guint x, guint y, BpWindow *self)
{
  const BpDataset *d;
  const BpProbePlane *now = current_plane (self, &d);
  if (now == NULL)
    return;
  BpProbePlane plane = *now;
  plane.feature_x = x;
  plane.feature_y = y;
  /* The new axes over their rows' range, as the probe starts. */
  bp_probe_axis_bounds (d, x, BP_PROBE_MARGIN, &plane.x_min, &plane.x_max);
  bp_probe_axis_bounds (d, y, BP_PROBE_MARGIN, &plane.y_min, &plane.y_max);
  g_autofree double *held = g_memdup2 (now->held, d->n_feature_columns * sizeof (double));
  plane.held = held;
  set_plane (self, &plane, d);
}

static void
on_held_changed (BpBoundaryView *view, guint feature, double value, BpWindow *self)
{
  const BpDataset *d;
  const BpProbePlane *now = current_plane (self, &d);
  if (now == NULL || feature >= d->n_feature_columns)
    return;
  g_autofree double *held = g_memdup2 (now->held, d->n_feature_columns * sizeof (double));
  BpProbePlane plane = *now;
  plane.held = held;
  held[feature] = value;
  set_plane (self, &plane, d);
}

/* How the model does on the validation rows (the training rows when
 * there are none), and for two inputs, where it draws the line. Only when
 * the session hands out the model (the run has ended, or its worker is
 * parked in a pause). */
static void
update_evaluation (BpWindow *self)
{
  /* An earlier moment chosen on the timeline: its model, at any time. */
  g_autofree char *moment = NULL;
  g_autoptr(BpModel) replayed = _bp_window_timeline_holds (self) ? _bp_window_timeline_get_model (self, &moment) : NULL;
  const BpModel *model = replayed ? replayed : bp_training_session_get_model (self->session);
  const BpDataset *d = bp_training_session_get_dataset (self->session);
  /* Whatever happens below, nothing from an earlier run stays on show. */
  bp_eval_view_set_evaluation (self->eval_view, NULL, NULL, 0, NULL);
  bp_eval_view_set_boundary (self->eval_view, NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, 0, 0);
  bp_eval_view_set_model (self->eval_view, NULL, NULL, NULL);
  bp_eval_view_show_regression (self->eval_view, NULL, NULL, 0, NULL, NULL);
  bp_eval_view_set_network_shown (self->eval_view, FALSE);
  self->evaluated_step = 0;
  if (!model || !d)   /* not while the worker owns it */
    return;
  const BpProgress *last = bp_training_session_get_last (self->session);
  gboolean paused = !replayed && bp_training_session_get_state (self->session) == BP_SESSION_PAUSED;
  if (paused)
    self->evaluated_step = last->step;

  gboolean validation = d->n_validation > 0;
  const guint32 *rows = validation ? d->validation : d->train;
  gsize n_rows = validation ? d->n_validation : d->n_train;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpEvaluation) evaluation = bp_evaluation_new (model, d, rows, n_rows, &error);
  if (!evaluation)
    {
      g_warning ("Could not evaluate the model: %s", error->message);
      return;
    }
  g_autofree char *description = validation
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'zu validation row", "%'zu validation rows", n_rows), n_rows)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'zu training row (there are no validation rows)",
                                    "%'zu training rows (there are no validation rows)", n_rows), n_rows);
  if (paused)
    {
      /* Mid-run: say which point of the run this is. */
      g_autofree char *when = g_strdup_printf (_("After epoch %u, batch %u (paused)"), last->epoch, last->batch);
      g_autofree char *counted = g_steal_pointer (&description);
      description = g_strdup_printf ("%s · %s", when, counted);
    }
  else if (moment)
    {
      g_autofree char *counted = g_steal_pointer (&description);
      description = g_strdup_printf ("%s · %s", moment, counted);
    }
  bp_eval_view_set_evaluation (self->eval_view, evaluation, (const char * const *) d->class_names,
                               d->n_classes, description);
  bp_eval_view_set_model (self->eval_view, model, (const char * const *) d->input_names,
                          (const char * const *) d->class_names);
  if (!paused)
    {
      probe_model (self, model, d);
      return;
    }
  /* Paused: the frame the training thread took when it parked, not the
   * model run on this thread. */
  take_live_frame (self);
  const BpProbeFrame *frame = bp_training_session_take_frame (self->session, NULL);
  if (frame == NULL)
    return;
  /* Also on the training page: back from a moment on the timeline. */
  show_frame_on_training_page (self, frame, d, live_spec (self));
  show_frame_on_evaluate (self, frame, d, live_spec (self));
}

static void
on_session_finished (BpTrainingSession *session, BpWindow *self)
{
  poll_session (self);
  const GError *error = bp_training_session_get_error (session);
  if (error)
    {
      g_autofree char *text = g_strdup_printf (_("Training stopped: %s"), error->message);
      bp_training_view_set_status (self->training_view, text, TRUE);
    }
  else
    {
      g_autofree char *text = finished_message (self);
      bp_training_view_set_status (self->training_view, text, FALSE);
    }
  update_evaluation (self);
}



void
bp_window_train_when_ready (BpWindow *self)
{
  g_return_if_fail (BP_IS_WINDOW (self));
  /* A table whose dataset failed trains now too: that says why. */
  if (bp_document_get_table (self->document) && !bp_document_get_loading (self->document))
    _bp_window_train_now (self);
  else
    self->train_when_ready = TRUE;
}

/* ---- exports ----------------------------------------------------------- */

static void
on_chart_file_chosen (BpWindow *self, GFile *file, gpointer data)
{
  BpChart *chart = g_str_equal (data, "metric") ? bp_training_view_get_metric_chart (self->training_view)
                                                : bp_training_view_get_loss_chart (self->training_view);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  _bp_window_remember_folder (self, file);
  if (!path)
    _bp_window_toast (self, _("Charts can only be saved to local files"));
  else if (!bp_chart_export (chart, path, 1600, 1000, &error))
    _bp_window_show_error (self, _("Could Not Export the Chart"), error->message);
  else
    _bp_window_toast (self, _("Chart exported"));
}

static void
export_chart_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  const char *which = g_variant_get_string (param, NULL);
  const char *suggested = g_str_equal (which, "metric") ? "metric.png" : "loss.png";
  static const BpFileFilterKind filters[] = { BP_FILE_FILTER_CHART };
  _bp_window_choose_file (self, BP_CHOOSE_SAVE, _("Export Chart"), suggested, filters, G_N_ELEMENTS (filters),
                          on_chart_file_chosen, g_strdup (which), g_free);
}

static void
on_history_file_chosen (BpWindow *self, GFile *file, gpointer data)
{
  gsize length;
  g_autofree char *text = bp_history_to_csv (bp_training_session_get_history (self->session), self->task, &length);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  _bp_window_remember_folder (self, file);
  /* A local file through the engine's atomic save (links, mode, no
   * temporary file left); anything else through GIO. */
  gboolean saved = path ? bp_save_file_atomically (path, text, length, BP_SAVE_DEFAULT, &error)
                        : g_file_replace_contents (file, text, length, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                                   NULL, NULL, &error);
  if (!saved && path)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_prefix_error (&error, "%s: ", display);
    }
  if (!saved)
    _bp_window_show_error (self, _("Could Not Export the History"), error->message);
  else
    _bp_window_toast (self, _("History exported"));
}

static void
export_history_action (GtkWidget *widget, const char *name, GVariant *param)
{
  static const BpFileFilterKind filters[] = { BP_FILE_FILTER_CSV };
  _bp_window_choose_file (BP_WINDOW (widget), BP_CHOOSE_SAVE, _("Export History"), "history.csv",
                          filters, G_N_ELEMENTS (filters), on_history_file_chosen, NULL, NULL);
}

static void
on_model_file_chosen (BpWindow *self, GFile *file, gpointer data)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  _bp_window_remember_folder (self, file);
  if (!path)
    _bp_window_toast (self, _("Models can only be saved to local files"));
  else if (!bp_training_session_save_model (self->session, path, &error))
    _bp_window_show_error (self, _("Could Not Save the Model"), error->message);
  else
    _bp_window_toast (self, _("Model saved"));
}

static void
save_model_action (GtkWidget *widget, const char *name, GVariant *param)
{
  static const BpFileFilterKind filters[] = { BP_FILE_FILTER_MODEL };
  _bp_window_choose_file (BP_WINDOW (widget), BP_CHOOSE_SAVE, _("Save Model"), "model.json",
                          filters, G_N_ELEMENTS (filters), on_model_file_chosen, NULL, NULL);
}

static void
on_export_file_chosen (BpWindow *self, GFile *file, gpointer data)
{
  BpExportFormat format = (BpExportFormat) GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  _bp_window_remember_folder (self, file);
  if (!bp_document_export (self->document, format, file, &error))
    {
      g_autofree char *name = _bp_window_display_basename (file);
      /* Translators: %s is the name of the file that could not be written. */
      g_autofree char *heading = g_strdup_printf (_("Could Not Export “%s”"), name);
      _bp_window_show_error (self, heading, error->message);
    }
  else if (format == BP_EXPORT_ONNX)
    _bp_window_toast (self, _("ONNX model exported"));
  else if (bp_training_session_get_state (self->session) == BP_SESSION_IDLE
           || bp_training_session_get_state (self->session) == BP_SESSION_RUNNING)
    _bp_window_toast (self, _("Script exported"));
  else
    _bp_window_toast (self, _("Script exported with the trained weights"));
}

/* win.export-code("pytorch" | "keras"), win.export-onnx: the run as code other
 * tools run, through the engine calls `backprop-cli export` makes. */
static void
export_code_action (GtkWidget *widget, const char *name, GVariant *param)
{
  int format = bp_names_find (bp_export_format_names, g_variant_get_string (param, NULL));
  g_return_if_fail (format >= 0);
  static const BpFileFilterKind python[] = { BP_FILE_FILTER_PYTHON };
  static const BpFileFilterKind onnx[] = { BP_FILE_FILTER_ONNX };
  const char *title = format == BP_EXPORT_PYTORCH ? _("Export PyTorch Script")
                    : format == BP_EXPORT_KERAS ? _("Export Keras Script") : _("Export ONNX Model");
  const char *suggested = format == BP_EXPORT_PYTORCH ? "train_pytorch.py"
                        : format == BP_EXPORT_KERAS ? "train_keras.py" : "model.onnx";
  _bp_window_choose_file (BP_WINDOW (widget), BP_CHOOSE_SAVE, title, suggested,
                          format == BP_EXPORT_ONNX ? onnx : python, 1,
                          on_export_file_chosen, GINT_TO_POINTER (format), NULL);
}

static void
export_onnx_action (GtkWidget *widget, const char *name, GVariant *param)
{
  g_autoptr(GVariant) onnx = g_variant_ref_sink (g_variant_new_string ("onnx"));
  export_code_action (widget, name, onnx);
}

void
_bp_window_training_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.train", NULL, train_action);
  gtk_widget_class_install_action (widget_class, "win.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "win.step-batch", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-epoch", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.export-chart", "s", export_chart_action);
  gtk_widget_class_install_action (widget_class, "win.export-history", NULL, export_history_action);
  gtk_widget_class_install_action (widget_class, "win.save-model", NULL, save_model_action);
  gtk_widget_class_install_action (widget_class, "win.export-code", "s", export_code_action);
  gtk_widget_class_install_action (widget_class, "win.export-onnx", NULL, export_onnx_action);
}

void
_bp_window_training_finalize (BpWindow *self)
{
  clear_probe (self);
  g_clear_pointer (&self->live_spec, bp_model_spec_free);
  g_clear_pointer (&self->train_points, bp_frame_points_free);
  g_clear_pointer (&self->eval_points, bp_frame_points_free);
}

void
_bp_window_update_evaluation (BpWindow *self)
{
  update_evaluation (self);
}

void
_bp_window_training_init (BpWindow *self)
{
  self->train_points = bp_frame_points_new ();
  self->eval_points = bp_frame_points_new ();
  g_signal_connect (bp_training_view_get_boundary_view (self->training_view), "axes-changed",
                    G_CALLBACK (on_axes_changed), self);
  g_signal_connect (bp_training_view_get_boundary_view (self->training_view), "held-changed",
                    G_CALLBACK (on_held_changed), self);
  g_signal_connect (bp_eval_view_get_boundary_view (self->eval_view), "axes-changed",
                    G_CALLBACK (on_axes_changed), self);
  g_signal_connect (bp_eval_view_get_boundary_view (self->eval_view), "held-changed",
                    G_CALLBACK (on_held_changed), self);
  g_signal_connect (self->session, "notify::state", G_CALLBACK (on_state_changed), self);
  g_signal_connect (self->session, "updated", G_CALLBACK (on_session_updated), self);
  g_signal_connect (self->session, "finished", G_CALLBACK (on_session_finished), self);
  _bp_window_timeline_init (self);
}
