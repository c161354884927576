/* test-run-log.c: BpRunLog, the JSON lines of a run, without a display.
 *
 * The lines `backprop-cli train --json` prints become epoch records with
 * their values; a line that arrives in pieces counts once it is complete;
 * a cut-short or non-JSON line is reported with its line number and the
 * lines after it still count; a followed file that grows is read on, one
 * that is truncated or replaced is read again from its start.
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "bp-run-log.h"
#include "test-util.h"

typedef struct {
  guint    added;        /* records announced by "records-added" */
  guint    resets;
  guint    finished;
  GArray  *error_lines;  /* guint */
  GString *messages;
} Events;

static void
on_added (BpRunLog *log, guint first, guint n, Events *events)
{
  g_assert_cmpuint (first, ==, events->added);
  events->added += n;
}

static void
on_reset (BpRunLog *log, Events *events)
{
  events->resets++;
  events->added = 0;
}

static void
on_line_error (BpRunLog *log, guint line, const char *message, Events *events)
{
  g_array_append_val (events->error_lines, line);
  g_string_append_printf (events->messages, "%u: %s\n", line, message);
}

static void
on_finished (BpRunLog *log, Events *events)
{
  events->finished++;
}

static void
listen (BpRunLog *log, Events *events)
{
  memset (events, 0, sizeof *events);
  events->error_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  events->messages = g_string_new (NULL);
  g_signal_connect (log, "records-added", G_CALLBACK (on_added), events);
  g_signal_connect (log, "reset", G_CALLBACK (on_reset), events);
  g_signal_connect (log, "line-error", G_CALLBACK (on_line_error), events);
  g_signal_connect (log, "finished", G_CALLBACK (on_finished), events);
}

static void
events_clear (Events *events)
{
  g_array_unref (events->error_lines);
  g_string_free (events->messages, TRUE);
}

