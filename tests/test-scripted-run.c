/* test-scripted-run.c: what --train, --quit-after-training and
 * BACKPROP_TRACE print and exit with, from a training session alone (no
 * window, no display).
 *
 * The JSON lines are what bench/bench_app.py and test-app-smoke.sh read:
 * one line per epoch, the same as bp_epoch_to_json() makes of each epoch
 * record the UI thread polls, in order, then one "final" line with the
 * frame statistics (none here: nothing draws) and the speed. A run that
 * diverges exits with status 1; without the trace nothing is printed.
 */
#include <json-glib/json-glib.h>
#include <math.h>

#include "bp-scripted-run.h"
#include "test-session-util.h"
#include "test-util.h"

typedef struct {
  GApplication      *app;
  BpTrainingSession *session;
  BpScriptedRun     *run;
  FILE              *out;
  GArray            *records;   /* BpProgress, as a window's poll takes them */
  gboolean           finished;
} Fixture;

/* Polls where a window does: on "updated", on "finished" and each frame. */
static void
on_updated (BpTrainingSession *session, Fixture *f)
{
  bp_training_session_poll (session, f->records);
}

static void
on_finished (BpTrainingSession *session, Fixture *f)
{
  bp_training_session_poll (session, f->records);
  f->finished = TRUE;
}

static void
setup (Fixture *f, BpScriptedFlags flags)
{
  bp_blas_set_threads (1);
  f->app = g_application_new ("io.github.backprop.TestScriptedRun", G_APPLICATION_NON_UNIQUE);
  f->session = bp_training_session_new ();
  f->records = g_array_new (FALSE, FALSE, sizeof (BpProgress));
  g_signal_connect (f->session, "updated", G_CALLBACK (on_updated), f);
  g_signal_connect (f->session, "finished", G_CALLBACK (on_finished), f);
  f->run = bp_scripted_run_new (f->app, flags);
  f->out = tmpfile ();
  g_assert_nonnull (f->out);
  bp_scripted_run_set_output (f->run, f->out);
  bp_scripted_run_watch_session (f->run, f->session, NULL);
}

static void
teardown (Fixture *f)
{
  g_clear_object (&f->run);
  g_clear_object (&f->session);
  g_clear_object (&f->app);
  g_array_unref (f->records);
  fclose (f->out);
}

/* iris, 16 ReLU units, and a run to its end, polled as a frame clock would. */
static void
train (Fixture *f, guint epochs, BpOptimizerKind optimizer, float lr)
{
  prepare_iris_session (f->session, epochs, optimizer, lr);
  bp_training_session_resume (f->session);

  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!f->finished)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      bp_training_session_poll (f->session, f->records);
      g_usleep (1000);
    }
}

/* What was printed, one string a line. */
static GStrv
printed_lines (Fixture *f)
{
  fflush (f->out);
  long end = ftell (f->out);
  g_assert_cmpint (end, >=, 0);
  gsize size = (gsize) end;
  g_autofree char *text = g_malloc0 (size + 1);
  rewind (f->out);
  g_assert_cmpuint (fread (text, 1, size, f->out), ==, size);
  fseek (f->out, 0, SEEK_END);
  if (size > 0)
    {
      g_assert_cmpint (text[size - 1], ==, '\n');
      text[size - 1] = '\0';
    }
  return size > 0 ? g_strsplit (text, "\n", -1) : g_new0 (char *, 1);
}

