/* test-twins-session.c: twins on their own thread, seen from the UI thread.
 *
 * A real main loop drives each test, polling as a frame clock would.
 * Twins with the same settings record the same histories bit for bit
 * through the session, and the same as the engine's twins trained on this
 * thread without frames; a changed learning rate gives the same first
 * batch (the same loss before any update) and different losses after,
 * while the unchanged twin trains what it trains beside its own copy;
 * both twins of two-input data get boundary frames, the last of their
 * final weights; a stop mid-run ends both as stopped and joins; a session
 * dropped mid-run lets its worker end on its own; a pause holds.
 */
#include <locale.h>
#include <math.h>
#include <string.h>

#include "bp-twins-session.h"
#include "test-util.h"

typedef struct {
  BpTwinsSession *session;
  GArray         *records;   /* BpProgress */
  guint           updated;
  guint           finished;
} Fixture;

static void
on_updated (BpTwinsSession *session, Fixture *f)
{
  f->updated++;
  bp_twins_session_poll (session, f->records);
}

static void
on_finished (BpTwinsSession *session, Fixture *f)
{
  f->finished++;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  bp_blas_set_threads (1);
  f->session = bp_twins_session_new ();
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

static BpDataset *
circles (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = bp_sample_generate (BP_SAMPLE_CIRCLES, 300, 0.1, 7, &error);
  g_assert_no_error (error);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = BP_SPLIT_SHUFFLE;
  return make_dataset (table, &options);
}

/* One hidden layer of 16 tanh units with dropout, batches of 16. */
static BpRunSettings *
small_settings (guint epochs)
{
  BpRunSettings *s = bp_run_settings_new ();
  bp_layer_stack_free (s->layers);
  s->layers = bp_layer_stack_new ();
  bp_layer_stack_add (s->layers, 16, BP_ACTIVATION_TANH, 0.1f);
  s->config.epochs = epochs;
  s->config.batch_size = 16;
  return s;
}

static void
prepare (Fixture *f, const BpRunSettings *a, const BpRunSettings *b)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_twins_session_prepare (f->session, circles (), a, b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bp_twins_session_get_state (f->session), ==, BP_SESSION_PAUSED);
}

/* Spin the main loop, polling like a frame clock, until finished or 60 s. */
static void
spin_until_finished (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (f->finished == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      bp_twins_session_poll (f->session, f->records);
      g_usleep (500);
    }
}

static void
assert_same_history (const BpRun *x, const BpRun *y)
{
  g_assert_cmpuint (x->epochs->len, ==, y->epochs->len);
  g_assert_cmpuint (x->epochs->len, >, 0);
  for (guint e = 0; e < x->epochs->len; e++)
    {
      const BpEpochRecord *r = &g_array_index (x->epochs, BpEpochRecord, e);
      const BpEpochRecord *s = &g_array_index (y->epochs, BpEpochRecord, e);
      g_assert_cmpfloat (r->loss, ==, s->loss);
      g_assert_cmpfloat (r->metric, ==, s->metric);
      g_assert_cmpfloat (r->val_loss, ==, s->val_loss);
      g_assert_cmpfloat (r->val_metric, ==, s->val_metric);
    }
  g_assert_cmpuint (x->batch_losses->len, ==, y->batch_losses->len);
  g_assert_cmpmem (x->batch_losses->data, x->batch_losses->len * sizeof (float), y->batch_losses->data,
                   y->batch_losses->len * sizeof (float));
}

/* The engine's twins on this thread, no session, no frames. */
static void
engine_record (const BpProgress *p, gpointer user_data)
{
  bp_run_record (((BpRun **) user_data)[p->run_id], p);
}

static void
train_in_engine (const BpRunSettings *a, const BpRunSettings *b, BpRun **runs)
{
  g_autoptr(BpDataset) dataset = circles ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTwins) twins = bp_twins_new (dataset, a, b, &error);
  g_assert_no_error (error);
  runs[0] = bp_run_new (a, dataset->task, TRUE);
  runs[1] = bp_run_new (b, dataset->task, TRUE);
  g_assert_true (bp_twins_run (twins, engine_record, runs, NULL, &error));
  g_assert_no_error (error);
}

