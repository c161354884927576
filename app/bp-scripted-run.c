/* bp-scripted-run.c: --train, --quit-after-training and BACKPROP_TRACE.
 *
 * Everything here happens on the UI thread, in handlers of the session's
 * and the window's signals, so the lines come out in the order the
 * window's poll takes the records: the epochs of a run, then its summary.
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "bp-scripted-run"

#include "bp-scripted-run.h"

#include <math.h>

struct _BpScriptedRun {
  GObject            parent_instance;

  GApplication      *application;   /* not a reference: it owns us */
  BpScriptedFlags    flags;
  FILE              *out;
  int                exit_status;
  gboolean           started;

  BpTrainingSession *session;
  GtkWidget         *frames;         /* weak */
  guint              tick_id;
  guint64            run_id;         /* the run the frames are of */
  GArray            *frame_ms;       /* double: intervals between frames while running */
  gint64             last_frame_us;
};

G_DEFINE_FINAL_TYPE (BpScriptedRun, bp_scripted_run, G_TYPE_OBJECT)

static gboolean
quit_idle (gpointer data)
{
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_REMOVE;
}

/* Quit once the main loop is free (what is being handled now finishes),
 * failing with @status when it is not 0. */
static void
quit_soon (BpScriptedRun *self, int status)
{
  if (status != 0)
    self->exit_status = status;
  if (self->application)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, quit_idle, g_object_ref (self->application), g_object_unref);
}

static void
print_line (BpScriptedRun *self, const char *line)
{
  fprintf (self->out, "%s\n", line);
  fflush (self->out);
}

/* ---- the session ------------------------------------------------------- */

static void
on_epoch (BpTrainingSession *session, const BpProgress *p, BpScriptedRun *self)
{
  if (!(self->flags & BP_SCRIPTED_TRACE))
    return;
  const BpDataset *d = bp_training_session_get_dataset (session);
  g_return_if_fail (d != NULL);
  g_autofree char *line = bp_epoch_to_json (p, d->task, d->n_validation > 0);
  print_line (self, line);
}

static void
on_finished (BpTrainingSession *session, BpScriptedRun *self)
{
  /* Listeners of "finished" poll: the last epochs before the summary
   * (the window's handler, which runs first, has usually taken them). */
  g_autoptr(GArray) rest = g_array_new (FALSE, FALSE, sizeof (BpProgress));
  bp_training_session_poll (session, rest);
  const GError *error = bp_training_session_get_error (session);
  if (error && (self->flags & BP_SCRIPTED_TRACE))
    g_printerr ("backprop: %s\n", error->message);
  if (self->flags & BP_SCRIPTED_QUIT_AFTER_TRAINING)
    {
      bp_scripted_run_print_summary (self);
      quit_soon (self, error ? 1 : 0);
    }
}

/* The interval since the last frame, while the run is going. */
static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  BpScriptedRun *self = user_data;
  if (bp_training_session_get_state (self->session) == BP_SESSION_RUNNING)
    {
      gint64 now = gdk_frame_clock_get_frame_time (clock);
      if (self->last_frame_us > 0)
        {
          double ms = (now - self->last_frame_us) / 1000.0;
          g_array_append_val (self->frame_ms, ms);
        }
      self->last_frame_us = now;
    }
  else
    self->last_frame_us = 0;
  return G_SOURCE_CONTINUE;
}

/* Ticks only while a run is active (as the window's own): a tick callback
 * keeps the frame clock going, which an idle window must not. A new run
 * starts new statistics. */