static void
test_trace_lines (void)
{
  Fixture f = { 0 };
  setup (&f, BP_SCRIPTED_TRAIN | BP_SCRIPTED_QUIT_AFTER_TRAINING | BP_SCRIPTED_TRACE);
  train (&f, 4, BP_OPTIMIZER_ADAM, 0.01f);

  const BpDataset *d = bp_training_session_get_dataset (f.session);
  g_auto(GStrv) lines = printed_lines (&f);
  guint n_epochs = 0;
  for (guint i = 0; i < f.records->len; i++)
    {
      const BpProgress *p = &g_array_index (f.records, BpProgress, i);
      if (p->kind != BP_PROGRESS_EPOCH)
        continue;
      g_autofree char *expected = bp_epoch_to_json (p, d->task, d->n_validation > 0);
      g_assert_nonnull (lines[n_epochs]);
      g_assert_cmpstr (lines[n_epochs], ==, expected);
      n_epochs++;
    }
  g_assert_cmpuint (n_epochs, ==, 4);
  g_assert_cmpuint (g_strv_length (lines), ==, n_epochs + 1);
  g_assert_true (g_str_has_prefix (lines[0], "{\"epoch\": 1, \"epochs\": 4, \"loss\": "));

  /* The last line: its keys in this order, and what they say. */
  const char *final = lines[n_epochs];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, final, -1, &error));
  g_assert_no_error (error);
  JsonObject *o = json_node_get_object (json_parser_get_root (parser));
  static const char *const keys[] = {
    "final", "epochs", "frames", "first_frame_ms", "median_frame_ms", "worst_frame_ms", "samples_per_second",
    "training_seconds", "live_seconds", "live_updates", "snapshots",
  };
  g_autoptr(GList) members = json_object_get_members (o);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (keys));
  guint k = 0;
  for (GList *l = members; l; l = l->next, k++)
    g_assert_cmpstr (l->data, ==, keys[k]);
  g_assert_true (json_object_get_boolean_member (o, "final"));
  g_assert_cmpint (json_object_get_int_member (o, "epochs"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (o, "frames"), ==, 0);   /* nothing drew */
  g_assert_true (json_object_get_null_member (o, "first_frame_ms"));
  g_assert_true (json_object_get_null_member (o, "median_frame_ms"));
  g_assert_cmpfloat (json_object_get_double_member (o, "samples_per_second"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "training_seconds"), ==,
                     bp_training_session_get_last (f.session)->seconds);
  double live_seconds;
  bp_training_session_get_live_cost (f.session, NULL, &live_seconds);
  g_assert_cmpfloat (json_object_get_double_member (o, "live_seconds"), ==, live_seconds);
  /* Live frames as the session counted the takes: here nobody took any. */
  JsonObject *live = json_object_get_object_member (o, "live_updates");
  g_assert_nonnull (live);
  g_assert_cmpint (json_object_get_size (live), ==, 3);
  g_assert_cmpint (json_object_get_int_member (live, "boundary"), ==,
                   (gint64) bp_training_session_get_live_count (f.session, BP_PROBE_GRID));
  g_assert_cmpint (json_object_get_int_member (live, "network"), ==,
                   (gint64) bp_training_session_get_live_count (f.session, BP_PROBE_WEIGHTS));
  g_assert_cmpint (json_object_get_int_member (live, "confusion"), ==,
                   (gint64) bp_training_session_get_live_count (f.session, BP_PROBE_EVAL));
  /* The start and at least every epoch's end were kept. */
  BpTimeline *timeline = bp_training_session_get_timeline (f.session);
  g_assert_cmpint (json_object_get_int_member (o, "snapshots"), ==, bp_timeline_get_n_snapshots (timeline));
  g_assert_cmpint (json_object_get_int_member (o, "snapshots"), >=, 1 + 4);

  g_assert_cmpint (bp_scripted_run_get_exit_status (f.run), ==, 0);
  teardown (&f);
}

/* A run that diverges fails the process; without the trace nothing goes to stdout. */
static void
test_diverged_fails (void)
{
  Fixture f = { 0 };
  setup (&f, BP_SCRIPTED_QUIT_AFTER_TRAINING);
  train (&f, 50, BP_OPTIMIZER_SGD, 1000.0f);
  g_assert_cmpint (bp_training_session_get_stop_reason (f.session), ==, BP_STOP_DIVERGED);
  g_assert_cmpint (bp_scripted_run_get_exit_status (f.run), ==, 1);
  g_auto(GStrv) lines = printed_lines (&f);
  g_assert_cmpuint (g_strv_length (lines), ==, 0);
  teardown (&f);
}

/* Tracing without quitting: the epochs as they come, and the summary only
 * when asked (the app asks on Ctrl+Q). */
static void
test_trace_without_quit (void)
{
  Fixture f = { 0 };
  setup (&f, BP_SCRIPTED_TRACE);
  train (&f, 2, BP_OPTIMIZER_ADAM, 0.01f);
  {
    g_auto(GStrv) lines = printed_lines (&f);
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    g_assert_false (g_str_has_prefix (lines[1], "{\"final\""));
  }
  bp_scripted_run_print_summary (f.run);
  g_auto(GStrv) lines = printed_lines (&f);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[2], "{\"final\": true, \"epochs\": 2, \"frames\": 0,"));
  g_assert_cmpint (bp_scripted_run_get_exit_status (f.run), ==, 0);
  teardown (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scripted-run/trace-lines", test_trace_lines);
  g_test_add_func ("/scripted-run/diverged-fails", test_diverged_fails);
  g_test_add_func ("/scripted-run/trace-without-quit", test_trace_without_quit);
  return g_test_run ();
}
