/* test-document.c: loading and the document, without a display.
 *
 * A real main loop drives each test. The loader reads a CSV on its thread
 * and reports progress through the main context; cancelling it fails the
 * load with G_IO_ERROR_CANCELLED; a broken file fails with the reader's
 * FILE:LINE message.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "bp-loader.h"
#include "test-util.h"

/* A CSV big enough that reading it takes many progress steps. */
static char *big_dir;
static char *big_csv;

static void
make_big_csv (void)
{
  big_dir = g_dir_make_tmp ("bp-document-XXXXXX", NULL);
  g_assert_nonnull (big_dir);
  big_csv = g_build_filename (big_dir, "big.csv", NULL);
  g_autoptr(GString) text = g_string_new ("a,b,c,d,label\n");
  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (text, "%u.5,%u,%u.25,%u,%s\n", i, i % 7, i % 13, i % 17, i % 2 ? "yes" : "no");
  g_assert_true (g_file_set_contents (big_csv, text->str, (gssize) text->len, NULL));
}

static gboolean
timed_out (gpointer data)
{
  g_error ("the main loop waited too long");
  return G_SOURCE_REMOVE;
}

/* Turn the main loop until *done is set (at most 60 s). */
static void
wait_for (gboolean *done)
{
  guint timeout = g_timeout_add_seconds (60, timed_out, NULL);
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

/* ---- the loader ---------------------------------------------------------- */

typedef struct {
  gboolean  done;
  BpTable  *table;
  GError   *error;
  guint     notified;
  double    last_fraction;
  GThread  *notify_thread;
} LoadResult;

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LoadResult *r = user_data;
  r->table = bp_loader_load_finish (BP_LOADER (source), result, &r->error);
  r->done = TRUE;
}

static void
on_fraction (BpLoader *loader, GParamSpec *pspec, LoadResult *r)
{
  r->notified++;
  r->last_fraction = bp_loader_get_fraction (loader);
  r->notify_thread = g_thread_self ();
}

static void
test_loader_progress (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (big_csv);
  g_autoptr(BpLoader) loader = bp_loader_new (file);
  LoadResult r = { 0 };
  g_assert_cmpstr (bp_loader_get_message (loader), ==, "Loading “big.csv”");
  g_signal_connect (loader, "notify::fraction", G_CALLBACK (on_fraction), &r);
  bp_loader_load_async (loader, NULL, on_loaded, &r);
  wait_for (&r.done);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.table);
  g_assert_cmpuint (r.table->n_rows, ==, 200000);
  /* Progress arrived on this thread, through the main loop, and grew. */
  g_test_message ("%u fraction notifications, last %.3f", r.notified, r.last_fraction);
  g_assert_cmpuint (r.notified, >, 0);
  g_assert_true (r.notify_thread == g_thread_self ());
  g_assert_cmpfloat (r.last_fraction, >, 0);
  g_assert_cmpfloat (r.last_fraction, <=, 1);
  g_assert_cmpfloat (bp_loader_get_fraction (loader), ==, r.last_fraction);
  bp_table_free (r.table);
}

static void
test_loader_cancel (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (big_csv);
  g_autoptr(BpLoader) loader = bp_loader_new (file);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LoadResult r = { 0 };
  bp_loader_load_async (loader, cancellable, on_loaded, &r);
  g_cancellable_cancel (cancellable);
  wait_for (&r.done);
  g_assert_null (r.table);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
}

/* Dropped while its thread still reads: the thread lets go by itself,
 * and nothing of it reaches the main loop afterwards. */
static void
test_loader_dropped (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (big_csv);
  BpLoader *loader = bp_loader_new (file);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LoadResult r = { 0 };
  g_signal_connect (loader, "notify::fraction", G_CALLBACK (on_fraction), &r);
  bp_loader_load_async (loader, cancellable, on_loaded, &r);
  g_signal_handlers_disconnect_by_data (loader, &r);
  g_object_add_weak_pointer (G_OBJECT (loader), (gpointer *) &loader);
  g_object_unref (loader);
  /* The task keeps the loader until its callback has run. */
  g_assert_nonnull (loader);
  g_cancellable_cancel (cancellable);
  wait_for (&r.done);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  /* The pool thread lets go of the task just after returning it. */
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (loader && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (loader);
  g_assert_cmpuint (r.notified, ==, 0);
}

static void
test_loader_broken_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bp-document-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "ragged.csv", NULL);
  g_assert_true (g_file_set_contents (bad, "a,b,c\n1,2,3\n4,5\n", -1, NULL));
  g_autoptr(GFile) file = g_file_new_for_path (bad);
  g_autoptr(BpLoader) loader = bp_loader_new (file);
  LoadResult r = { 0 };
  bp_loader_load_async (loader, NULL, on_loaded, &r);
  wait_for (&r.done);
  g_assert_null (r.table);
  g_assert_error (r.error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_RAGGED);
  g_assert_nonnull (strstr (r.error->message, "ragged.csv:3"));
  g_clear_error (&r.error);
  g_unlink (bad);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  make_big_csv ();
  g_test_add_func ("/loader/progress", test_loader_progress);
  g_test_add_func ("/loader/cancel", test_loader_cancel);
  g_test_add_func ("/loader/dropped", test_loader_dropped);
  g_test_add_func ("/loader/broken-file", test_loader_broken_file);
  int status = g_test_run ();
  g_unlink (big_csv);
  g_rmdir (big_dir);
  g_free (big_csv);
  g_free (big_dir);
  return status;
}
