/* bp-training-session.c: the handoff between the UI thread and a training thread.
 *
 * A BpSessionRun holds everything one run touches; the session and the worker
 * each hold a reference, so a reset session can drop its run at once while
 * the worker finishes its last batch and lets go of it. Only the worker
 * touches the model and trainer while it runs; the UI reads the progress
 * buffer, and the run's end through `finished`.
 */
#define G_LOG_DOMAIN "bp-training-session"

#include "bp-training-session-private.h"

#include <math.h>

#include <glib/gi18n.h>

/* Live frames: a grid of this many cells a side, and at most this share
 * of training time spent probing. */
#define LIVE_GRID 64
#define LIVE_BUDGET 0.05
/* The rate the views should get: when a frame on the full grid costs more
 * than LIVE_BUDGET / LIVE_RATE, frames while training use the coarse grid
 * (a quarter of the cells; the views upsample it smoothly), and go back
 * once the full grid would cost under LIVE_FINE_BACK of that. Frames at a
 * pause or the end, outside training time, use the full grid. */
#define LIVE_RATE 5.0
#define LIVE_COARSE_GRID 32
#define LIVE_FINE_BACK 0.7
/* And at most this many frames a second of training however cheap they
 * are: each new one costs the UI thread a redraw of every view, on the
 * cores training needs. */
#define LIVE_MAX_RATE 10.0
/* At an epoch's end with no frame of it yet, one is taken when at least
 * this much training time has passed since the last: once per epoch on
 * slow epochs, while fast ones (many per second) stay within the budget. */
#define LIVE_EPOCH_FLOOR 0.5

G_DEFINE_FINAL_TYPE (BpTrainingSession, bp_training_session, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_UPDATED, SIGNAL_EPOCH, SIGNAL_FINISHED, SIGNAL_FORKED, N_SIGNALS };
static guint signals[N_SIGNALS];

static BpSessionRun *
session_run_ref (BpSessionRun *run)
{
  g_atomic_ref_count_inc (&run->ref);
  return run;
}

static void
session_run_unref (gpointer data)
{
  BpSessionRun *run = data;
  if (!g_atomic_ref_count_dec (&run->ref))
    return;
  g_clear_pointer (&run->trainer, bp_trainer_free);
  g_clear_pointer (&run->timeline, bp_timeline_free);
  g_clear_pointer (&run->model, bp_model_free);
  g_clear_pointer (&run->dataset, bp_dataset_free);
  g_clear_pointer (&run->control, bp_train_control_unref);
  g_clear_pointer (&run->buffer, bp_progress_buffer_free);
  g_clear_pointer (&run->probe, bp_probe_free);
  g_clear_pointer (&run->live, bp_live_buffer_unref);
  g_free (run->request.held);
  g_mutex_clear (&run->request_lock);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_error (&run->error);
  g_weak_ref_clear (&run->session);
  g_free (run);
}