static void
test_identical (Fixture *f, gconstpointer data)
{
  g_autoptr(BpRunSettings) settings = small_settings (4);
  prepare (f, settings, settings);
  bp_twins_session_resume (f->session);
  spin_until_finished (f);
  g_assert_cmpint (bp_twins_session_get_state (f->session), ==, BP_SESSION_FINISHED);
  g_assert_cmpuint (f->finished, ==, 1);
  g_assert_cmpuint (f->updated, >, 0);

  BpRun *a = bp_twins_session_get_run (f->session, 0), *b = bp_twins_session_get_run (f->session, 1);
  g_assert_cmpuint (a->epochs->len, ==, 4);
  assert_same_history (a, b);
  for (guint i = 0; i < 2; i++)
    {
      BpRun *run = bp_twins_session_get_run (f->session, i);
      g_assert_cmpint (run->status, ==, BP_RUN_FINISHED);
      g_assert_nonnull (run->weights);
      g_assert_cmpint (bp_twins_session_get_stop_reason (f->session, i), ==, BP_STOP_EPOCHS);
      g_assert_null (bp_twins_session_get_diverged (f->session, i));
    }
  g_assert_null (bp_twins_session_get_error (f->session));
  g_assert_cmpmem (a->weights, a->n_weights * sizeof (float), b->weights, b->n_weights * sizeof (float));

  /* Every record reached the listener too, each twin's in order. */
  guint per_twin[2] = { 0, 0 };
  for (guint i = 0; i < f->records->len; i++)
    per_twin[g_array_index (f->records, BpProgress, i).run_id]++;
  g_assert_cmpuint (per_twin[0], ==, a->batch_losses->len + a->epochs->len);
  g_assert_cmpuint (per_twin[1], ==, per_twin[0]);

  /* Through the thread, with frames between batches: what the engine's
   * twins train on one thread without either. */
  BpRun *alone[2];
  train_in_engine (settings, settings, alone);
  assert_same_history (a, alone[0]);
  assert_same_history (b, alone[1]);
  bp_run_unref (alone[0]);
  bp_run_unref (alone[1]);
}

static void
test_learning_rate (Fixture *f, gconstpointer data)
{
  g_autoptr(BpRunSettings) a = small_settings (3);
  g_autoptr(BpRunSettings) b = bp_run_settings_copy (a);
  b->config.optimizer.learning_rate = 0.05f;
  prepare (f, a, b);
  bp_twins_session_resume (f->session);
  spin_until_finished (f);

  BpRun *ra = bp_twins_session_get_run (f->session, 0), *rb = bp_twins_session_get_run (f->session, 1);
  const GArray *la = ra->batch_losses, *lb = rb->batch_losses;
  g_assert_cmpuint (la->len, ==, lb->len);
  g_assert_cmpuint (la->len, >, 2);
  /* The same initial weights on the same first batch: the same loss. */
  g_assert_cmpfloat (g_array_index (la, float, 0), ==, g_array_index (lb, float, 0));
  /* Then the rates part them. */
  guint differ = 0;
  for (guint i = 1; i < la->len; i++)
    differ += g_array_index (la, float, i) != g_array_index (lb, float, i);
  g_assert_cmpuint (differ, ==, la->len - 1);
  g_assert_cmpfloat (g_array_index (ra->epochs, BpEpochRecord, 2).val_loss, !=,
                     g_array_index (rb->epochs, BpEpochRecord, 2).val_loss);

  /* The unchanged twin trained exactly what it trains beside its own
   * copy: the same batches in the same order, whatever its twin does. */
  BpRun *same[2];
  train_in_engine (a, a, same);
  assert_same_history (ra, same[0]);
  bp_run_unref (same[0]);
  bp_run_unref (same[1]);
}

static void
test_frames (Fixture *f, gconstpointer data)
{
  g_autoptr(BpRunSettings) a = small_settings (3);
  g_autoptr(BpRunSettings) b = bp_run_settings_copy (a);
  /* Another shape: each twin has its own probe. */
  g_array_index (b->layers->layers, BpLayerSpec, 0).units = 4;
  prepare (f, a, b);
  g_assert_true (bp_twins_session_has_plane (f->session));
  for (guint i = 0; i < 2; i++)
    g_assert_null (bp_twins_session_take_frame (f->session, i, NULL));
  bp_twins_session_resume (f->session);
  spin_until_finished (f);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpuint (bp_twins_session_get_frame_count (f->session, i), >=, 1);
      gboolean is_new = FALSE;
      const BpProbeFrame *frame = bp_twins_session_take_frame (f->session, i, &is_new);
      g_assert_nonnull (frame);
      g_assert_true (is_new);
      g_assert_true (frame->has_plane);
      g_assert_cmpuint (frame->parts, ==, BP_PROBE_GRID);
      g_assert_cmpuint (frame->run_id, ==, i);
      /* The last frame is of the final weights: the last epoch. */
      g_assert_cmpuint (frame->epoch, ==, 3);
      g_assert_cmpuint (frame->width, ==, 64);
      for (guint c = 0; c < frame->width * frame->height; c++)
        g_assert_true (frame->value[c] >= 0.0f && frame->value[c] <= 1.0f);
      /* Taken: the same frame again, not new. */
      g_assert_true (bp_twins_session_take_frame (f->session, i, &is_new) == frame);
      g_assert_false (is_new);
    }
  /* The networks differ, so do their grids. */
  const BpProbeFrame *fa = bp_twins_session_take_frame (f->session, 0, NULL);
  const BpProbeFrame *fb = bp_twins_session_take_frame (f->session, 1, NULL);
  g_assert_true (memcmp (fa->value, fb->value, fa->width * fa->height * sizeof (float)) != 0);
}

