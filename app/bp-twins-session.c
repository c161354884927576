/* bp-twins-session.c: the handoff between the UI thread and the twins' thread.
 *
 * The shape of bp-training-session.c: a TwinsRun holds everything the
 * twins touch, and the session and the worker each hold a reference, so a
 * reset session drops its run at once while the worker finishes its last
 * batch and lets go of it. Only the worker touches the twins while they
 * train; the UI reads the progress buffer, the live buffers, and the
 * end through `done`.
 */
#define G_LOG_DOMAIN "bp-twins-session"

#include "bp-twins-session.h"


#include "bp-live-buffer.h"
#include "bp-progress-buffer.h"

/* As the training session's live frames: a grid this many cells a side,
 * at most this share of a twin's training time spent probing it, and a
 * frame at an epoch's end when this much training time passed since. */
#define LIVE_GRID 64
#define LIVE_BUDGET 0.05
#define LIVE_EPOCH_FLOOR 0.5

typedef struct {
  BpProbe      *probe;
  BpLiveBuffer *live;
  /* Worker only. */
  gboolean      probed;
  double        train_seconds;   /* the twin's training time at its last frame */
  double        cost;            /* what a frame costs, smoothed */
  guint         epoch;           /* the epoch of its last frame */
  BpProgress    last;
  gboolean      has_last;
} TwinLive;

typedef struct {
  gatomicrefcount   ref;
  BpDataset        *dataset;
  BpTwins          *twins;
  BpTrainControl   *control;
  BpProgressBuffer *buffer;
  GThread          *thread;
  GMainContext     *context;
  GWeakRef          session;
  TwinLive          live[2];

  int               wake_pending;   /* atomic: a drain is queued */
  int               done;           /* atomic: the worker has returned */
  int               dropped;        /* atomic: no session will read it again */
  /* Written by the worker before `done` is set, read after. */
  BpStopReason      reason[2];
  GError           *diverged[2];
  GError           *error;
} TwinsRun;

struct _BpTwinsSession {
  GObject         parent_instance;

  TwinsRun       *run;
  BpSessionState  state;
  BpRun          *runs[2];
  /* The live buffers of the frames shown: they may outlive their run. */
  BpLiveBuffer   *shown[2];
  /* Reset runs whose workers may still run: joined when done, and all
   * before the session goes, so none is inside OpenBLAS at exit. */
  GPtrArray      *dropped;
};

G_DEFINE_FINAL_TYPE (BpTwinsSession, bp_twins_session, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_UPDATED, SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static TwinsRun *
twins_run_ref (TwinsRun *run)
{
  g_atomic_ref_count_inc (&run->ref);
  return run;
}

static void
twins_run_unref (gpointer data)
{
  TwinsRun *run = data;
  if (!g_atomic_ref_count_dec (&run->ref))
    return;
  /* The twins borrow the dataset: they go first. */
  g_clear_pointer (&run->twins, bp_twins_free);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&run->live[i].probe, bp_probe_free);
      g_clear_pointer (&run->live[i].live, bp_live_buffer_unref);
      g_clear_error (&run->diverged[i]);
    }
  g_clear_pointer (&run->dataset, bp_dataset_free);
  g_clear_pointer (&run->control, bp_train_control_unref);
  g_clear_pointer (&run->buffer, bp_progress_buffer_free);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_error (&run->error);
  g_weak_ref_clear (&run->session);
  g_free (run);
}

