/* test-stress.c: the training session and the document driven hard, on
 * short data so it runs in seconds (and under ThreadSanitizer, suite
 * "thread"):
 *
 * - 1 000 cycles of prepare, resume, pause, step (a batch or an epoch),
 *   resume and stop through one BpTrainingSession: every run ends as
 *   stopped by the user, its records carry its own id, its model is
 *   readable once parked and once finished, and no event of an earlier
 *   run reaches a later one;
 * - a new file opened through BpDocument while a run is live (running,
 *   paused, or finishing a step): the run is dropped at once, the new
 *   table comes in, and the dropped run never reports its end.
 */
#include <glib/gstdio.h>

#include "bp-document.h"
#include "bp-training-session.h"
#include "test-session-util.h"
#include "test-util.h"

#define CYCLES 1000

typedef struct {
  BpTrainingSession *session;
  GArray            *records;   /* BpProgress of the current run */
  guint              finished;
} Stress;

static void
on_finished (BpTrainingSession *session, Stress *s)
{
  s->finished++;
}

/* One frame of a UI: the main context, then a poll. */
static void
frame (Stress *s)
{
  g_main_context_iteration (NULL, FALSE);
  bp_training_session_poll (s->session, s->records);
}

static void
spin_until (Stress *s, gboolean (*done) (Stress *s), const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!done (s))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting until %s", what);
      frame (s);
      g_usleep (100);
    }
}

static gboolean is_parked (Stress *s) { return bp_training_session_is_parked (s->session); }
static gboolean is_finished (Stress *s)
{
  return bp_training_session_get_state (s->session) == BP_SESSION_FINISHED && s->finished > 0;
}

static void
test_session_cycles (void)
{
  bp_blas_set_threads (1);
  Stress s = { bp_training_session_new (), g_array_new (FALSE, FALSE, sizeof (BpProgress)), 0 };
  g_signal_connect (s.session, "finished", G_CALLBACK (on_finished), &s);
  guint64 last_id = 0;

  for (guint i = 0; i < CYCLES; i++)
    {
      s.finished = 0;
      g_array_set_size (s.records, 0);
      /* Far more epochs than a cycle gets through: only the stop ends it. */
      prepare_iris_session (s.session, 100000, BP_OPTIMIZER_ADAM, 0.01f);
      guint64 id = bp_training_session_get_run_id (s.session);
      g_assert_cmpuint (id, >, last_id);
      last_id = id;
      g_assert_cmpint (bp_training_session_get_state (s.session), ==, BP_SESSION_PAUSED);

      bp_training_session_resume (s.session);
      g_assert_cmpint (bp_training_session_get_state (s.session), ==, BP_SESSION_RUNNING);
      g_assert_null (bp_training_session_get_model (s.session));
      for (guint f = 0; f < i % 4; f++)
        frame (&s);

      bp_training_session_pause (s.session);
      g_assert_cmpint (bp_training_session_get_state (s.session), ==, BP_SESSION_PAUSED);
      if (i % 3 == 0)
        {
          spin_until (&s, is_parked, "the worker parks");
          g_assert_nonnull (bp_training_session_get_model (s.session));
        }

      bp_training_session_step (s.session, i % 2 ? BP_STEP_EPOCH : BP_STEP_BATCH);
      if (i % 5 == 0)
        spin_until (&s, is_parked, "the step ends");
      bp_training_session_resume (s.session);
      frame (&s);
      bp_training_session_stop (s.session);
      spin_until (&s, is_finished, "the stopped run finishes");

      g_assert_cmpuint (s.finished, ==, 1);
      g_assert_cmpint (bp_training_session_get_stop_reason (s.session), ==, BP_STOP_USER);
      g_assert_null (bp_training_session_get_error (s.session));
      g_assert_nonnull (bp_training_session_get_model (s.session));
      frame (&s);
      for (guint r = 0; r < s.records->len; r++)
        g_assert_cmpuint (g_array_index (s.records, BpProgress, r).run_id, ==, id);
      g_assert_cmpuint (bp_training_session_get_last (s.session)->epoch, <, 100000);
    }

  /* Nothing of the last run arrives after its reset. */
  bp_training_session_reset (s.session);
  s.finished = 0;
  for (guint f = 0; f < 20; f++)
    frame (&s);
  g_assert_cmpuint (s.finished, ==, 0);
  g_object_unref (s.session);
  g_array_unref (s.records);
}

/* ---- a new file while a run is live ---------------------------------------- */

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} Open;

static void
on_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Open *o = user_data;
  o->ok = bp_document_open_finish (BP_DOCUMENT (source), result, &o->error);
  o->done = TRUE;
}

static void
open_and_wait (BpDocument *doc, const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Open o = { 0 };
  bp_document_open_async (doc, file, NULL, on_opened, &o);
  /* The live run is dropped when the open starts, before the file is read. */
  g_assert_cmpint (bp_training_session_get_state (bp_document_get_session (doc)), ==, BP_SESSION_IDLE);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!o.done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (100);
    }
  g_assert_no_error (o.error);
  g_assert_true (o.ok);
}

static void
on_doc_finished (BpTrainingSession *session, guint *finished)
{
  (*finished)++;
}

static void
test_open_while_training (void)
{
  bp_blas_set_threads (1);
  g_autofree char *iris = sample_path ("iris.csv");
  g_autofree char *wine = sample_path ("wine.csv");
  const char *files[] = { iris, wine };
  const gsize rows[] = { 150, 178 };
  g_autoptr(BpDocument) doc = bp_document_new ();
  BpTrainingSession *session = bp_document_get_session (doc);
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (BpProgress));
  guint finished = 0;
  g_signal_connect (session, "finished", G_CALLBACK (on_doc_finished), &finished);
  open_and_wait (doc, iris);

  for (guint i = 0; i < 40; i++)
    {
      BpTrainConfig config = *bp_document_get_train_config (doc);
      config.epochs = 100000;
      config.batch_size = 16;
      g_autoptr(GError) error = NULL;
      g_assert_true (bp_document_set_train_config (doc, &config, &error));
      g_assert_true (bp_document_prepare_training (doc, &error));
      g_assert_no_error (error);
      /* Live in each way a run can be: running, paused, or finishing a step. */
      switch (i % 3)
        {
        case 0:
          bp_training_session_resume (session);
          break;
        case 1:
          bp_training_session_resume (session);
          g_usleep (500 * (i % 4));
          bp_training_session_pause (session);
          break;
        default:
          bp_training_session_step (session, BP_STEP_EPOCH);
          break;
        }
      for (guint f = 0; f < i % 5; f++)
        {
          g_main_context_iteration (NULL, FALSE);
          bp_training_session_poll (session, records);
        }

      const char *next = files[(i + 1) % 2];
      open_and_wait (doc, next);
      BpTable *table = bp_document_get_table (doc);
      g_assert_nonnull (table);
      g_assert_cmpuint (table->n_rows, ==, rows[(i + 1) % 2]);
      g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_IDLE);
      g_assert_null (bp_training_session_get_model (session));
    }
  /* The dropped runs never report an end, now or later. */
  for (guint f = 0; f < 50; f++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (finished, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stress/session-cycles", test_session_cycles);
  g_test_add_func ("/stress/open-while-training", test_open_while_training);
  return g_test_run ();
}