static void
set_state (BpTrainingSession *self, BpSessionState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* UI thread: once the worker has returned, take the run's end. Called from
 * the wake-up (after "updated" let listeners poll), and queued at high
 * priority by polls that saw the worker done, so the end shows at once even
 * when busy frames hold back the default-idle wake-up. */
static void
check_finished (BpTrainingSession *self)
{
  BpSessionRun *run = self->run;
  if (!run || !run->thread || !g_atomic_int_get (&run->done))
    return;
  g_thread_join (g_steal_pointer (&run->thread));
  set_state (self, BP_SESSION_FINISHED);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

static gboolean
finish_idle_cb (gpointer data)
{
  BpTrainingSession *self = data;
  self->finish_idle = 0;
  check_finished (self);
  return G_SOURCE_REMOVE;
}

/* From a poll: not at once, because listeners of "finished" poll too. */
static void
queue_finished (BpTrainingSession *self)
{
  if (!self->finish_idle)
    self->finish_idle = g_idle_add_full (G_PRIORITY_HIGH, finish_idle_cb, self, NULL);
}

/* Joins the dropped runs' workers: all, or those already done. */
static void
join_dropped (BpTrainingSession *self, gboolean all)
{
  for (guint i = self->dropped->len; i-- > 0;)
    {
      BpSessionRun *run = g_ptr_array_index (self->dropped, i);
      if (all || g_atomic_int_get (&run->done))
        {
          g_thread_join (g_steal_pointer (&run->thread));
          g_ptr_array_remove_index_fast (self->dropped, i);
        }
    }
}

/* UI thread, at most one queued at a time. */
static gboolean
drain (gpointer data)
{
  BpSessionRun *run = data;

  /* Clear first: an event pushed from here on queues another drain. */
  g_atomic_int_set (&run->wake_pending, 0);

  g_autoptr(BpTrainingSession) self = g_weak_ref_get (&run->session);
  if (self && self->run != run)
    join_dropped (self, FALSE);   /* a stale run: its worker may be done */
  if (!self || self->run != run)
    return G_SOURCE_REMOVE;

  g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
  check_finished (self);
  return G_SOURCE_REMOVE;
}

/* Training thread. */
static void
wake (BpSessionRun *run)
{
  if (!g_atomic_int_compare_and_exchange (&run->wake_pending, 0, 1))
    return;
  /* An idle source, not g_main_context_invoke(): that would run the drain
   * right here on this thread whenever nobody owns the main context. At
   * default-idle priority, below GTK's redraw, so a flood of epochs never
   * starves painting. */
  g_autoptr(GSource) source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, drain, session_run_ref (run), session_run_unref);
  g_source_set_static_name (source, "[backprop] training progress");
  g_source_attach (source, run->context);
}

/* dst->held is dst's own (or NULL), resized to n values. */
void
_bp_training_session_copy_plane (BpProbePlane *dst, const BpProbePlane *src, gsize n)
{
  double *held = g_renew (double, dst->held, MAX (n, 1));
  *dst = *src;
  dst->held = held;
  if (src->held)
    memcpy (held, src->held, n * sizeof (double));
}

/* Training thread: the UI's latest plane and parts into the probe. */
static void
apply_request (BpSessionRun *run)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&run->request_lock);
  g_atomic_int_set (&run->request_dirty, 0);
  /* Checked against the dataset when asked for. */
  if (run->request.held)
    bp_probe_set_plane (run->probe, &run->request, NULL);
  run->parts = run->request_parts;
}

/* Training thread: a frame of the model as it is now. */
static void
probe_now (BpSessionRun *run, const BpProgress *p)
{
  const gint64 start = g_get_monotonic_time ();
  BpProbeFrame *frame = bp_live_buffer_acquire (run->live);
  if (!frame)
    return;
  bp_probe_run (run->probe, run->model, frame);
  frame->run_id = run->id;
  frame->step = p ? p->step : 0;
  frame->epoch = p ? p->epoch : 0;
  frame->batch = p ? p->batch : 0;
  frame->seconds = p ? p->seconds : 0.0;
  const double cost = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  bp_live_buffer_publish (run->live, frame, cost);
  /* Smoothed, so one slow frame (the machine busy) does not stall them. */
  const double rows = (double) MAX (bp_probe_count_rows (run->probe), 1);
  run->probe_row_cost = run->probed ? 0.5 * run->probe_row_cost + 0.5 * cost / rows : cost / rows;
  run->probed = TRUE;
  run->probe_step = frame->step;
  run->probe_fine = frame->width == LIVE_GRID;
  if ((frame->parts & BP_PROBE_EVAL) && p)
    run->eval_epoch = p->epoch;
  if (p)
    {
      run->probe_train_seconds = p->seconds;
      run->probe_epoch = p->epoch;
    }
}

/* Training thread: the grid for frames while training (see LIVE_RATE),
 * from what a row costs; and what a frame on it will cost. */
static double
choose_grid (BpSessionRun *run, double row_cost)
{
  guint width;
  bp_probe_get_grid (run->probe, &width, NULL);
  bp_probe_set_grid (run->probe, LIVE_GRID, LIVE_GRID);
  const double fine = row_cost * (double) bp_probe_count_rows (run->probe);
  const double limit = LIVE_BUDGET / LIVE_RATE * (width == LIVE_GRID ? 1.0 : LIVE_FINE_BACK);
  if (fine <= limit)
    return fine;
  bp_probe_set_grid (run->probe, LIVE_COARSE_GRID, LIVE_COARSE_GRID);
  return row_cost * (double) bp_probe_count_rows (run->probe);
}

