/* test-training-session.c: the UI-thread side of a run, without any window.
 *
 * A real GMainLoop drives each test: the worker publishes progress, the
 * test polls it as a frame clock would, and "updated"/"finished" arrive
 * through the main context. Covers a whole run, pause/step/resume, stop,
 * settings changed while paused, divergence, when the model may be read,
 * and stale events from a reset run (with a start/reset stress loop for
 * the handoff's lifetimes); no worker outlives its session. Live frames: the buffer's hand-over, frames
 * of a whole run (the last of the final weights), a plane asked for
 * while paused, no frames with every view off, and the same losses with
 * frames as without; a frame of where a pause parked the worker, and
 * frames for a plane or parts asked for while it stays parked.
 */
#include <math.h>

#include <glib/gstdio.h>

#include "bp-live-buffer.h"
#include "bp-progress-buffer.h"
#include "bp-training-session.h"
#include "test-session-util.h"
#include "test-util.h"

typedef struct {
  BpTrainingSession *session;
  GArray            *records;   /* BpProgress */
  guint              updated;
  guint              finished;
} Fixture;

static void
on_updated (BpTrainingSession *session, Fixture *f)
{
  f->updated++;
  bp_training_session_poll (session, f->records);
}

static void
on_finished (BpTrainingSession *session, Fixture *f)
{
  f->finished++;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  bp_blas_set_threads (1);
  f->session = bp_training_session_new ();
  f->records = g_array_new (FALSE, FALSE, sizeof (BpProgress));
  g_signal_connect (f->session, "updated", G_CALLBACK (on_updated), f);
  g_signal_connect (f->session, "finished", G_CALLBACK (on_finished), f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->session);
  g_array_unref (f->records);
}

/* iris, shuffled split, 16-unit hidden layer. */
static void
prepare_with (Fixture *f, guint epochs, BpOptimizerKind optimizer, float lr)
{
  prepare_iris_session (f->session, epochs, optimizer, lr);
  g_assert_cmpint (bp_training_session_get_state (f->session), ==, BP_SESSION_PAUSED);
}

static void
prepare (Fixture *f, guint epochs, float lr)
{
  prepare_with (f, epochs, BP_OPTIMIZER_ADAM, lr);
}

/* Spin the main loop, polling like a frame clock, until `done` or 20 s. */
static void
spin_until (Fixture *f, gboolean (*done) (Fixture *f))
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!done (f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      bp_training_session_poll (f->session, f->records);
      g_usleep (1000);
    }
}

static void
spin_for (Fixture *f, guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      bp_training_session_poll (f->session, f->records);
      g_usleep (1000);
    }
}

static gboolean is_finished (Fixture *f) { return f->finished > 0; }
static gboolean has_records (Fixture *f) { return f->records->len > 0; }

static guint
count_kind (Fixture *f, BpProgressKind kind)
{
  guint n = 0;
  for (guint i = 0; i < f->records->len; i++)
    n += g_array_index (f->records, BpProgress, i).kind == kind;
  return n;
}

static void
test_progress_buffer (void)
{
  g_autoptr(BpProgressBuffer) buffer = bp_progress_buffer_new ();
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (BpProgress));
  g_assert_cmpuint (bp_progress_buffer_take (buffer, out), ==, 0);
  for (guint i = 1; i <= 10000; i++)
    {
      BpProgress p = { .kind = BP_PROGRESS_BATCH, .step = i };
      bp_progress_buffer_push (buffer, &p);
      if (i % 3000 == 0)
        bp_progress_buffer_take (buffer, out);
    }
  g_assert_cmpuint (bp_progress_buffer_get_sequence (buffer), ==, 10000);
  bp_progress_buffer_take (buffer, out);
  g_assert_cmpuint (out->len, ==, 10000);
  for (guint i = 0; i < out->len; i++)
    g_assert_cmpuint (g_array_index (out, BpProgress, i).step, ==, i + 1);
}

/* A worker pushing while this thread takes: nothing lost, order kept. */
static gpointer
pusher (gpointer data)
{
  for (guint i = 1; i <= 200000; i++)
    {
      BpProgress p = { .kind = BP_PROGRESS_BATCH, .step = i };
      bp_progress_buffer_push (data, &p);
    }
  return NULL;
}

static void
test_progress_buffer_threads (void)
{
  g_autoptr(BpProgressBuffer) buffer = bp_progress_buffer_new ();
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (BpProgress));
  GThread *thread = g_thread_new ("pusher", pusher, buffer);
  while (out->len < 200000)
    bp_progress_buffer_take (buffer, out);
  g_thread_join (thread);
  g_assert_cmpuint (bp_progress_buffer_take (buffer, out), ==, 0);
  for (guint i = 0; i < out->len; i++)
    g_assert_cmpuint (g_array_index (out, BpProgress, i).step, ==, i + 1);
}