static void
on_state_changed (BpTrainingSession *session, GParamSpec *pspec, BpScriptedRun *self)
{
  BpSessionState state = bp_training_session_get_state (session);
  gboolean active = state == BP_SESSION_RUNNING || state == BP_SESSION_PAUSED;
  guint64 run_id = bp_training_session_get_run_id (session);
  if (run_id != 0 && run_id != self->run_id)
    {
      self->run_id = run_id;
      g_array_set_size (self->frame_ms, 0);
    }
  if (!self->frames)
    return;
  if (active && !self->tick_id)
    self->tick_id = gtk_widget_add_tick_callback (self->frames, on_tick, self, NULL);
  else if (!active && self->tick_id)
    {
      gtk_widget_remove_tick_callback (self->frames, self->tick_id);
      self->tick_id = 0;
      self->last_frame_us = 0;
    }
}

void
bp_scripted_run_watch_session (BpScriptedRun *self, BpTrainingSession *session, GtkWidget *frames)
{
  g_return_if_fail (BP_IS_SCRIPTED_RUN (self));
  g_return_if_fail (BP_IS_TRAINING_SESSION (session));
  g_return_if_fail (frames == NULL || GTK_IS_WIDGET (frames));
  g_return_if_fail (self->session == NULL);
  self->session = g_object_ref (session);
  if (frames)
    g_set_weak_pointer (&self->frames, frames);
  g_signal_connect_object (session, "epoch", G_CALLBACK (on_epoch), self, 0);
  /* After the window's handler, which takes the last records first. */
  g_signal_connect_object (session, "finished", G_CALLBACK (on_finished), self, G_CONNECT_AFTER);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (on_state_changed), self, 0);
}

/* ---- the window --------------------------------------------------------- */

/* A run that quits after training cannot ask or show a dialog: it says
 * why on stderr and fails. */
static gboolean
on_open_failed (BpWindow *window, const char *message, BpScriptedRun *self)
{
  if (!(self->flags & BP_SCRIPTED_QUIT_AFTER_TRAINING))
    return FALSE;
  g_printerr ("backprop: %s\n", message);
  quit_soon (self, 1);
  return TRUE;
}

/* The one place that says what a scripted run listens to. */
void
bp_scripted_run_watch_window (BpScriptedRun *self, BpWindow *window)
{
  g_return_if_fail (BP_IS_SCRIPTED_RUN (self));
  g_return_if_fail (BP_IS_WINDOW (window));
  bp_scripted_run_watch_session (self, bp_window_get_session (window), GTK_WIDGET (window));
  /* Nobody is there to answer a question, and nothing is left to restore. */
  if (self->flags & BP_SCRIPTED_QUIT_AFTER_TRAINING)
    bp_window_set_scripted (window, TRUE);
  g_signal_connect_object (window, "open-failed", G_CALLBACK (on_open_failed), self, 0);
}

void
bp_scripted_run_start (BpScriptedRun *self, BpWindow *window)
{
  g_return_if_fail (BP_IS_SCRIPTED_RUN (self));
  g_return_if_fail (BP_IS_WINDOW (window));
  if (self->started || !(self->flags & BP_SCRIPTED_TRAIN))
    return;
  self->started = TRUE;
  /* Not when opening has failed already (a project is read at once, and a
   * sample's project applied at once, and they have said why): then
   * neither the data shown before nor the next must train. */
  if (!bp_window_get_open_failed (window) && (bp_window_get_table (window) || bp_window_is_loading (window)))
    bp_window_train_when_ready (window);
}

/* ---- the summary --------------------------------------------------------- */

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