static void
set_state (BpTwinsSession *self, BpSessionState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* UI thread, once the worker has returned: the runs are finished with
 * the twins' weights, then "finished". */
static void
check_finished (BpTwinsSession *self)
{
  TwinsRun *run = self->run;
  if (!run || !run->thread || !g_atomic_int_get (&run->done))
    return;
  g_thread_join (g_steal_pointer (&run->thread));
  /* The worker may have pushed its last records after the listeners
   * polled: they poll once more, then whatever none took goes into the
   * runs. */
  g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
  if (self->run != run)
    return;   /* a listener reset it */
  g_autoptr(GArray) rest = g_array_new (FALSE, FALSE, sizeof (BpProgress));
  bp_twins_session_poll (self, rest);
  for (guint i = 0; i < 2; i++)
    bp_run_finish (self->runs[i], run->reason[i], bp_twins_get_model (run->twins, i));
  set_state (self, BP_SESSION_FINISHED);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

/* UI thread, at most one queued at a time. */
static gboolean
drain (gpointer data)
{
  TwinsRun *run = data;
  /* Clear first: an event pushed from here on queues another drain. */
  g_atomic_int_set (&run->wake_pending, 0);
  g_autoptr(BpTwinsSession) self = g_weak_ref_get (&run->session);
  if (!self || self->run != run)
    return G_SOURCE_REMOVE;   /* a stale run: drop it */
  g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
  check_finished (self);
  return G_SOURCE_REMOVE;
}

/* Worker: wake the UI once (see bp-training-session.c's wake()). */
static void
wake (TwinsRun *run)
{
  if (!g_atomic_int_compare_and_exchange (&run->wake_pending, 0, 1))
    return;
  g_autoptr(GSource) source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, drain, twins_run_ref (run), twins_run_unref);
  g_source_set_static_name (source, "[backprop] twins progress");
  g_source_attach (source, run->context);
}

/* Worker: a frame of twin @which as it is now. */
static void
probe_now (TwinsRun *run, guint which)
{
  TwinLive *t = &run->live[which];
  const gint64 start = g_get_monotonic_time ();
  BpProbeFrame *frame = bp_live_buffer_acquire (t->live);
  if (!frame)
    return;
  bp_probe_run (t->probe, bp_twins_get_model (run->twins, which), frame);
  const BpProgress *p = t->has_last ? &t->last : NULL;
  frame->run_id = which;
  frame->step = p ? p->step : 0;
  frame->epoch = p ? p->epoch : 0;
  frame->batch = p ? p->batch : 0;
  frame->seconds = p ? p->seconds : 0.0;
  const double cost = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  bp_live_buffer_publish (t->live, frame, cost);
  t->cost = t->probed ? 0.5 * t->cost + 0.5 * cost : cost;
  t->probed = TRUE;
  if (p)
    {
      t->train_seconds = p->seconds;
      t->epoch = p->epoch;
    }
}

/* Worker, after each step of twin @which: a frame when its budget allows
 * (as the training session's maybe_probe: the twin's training time since
 * its last frame is at least 1/LIVE_BUDGET times what one costs), or at
 * the end of an epoch that had none and took long enough. */
static void
maybe_probe (TwinsRun *run, guint which, const BpProgress *p)
{
  TwinLive *t = &run->live[which];
  t->last = *p;
  t->has_last = TRUE;
  if (!t->probe || g_atomic_int_get (&run->dropped))
    return;
  const double since = p->seconds - t->train_seconds;
  double cost = t->cost;
  if (!t->probed)
    /* Before the first: guessed from the rows it runs forward against the
     * rows trained per second (a trained row costs about three forward). */
    cost = p->samples > 0 && p->seconds > 0.0
           ? (double) bp_probe_count_rows (t->probe) / (3.0 * (double) p->samples / p->seconds)
           : 0.0;
  if (since * LIVE_BUDGET >= cost ||
      (p->kind == BP_PROGRESS_EPOCH && t->epoch < p->epoch && since >= LIVE_EPOCH_FLOOR))
    probe_now (run, which);
}

static gpointer
worker (gpointer data)
{
  TwinsRun *run = data;
  gboolean stopped = FALSE;
  while (!bp_twins_is_finished (run->twins))
    {
      /* Between any two steps: a stop ends both, a pause waits here. */
      if (bp_train_control_wait (run->control, FALSE) == BP_CONTROL_STOP)
        {
          stopped = TRUE;
          break;
        }
      BpProgress progress;
      guint which = 0;
      g_autoptr(GError) error = NULL;
      if (!bp_twins_step (run->twins, &progress, &which, &error))
        {
          /* A twin that diverged has ended; the other goes on. */
          if (g_error_matches (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED) &&
              bp_trainer_is_finished (bp_twins_get_trainer (run->twins, which)))
            {
              g_propagate_error (&run->diverged[which], g_steal_pointer (&error));
              continue;
            }
          run->error = g_steal_pointer (&error);
          stopped = TRUE;
          break;
        }
      bp_progress_buffer_push (run->buffer, &progress);
      maybe_probe (run, which, &progress);
      if (progress.kind == BP_PROGRESS_EPOCH)
        wake (run);
    }
  for (guint i = 0; i < 2; i++)
    {
      BpTrainer *trainer = bp_twins_get_trainer (run->twins, i);
      run->reason[i] = stopped && !bp_trainer_is_finished (trainer) ? BP_STOP_USER
                                                                     : bp_trainer_get_stop_reason (trainer);
      if (run->diverged[i])
        run->reason[i] = BP_STOP_DIVERGED;
      /* The weights they end with; a dropped run's frames would go unread. */
      if (run->live[i].probe && !g_atomic_int_get (&run->dropped))
        probe_now (run, i);
    }
  g_atomic_int_set (&run->done, 1);
  wake (run);
  twins_run_unref (run);
  return NULL;
}

/* Joins the dropped runs' workers: all, or those already done. */
static void
join_dropped (BpTwinsSession *self, gboolean all)
{
  for (guint i = self->dropped->len; i-- > 0;)
    {
      TwinsRun *run = g_ptr_array_index (self->dropped, i);
      if (all || g_atomic_int_get (&run->done))
        {
          g_thread_join (g_steal_pointer (&run->thread));
          g_ptr_array_remove_index_fast (self->dropped, i);
        }
    }
}

static void
drop_run (BpTwinsSession *self)
{
  TwinsRun *run = g_steal_pointer (&self->run);
  if (!run)
    return;
  g_atomic_int_set (&run->dropped, 1);
  bp_train_control_stop (run->control);
  join_dropped (self, FALSE);
  if (run->thread)
    /* Not waited for now (it ends within one batch); joined later. */
    g_ptr_array_add (self->dropped, run);
  else
    twins_run_unref (run);
}

static void
bp_twins_session_dispose (GObject *object)
{
  BpTwinsSession *self = BP_TWINS_SESSION (object);
  bp_twins_session_join (self);
  drop_run (self);
  join_dropped (self, TRUE);
  G_OBJECT_CLASS (bp_twins_session_parent_class)->dispose (object);
}

static void
bp_twins_session_finalize (GObject *object)
{
  BpTwinsSession *self = BP_TWINS_SESSION (object);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&self->runs[i], bp_run_unref);
      g_clear_pointer (&self->shown[i], bp_live_buffer_unref);
    }
  g_ptr_array_unref (self->dropped);
  G_OBJECT_CLASS (bp_twins_session_parent_class)->finalize (object);
}