static void
test_whole_run (Fixture *f, gconstpointer data)
{
  prepare (f, 5, 0.01f);
  guint64 run_id = bp_training_session_get_run_id (f->session);
  bp_training_session_resume (f->session);
  g_assert_cmpint (bp_training_session_get_state (f->session), ==, BP_SESSION_RUNNING);
  spin_until (f, is_finished);

  g_assert_cmpuint (f->finished, ==, 1);
  g_assert_cmpuint (f->updated, >=, 1);
  g_assert_cmpint (bp_training_session_get_state (f->session), ==, BP_SESSION_FINISHED);
  g_assert_cmpint (bp_training_session_get_stop_reason (f->session), ==, BP_STOP_EPOCHS);
  g_assert_null (bp_training_session_get_error (f->session));

  /* 120 training rows in batches of 16: 8 batches an epoch. */
  g_assert_cmpuint (count_kind (f, BP_PROGRESS_BATCH), ==, 5 * 8);
  g_assert_cmpuint (count_kind (f, BP_PROGRESS_EPOCH), ==, 5);
  const GArray *history = bp_training_session_get_history (f->session);
  g_assert_cmpuint (history->len, ==, 5);
  for (guint i = 0; i < f->records->len; i++)
    g_assert_cmpuint (g_array_index (f->records, BpProgress, i).run_id, ==, run_id);
  const BpEpochRecord *last = &g_array_index (history, BpEpochRecord, 4);
  g_assert_cmpuint (last->epoch, ==, 5);
  g_assert_true (isfinite (last->val_loss));
  g_assert_cmpfloat (last->val_metric, >, 0.6);
  g_assert_nonnull (bp_training_session_get_model (f->session));

  g_autofree char *dir = g_dir_make_tmp ("bp-session-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "model.json", NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_training_session_save_model (f->session, path, &error));
  g_assert_no_error (error);
  g_autoptr(BpModelFile) file = bp_model_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file->history->len, ==, 5);
  g_unlink (path);
  g_rmdir (dir);
}

/* A recipe (bp-recipe.h) runs as the parts it was made from do: the
 * same losses, bit for bit. */
static void
test_recipe (Fixture *f, gconstpointer data)
{
  prepare (f, 2, 0.01f);
  bp_training_session_resume (f->session);
  spin_until (f, is_finished);
  g_autoptr(GArray) by_parts = g_array_copy ((GArray *) bp_training_session_get_history (f->session));
  g_assert_cmpuint (by_parts->len, ==, 2);

  g_autoptr(BpTable) table = load_sample ("iris.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = BP_SPLIT_SHUFFLE;
  g_autoptr(BpLayerStack) stack = bp_layer_stack_new ();
  bp_layer_stack_add (stack, 16, BP_ACTIVATION_RELU, 0.0f);
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 2;
  config.batch_size = 16;
  config.optimizer.learning_rate = 0.01f;
  g_autoptr(GError) error = NULL;
  BpRecipe *recipe = bp_recipe_new (table, &options, stack, &config, NULL, &error);
  g_assert_no_error (error);
  f->finished = 0;
  bp_training_session_prepare_recipe (f->session, recipe, &options);
  g_assert_cmpint (bp_training_session_get_state (f->session), ==, BP_SESSION_PAUSED);
  bp_training_session_resume (f->session);
  spin_until (f, is_finished);
  const GArray *history = bp_training_session_get_history (f->session);
  g_assert_cmpuint (history->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      double a = g_array_index (history, BpEpochRecord, i).loss;
      double b = g_array_index (by_parts, BpEpochRecord, i).loss;
      g_assert_true (isfinite (a));
      g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
    }
}

static void
test_step (Fixture *f, gconstpointer data)
{
  prepare (f, 3, 0.01f);
  spin_for (f, 50);
  g_assert_cmpuint (f->records->len, ==, 0);   /* paused before the first batch */

  bp_training_session_step (f->session, BP_STEP_BATCH);
  spin_until (f, has_records);
  spin_for (f, 50);
  g_assert_cmpuint (f->records->len, ==, 1);
  g_assert_cmpuint (g_array_index (f->records, BpProgress, 0).step, ==, 1);
  g_assert_cmpint (bp_training_session_get_state (f->session), ==, BP_SESSION_PAUSED);

  /* The rest of the epoch: 7 batches and the epoch record. */
  bp_training_session_step (f->session, BP_STEP_EPOCH);
  spin_for (f, 300);
  g_assert_cmpuint (count_kind (f, BP_PROGRESS_BATCH), ==, 8);
  g_assert_cmpuint (count_kind (f, BP_PROGRESS_EPOCH), ==, 1);
  g_assert_cmpuint (f->finished, ==, 0);

  bp_training_session_resume (f->session);
  spin_until (f, is_finished);
  g_assert_cmpuint (count_kind (f, BP_PROGRESS_EPOCH), ==, 3);
}

static void
test_stop (Fixture *f, gconstpointer data)
{
  prepare (f, 100000, 0.01f);
  bp_training_session_resume (f->session);
  spin_until (f, has_records);
  bp_training_session_pause (f->session);
  g_assert_cmpint (bp_training_session_get_state (f->session), ==, BP_SESSION_PAUSED);
  spin_for (f, 50);
  guint n = f->records->len;
  spin_for (f, 100);
  g_assert_cmpuint (f->records->len, ==, n);   /* nothing moves while paused */

  bp_training_session_resume (f->session);
  spin_for (f, 50);
  g_assert_cmpuint (f->records->len, >, n);
  bp_training_session_stop (f->session);
  spin_until (f, is_finished);
  g_assert_cmpint (bp_training_session_get_stop_reason (f->session), ==, BP_STOP_USER);
  g_assert_nonnull (bp_training_session_get_model (f->session));
  g_assert_cmpuint (bp_training_session_get_last (f->session)->epoch, <, 100000);
}

static void
test_set_config_while_paused (Fixture *f, gconstpointer data)
{
  prepare (f, 3, 0.01f);
  bp_training_session_step (f->session, BP_STEP_BATCH);
  spin_until (f, has_records);
  g_assert_cmpfloat_with_epsilon (bp_training_session_get_last (f->session)->learning_rate, 0.01, 1e-9);

  BpTrainConfig config = *bp_training_session_get_config (f->session);
  config.optimizer.learning_rate = 0.05f;
  config.epochs = 4;
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_training_session_set_config (f->session, &config, &error));
  g_assert_no_error (error);

  config.batch_size = 0;
  g_assert_false (bp_training_session_set_config (f->session, &config, &error));
  g_assert_nonnull (error);

  bp_training_session_resume (f->session);
  spin_until (f, is_finished);
  g_assert_cmpfloat_with_epsilon (bp_training_session_get_last (f->session)->learning_rate, 0.05, 1e-7);
  g_assert_cmpuint (bp_training_session_get_history (f->session)->len, ==, 4);
}