static char *
epoch_line (guint epoch, guint epochs, double loss, const char *metric, double value)
{
  char l[G_ASCII_DTOSTR_BUF_SIZE], v[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_dtostr (l, sizeof l, loss);
  g_ascii_dtostr (v, sizeof v, value);
  return g_strdup_printf ("{\"epoch\": %u, \"epochs\": %u, \"loss\": %s, \"%s\": %s, \"val_loss\": %s, "
                          "\"val_%s\": %s, \"learning_rate\": 0.001, \"seconds\": 0.5, "
                          "\"samples_per_second\": 1000}\n",
                          epoch, epochs, l, metric, v, l, metric, v);
}

static const BpProgress *
record (BpRunLog *log, guint i)
{
  return &g_array_index (bp_run_log_get_records (log), BpProgress, i);
}

/* What `backprop-cli train --json` prints, read whole: one record per
 * epoch with the values of its lines, then the final line. */
static void
test_cli_lines (void)
{
  g_autofree char *iris = sample_path ("iris.csv");
  const char *cli = g_getenv ("BP_CLI");
  g_assert_nonnull (cli);
  const char *argv[] = { cli, "train", iris, "--epochs", "4", "--json", NULL };
  g_autofree char *out = NULL;
  int status;
  g_autoptr(GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_autoptr(BpRunLog) log = bp_run_log_new (NULL);
  Events events;
  listen (log, &events);
  bp_run_log_feed (log, out, strlen (out));
  g_assert_cmpuint (bp_run_log_get_records (log)->len, ==, 4);
  g_assert_cmpuint (events.added, ==, 4);
  g_assert_cmpuint (events.error_lines->len, ==, 0);
  g_assert_cmpuint (events.finished, ==, 1);
  g_assert_true (bp_run_log_get_finished (log));
  g_assert_cmpuint (bp_run_log_get_n_lines (log), ==, 5);
  g_assert_cmpint (bp_run_log_get_task (log), !=, BP_TASK_REGRESSION);
  g_assert_true (bp_run_log_get_has_validation (log));

  /* Each record holds its line's numbers. */
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      JsonObject *o = json_node_get_object (json_parser_get_root (parser));
      const BpProgress *p = record (log, i);
      g_assert_cmpint (p->kind, ==, BP_PROGRESS_EPOCH);
      g_assert_cmpuint (p->epoch, ==, i + 1);
      g_assert_cmpuint (p->epochs, ==, 4);
      g_assert_cmpfloat (p->loss, ==, json_object_get_double_member (o, "loss"));
      g_assert_cmpfloat (p->metric, ==, json_object_get_double_member (o, "accuracy"));
      g_assert_cmpfloat (p->val_loss, ==, json_object_get_double_member (o, "val_loss"));
      g_assert_cmpfloat (p->val_metric, ==, json_object_get_double_member (o, "val_accuracy"));
    }
  events_clear (&events);
}

/* A line written in pieces counts once, when its newline comes; MAE makes
 * it a regression log; null (no validation) reads as NaN. */
static void
test_partial_line (void)
{
  g_autoptr(BpRunLog) log = bp_run_log_new (NULL);
  Events events;
  listen (log, &events);
  g_autofree char *line = epoch_line (1, 3, 0.75, "mae", 2.5);
  const gsize cut = strlen (line) / 2;
  bp_run_log_feed (log, line, cut);
  g_assert_cmpuint (bp_run_log_get_records (log)->len, ==, 0);
  g_assert_cmpuint (bp_run_log_get_n_lines (log), ==, 0);
  bp_run_log_feed (log, line + cut, 3);
  g_assert_cmpuint (bp_run_log_get_records (log)->len, ==, 0);
  bp_run_log_feed (log, line + cut + 3, strlen (line) - cut - 3);
  g_assert_cmpuint (bp_run_log_get_records (log)->len, ==, 1);
  g_assert_cmpuint (events.added, ==, 1);
  g_assert_cmpint (bp_run_log_get_task (log), ==, BP_TASK_REGRESSION);
  g_assert_cmpfloat (record (log, 0)->metric, ==, 2.5);

  const char *no_validation = "{\"epoch\": 2, \"epochs\": 3, \"loss\": 0.5, \"mae\": 2, \"val_loss\": null, "
                              "\"val_mae\": null, \"learning_rate\": 0.001, \"seconds\": 1, "
                              "\"samples_per_second\": 10}\r\n";
  bp_run_log_feed (log, no_validation, strlen (no_validation));
  g_assert_cmpuint (bp_run_log_get_records (log)->len, ==, 2);
  g_assert_true (isnan (record (log, 1)->val_loss));
  g_assert_cmpfloat (record (log, 1)->metric, ==, 2.0);
  g_assert_cmpuint (events.error_lines->len, ==, 0);
  events_clear (&events);
}

/* A line cut short, one that is not JSON and one that is no epoch are
 * each reported with their number; the good lines around them count. */
static void
test_malformed_lines (void)
{
  g_autoptr(BpRunLog) log = bp_run_log_new (NULL);
  Events events;
  listen (log, &events);
  g_autofree char *one = epoch_line (1, 5, 0.9, "accuracy", 0.5);
  g_autofree char *two = epoch_line (2, 5, 0.8, "accuracy", 0.6);
  g_autofree char *five = epoch_line (5, 5, 0.6, "accuracy", 0.8);
  g_autofree char *cut = g_strndup (two, 30);
  g_autofree char *text = g_strconcat (one, "\n", cut, "\n", "Epoch 3/5 - loss: 0.7\n",
                                       "{\"epoch\": \"four\"}\n", five, NULL);
  bp_run_log_feed (log, text, strlen (text));
  g_test_message ("%s", events.messages->str);
  /* one, an empty line, the cut line, text, a bad epoch, five */
  g_assert_cmpuint (bp_run_log_get_n_lines (log), ==, 6);
  g_assert_cmpuint (events.error_lines->len, ==, 3);
  g_assert_cmpuint (g_array_index (events.error_lines, guint, 0), ==, 3);
  g_assert_cmpuint (g_array_index (events.error_lines, guint, 1), ==, 4);
  g_assert_cmpuint (g_array_index (events.error_lines, guint, 2), ==, 5);
  g_assert_cmpuint (bp_run_log_get_records (log)->len, ==, 2);
  g_assert_cmpuint (record (log, 0)->epoch, ==, 1);
  g_assert_cmpuint (record (log, 1)->epoch, ==, 5);
  g_assert_false (bp_run_log_get_finished (log));
  events_clear (&events);
}

static void
append (const char *path, const char *text)
{
  FILE *f = g_fopen (path, "ab");
  g_assert_nonnull (f);
  g_assert_cmpuint (fwrite (text, 1, strlen (text), f), ==, strlen (text));
  fclose (f);
}

/* A followed file: what it holds, what is appended, then truncated (read
 * again from its start) and replaced by another file under its name. */
static void
test_follow_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bp-run-log-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.jsonl", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *l1 = epoch_line (1, 9, 0.9, "accuracy", 0.5);
  g_autofree char *l2 = epoch_line (2, 9, 0.8, "accuracy", 0.6);
  g_autofree char *l3 = epoch_line (3, 9, 0.7, "accuracy", 0.7);
  append (path, l1);
  append (path, l2);

  g_autoptr(BpRunLog) log = bp_run_log_new (file);
  Events events;
  listen (log, &events);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_run_log_start (log, &error));
  g_assert_no_error (error);
  g_assert_true (bp_run_log_is_following (log));
  g_assert_cmpuint (events.added, ==, 2);

  /* Half a line, then the rest. */
  g_autofree char *half = g_strndup (l3, 20);
  append (path, half);
  g_assert_true (bp_run_log_poll (log, &error));
  g_assert_cmpuint (events.added, ==, 2);
  append (path, l3 + 20);
  /* The timer (or the monitor) reads it without being asked. */
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (events.added < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (events.added, ==, 3);
  g_assert_cmpuint (events.error_lines->len, ==, 0);

  /* Truncated: a new run writes its first line. */
  g_assert_true (g_file_set_contents (path, l1, -1, NULL));
  g_assert_true (bp_run_log_poll (log, &error));
  g_assert_cmpuint (events.resets, ==, 1);
  g_assert_cmpuint (bp_run_log_get_records (log)->len, ==, 1);
  g_assert_cmpuint (events.added, ==, 1);

  /* Replaced (rotated) by a longer file: read from its start, not from the old offset. */
  g_autofree char *other = g_build_filename (dir, "next.jsonl", NULL);
  g_autofree char *three = g_strconcat (l1, l2, l3, NULL);
  g_assert_true (g_file_set_contents (other, three, -1, NULL));
  g_assert_cmpint (g_rename (other, path), ==, 0);
  g_assert_true (bp_run_log_poll (log, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (events.resets, ==, 2);
  g_assert_cmpuint (bp_run_log_get_records (log)->len, ==, 3);

  bp_run_log_stop (log);
  g_assert_false (bp_run_log_is_following (log));
  events_clear (&events);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/run.jsonl");
  g_autoptr(BpRunLog) log = bp_run_log_new (file);
  g_autoptr(GError) error = NULL;
  g_assert_false (bp_run_log_start (log, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (bp_run_log_is_following (log));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/run-log/cli-lines", test_cli_lines);
  g_test_add_func ("/run-log/partial-line", test_partial_line);
  g_test_add_func ("/run-log/malformed-lines", test_malformed_lines);
  g_test_add_func ("/run-log/follow-file", test_follow_file);
  g_test_add_func ("/run-log/missing-file", test_missing_file);
  return g_test_run ();
}
