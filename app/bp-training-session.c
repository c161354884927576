/* bp-training-session.c: the handoff between the UI thread and a training thread.
 *
 * A BpSessionRun holds everything one run touches; the session and the worker
 * each hold a reference, so a reset session can drop its run at once while
 * the worker finishes its last batch and lets go of it. Only the worker
 * touches the model and trainer while it runs; the UI reads the progress
 * buffer, and the run's end through `finished`.
 */
#define G_LOG_DOMAIN "bp-training-session"

#include "bp-training-session.h"

#include <glib/gi18n.h>

#include "bp-progress-buffer.h"

typedef struct {
  gatomicrefcount   ref;
  guint64           id;
  BpDataset        *dataset;
  BpDatasetOptions  options;
  BpModel          *model;
  BpTrainer        *trainer;
  BpTrainControl   *control;
  BpProgressBuffer *buffer;
  GThread          *thread;
  GMainContext     *context;
  GWeakRef          session;

  int               wake_pending;   /* atomic: a drain is queued */
  int               done;           /* atomic: the worker has returned */
  /* Written by the worker before `done` is set, read after. */
  BpStopReason      reason;
  GError           *error;
} BpSessionRun;

struct _BpTrainingSession {
  GObject        parent_instance;

  BpSessionRun         *run;
  guint64        next_id;
  BpSessionState state;
  BpTrainConfig  config;
  gboolean       config_dirty;     /* set while paused, applied when the worker is parked */
  gboolean       has_pending;      /* a resume or step waits for the worker to park */
  BpStepKind     pending;          /* BP_STEP_NONE: resume */
  guint64        seen;             /* buffer sequence polled so far */
  GArray        *history;          /* BpEpochRecord, UI-thread copy */
  guint          finish_idle;      /* the run's end, queued by a poll */
  BpProgress     last;
};

G_DEFINE_FINAL_TYPE (BpTrainingSession, bp_training_session, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_UPDATED, SIGNAL_EPOCH, SIGNAL_FINISHED, N_SIGNALS };
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
  g_clear_pointer (&run->model, bp_model_free);
  g_clear_pointer (&run->dataset, bp_dataset_free);
  g_clear_pointer (&run->control, bp_train_control_unref);
  g_clear_pointer (&run->buffer, bp_progress_buffer_free);
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

/* UI thread, at most one queued at a time. */
static gboolean
drain (gpointer data)
{
  BpSessionRun *run = data;

  /* Clear first: an event pushed from here on queues another drain. */
  g_atomic_int_set (&run->wake_pending, 0);

  g_autoptr(BpTrainingSession) self = g_weak_ref_get (&run->session);
  if (!self || self->run != run)
    return G_SOURCE_REMOVE;   /* a stale run: drop it */

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

static void
on_progress (const BpProgress *progress, gpointer user_data)
{
  BpSessionRun *run = user_data;
  bp_progress_buffer_push (run->buffer, progress);
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
  run->error = error;
  g_atomic_int_set (&run->done, 1);
  wake (run);
  session_run_unref (run);
  return NULL;
}

static void
drop_run (BpTrainingSession *self)
{
  BpSessionRun *run = g_steal_pointer (&self->run);
  if (!run)
    return;
  bp_train_control_stop (run->control);
  if (run->thread)
    /* Detach: the worker ends within one batch and drops its reference. */
    g_thread_unref (g_steal_pointer (&run->thread));
  session_run_unref (run);
}

static void
bp_training_session_dispose (GObject *object)
{
  BpTrainingSession *self = BP_TRAINING_SESSION (object);
  g_clear_handle_id (&self->finish_idle, g_source_remove);
  bp_training_session_join (self);
  drop_run (self);
  G_OBJECT_CLASS (bp_training_session_parent_class)->dispose (object);
}

static void
bp_training_session_finalize (GObject *object)
{
  BpTrainingSession *self = BP_TRAINING_SESSION (object);
  g_array_unref (self->history);
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
}

static void
bp_training_session_init (BpTrainingSession *self)
{
  self->history = g_array_new (FALSE, FALSE, sizeof (BpEpochRecord));
  self->next_id = 1;
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
  g_atomic_ref_count_init (&run->ref);
  run->id = self->next_id++;
  run->dataset = g_steal_pointer (&recipe->dataset);
  run->options = *options;
  run->options.roles = NULL;
  run->model = g_steal_pointer (&recipe->model);
  run->trainer = g_steal_pointer (&recipe->trainer);
  BpTrainer *trainer = run->trainer;
  bp_recipe_free (recipe);
  run->control = bp_train_control_new ();
  run->buffer = bp_progress_buffer_new ();
  run->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&run->session, self);
  bp_trainer_set_run_id (trainer, run->id);

  self->run = run;
  self->config = *bp_trainer_get_config (trainer);
  self->config.class_weights = NULL;
  self->config_dirty = FALSE;
  self->seen = 0;
  g_array_set_size (self->history, 0);
  memset (&self->last, 0, sizeof self->last);

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
  drop_run (self);
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