/* A setting the trainer refuses while the worker waits comes straight
 * back, and the trainer's own stays in force. */
static void
test_refused_config (Fixture *f, gconstpointer data)
{
  prepare (f, 5, 0.01f);
  bp_training_session_step (f->session, BP_STEP_EPOCH);
  spin_for (f, 300);
  g_assert_cmpuint (count_kind (f, BP_PROGRESS_EPOCH), ==, 1);
  bp_training_session_step (f->session, BP_STEP_EPOCH);
  spin_for (f, 300);
  g_assert_cmpuint (count_kind (f, BP_PROGRESS_EPOCH), ==, 2);

  BpTrainConfig config = *bp_training_session_get_config (f->session);
  config.epochs = 1;
  g_autoptr(GError) error = NULL;
  g_assert_false (bp_training_session_set_config (f->session, &config, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_cmpuint (bp_training_session_get_config (f->session)->epochs, ==, 5);

  /* Refused while running, too. */
  bp_training_session_resume (f->session);
  g_clear_error (&error);
  g_assert_false (bp_training_session_set_config (f->session, &config, &error));
  g_assert_nonnull (error);
  spin_until (f, is_finished);
  g_assert_cmpuint (bp_training_session_get_history (f->session)->len, ==, 5);
}

static void
test_diverged (Fixture *f, gconstpointer data)
{
  /* Adam's steps are bounded; plain SGD at this rate blows up. */
  prepare_with (f, 50, BP_OPTIMIZER_SGD, 1000.0f);
  bp_training_session_resume (f->session);
  spin_until (f, is_finished);
  g_assert_cmpint (bp_training_session_get_stop_reason (f->session), ==, BP_STOP_DIVERGED);
  const GError *error = bp_training_session_get_error (f->session);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED);
  g_assert_nonnull (bp_training_session_get_model (f->session));
}

static gboolean is_parked (Fixture *f) { return bp_training_session_is_parked (f->session); }

/* The model is handed out only while the UI thread may read it: parked in
 * a pause with no stop on its way, or finished; never while running. */
static void
test_model_readable (Fixture *f, gconstpointer data)
{
  prepare (f, 100000, 0.01f);
  spin_until (f, is_parked);
  const BpModel *model = bp_training_session_get_model (f->session);
  g_assert_nonnull (model);

  bp_training_session_resume (f->session);
  g_assert_null (bp_training_session_get_model (f->session));
  spin_until (f, has_records);
  g_assert_null (bp_training_session_get_model (f->session));

  /* Paused: NULL until the worker has finished its batch and parked, and
   * once parked it stays parked, so a model handed out means parked. */
  bp_training_session_pause (f->session);
  for (guint i = 0; i < 1000 && !bp_training_session_is_parked (f->session); i++)
    {
      const BpModel *seen = bp_training_session_get_model (f->session);
      g_assert_true (seen == NULL || bp_training_session_is_parked (f->session));
      g_usleep (100);
    }
  spin_until (f, is_parked);
  g_assert_true (bp_training_session_get_model (f->session) == model);

  /* A stop wakes the parked worker to end the run: not readable until the
   * run has finished. */
  bp_training_session_stop (f->session);
  g_assert_cmpint (bp_training_session_get_state (f->session), ==, BP_SESSION_PAUSED);
  g_assert_null (bp_training_session_get_model (f->session));
  spin_until (f, is_finished);
  g_assert_true (bp_training_session_get_model (f->session) == model);

  bp_training_session_reset (f->session);
  g_assert_null (bp_training_session_get_model (f->session));
}

static void
test_reset_drops_stale_events (Fixture *f, gconstpointer data)
{
  prepare (f, 100000, 0.01f);
  bp_training_session_resume (f->session);
  spin_until (f, has_records);
  bp_training_session_reset (f->session);
  g_assert_cmpint (bp_training_session_get_state (f->session), ==, BP_SESSION_IDLE);
  g_assert_null (bp_training_session_get_model (f->session));
  g_array_set_size (f->records, 0);
  spin_for (f, 200);
  g_assert_cmpuint (f->finished, ==, 0);
  g_assert_cmpuint (f->records->len, ==, 0);
  g_assert_cmpuint (bp_training_session_get_history (f->session)->len, ==, 0);

  /* A new run after the reset gets a new id and only its own records. */
  prepare (f, 2, 0.01f);
  guint64 id = bp_training_session_get_run_id (f->session);
  bp_training_session_resume (f->session);
  spin_until (f, is_finished);
  for (guint i = 0; i < f->records->len; i++)
    g_assert_cmpuint (g_array_index (f->records, BpProgress, i).run_id, ==, id);
  g_assert_cmpuint (count_kind (f, BP_PROGRESS_EPOCH), ==, 2);
}

static void
test_stress (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < 40; i++)
    {
      prepare (f, 100000, 0.01f);
      if (i % 2)
        bp_training_session_resume (f->session);
      spin_for (f, i % 3);
      if (i % 5 == 0)
        bp_training_session_stop (f->session);
      bp_training_session_reset (f->session);
    }
  spin_for (f, 100);
  g_assert_cmpuint (f->finished, ==, 0);
}