static gboolean
has_batches (Fixture *f, guint n)
{
  return f->records->len >= n;
}

static void
test_stop (Fixture *f, gconstpointer data)
{
  g_autoptr(BpRunSettings) a = small_settings (500);
  g_autoptr(BpRunSettings) b = bp_run_settings_copy (a);
  b->config.batch_size = 32;
  prepare (f, a, b);
  bp_twins_session_resume (f->session);
  g_assert_cmpint (bp_twins_session_get_state (f->session), ==, BP_SESSION_RUNNING);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!has_batches (f, 40))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      bp_twins_session_poll (f->session, f->records);
      g_usleep (500);
    }

  /* A pause holds: nothing more is published once the step in hand is. */
  bp_twins_session_pause (f->session);
  g_assert_cmpint (bp_twins_session_get_state (f->session), ==, BP_SESSION_PAUSED);
  g_usleep (100 * 1000);
  bp_twins_session_poll (f->session, f->records);
  guint held = f->records->len;
  g_usleep (100 * 1000);
  bp_twins_session_poll (f->session, f->records);
  g_assert_cmpuint (f->records->len, ==, held);

  bp_twins_session_resume (f->session);
  bp_twins_session_stop (f->session);
  spin_until_finished (f);
  g_assert_cmpint (bp_twins_session_get_state (f->session), ==, BP_SESSION_FINISHED);
  for (guint i = 0; i < 2; i++)
    {
      BpRun *run = bp_twins_session_get_run (f->session, i);
      g_assert_cmpint (bp_twins_session_get_stop_reason (f->session, i), ==, BP_STOP_USER);
      g_assert_cmpint (run->status, ==, BP_RUN_STOPPED);
      g_assert_cmpuint (run->epochs->len, <, 500);
      g_assert_nonnull (bp_twins_session_get_model (f->session, i));
    }
  g_assert_cmpuint (bp_twins_session_get_run (f->session, 0)->batch_losses->len, >, 0);
  g_assert_cmpuint (bp_twins_session_get_run (f->session, 1)->batch_losses->len, >, 0);
}

/* Reset while training: the worker ends on its own and frees the run,
 * and no drain of a dropped run reaches the listeners; a session freed
 * while its twins train stops and joins them. */
static void
test_drop_running (Fixture *f, gconstpointer data)
{
  g_autoptr(BpRunSettings) a = small_settings (500);
  for (guint round = 0; round < 20; round++)
    {
      prepare (f, a, a);
      bp_twins_session_resume (f->session);
      g_usleep (2000 * (round % 4));
      if (round % 2)
        bp_twins_session_reset (f->session);
      else
        bp_twins_session_stop (f->session);
    }
  /* Let the last one end; no "finished" of a run reset may come. */
  bp_twins_session_reset (f->session);
  guint finished = f->finished;
  for (guint i = 0; i < 200; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (f->finished, ==, finished);
  g_assert_cmpint (bp_twins_session_get_state (f->session), ==, BP_SESSION_IDLE);
  g_assert_null (bp_twins_session_get_run (f->session, 0));

  /* And one more, running when the session goes. */
  prepare (f, a, a);
  bp_twins_session_resume (f->session);
  g_usleep (5000);
  g_clear_object (&f->session);
}

/* Threads of this process named "bp-twins" (the session's workers). */
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
        n += g_str_has_prefix (comm, "bp-twins");
    }
  return n;
}

/* A reset drops running twins without waiting (the window's close does),
 * but no worker outlives the session: one still inside OpenBLAS when the
 * process exits can hang its shutdown. */
static void
test_reset_joins_workers (Fixture *f, gconstpointer data)
{
  g_autoptr(BpRunSettings) a = small_settings (500);
  for (guint round = 0; round < 4; round++)
    {
      prepare (f, a, a);
      bp_twins_session_resume (f->session);
      g_usleep (2000);
      bp_twins_session_reset (f->session);
    }
  g_clear_object (&f->session);
  g_assert_cmpuint (count_workers (), ==, 0);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/twins-session/identical", Fixture, NULL, fixture_setup, test_identical, fixture_teardown);
  g_test_add ("/twins-session/learning-rate", Fixture, NULL, fixture_setup, test_learning_rate, fixture_teardown);
  g_test_add ("/twins-session/frames", Fixture, NULL, fixture_setup, test_frames, fixture_teardown);
  g_test_add ("/twins-session/stop", Fixture, NULL, fixture_setup, test_stop, fixture_teardown);
  g_test_add ("/twins-session/drop-running", Fixture, NULL, fixture_setup, test_drop_running, fixture_teardown);
  g_test_add ("/twins-session/reset-joins-workers", Fixture, NULL, fixture_setup, test_reset_joins_workers,
              fixture_teardown);
  return g_test_run ();
}