void
bp_scripted_run_print_summary (BpScriptedRun *self)
{
  g_return_if_fail (BP_IS_SCRIPTED_RUN (self));
  if (!(self->flags & BP_SCRIPTED_TRACE) || !self->session)
    return;
  /* The first interval also holds the window's first layout when training
   * starts with the window (--train); it is reported on its own. */
  GArray *frame_ms = self->frame_ms;
  double first = frame_ms->len ? g_array_index (frame_ms, double, 0) : NAN;
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (double));
  if (frame_ms->len > 1)
    g_array_append_vals (sorted, &g_array_index (frame_ms, double, 1), frame_ms->len - 1);
  g_array_sort (sorted, compare_double);
  double median = sorted->len ? g_array_index (sorted, double, sorted->len / 2) : NAN;
  double worst = sorted->len ? g_array_index (sorted, double, sorted->len - 1) : NAN;
  const BpProgress *last = bp_training_session_get_last (self->session);

  BpJsonWriter j;
  bp_json_writer_init (&j);
  bp_json_open (&j, NULL, '{', TRUE);
  bp_json_bool (&j, "final", TRUE);
  bp_json_int (&j, "epochs", last->epoch);
  bp_json_int (&j, "frames", frame_ms->len ? frame_ms->len + 1 : 0);
  bp_json_double (&j, "first_frame_ms", first);
  bp_json_double (&j, "median_frame_ms", median);
  bp_json_double (&j, "worst_frame_ms", worst);
  bp_json_double (&j, "samples_per_second", last->seconds > 0 ? last->samples / last->seconds : NAN);
  /* Training time alone, and what the live frames cost the training
   * thread (their share of it is what bench_app.py reports). */
  double live_seconds;
  bp_training_session_get_live_cost (self->session, NULL, &live_seconds);
  bp_json_double (&j, "training_seconds", last->seconds);
  bp_json_double (&j, "live_seconds", live_seconds);
  /* Live frames the window took for its views, by view: the boundary
   * (the grid), the network diagram (the weights), the confusion matrix
   * or regression plots (the validation rows). */
  bp_json_open (&j, "live_updates", '{', TRUE);
  bp_json_uint64 (&j, "boundary", bp_training_session_get_live_count (self->session, BP_PROBE_GRID));
  bp_json_uint64 (&j, "network", bp_training_session_get_live_count (self->session, BP_PROBE_WEIGHTS));
  bp_json_uint64 (&j, "confusion", bp_training_session_get_live_count (self->session, BP_PROBE_EVAL));
  bp_json_close (&j, '}');
  BpTimeline *timeline = bp_training_session_get_timeline (self->session);
  bp_json_int (&j, "snapshots", timeline ? bp_timeline_get_n_snapshots (timeline) : 0);
  bp_json_close (&j, '}');
  g_autofree char *text = bp_json_writer_finish (&j, NULL);
  print_line (self, text);
}

int
bp_scripted_run_get_exit_status (BpScriptedRun *self)
{
  g_return_val_if_fail (BP_IS_SCRIPTED_RUN (self), 0);
  return self->exit_status;
}

void
bp_scripted_run_set_output (BpScriptedRun *self, FILE *out)
{
  g_return_if_fail (BP_IS_SCRIPTED_RUN (self));
  g_return_if_fail (out != NULL);
  self->out = out;
}

/* ---- object -------------------------------------------------------------- */

static void
bp_scripted_run_dispose (GObject *object)
{
  BpScriptedRun *self = BP_SCRIPTED_RUN (object);
  if (self->frames && self->tick_id)
    gtk_widget_remove_tick_callback (self->frames, self->tick_id);
  self->tick_id = 0;
  g_clear_weak_pointer (&self->frames);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (bp_scripted_run_parent_class)->dispose (object);
}

static void
bp_scripted_run_finalize (GObject *object)
{
  g_array_unref (BP_SCRIPTED_RUN (object)->frame_ms);
  G_OBJECT_CLASS (bp_scripted_run_parent_class)->finalize (object);
}

static void
bp_scripted_run_class_init (BpScriptedRunClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bp_scripted_run_dispose;
  G_OBJECT_CLASS (klass)->finalize = bp_scripted_run_finalize;
}

static void
bp_scripted_run_init (BpScriptedRun *self)
{
  self->out = stdout;
  self->frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
}

BpScriptedRun *
bp_scripted_run_new (GApplication *application, BpScriptedFlags flags)
{
  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);
  BpScriptedRun *self = g_object_new (BP_TYPE_SCRIPTED_RUN, NULL);
  self->application = application;
  self->flags = flags;
  return self;
}