/* Threads of this process named "bp-training" (the session's workers). */
static guint
count_workers (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  g_assert_nonnull (dir);
  guint n = 0;
  const char *tid;
  while ((tid = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *comm = NULL;
      if (g_file_get_contents (path, &comm, NULL, NULL))
        n += g_str_has_prefix (comm, "bp-training");
    }
  return n;
}

/* Reset drops a run without waiting for its worker; the worker is joined
 * once done, and at the latest when the session goes. Batches of ~0.1 s
 * (two 1024-unit layers, the whole training set per batch) keep each
 * dropped worker busy well past the reset: a process that exits while
 * one is inside OpenBLAS hangs in OpenBLAS's exit handler. */
static void
test_reset_joins_workers (Fixture *f, gconstpointer data)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  g_autoptr(BpModelSpec) spec = NULL;
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 100000;
  config.batch_size = 256;
  bp_training_session_set_live_parts (f->session, 0);

  g_assert_cmpuint (count_workers (), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      BpDataset *dataset = make_dataset (table, &options);
      g_clear_pointer (&spec, bp_model_spec_free);
      spec = bp_model_spec_new (dataset->n_features);
      bp_model_spec_add_layer (spec, 1024, BP_ACTIVATION_RELU, 0.0f);
      bp_model_spec_add_layer (spec, 1024, BP_ACTIVATION_RELU, 0.0f);
      bp_model_spec_add_output (spec, dataset->task, dataset->n_outputs);
      g_autoptr(GError) error = NULL;
      g_assert_true (bp_training_session_prepare (f->session, dataset, &options, spec, &config,
                                                  &error));
      g_assert_no_error (error);
      bp_training_session_resume (f->session);
      g_array_set_size (f->records, 0);
      spin_until (f, has_records);
      bp_training_session_reset (f->session);
      if (i > 0)
        continue;
      /* Joined by its last wake-up, with the session still there. */
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      while (count_workers () > 0)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
    }
  /* The last one was dropped mid-batch a moment ago. */
  g_assert_cmpuint (count_workers (), >=, 1);
  g_clear_object (&f->session);
  g_assert_cmpuint (count_workers (), ==, 0);
}

/* ---- live frames -------------------------------------------------------- */

static void
test_live_buffer (void)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_autoptr(BpModelSpec) spec = bp_model_spec_new (dataset->n_features);
  bp_model_spec_add_output (spec, dataset->task, dataset->n_outputs);
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProbe) probe = bp_probe_new (spec, dataset, 4, 4, &error);
  g_assert_no_error (error);
  g_autoptr(BpLiveBuffer) live = bp_live_buffer_new (probe);

  gboolean is_new = TRUE;
  g_assert_null (bp_live_buffer_take (live, &is_new));
  g_assert_false (is_new);

  /* Two published before a take: the newer wins, the older is free again. */
  BpProbeFrame *a = bp_live_buffer_acquire (live);
  a->step = 1;
  bp_live_buffer_publish (live, a, 0.25);
  BpProbeFrame *b = bp_live_buffer_acquire (live);
  g_assert_true (b != a);
  b->step = 2;
  bp_live_buffer_publish (live, b, 0.5);
  g_assert_cmpuint (bp_live_buffer_get_sequence (live), ==, 2);
  g_assert_cmpfloat (bp_live_buffer_get_seconds (live), ==, 0.75);
  const BpProbeFrame *shown = bp_live_buffer_take (live, &is_new);
  g_assert_true (is_new);
  g_assert_true (shown == b);
  g_assert_true (bp_live_buffer_take (live, &is_new) == b);
  g_assert_false (is_new);

  /* Two producers at once, the UI holding one: never the shown frame. */
  BpProbeFrame *c = bp_live_buffer_acquire (live);
  BpProbeFrame *d = bp_live_buffer_acquire (live);
  g_assert_true (c != b && d != b && c != d);
  bp_live_buffer_publish (live, d, 0.0);
  BpProbeFrame *e = bp_live_buffer_acquire (live);   /* the fourth */
  g_assert_true (e != b && e != c && e != d);
  bp_live_buffer_release (live, e);
  bp_live_buffer_release (live, c);
  g_assert_true (bp_live_buffer_take (live, &is_new) == d);
  g_assert_true (is_new);
}