static void
bp_twins_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BpTwinsSession *self = BP_TWINS_SESSION (object);
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
bp_twins_session_class_init (BpTwinsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = bp_twins_session_dispose;
  object_class->finalize = bp_twins_session_finalize;
  object_class->get_property = bp_twins_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, BP_SESSION_IDLE, BP_SESSION_FINISHED, BP_SESSION_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Poll now: an epoch ended, or the twins did. */
  signals[SIGNAL_UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Both ended; their runs are finished. */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bp_twins_session_init (BpTwinsSession *self)
{
  self->dropped = g_ptr_array_new_with_free_func (twins_run_unref);
}

BpTwinsSession *
bp_twins_session_new (void)
{
  return g_object_new (BP_TYPE_TWINS_SESSION, NULL);
}

gboolean
bp_twins_session_prepare (BpTwinsSession *self, BpDataset *dataset, const BpRunSettings *a, const BpRunSettings *b,
                          GError **error)
{
  g_autoptr(BpDataset) owned = dataset;
  g_return_val_if_fail (BP_IS_TWINS_SESSION (self), FALSE);
  g_return_val_if_fail (dataset != NULL && a != NULL && b != NULL, FALSE);

  bp_twins_session_reset (self);
  g_autoptr(BpTwins) twins = bp_twins_new (dataset, a, b, error);
  if (!twins)
    return FALSE;

  TwinsRun *run = g_new0 (TwinsRun, 1);
  g_atomic_ref_count_init (&run->ref);
  run->dataset = g_steal_pointer (&owned);
  run->twins = g_steal_pointer (&twins);
  run->control = bp_train_control_new ();
  run->buffer = bp_progress_buffer_new ();
  run->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&run->session, self);

  const BpRunSettings *settings[] = { a, b };
  for (guint i = 0; i < 2; i++)
    {
      const BpModel *model = bp_twins_get_model (run->twins, i);
      g_autoptr(GError) probe_error = NULL;
      BpProbe *probe = bp_probe_new (model->spec, run->dataset, LIVE_GRID, LIVE_GRID, &probe_error);
      if (probe && bp_probe_has_plane (probe))
        {
          bp_probe_set_parts (probe, BP_PROBE_GRID);
          run->live[i].probe = probe;
          run->live[i].live = bp_live_buffer_new (probe);
        }
      else
        {
          if (!probe)
            g_warning ("No boundary for twin %u: %s", i + 1, probe_error->message);
          g_clear_pointer (&probe, bp_probe_free);
        }
      g_clear_pointer (&self->runs[i], bp_run_unref);
      self->runs[i] = bp_run_new (settings[i], run->dataset->task, run->dataset->n_validation > 0);
    }
  self->run = run;

  /* The worker starts paused: resume() sets it going. */
  bp_train_control_pause (run->control);
  run->thread = g_thread_new ("bp-twins", worker, twins_run_ref (run));
  set_state (self, BP_SESSION_PAUSED);
  return TRUE;
}

void
bp_twins_session_resume (BpTwinsSession *self)
{
  g_return_if_fail (BP_IS_TWINS_SESSION (self));
  if (self->state != BP_SESSION_PAUSED || g_atomic_int_get (&self->run->done))
    return;
  bp_train_control_resume (self->run->control);
  set_state (self, BP_SESSION_RUNNING);
}

void
bp_twins_session_pause (BpTwinsSession *self)
{
  g_return_if_fail (BP_IS_TWINS_SESSION (self));
  if (self->state != BP_SESSION_RUNNING)
    return;
  bp_train_control_pause (self->run->control);
  set_state (self, BP_SESSION_PAUSED);
}

void
bp_twins_session_stop (BpTwinsSession *self)
{
  g_return_if_fail (BP_IS_TWINS_SESSION (self));
  if (self->state != BP_SESSION_RUNNING && self->state != BP_SESSION_PAUSED)
    return;
  /* The worker notices within one batch; FINISHED comes with its drain. */
  bp_train_control_stop (self->run->control);
}

void
bp_twins_session_reset (BpTwinsSession *self)
{
  g_return_if_fail (BP_IS_TWINS_SESSION (self));
  drop_run (self);
  for (guint i = 0; i < 2; i++)
    g_clear_pointer (&self->runs[i], bp_run_unref);
  set_state (self, BP_SESSION_IDLE);
}

void
bp_twins_session_join (BpTwinsSession *self)
{
  g_return_if_fail (BP_IS_TWINS_SESSION (self));
  TwinsRun *run = self->run;
  if (!run || !run->thread)
    return;
  bp_train_control_stop (run->control);
  /* The worker's end, as a drain would take it, without the signals'
   * listeners: this is shutdown. */
  g_thread_join (g_steal_pointer (&run->thread));
  set_state (self, BP_SESSION_FINISHED);
}

guint
bp_twins_session_poll (BpTwinsSession *self, GArray *out)
{
  g_return_val_if_fail (BP_IS_TWINS_SESSION (self), 0);
  g_return_val_if_fail (out != NULL, 0);
  if (!self->run)
    return 0;
  guint first = out->len;
  guint n = bp_progress_buffer_take (self->run->buffer, out);
  for (guint i = first; i < out->len; i++)
    {
      const BpProgress *p = &g_array_index (out, BpProgress, i);
      g_return_val_if_fail (p->run_id < 2, n);
      bp_run_record (self->runs[p->run_id], p);
    }
  return n;
}

BpSessionState
bp_twins_session_get_state (BpTwinsSession *self)
{
  g_return_val_if_fail (BP_IS_TWINS_SESSION (self), BP_SESSION_IDLE);
  return self->state;
}

const BpDataset *
bp_twins_session_get_dataset (BpTwinsSession *self)
{
  g_return_val_if_fail (BP_IS_TWINS_SESSION (self), NULL);
  return self->run ? self->run->dataset : NULL;
}

BpRun *
bp_twins_session_get_run (BpTwinsSession *self, guint which)
{
  g_return_val_if_fail (BP_IS_TWINS_SESSION (self) && which < 2, NULL);
  return self->runs[which];
}

const BpModel *
bp_twins_session_get_model (BpTwinsSession *self, guint which)
{
  g_return_val_if_fail (BP_IS_TWINS_SESSION (self) && which < 2, NULL);
  if (!self->run || self->state != BP_SESSION_FINISHED)
    return NULL;
  return bp_twins_get_model (self->run->twins, which);
}

BpStopReason
bp_twins_session_get_stop_reason (BpTwinsSession *self, guint which)
{
  g_return_val_if_fail (BP_IS_TWINS_SESSION (self) && which < 2, BP_STOP_NONE);
  if (!self->run || self->state != BP_SESSION_FINISHED)
    return BP_STOP_NONE;
  return self->run->reason[which];
}

const GError *
bp_twins_session_get_diverged (BpTwinsSession *self, guint which)
{
  g_return_val_if_fail (BP_IS_TWINS_SESSION (self) && which < 2, NULL);
  if (!self->run || self->state != BP_SESSION_FINISHED)
    return NULL;
  return self->run->diverged[which];
}

const GError *
bp_twins_session_get_error (BpTwinsSession *self)
{
  g_return_val_if_fail (BP_IS_TWINS_SESSION (self), NULL);
  if (!self->run || self->state != BP_SESSION_FINISHED)
    return NULL;
  return self->run->error;
}

gboolean
bp_twins_session_has_plane (BpTwinsSession *self)
{
  g_return_val_if_fail (BP_IS_TWINS_SESSION (self), FALSE);
  return self->run && self->run->live[0].probe && self->run->live[1].probe;
}

const BpProbeFrame *
bp_twins_session_take_frame (BpTwinsSession *self, guint which, gboolean *is_new)
{
  g_return_val_if_fail (BP_IS_TWINS_SESSION (self) && which < 2, NULL);
  if (is_new)
    *is_new = FALSE;
  BpLiveBuffer *live = self->run ? self->run->live[which].live : NULL;
  if (!live)
    {
      g_clear_pointer (&self->shown[which], bp_live_buffer_unref);
      return NULL;
    }
  if (self->shown[which] != live)
    {
      g_clear_pointer (&self->shown[which], bp_live_buffer_unref);
      self->shown[which] = bp_live_buffer_ref (live);
    }
  return bp_live_buffer_take (live, is_new);
}

guint64
bp_twins_session_get_frame_count (BpTwinsSession *self, guint which)
{
  g_return_val_if_fail (BP_IS_TWINS_SESSION (self) && which < 2, 0);
  BpLiveBuffer *live = self->run ? self->run->live[which].live : NULL;
  return live ? bp_live_buffer_get_sequence (live) : 0;
}