/* Training thread, outside training time (a pause, the end): a frame on
 * the full grid. */
static void
probe_full (BpSessionRun *run, const BpProgress *p)
{
  guint width, height;
  bp_probe_get_grid (run->probe, &width, &height);
  bp_probe_set_grid (run->probe, LIVE_GRID, LIVE_GRID);
  bp_probe_set_parts (run->probe, run->parts);
  const double row_cost = run->probe_row_cost;
  const gboolean probed = run->probed;
  probe_now (run, p);
  /* Its cost was not paid in training time: the estimate stays. */
  run->probe_row_cost = probed ? row_cost : run->probe_row_cost;
  bp_probe_set_grid (run->probe, width, height);
}

/* Training thread, parked in a pause (bp_train_control_set_parked_func):
 * a frame of where the pause left the model, unless the last one is of
 * that step on the full grid already, and one for each change the UI asks for meanwhile,
 * so a plane picked while paused shows at once. */
static void
on_parked (gpointer data)
{
  BpSessionRun *run = data;
  if (!run->probe || g_atomic_int_get (&run->dropped))
    return;
  const gboolean asked = g_atomic_int_get (&run->request_dirty);
  if (asked)
    apply_request (run);
  if (run->parts == 0 || !run->has_last)
    return;
  if (asked || run->probe_step != run->last.step || !run->probe_fine)
    probe_full (run, &run->last);
}

/* Training thread, after every batch and epoch: a frame when the budget
 * allows (the training time since the last frame is at least 1/LIVE_BUDGET
 * times what a frame costs, and 1/LIVE_MAX_RATE seconds), when the UI asked for another plane, and at
 * an epoch's end that had none (see LIVE_EPOCH_FLOOR); and one more when
 * a pause parks the worker (on_parked()) and when the run ends (worker()),
 * outside training time. The trainer's clock stops during callbacks, so
 * p->seconds is training time alone. */
static void
maybe_probe (BpSessionRun *run, const BpProgress *p)
{
  if (!run->probe || g_atomic_int_get (&run->dropped))
    return;
  const gboolean asked = g_atomic_int_get (&run->request_dirty);
  if (asked)
    apply_request (run);
  if (run->parts == 0)
    return;
  /* The confusion matrix (or predicted against actual) runs up to 4 096
   * validation rows: once per epoch, in its first frame, is what its view
   * needs; the other frames leave it out and cost less. */
  BpProbeParts parts = run->parts;
  if (!asked && p->epoch <= run->eval_epoch)
    parts &= ~BP_PROBE_EVAL;
  bp_probe_set_parts (run->probe, parts);
  const double since = p->seconds - run->probe_train_seconds;
  /* Before the first frame, what one costs is guessed from the rows it
   * runs forward and the rows trained per second (a trained row costs
   * about three forward: the pass, the gradients, the update). */
  double row_cost = run->probe_row_cost;
  if (!run->probed)
    row_cost = p->samples > 0 && p->seconds > 0.0 ? p->seconds / (3.0 * (double) p->samples) : 0.0;
  const double cost = choose_grid (run, row_cost);
  if (asked || (since * LIVE_BUDGET >= cost && since * LIVE_MAX_RATE >= 1.0) ||
      (p->kind == BP_PROGRESS_EPOCH && run->probe_epoch < p->epoch && since >= LIVE_EPOCH_FLOOR))
    probe_now (run, p);
}

static void
on_progress (const BpProgress *progress, gpointer user_data)
{
  BpSessionRun *run = user_data;
  /* Before the record: a view that sees an epoch finds its snapshot. */
  bp_timeline_offer (run->timeline, run->trainer, progress);
  bp_progress_buffer_push (run->buffer, progress);
  run->last = *progress;
  run->has_last = TRUE;
  maybe_probe (run, progress);
  if (progress->kind == BP_PROGRESS_EPOCH)
    wake (run);
}