/* Takes frames as a frame clock would, checking each new one. */
typedef struct {
  Fixture *f;
  guint64  run_id;
  guint    taken;
  guint64  last_step;
} Taker;

static void
take_frames (Taker *t)
{
  gboolean is_new;
  const BpProbeFrame *frame = bp_training_session_take_frame (t->f->session, &is_new);
  if (!is_new)
    return;
  g_assert_nonnull (frame);
  g_assert_cmpuint (frame->run_id, ==, t->run_id);
  g_assert_cmpuint (frame->step, >=, t->last_step);
  t->last_step = frame->step;
  t->taken++;
}

static void
spin_taking (Taker *t)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!is_finished (t->f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      bp_training_session_poll (t->f->session, t->f->records);
      take_frames (t);
      g_usleep (1000);
    }
  /* The frame of the weights it ended with is published before "finished". */
  take_frames (t);
}

static void
test_live_run (Fixture *f, gconstpointer data)
{
  prepare (f, 20, 0.01f);
  Taker t = { f, bp_training_session_get_run_id (f->session), 0, 0 };
  const BpProbePlane *plane = bp_training_session_get_plane (f->session);
  g_assert_nonnull (plane);
  g_assert_cmpuint (plane->feature_x, ==, 0);
  g_assert_cmpuint (plane->feature_y, ==, 1);
  bp_training_session_resume (f->session);
  spin_taking (&t);
  g_assert_cmpuint (t.taken, >=, 1);

  const BpProbeFrame *frame = bp_training_session_take_frame (f->session, NULL);
  const BpModel *model = bp_training_session_get_model (f->session);
  const BpDataset *dataset = bp_training_session_get_dataset (f->session);
  g_assert_nonnull (model);
  g_assert_cmpint (frame->parts, ==, BP_PROBE_ALL);
  g_assert_cmpuint (frame->step, ==, bp_training_session_get_last (f->session)->step);
  g_assert_cmpuint (frame->epoch, ==, 20);
  g_assert_cmpmem (frame->params, frame->n_params * sizeof (float), model->params, model->n_params * sizeof (float));
  g_assert_cmpuint (bp_confusion_total (frame->confusion), ==, dataset->n_validation);
  g_assert_cmpuint (frame->width, ==, 64);
  g_assert_true (frame->has_plane);

  for (BpProbeParts part = BP_PROBE_GRID; part <= BP_PROBE_WEIGHTS; part <<= 1)
    if (part != BP_PROBE_EVAL)
      g_assert_cmpuint (bp_training_session_get_live_count (f->session, part), ==, t.taken);
  /* The validation rows once per epoch at most (and in the last frame). */
  g_assert_cmpuint (bp_training_session_get_live_count (f->session, BP_PROBE_EVAL), >=, 1);
  g_assert_cmpuint (bp_training_session_get_live_count (f->session, BP_PROBE_EVAL), <=, MIN (t.taken, 20 + 1));
  guint64 published;
  double seconds;
  bp_training_session_get_live_cost (f->session, &published, &seconds);
  g_assert_cmpuint (published, >=, t.taken);
  g_assert_cmpfloat (seconds, >, 0.0);
  g_test_message ("%" G_GUINT64_FORMAT " frames published, %u taken, %.1f ms probing, %.1f ms training",
                  published, t.taken, seconds * 1e3, bp_training_session_get_last (f->session)->seconds * 1e3);
}

static void
test_live_plane (Fixture *f, gconstpointer data)
{
  prepare (f, 3, 0.01f);
  g_autoptr(GError) error = NULL;
  /* Iris: four numbers; petal length across, petal width up. */
  g_assert_false (bp_training_session_set_axes (f->session, 2, 2, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bp_training_session_set_axes (f->session, 2, 9, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (bp_training_session_get_plane (f->session)->feature_x, ==, 0);

  g_assert_true (bp_training_session_set_axes (f->session, 2, 3, &error));
  g_assert_no_error (error);
  BpProbePlane plane = *bp_training_session_get_plane (f->session);
  g_autofree double *held = g_memdup2 (plane.held, 4 * sizeof (double));
  held[0] = 7.5;
  plane.held = held;
  plane.y_max = 4.0;
  g_assert_true (bp_training_session_set_plane (f->session, &plane, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (bp_training_session_get_plane (f->session)->held[0], ==, 7.5);

  Taker t = { f, bp_training_session_get_run_id (f->session), 0, 0 };
  bp_training_session_resume (f->session);
  spin_taking (&t);
  const BpProbeFrame *frame = bp_training_session_take_frame (f->session, NULL);
  g_assert_cmpuint (frame->plane.feature_x, ==, 2);
  g_assert_cmpuint (frame->plane.feature_y, ==, 3);
  g_assert_cmpfloat (frame->plane.y_max, ==, 4.0);
  g_assert_cmpfloat (frame->plane.held[0], ==, 7.5);
}

/* With every view off the worker probes nothing; the losses are the same
 * bit for bit as with every view on. */
static void
test_live_off (Fixture *f, gconstpointer data)
{
  prepare (f, 4, 0.01f);
  /* Other axes asked for before each of ten steps: each brings a frame
   * after its batch. */
  for (guint i = 0; i < 10; i++)
    {
      g_assert_true (bp_training_session_set_axes (f->session, i % 2, 1 - i % 2, NULL));
      guint before = f->records->len;
      bp_training_session_step (f->session, BP_STEP_BATCH);
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      while (f->records->len == before)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, FALSE);
          bp_training_session_poll (f->session, f->records);
        }
      spin_for (f, 5);
    }
  bp_training_session_resume (f->session);
  spin_until (f, is_finished);
  g_autoptr(GArray) with = g_array_copy ((GArray *) bp_training_session_get_history (f->session));
  guint64 published;
  bp_training_session_get_live_cost (f->session, &published, NULL);
  g_assert_cmpuint (published, >=, 11);

  bp_training_session_set_live_parts (f->session, 0);
  g_assert_cmpint (bp_training_session_get_live_parts (f->session), ==, 0);
  f->finished = 0;
  prepare (f, 4, 0.01f);
  bp_training_session_resume (f->session);
  spin_until (f, is_finished);
  bp_training_session_get_live_cost (f->session, &published, NULL);
  g_assert_cmpuint (published, ==, 0);
  g_assert_null (bp_training_session_take_frame (f->session, NULL));

  const GArray *without = bp_training_session_get_history (f->session);
  g_assert_cmpuint (without->len, ==, with->len);
  for (guint i = 0; i < with->len; i++)
    {
      const BpEpochRecord *a = &g_array_index (with, BpEpochRecord, i);
      const BpEpochRecord *b = &g_array_index (without, BpEpochRecord, i);
      g_assert_cmpmem (&a->loss, sizeof a->loss, &b->loss, sizeof b->loss);
      g_assert_cmpmem (&a->val_loss, sizeof a->val_loss, &b->val_loss, sizeof b->val_loss);
    }
}

/* A pause parks the worker with a frame of where it stopped, on the full
 * grid; a plane or parts asked for while parked come as frames at once,
 * with no batch trained. */
static void
test_live_parked (Fixture *f, gconstpointer data)
{
  prepare (f, 100000, 0.01f);
  const guint64 run_id = bp_training_session_get_run_id (f->session);
  bp_training_session_resume (f->session);
  /* The network's shape may be read while it trains (the model may not). */
  const BpModelSpec *spec = bp_training_session_get_spec (f->session);
  g_assert_nonnull (spec);
  g_assert_cmpuint (spec->n_inputs, ==, 4);
  spin_until (f, has_records);
  bp_training_session_pause (f->session);
  spin_until (f, is_parked);
  spin_for (f, 5);
  const guint64 step = bp_training_session_get_last (f->session)->step;
  g_assert_cmpuint (step, >, 0);
  gboolean is_new;
  const BpProbeFrame *frame = bp_training_session_take_frame (f->session, &is_new);
  g_assert_nonnull (frame);
  g_assert_cmpuint (frame->run_id, ==, run_id);
  g_assert_cmpuint (frame->step, ==, step);
  g_assert_cmpuint (frame->width, ==, 64);
  g_assert_cmpint (frame->parts, ==, BP_PROBE_ALL);
  g_assert_cmpmem (frame->params, frame->n_params * sizeof (float), bp_training_session_get_model (f->session)->params,
                   frame->n_params * sizeof (float));

  /* Other axes while parked. */
  g_assert_true (bp_training_session_set_axes (f->session, 2, 3, NULL));
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  do
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      spin_for (f, 1);
      frame = bp_training_session_take_frame (f->session, &is_new);
    }
  while (!is_new);
  g_assert_cmpuint (frame->plane.feature_x, ==, 2);
  g_assert_cmpuint (frame->plane.feature_y, ==, 3);
  g_assert_cmpuint (frame->step, ==, step);
  g_assert_cmpuint (frame->width, ==, 64);

  /* Fewer parts while parked. */
  bp_training_session_set_live_parts (f->session, BP_PROBE_GRID);
  do
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      spin_for (f, 1);
      frame = bp_training_session_take_frame (f->session, &is_new);
    }
  while (!is_new);
  g_assert_cmpint (frame->parts, ==, BP_PROBE_GRID);
  g_assert_cmpuint (frame->step, ==, step);
  spin_until (f, is_parked);
  g_assert_cmpuint (bp_training_session_get_last (f->session)->step, ==, step);

  bp_training_session_stop (f->session);
  spin_until (f, is_finished);
}

/* ---- the timeline: replay and fork ----------------------------------------- */

static guint
find_snapshot (BpTrainingSession *session, guint epoch, guint batch)
{
  g_autoptr(GArray) list = bp_timeline_list (bp_training_session_get_timeline (session));
  for (guint i = 0; i < list->len; i++)
    {
      const BpSnapshotInfo *info = &g_array_index (list, BpSnapshotInfo, i);
      if (info->moment.epoch == epoch && info->moment.batch == batch)
        return i;
    }
  g_error ("no snapshot at epoch %u, batch %u", epoch, batch);
}

static void
on_forked (BpTrainingSession *session, guint *count)
{
  ++*count;
}

static void
assert_same_records (const GArray *a, const GArray *b, guint from, guint to)
{
  for (guint i = from; i < to; i++)
    {
      const BpEpochRecord *ra = &g_array_index (a, BpEpochRecord, i);
      const BpEpochRecord *rb = &g_array_index (b, BpEpochRecord, i);
      g_assert_cmpuint (ra->epoch, ==, rb->epoch);
      g_assert_cmpmem (&ra->loss, sizeof ra->loss, &rb->loss, sizeof rb->loss);
      g_assert_cmpmem (&ra->metric, sizeof ra->metric, &rb->metric, sizeof rb->metric);
      g_assert_cmpmem (&ra->val_loss, sizeof ra->val_loss, &rb->val_loss, sizeof rb->val_loss);
      g_assert_cmpmem (&ra->val_metric, sizeof ra->val_metric, &rb->val_metric, sizeof rb->val_metric);
      g_assert_cmpmem (&ra->learning_rate, sizeof ra->learning_rate, &rb->learning_rate, sizeof rb->learning_rate);
    }
}

/* The worker keeps the start, the first epoch's batches (8 of them: the
 * short-run points) and every epoch's end; a snapshot's model file is the
 * run as it was then. */
static void
test_snapshots (Fixture *f, gconstpointer data)
{
  prepare (f, 6, 0.01f);
  BpTimeline *timeline = bp_training_session_get_timeline (f->session);
  g_assert_nonnull (timeline);
  g_assert_cmpuint (bp_timeline_get_n_snapshots (timeline), ==, 1);   /* the start, at once */
  g_assert_false (bp_training_session_get_fork_point (f->session, NULL));
  bp_training_session_resume (f->session);
  spin_until (f, is_finished);
  g_assert_cmpuint (bp_timeline_get_n_snapshots (timeline), ==, 1 + 7 + 6);
  g_assert_false (bp_timeline_get_thinned (timeline));

  g_autoptr(GError) error = NULL;
  guint at = find_snapshot (f->session, 3, 0);
  g_autoptr(BpModelFile) file = bp_training_session_get_snapshot_model_file (f->session, at, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file->history->len, ==, 3);
  g_autoptr(BpModel) replayed = bp_model_file_build_model (file, &error);
  g_assert_no_error (error);
  g_autoptr(BpModel) direct = bp_timeline_get_model (timeline, at, &error);
  g_assert_cmpmem (replayed->params, replayed->n_params * sizeof (float), direct->params, direct->n_params * sizeof (float));
  const BpModel *final = bp_training_session_get_model (f->session);
  g_assert_cmpint (memcmp (final->params, direct->params, final->n_params * sizeof (float)), !=, 0);

  g_assert_null (bp_training_session_get_snapshot_model_file (f->session, 99, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bp_training_session_fork (f->session, 99, NULL, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_cmpint (bp_training_session_get_state (f->session), ==, BP_SESSION_FINISHED);
}

/* Fork from here without a change, at an epoch's end and mid-epoch: the
 * fork's history and weights are the original's, bit for bit. With a
 * doubled rate, the epochs before are the same and those after differ. */
static void
test_fork (Fixture *f, gconstpointer data)
{
  prepare (f, 6, 0.01f);
  const guint64 parent = bp_training_session_get_run_id (f->session);
  guint forked = 0;
  g_signal_connect (f->session, "forked", G_CALLBACK (on_forked), &forked);
  bp_training_session_resume (f->session);
  spin_until (f, is_finished);
  g_autoptr(GArray) original = g_array_copy ((GArray *) bp_training_session_get_history (f->session));
  const BpModel *model = bp_training_session_get_model (f->session);
  const gsize bytes = model->n_params * sizeof (float);
  g_autofree float *weights = g_memdup2 (model->params, bytes);
  g_assert_cmpuint (original->len, ==, 6);

  const struct { guint epoch, batch; } points[] = { { 3, 0 }, { 0, 5 } };
  for (guint p = 0; p < G_N_ELEMENTS (points); p++)
    {
      g_autoptr(GError) error = NULL;
      /* The parent must be the original run: start it again when needed. */
      if (p > 0)
        {
          prepare (f, 6, 0.01f);
          f->finished = 0;
          bp_training_session_resume (f->session);
          spin_until (f, is_finished);
        }
      const guint64 before = bp_training_session_get_run_id (f->session);
      guint at = find_snapshot (f->session, points[p].epoch, points[p].batch);
      f->finished = 0;
      forked = 0;
      g_assert_true (bp_training_session_fork (f->session, at, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (forked, ==, 1);
      g_assert_cmpint (bp_training_session_get_state (f->session), ==, BP_SESSION_PAUSED);
      g_assert_cmpuint (bp_training_session_get_run_id (f->session), >, before);
      BpForkPoint point;
      g_assert_true (bp_training_session_get_fork_point (f->session, &point));
      g_assert_cmpuint (point.parent_run_id, ==, before);
      g_assert_cmpuint (point.epoch, ==, points[p].epoch);
      g_assert_cmpuint (point.batch, ==, points[p].batch);
      g_assert_cmpuint (point.snapshot, ==, at);
      g_assert_cmpuint (bp_training_session_get_history (f->session)->len, ==, points[p].epoch);
      g_assert_cmpuint (bp_timeline_get_n_snapshots (bp_training_session_get_timeline (f->session)), ==, 1);

      bp_training_session_resume (f->session);
      spin_until (f, is_finished);
      g_assert_cmpint (bp_training_session_get_stop_reason (f->session), ==, BP_STOP_EPOCHS);
      const GArray *history = bp_training_session_get_history (f->session);
      g_assert_cmpuint (history->len, ==, 6);
      assert_same_records (history, original, 0, 6);
      model = bp_training_session_get_model (f->session);
      g_assert_cmpmem (model->params, bytes, weights, bytes);
    }
  g_assert_cmpuint (parent, <, bp_training_session_get_run_id (f->session));

  /* A fork with a doubled rate from epoch 3 of a fresh original. */
  prepare (f, 6, 0.01f);
  f->finished = 0;
  bp_training_session_resume (f->session);
  spin_until (f, is_finished);
  BpTrainConfig faster = *bp_training_session_get_config (f->session);
  faster.optimizer.learning_rate = 0.02f;
  g_autoptr(GError) error = NULL;
  f->finished = 0;
  g_assert_true (bp_training_session_fork (f->session, find_snapshot (f->session, 3, 0), &faster, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (bp_training_session_get_config (f->session)->optimizer.learning_rate, ==, 0.02f);
  bp_training_session_resume (f->session);
  spin_until (f, is_finished);
  const GArray *history = bp_training_session_get_history (f->session);
  g_assert_cmpuint (history->len, ==, 6);
  assert_same_records (history, original, 0, 3);
  for (guint e = 3; e < 6; e++)
    g_assert_cmpfloat (g_array_index (history, BpEpochRecord, e).loss, !=, g_array_index (original, BpEpochRecord, e).loss);
  model = bp_training_session_get_model (f->session);
  g_assert_cmpint (memcmp (model->params, weights, bytes), !=, 0);

  /* Settings the trainer refuses leave the run as it was. */
  BpTrainConfig shorter = faster;
  shorter.epochs = 2;
  const guint64 id = bp_training_session_get_run_id (f->session);
  g_assert_false (bp_training_session_fork (f->session, find_snapshot (f->session, 4, 0), &shorter, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_cmpuint (bp_training_session_get_run_id (f->session), ==, id);
  g_assert_cmpint (bp_training_session_get_state (f->session), ==, BP_SESSION_FINISHED);
}

/* Forking while the parent trains: it is stopped and let go, and the fork
 * starts paused at the moment chosen. */
static void
test_fork_while_running (Fixture *f, gconstpointer data)
{
  prepare (f, 400, 0.01f);
  bp_training_session_resume (f->session);
  BpTimeline *timeline = bp_training_session_get_timeline (f->session);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (bp_timeline_get_n_snapshots (timeline) < 3)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      spin_for (f, 5);
    }
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_training_session_fork (f->session, 2, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bp_training_session_get_state (f->session), ==, BP_SESSION_PAUSED);
  spin_for (f, 50);
  g_assert_cmpuint (f->finished, ==, 0);
  bp_training_session_stop (f->session);
  spin_until (f, is_finished);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/progress-buffer", test_progress_buffer);
  g_test_add_func ("/session/progress-buffer/threads", test_progress_buffer_threads);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/session/recipe", test_recipe);
  ADD ("/session/whole-run", test_whole_run);
  ADD ("/session/step", test_step);
  ADD ("/session/pause-resume-stop", test_stop);
  ADD ("/session/set-config-while-paused", test_set_config_while_paused);
  ADD ("/session/refused-config", test_refused_config);
  ADD ("/session/diverged", test_diverged);
  ADD ("/session/model-readable", test_model_readable);
  ADD ("/session/reset-drops-stale-events", test_reset_drops_stale_events);
  ADD ("/session/stress", test_stress);
  ADD ("/session/reset-joins-workers", test_reset_joins_workers);
  g_test_add_func ("/session/live/buffer", test_live_buffer);
  ADD ("/session/live/run", test_live_run);
  ADD ("/session/live/plane", test_live_plane);
  ADD ("/session/live/off", test_live_off);
  ADD ("/session/live/parked", test_live_parked);
  ADD ("/session/timeline/snapshots", test_snapshots);
  ADD ("/session/timeline/fork", test_fork);
  ADD ("/session/timeline/fork-while-running", test_fork_while_running);
  return g_test_run ();
}