static gpointer
worker (gpointer data)
{
  BpSessionRun *run = data;
  GError *error = NULL;

  bp_trainer_run (run->trainer, on_progress, run, run->control, &error);
  run->reason = bp_trainer_get_stop_reason (run->trainer);
  /* The weights it ends with: early stopping may have put the best back.
   * A dropped run's frame would go unread: reset cycles would otherwise
   * leave detached workers probing side by side in OpenBLAS. */
  const gboolean wanted = run->probe && !g_atomic_int_get (&run->dropped);
  if (wanted && g_atomic_int_get (&run->request_dirty))
    apply_request (run);
  if (wanted && run->parts != 0)
    probe_full (run, run->has_last ? &run->last : NULL);
  /* Where a stop left it (a diverged run's weights went back already). */
  if (run->reason != BP_STOP_DIVERGED)
    bp_timeline_capture (run->timeline, run->trainer);
  run->error = error;
  g_atomic_int_set (&run->done, 1);
  wake (run);
  session_run_unref (run);
  return NULL;
}

void
_bp_training_session_drop_run (BpTrainingSession *self)
{
  BpSessionRun *run = g_steal_pointer (&self->run);
  if (!run)
    return;
  g_atomic_int_set (&run->dropped, 1);
  bp_train_control_stop (run->control);
  /* Not joined now: a reset must not wait for the batch under way. */
  if (run->thread)
    g_ptr_array_add (self->dropped, run);
  else
    session_run_unref (run);
  join_dropped (self, FALSE);
}

static void
bp_training_session_dispose (GObject *object)
{
  BpTrainingSession *self = BP_TRAINING_SESSION (object);
  g_clear_handle_id (&self->finish_idle, g_source_remove);
  bp_training_session_join (self);
  _bp_training_session_drop_run (self);
  G_OBJECT_CLASS (bp_training_session_parent_class)->dispose (object);
}

static void
bp_training_session_finalize (GObject *object)
{
  BpTrainingSession *self = BP_TRAINING_SESSION (object);
  g_clear_pointer (&self->shown, bp_live_buffer_unref);
  g_free (self->plane.held);
  g_array_unref (self->history);
  g_ptr_array_unref (self->dropped);
  G_OBJECT_CLASS (bp_training_session_parent_class)->finalize (object);
}

static void
bp_training_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BpTrainingSession *self = BP_TRAINING_SESSION (object);
  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bp_training_session_class_init (BpTrainingSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bp_training_session_dispose;
  object_class->finalize = bp_training_session_finalize;
  object_class->get_property = bp_training_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, BP_SESSION_IDLE, BP_SESSION_FINISHED, BP_SESSION_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Poll now: an epoch ended, or the run did. */
  signals[SIGNAL_UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* (const BpProgress *record): an epoch's record, as poll() takes it. */
  signals[SIGNAL_EPOCH] =
    g_signal_new ("epoch", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* The run ended: see get_stop_reason() and get_error(). */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A fork replaced the run: its history is the parent's up to the fork
   * point (see get_fork_point()). */
  signals[SIGNAL_FORKED] =
    g_signal_new ("forked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bp_training_session_init (BpTrainingSession *self)
{
  self->history = g_array_new (FALSE, FALSE, sizeof (BpEpochRecord));
  self->dropped = g_ptr_array_new_with_free_func (session_run_unref);
  self->next_id = 1;
  self->live_parts = BP_PROBE_ALL;
  bp_train_config_init (&self->config);
}

BpTrainingSession *
bp_training_session_new (void)
{
  return g_object_new (BP_TYPE_TRAINING_SESSION, NULL);
}

gboolean
bp_training_session_prepare (BpTrainingSession      *self,
                             BpDataset              *dataset,
                             const BpDatasetOptions *options,
                             const BpModelSpec      *spec,
                             const BpTrainConfig    *config,
                             GError                **error)
{
  g_autoptr(BpDataset) owned = dataset;

  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), FALSE);

  bp_training_session_reset (self);

  BpRecipe *recipe = bp_recipe_new_for_spec (g_steal_pointer (&owned), spec, config, NULL, error);
  if (!recipe)
    return FALSE;
  bp_training_session_prepare_recipe (self, recipe, options);
  return TRUE;
}

void
bp_training_session_prepare_recipe (BpTrainingSession      *self,
                                    BpRecipe               *recipe,
                                    const BpDatasetOptions *options)
{
  g_return_if_fail (BP_IS_TRAINING_SESSION (self));
  g_return_if_fail (recipe != NULL && options != NULL);

  bp_training_session_reset (self);

  /* The run takes the recipe's parts; the trainer still borrows the
   * model and the dataset, which the run frees after it. */
  BpSessionRun *run = g_new0 (BpSessionRun, 1);
  run->dataset = g_steal_pointer (&recipe->dataset);
  run->options = *options;
  run->options.roles = NULL;
  run->model = g_steal_pointer (&recipe->model);
  run->trainer = g_steal_pointer (&recipe->trainer);
  bp_recipe_free (recipe);
  _bp_training_session_start_run (self, run, NULL, NULL);
}

/* See the private header; the timeline starts with the moment the run
 * starts from. */
void
_bp_training_session_start_run (BpTrainingSession     *self,
                                BpSessionRun          *run,
                                const GArray          *history,
                                const BpTrainerMoment *moment)
{
  g_atomic_ref_count_init (&run->ref);
  run->id = self->next_id++;
  BpTrainer *trainer = run->trainer;
  /* The worker has not started: this thread may still read the trainer. */
  run->timeline = bp_timeline_new (trainer, run->model->spec, self->snapshot_budget);
  bp_timeline_capture (run->timeline, trainer);
  run->class_weights = bp_trainer_get_config (trainer)->class_weights;
  run->control = bp_train_control_new ();
  /* The run outlives its control's errands: the worker holds a reference. */
  bp_train_control_set_parked_func (run->control, on_parked, run);
  run->buffer = bp_progress_buffer_new ();
  run->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&run->session, self);
  bp_trainer_set_run_id (trainer, run->id);

  /* Live frames, unless the data is too odd to probe (then none). */
  g_autoptr(GError) probe_error = NULL;
  run->probe = bp_probe_new (run->model->spec, run->dataset, LIVE_GRID, LIVE_GRID, &probe_error);
  if (run->probe)
    {
      run->live = bp_live_buffer_new (run->probe);
      bp_probe_set_parts (run->probe, self->live_parts);
      run->request_parts = run->parts = self->live_parts;
    }
  else
    g_warning ("No live views for this run: %s", probe_error->message);
  g_mutex_init (&run->request_lock);
  self->has_plane = run->probe && bp_probe_has_plane (run->probe);
  if (run->probe)
    _bp_training_session_copy_plane (&self->plane, bp_probe_get_plane (run->probe), run->dataset->n_feature_columns);
  memset (self->live_taken, 0, sizeof self->live_taken);

  self->run = run;
  self->config = *bp_trainer_get_config (trainer);
  self->config.class_weights = NULL;
  self->config_dirty = FALSE;
  self->seen = 0;
  self->has_pending = FALSE;
  g_array_set_size (self->history, 0);
  memset (&self->last, 0, sizeof self->last);
  if (history && moment)
    _bp_training_session_show_fork_start (self, history, moment);

  /* The worker starts paused: resume() or step() sets it going. */
  bp_train_control_pause (run->control);
  run->thread = g_thread_new ("bp-training", worker, session_run_ref (run));
  set_state (self, BP_SESSION_PAUSED);
}

/* Whether the worker is waiting in the control right now (never blocks). */
static gboolean
worker_parked (BpSessionRun *run)
{
  return run && !g_atomic_int_get (&run->done) && bp_train_control_wait_idle (run->control, 0);
}

/* Only while the worker is parked. A setting the trainer refuses (e.g.
 * fewer epochs than already run) leaves the trainer's own in place. */
static gboolean
apply_config (BpTrainingSession *self, GError **error)
{
  if (!self->config_dirty)
    return TRUE;
  self->config_dirty = FALSE;
  if (bp_trainer_set_config (self->run->trainer, &self->config, error))
    return TRUE;
  self->config = *bp_trainer_get_config (self->run->trainer);
  self->config.class_weights = NULL;
  return FALSE;
}

static void
do_action (BpTrainingSession *self, BpStepKind action)
{
  g_autoptr(GError) error = NULL;
  if (!apply_config (self, &error))
    g_warning ("Settings not applied: %s", error->message);
  if (action == BP_STEP_NONE)
    bp_train_control_resume (self->run->control);
  else
    bp_train_control_step (self->run->control, action);
}

/* Resume or step now, or (when the worker is still finishing the batch or
 * epoch it was in when paused, and new settings wait) once it has parked:
 * the UI thread never waits for the worker. */
static void
resume_or_step (BpTrainingSession *self, BpStepKind action)
{
  if (g_atomic_int_get (&self->run->done))
    return;   /* stopped; the end is on its way */
  if (!self->config_dirty || worker_parked (self->run))
    do_action (self, action);
  else
    {
      self->pending = action;
      self->has_pending = TRUE;
    }
}

/* From every poll: a resume or step waiting for the worker to park. */
static void
run_pending (BpTrainingSession *self)
{
  if (!self->has_pending || !worker_parked (self->run))
    return;
  self->has_pending = FALSE;
  do_action (self, self->pending);
}

void
bp_training_session_resume (BpTrainingSession *self)
{
  g_return_if_fail (BP_IS_TRAINING_SESSION (self));
  if (self->state != BP_SESSION_PAUSED)
    return;
  resume_or_step (self, BP_STEP_NONE);
  set_state (self, BP_SESSION_RUNNING);
}

void
bp_training_session_pause (BpTrainingSession *self)
{
  g_return_if_fail (BP_IS_TRAINING_SESSION (self));
  if (self->state != BP_SESSION_RUNNING)
    return;
  self->has_pending = FALSE;
  bp_train_control_pause (self->run->control);
  set_state (self, BP_SESSION_PAUSED);
}

void
bp_training_session_step (BpTrainingSession *self, BpStepKind kind)
{
  g_return_if_fail (BP_IS_TRAINING_SESSION (self));
  g_return_if_fail (kind != BP_STEP_NONE);
  if (self->state != BP_SESSION_PAUSED)
    return;
  resume_or_step (self, kind);
}

void
bp_training_session_stop (BpTrainingSession *self)
{
  g_return_if_fail (BP_IS_TRAINING_SESSION (self));
  if (self->state != BP_SESSION_RUNNING && self->state != BP_SESSION_PAUSED)
    return;
  /* The worker notices within one batch; FINISHED comes with its drain. */
  self->has_pending = FALSE;
  bp_train_control_stop (self->run->control);
}

void
bp_training_session_reset (BpTrainingSession *self)
{
  g_return_if_fail (BP_IS_TRAINING_SESSION (self));
  _bp_training_session_drop_run (self);
  self->has_pending = FALSE;
  self->config_dirty = FALSE;
  g_array_set_size (self->history, 0);
  memset (&self->last, 0, sizeof self->last);
  self->seen = 0;
  set_state (self, BP_SESSION_IDLE);
}

void
bp_training_session_join (BpTrainingSession *self)
{
  g_return_if_fail (BP_IS_TRAINING_SESSION (self));
  join_dropped (self, TRUE);
  BpSessionRun *run = self->run;
  if (!run || !run->thread)
    return;
  bp_train_control_stop (run->control);
  g_thread_join (g_steal_pointer (&run->thread));
  set_state (self, BP_SESSION_FINISHED);
}

gboolean
bp_training_session_set_config (BpTrainingSession *self, const BpTrainConfig *config, GError **error)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), FALSE);
  if (self->state == BP_SESSION_RUNNING)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("Pause the training before changing its settings"));
      return FALSE;
    }
  if (!bp_train_config_validate (config, error))
    return FALSE;
  self->config = *config;
  self->config.class_weights = NULL;
  if (self->state != BP_SESSION_PAUSED)
    return TRUE;
  self->config_dirty = TRUE;
  /* Parked (the usual case): in at once, so a refusal reaches the user. */
  if (worker_parked (self->run))
    return apply_config (self, error);
  return TRUE;
}

const BpTrainConfig *
bp_training_session_get_config (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), NULL);
  return &self->config;
}

gboolean
bp_training_session_has_news (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), FALSE);
  return self->run && bp_progress_buffer_get_sequence (self->run->buffer) != self->seen;
}

gboolean
bp_training_session_is_parked (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), FALSE);
  /* After a stop the parked worker is about to wake and end the run. */
  return worker_parked (self->run) && !bp_train_control_is_stopped (self->run->control);
}

guint
bp_training_session_poll (BpTrainingSession *self, GArray *out)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), 0);
  /* Read before taking: once the worker is done, everything it pushed is
   * in the buffer, so this take gets the last records too. */
  gboolean done = self->run && g_atomic_int_get (&self->run->done);
  run_pending (self);
  if (!bp_training_session_has_news (self))
    {
      if (done)
        queue_finished (self);
      return 0;
    }

  guint first = out->len;
  guint n = bp_progress_buffer_take (self->run->buffer, out);
  self->seen += n;
  for (guint i = first; i < out->len; i++)
    {
      const BpProgress *p = &g_array_index (out, BpProgress, i);
      if (p->kind == BP_PROGRESS_EPOCH)
        {
          BpEpochRecord r = {
            .epoch = p->epoch, .loss = p->loss, .metric = p->metric,
            .val_loss = p->val_loss, .val_metric = p->val_metric,
            .seconds = p->epoch_seconds, .samples_per_second = p->samples_per_second,
            .learning_rate = p->learning_rate,
          };
          g_array_append_val (self->history, r);
        }
      self->last = *p;
    }
  /* Whoever polls, every observer sees each epoch once, in order. */
  for (guint i = first; i < out->len; i++)
    if (g_array_index (out, BpProgress, i).kind == BP_PROGRESS_EPOCH)
      g_signal_emit (self, signals[SIGNAL_EPOCH], 0, &g_array_index (out, BpProgress, i));
  if (done)
    queue_finished (self);
  return n;
}

BpSessionState
bp_training_session_get_state (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), BP_SESSION_IDLE);
  return self->state;
}

guint64
bp_training_session_get_run_id (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), 0);
  return self->run ? self->run->id : 0;
}

const BpDataset *
bp_training_session_get_dataset (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), NULL);
  return self->run ? self->run->dataset : NULL;
}

const BpModelSpec *
bp_training_session_get_spec (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), NULL);
  return self->run ? self->run->model->spec : NULL;
}

/* The one rule for reading the model on this thread (see the header). */
static gboolean
model_readable (BpTrainingSession *self)
{
  switch (self->state)
    {
    case BP_SESSION_FINISHED:
      return TRUE;
    case BP_SESSION_PAUSED:
      return bp_training_session_is_parked (self);
    case BP_SESSION_IDLE:
    case BP_SESSION_RUNNING:
    default:
      return FALSE;
    }
}

const BpModel *
bp_training_session_get_model (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), NULL);
  return self->run && model_readable (self) ? self->run->model : NULL;
}

const GArray *
bp_training_session_get_history (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), NULL);
  return self->history;
}

const BpProgress *
bp_training_session_get_last (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), NULL);
  return &self->last;
}

BpStopReason
bp_training_session_get_stop_reason (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), BP_STOP_NONE);
  if (!self->run || self->state != BP_SESSION_FINISHED)
    return BP_STOP_NONE;
  return self->run->reason;
}

const GError *
bp_training_session_get_error (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), NULL);
  if (!self->run || self->state != BP_SESSION_FINISHED)
    return NULL;
  return self->run->error;
}

BpModelFile *
bp_training_session_get_model_file (BpTrainingSession *self, GError **error)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), NULL);
  if (!self->run || self->state == BP_SESSION_RUNNING)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("There is no trained model to save yet; train first, or pause"));
      return NULL;
    }
  /* Paused, but maybe still finishing a step: the weights may only be read
   * once the worker waits (or has ended). */
  if (!model_readable (self) && !g_atomic_int_get (&self->run->done))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("The network is still finishing a step; save again in a moment"));
      return NULL;
    }
  return bp_model_file_new_from_training (self->run->dataset, &self->run->options, self->run->model,
                                          &self->config, self->history);
}

gboolean
bp_training_session_save_model (BpTrainingSession *self, const char *path, GError **error)
{
  g_autoptr(BpModelFile) file = bp_training_session_get_model_file (self, error);
  return file && bp_model_file_save (file, path, error);
}

void
_bp_training_session_emit_forked (BpTrainingSession *self)
{
  g_signal_emit (self, signals[SIGNAL_FORKED], 0);
}
