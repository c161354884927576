/* test-document.c: loading and the document, without a display.
 *
 * A real main loop drives each test. The loader reads a CSV on its thread
 * and reports progress through the main context; cancelling it fails the
 * load with G_IO_ERROR_CANCELLED; a broken file fails with the reader's
 * FILE:LINE message.
 *
 * The document opens a CSV, a built-in sample, a generated set and a
 * project; a load can be cancelled, and a broken file or project keeps
 * what the document had. A project whose CSV moved fails with
 * DATA_MISSING and its path, and opens with the file found instead.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "bp-document.h"
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

/* ---- the document -------------------------------------------------------- */

typedef struct {
  BpDocument *doc;
  gboolean    done;
  gboolean    ok;
  GError     *error;       /* from open_finish */
  guint       changed;
  guint       last_change;
  guint       failed;
  GError     *failure;     /* from "open-failed" */
  GFile      *failed_file;
  guint       loading_notified;
} Doc;

static void
on_changed (BpDocument *doc, guint what, Doc *d)
{
  d->changed++;
  d->last_change = what;
}

static void
on_open_failed (BpDocument *doc, GFile *file, const GError *error, Doc *d)
{
  d->failed++;
  g_clear_error (&d->failure);
  d->failure = g_error_copy (error);
  g_set_object (&d->failed_file, file);
}

static void
on_loading (BpDocument *doc, GParamSpec *pspec, Doc *d)
{
  d->loading_notified++;
}

static void
doc_init (Doc *d)
{
  memset (d, 0, sizeof *d);
  d->doc = bp_document_new ();
  g_signal_connect (d->doc, "changed", G_CALLBACK (on_changed), d);
  g_signal_connect (d->doc, "open-failed", G_CALLBACK (on_open_failed), d);
  g_signal_connect (d->doc, "notify::loading", G_CALLBACK (on_loading), d);
}

static void
doc_clear (Doc *d)
{
  g_object_add_weak_pointer (G_OBJECT (d->doc), (gpointer *) &d->doc);
  g_object_unref (d->doc);
  /* A load's late result may hold it a moment longer. */
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (d->doc && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (d->doc);
  g_clear_error (&d->error);
  g_clear_error (&d->failure);
  g_clear_object (&d->failed_file);
}

static void
on_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Doc *d = user_data;
  g_clear_error (&d->error);
  d->ok = bp_document_open_finish (BP_DOCUMENT (source), result, &d->error);
  d->done = TRUE;
}

/* Open @path (a CSV or a project) and wait for the end. */
static gboolean
doc_open (Doc *d, const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  d->done = FALSE;
  bp_document_open_async (d->doc, file, NULL, on_opened, d);
  wait_for (&d->done);
  return d->ok;
}

static void
test_document_open_csv (void)
{
  Doc d;
  doc_init (&d);
  g_assert_null (bp_document_get_table (d.doc));
  g_autofree char *path = sample_path ("iris.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  bp_document_open_async (d.doc, file, NULL, on_opened, &d);
  /* Loading at once, off this thread. */
  g_assert_true (bp_document_get_loading (d.doc));
  g_assert_cmpstr (bp_document_get_message (d.doc), ==, "Loading “iris.csv”");
  g_assert_null (bp_document_get_table (d.doc));
  wait_for (&d.done);
  g_assert_no_error (d.error);
  g_assert_true (d.ok);
  g_assert_false (bp_document_get_loading (d.doc));
  g_assert_null (bp_document_get_message (d.doc));
  g_assert_cmpuint (d.loading_notified, ==, 2);

  BpTable *table = bp_document_get_table (d.doc);
  g_assert_nonnull (table);
  g_assert_cmpuint (table->n_rows, ==, 150);
  const BpDataset *dataset = bp_document_get_dataset (d.doc);
  g_assert_nonnull (dataset);
  g_assert_cmpint (dataset->task, ==, BP_TASK_MULTICLASS);
  g_assert_cmpuint (dataset->n_features, ==, 4);
  g_assert_cmpuint (d.changed, ==, 1);
  g_assert_true (d.last_change & BP_DOCUMENT_CHANGED_TABLE);
  g_assert_true (d.last_change & BP_DOCUMENT_CHANGED_DATASET);
  g_assert_false (d.last_change & BP_DOCUMENT_CHANGED_SETUP);
  g_assert_null (bp_document_get_project_file (d.doc));
  g_assert_cmpuint (d.failed, ==, 0);

  /* A data choice rebuilds the dataset: one input fewer. */
  BpDatasetOptions options;
  bp_document_get_data_options (d.doc, &options);
  g_autofree BpColumnRole *roles = g_new0 (BpColumnRole, table->n_columns);
  roles[0] = BP_ROLE_IGNORED;
  options.roles = roles;
  bp_document_set_data_options (d.doc, &options);
  g_assert_cmpuint (d.changed, ==, 2);
  g_assert_cmpuint (d.last_change, ==, BP_DOCUMENT_CHANGED_DATASET);
  g_assert_cmpuint (bp_document_get_dataset (d.doc)->n_features, ==, 3);
  /* A column's type changed by a view: the same choices make it again. */
  g_autoptr(GError) type_error = NULL;
  g_assert_true (bp_table_set_column_type (table, 4, BP_COLUMN_TEXT, &type_error));
  g_assert_no_error (type_error);
  bp_document_set_data_options (d.doc, &options);
  g_assert_cmpuint (d.changed, ==, 3);
  g_assert_null (bp_document_get_dataset (d.doc));
  g_assert_nonnull (bp_document_get_dataset_error (d.doc));
  g_assert_true (bp_table_set_column_type (table, 4, BP_COLUMN_CATEGORICAL, &type_error));
  bp_document_set_data_options (d.doc, &options);
  g_assert_nonnull (bp_document_get_dataset (d.doc));

  /* Its project names the file. */
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) project = bp_document_build_project (d.doc, &error);
  g_assert_no_error (error);
  g_assert_cmpint (project->source.kind, ==, BP_DATA_SOURCE_FILE);
  g_assert_cmpstr (project->source.path, ==, path);
  g_assert_cmpuint (project->columns->len, ==, 1);
  doc_clear (&d);
}

static void
test_document_open_sample (void)
{
  Doc d;
  doc_init (&d);
  bp_document_open_sample_async (d.doc, "iris", 0.1, 1, NULL, on_opened, &d);
  /* Small: read before the call returns. */
  g_assert_false (bp_document_get_loading (d.doc));
  g_assert_nonnull (bp_document_get_table (d.doc));
  g_assert_cmpuint (bp_document_get_table (d.doc)->n_rows, ==, 150);
  wait_for (&d.done);
  g_assert_no_error (d.error);
  g_autoptr(BpProject) project = bp_document_build_project (d.doc, NULL);
  g_assert_cmpint (project->source.kind, ==, BP_DATA_SOURCE_SAMPLE);
  g_assert_cmpstr (project->source.name, ==, "iris");

  /* No such sample: an error, and the sample stays. */
  BpTable *table = bp_document_get_table (d.doc);
  d.done = FALSE;
  bp_document_open_sample_async (d.doc, "no-such-sample", 0.1, 1, NULL, on_opened, &d);
  wait_for (&d.done);
  g_assert_error (d.error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NO_SAMPLE);
  g_assert_cmpuint (d.failed, ==, 1);
  g_assert_null (d.failed_file);
  g_assert_true (bp_document_get_table (d.doc) == table);
  doc_clear (&d);
}

/* A generated set is kept as its kind, size, noise and seed: opened
 * again from them, it is the very same data. */
static void
test_document_open_generated (void)
{
  Doc d, e;
  doc_init (&d);
  doc_init (&e);
  bp_document_open_sample_async (d.doc, "spiral", 0.2, 7, NULL, on_opened, &d);
  wait_for (&d.done);
  g_assert_no_error (d.error);
  BpTable *table = bp_document_get_table (d.doc);
  g_assert_cmpuint (table->n_rows, ==, BP_SAMPLE_DEFAULT_ROWS);
  g_autoptr(BpProject) project = bp_document_build_project (d.doc, NULL);
  g_assert_cmpint (project->source.kind, ==, BP_DATA_SOURCE_GENERATED);
  g_assert_cmpstr (project->source.name, ==, "spiral");
  g_assert_cmpuint (project->source.seed, ==, 7);
  g_assert_cmpfloat (project->source.noise, ==, 0.2);

  bp_document_open_sample_async (e.doc, "spiral", 0.2, 7, NULL, on_opened, &e);
  wait_for (&e.done);
  assert_same_cells (table, bp_document_get_table (e.doc));
  e.done = FALSE;
  bp_document_open_sample_async (e.doc, "spiral", 0.2, 8, NULL, on_opened, &e);
  wait_for (&e.done);
  g_autofree char *a = bp_table_cell_text (table, 0, 0);
  g_autofree char *b = bp_table_cell_text (bp_document_get_table (e.doc), 0, 0);
  g_assert_cmpstr (a, !=, b);
  doc_clear (&e);
  doc_clear (&d);
}

/* A setup to keep: column 1 ignored, one tanh layer of 12, lr 0.0125. */
static void
change_setup (BpDocument *doc)
{
  BpDatasetOptions options;
  bp_document_get_data_options (doc, &options);
  g_autofree BpColumnRole *roles = g_new0 (BpColumnRole, bp_document_get_table (doc)->n_columns);
  roles[1] = BP_ROLE_IGNORED;
  options.roles = roles;
  bp_document_set_data_options (doc, &options);
  g_autoptr(BpLayerStack) layers = bp_layer_stack_new ();
  bp_layer_stack_add (layers, 12, BP_ACTIVATION_TANH, 0.f);
  bp_document_set_layers (doc, layers);
  BpTrainConfig config = *bp_document_get_train_config (doc);
  config.optimizer.learning_rate = 0.0125f;
  g_assert_true (bp_document_set_train_config (doc, &config, NULL));
}

static void
assert_setup (BpDocument *doc, const BpTable *table, GFile *project_file)
{
  assert_same_cells (table, bp_document_get_table (doc));
  g_assert_true (g_file_equal (bp_document_get_project_file (doc), project_file));
  BpDatasetOptions options;
  bp_document_get_data_options (doc, &options);
  for (gsize c = 0; c < table->n_columns; c++)
    g_assert_cmpint (options.roles[c], ==, c == 1 ? BP_ROLE_IGNORED : BP_ROLE_AUTO);
  const BpLayerStack *layers = bp_document_get_layers (doc);
  g_assert_cmpuint (layers->layers->len, ==, 1);
  g_assert_cmpuint (g_array_index (layers->layers, BpLayerSpec, 0).units, ==, 12);
  g_assert_cmpfloat (bp_document_get_train_config (doc)->optimizer.learning_rate, ==, 0.0125f);
  g_assert_cmpuint (bp_document_get_dataset (doc)->n_features, ==, 3);
}

static void
test_document_open_project (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *csv = copy_sample ("iris.csv", &dir);
  Doc d, e;
  doc_init (&d);
  g_assert_true (doc_open (&d, csv));
  change_setup (d.doc);
  g_autofree char *path = g_build_filename (dir, "flowers.backprop", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  guint changed = d.changed;
  g_assert_true (bp_document_save_project (d.doc, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_equal (bp_document_get_project_file (d.doc), file));
  g_assert_cmpuint (d.changed, ==, changed + 1);
  g_assert_cmpuint (d.last_change, ==, BP_DOCUMENT_CHANGED_PROJECT);

  /* Another document opens it: the CSV through the loader, then the rest. */
  doc_init (&e);
  g_assert_true (doc_open (&e, path));
  g_assert_no_error (e.error);
  g_assert_true (e.last_change & BP_DOCUMENT_CHANGED_SETUP);
  assert_setup (e.doc, bp_document_get_table (d.doc), file);
  g_assert_false (bp_document_get_from_copy (e.doc));

  /* The CSV gone, it opens from the project's copy. */
  g_assert_cmpint (g_unlink (csv), ==, 0);
  Doc f;
  doc_init (&f);
  g_assert_true (doc_open (&f, path));
  assert_setup (f.doc, bp_document_get_table (d.doc), file);
  g_assert_true (bp_document_get_from_copy (f.doc));

  doc_clear (&f);
  doc_clear (&e);
  doc_clear (&d);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_document_cancel_load (void)
{
  Doc d;
  doc_init (&d);
  g_autofree char *iris = sample_path ("iris.csv");
  g_assert_true (doc_open (&d, iris));
  BpTable *table = bp_document_get_table (d.doc);
  guint changed = d.changed;

  /* Cancel: at once, and nothing changes. */
  g_autoptr(GFile) file = g_file_new_for_path (big_csv);
  d.done = FALSE;
  bp_document_open_async (d.doc, file, NULL, on_opened, &d);
  g_assert_true (bp_document_get_loading (d.doc));
  bp_document_cancel_load (d.doc);
  g_assert_false (bp_document_get_loading (d.doc));
  wait_for (&d.done);
  g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (bp_document_get_table (d.doc) == table);

  /* The caller's cancellable: within a chunk. */
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  d.done = FALSE;
  bp_document_open_async (d.doc, file, cancellable, on_opened, &d);
  g_cancellable_cancel (cancellable);
  wait_for (&d.done);
  g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (bp_document_get_loading (d.doc));

  /* A new open replaces one in flight: the first ends cancelled. */
  Doc first = { 0 };
  bp_document_open_async (d.doc, file, NULL, on_opened, &first);
  d.done = FALSE;
  g_autoptr(GFile) iris_file = g_file_new_for_path (iris);
  bp_document_open_async (d.doc, iris_file, NULL, on_opened, &d);
  wait_for (&first.done);
  g_assert_error (first.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&first.error);
  wait_for (&d.done);
  g_assert_no_error (d.error);
  g_assert_true (bp_document_get_table (d.doc) != table);
  g_assert_cmpuint (bp_document_get_table (d.doc)->n_rows, ==, 150);

  /* Only the finished open changed the document, and nothing failed. */
  g_assert_cmpuint (d.changed, ==, changed + 1);
  g_assert_cmpuint (d.failed, ==, 0);
  doc_clear (&d);
}

/* Opens replaced and cancelled in a loop, some before the thread has
 * started, some while it reads: every task ends once, the late results
 * are dropped, and nothing outlives the document (the ASan build checks
 * the lifetimes). */
static void
test_document_cancel_stress (void)
{
  Doc d;
  doc_init (&d);
  g_autoptr(GFile) file = g_file_new_for_path (big_csv);
  Doc ends[40] = { 0 };
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      bp_document_open_async (d.doc, file, NULL, on_opened, &ends[i]);
      for (guint spin = 0; spin < i % 4; spin++)
        g_main_context_iteration (NULL, FALSE);
      if (i % 3 == 0)
        bp_document_cancel_load (d.doc);
    }
  bp_document_cancel_load (d.doc);
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      wait_for (&ends[i].done);
      g_assert_error (ends[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&ends[i].error);
    }
  g_assert_false (bp_document_get_loading (d.doc));
  g_assert_null (bp_document_get_table (d.doc));
  g_assert_cmpuint (d.changed, ==, 0);
  g_assert_cmpuint (d.failed, ==, 0);
  doc_clear (&d);
}

/* The callback of an open that a new one replaces may start another open
 * (as bp-document.h allows), even when GTask calls it at once: the window
 * starts opens from inside main-loop sources, where the replaced task ends
 * before bp_document_open_async() returns. The newest open wins and every
 * task still ends, once. */
typedef struct {
  BpDocument *doc;
  GFile      *file;
  Doc         a, b, c;
} Reopen;

static void
on_replaced_open_again (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Reopen *r = user_data;
  on_opened (source, result, &r->a);
  bp_document_open_async (r->doc, r->file, NULL, on_opened, &r->c);
}

static gboolean
open_b_in_source (gpointer user_data)
{
  Reopen *r = user_data;
  bp_document_open_async (r->doc, r->file, NULL, on_opened, &r->b);
  return G_SOURCE_REMOVE;
}

#define wait_at_most(done, seconds) wait_at_most_ (done, seconds, #done)
static void
wait_at_most_ (gboolean *done, guint seconds, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  while (!*done && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  if (!*done)
    g_error ("%s: that open never ended", what);
}

static void
test_document_reopen_from_callback (void)
{
  Doc d;
  doc_init (&d);
  g_autoptr(GFile) file = g_file_new_for_path (big_csv);
  Reopen r = { .doc = d.doc, .file = file };
  bp_document_open_async (d.doc, file, NULL, on_replaced_open_again, &r);
  /* B starts in a later iteration than A, from inside a source. */
  g_usleep (2000);
  g_idle_add (open_b_in_source, &r);
  wait_at_most (&r.b.done, 30);
  wait_at_most (&r.a.done, 30);
  wait_at_most (&r.c.done, 30);
  g_assert_error (r.a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error (r.b.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (r.c.error);
  g_assert_true (r.c.ok);
  g_assert_false (bp_document_get_loading (d.doc));
  g_assert_cmpuint (bp_document_get_table (d.doc)->n_rows, ==, 200000);
  g_assert_cmpuint (d.changed, ==, 1);
  g_assert_cmpuint (d.failed, ==, 0);
  g_clear_error (&r.a.error);
  g_clear_error (&r.b.error);
  doc_clear (&d);
}

/* A broken CSV or project keeps the document as it was, and says why. */
static void
test_document_broken_keeps (void)
{
  Doc d;
  doc_init (&d);
  g_autofree char *iris = sample_path ("iris.csv");
  g_assert_true (doc_open (&d, iris));
  BpTable *table = bp_document_get_table (d.doc);
  const BpDataset *dataset = bp_document_get_dataset (d.doc);
  guint changed = d.changed;

  g_autofree char *dir = g_dir_make_tmp ("bp-document-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "ragged.csv", NULL);
  g_assert_true (g_file_set_contents (bad, "a,b,c\n1,2,3\n4,5\n", -1, NULL));
  g_assert_false (doc_open (&d, bad));
  g_assert_error (d.error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_RAGGED);
  g_assert_cmpuint (d.failed, ==, 1);
  g_assert_nonnull (strstr (d.failure->message, "ragged.csv:3"));
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_assert_true (g_file_equal (d.failed_file, bad_file));

  g_autofree char *broken = g_build_filename (dir, "broken.backprop", NULL);
  g_assert_true (g_file_set_contents (broken, "{\"format\": \"backprop-project\", \"version\": 1, \"task\": 7}", -1, NULL));
  g_assert_false (doc_open (&d, broken));
  g_assert_cmpuint (d.failed, ==, 2);
  g_assert_nonnull (strstr (d.failure->message, "broken.backprop"));

  g_assert_true (bp_document_get_table (d.doc) == table);
  g_assert_true (bp_document_get_dataset (d.doc) == dataset);
  g_assert_null (bp_document_get_project_file (d.doc));
  g_assert_cmpuint (d.changed, ==, changed);
  doc_clear (&d);
  g_unlink (bad);
  g_unlink (broken);
  g_rmdir (dir);
}

/* A project whose CSV moved and that keeps no copy: DATA_MISSING with the
 * path, nothing changes; opened again with the file found, it opens with
 * its choices, and saving it again records the new place. */
static void
test_document_project_find_data (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *csv = copy_sample ("iris.csv", &dir);
  Doc d;
  doc_init (&d);
  g_assert_true (doc_open (&d, csv));
  change_setup (d.doc);
  g_autoptr(BpTable) original = load_sample ("iris.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) project = bp_document_build_project (d.doc, &error);
  g_assert_no_error (error);
  g_clear_pointer (&project->source.copy, g_bytes_unref);
  g_autofree char *path = g_build_filename (dir, "flowers.backprop", NULL);
  g_assert_true (bp_project_save (project, path, &error));
  g_assert_no_error (error);
  g_autofree char *moved_dir = g_build_filename (dir, "moved", NULL);
  g_assert_cmpint (g_mkdir (moved_dir, 0700), ==, 0);
  g_autofree char *moved = g_build_filename (moved_dir, "iris.csv", NULL);
  g_assert_cmpint (g_rename (csv, moved), ==, 0);

  g_autofree char *wine = sample_path ("wine.csv");
  g_assert_true (doc_open (&d, wine));
  BpTable *table = bp_document_get_table (d.doc);
  guint changed = d.changed;
  g_assert_false (doc_open (&d, path));
  g_assert_error (d.error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_DATA_MISSING);
  g_assert_nonnull (strstr (d.error->message, csv));
  g_assert_nonnull (strstr (d.error->message, "flowers.backprop"));
  g_assert_cmpstr (bp_document_get_missing_data (d.doc), ==, csv);
  g_assert_cmpuint (d.failed, ==, 1);
  g_assert_true (bp_document_get_table (d.doc) == table);
  g_assert_cmpuint (d.changed, ==, changed);

  /* Found: not a local file is refused; the moved CSV opens it. */
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) remote = g_file_new_for_uri ("https://example.com/iris.csv");
  g_assert_null (bp_document_read_project (d.doc, file, remote, &error));
  g_assert_error (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NOT_LOCAL);
  g_clear_error (&error);
  g_autoptr(GFile) found = g_file_new_for_path (moved);
  BpProject *read = bp_document_read_project (d.doc, file, found, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);
  d.done = FALSE;
  bp_document_open_project_async (d.doc, file, read, NULL, on_opened, &d);
  g_assert_true (bp_document_get_loading (d.doc));
  wait_for (&d.done);
  g_assert_no_error (d.error);
  assert_setup (d.doc, original, file);

  g_assert_true (bp_document_save_project (d.doc, file, &error));
  g_assert_no_error (error);
  g_autoptr(BpProject) again = bp_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->source.path, ==, moved);

  doc_clear (&d);
  g_unlink (path);
  g_unlink (moved);
  g_rmdir (moved_dir);
  g_rmdir (dir);
}

/* The layers and settings pushed into the document make the run. */
static void
test_document_prepare_training (void)
{
  Doc d;
  doc_init (&d);
  g_autoptr(GError) error = NULL;
  g_assert_false (bp_document_prepare_training (d.doc, &error));
  g_assert_error (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NO_DATA);
  g_clear_error (&error);
  g_autofree char *iris = sample_path ("iris.csv");
  g_assert_true (doc_open (&d, iris));
  change_setup (d.doc);
  g_assert_true (bp_document_prepare_training (d.doc, &error));
  g_assert_no_error (error);
  BpTrainingSession *session = bp_document_get_session (d.doc);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_PAUSED);
  /* The run holds the dataset now. */
  g_assert_null (bp_document_get_dataset (d.doc));
  /* Readable once the worker has parked before its first batch. */
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!bp_training_session_get_model (session) && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  const BpModel *model = bp_training_session_get_model (session);
  g_assert_nonnull (model);
  g_assert_cmpuint (model->n_layers, ==, 2);
  g_assert_cmpuint (model->layers[0].n_in, ==, 3);
  g_assert_cmpuint (model->layers[0].n_out, ==, 12);
  g_assert_cmpfloat (bp_training_session_get_config (session)->optimizer.learning_rate, ==, 0.0125f);

  /* While paused, new settings reach the run. */
  BpTrainConfig config = *bp_document_get_train_config (d.doc);
  config.optimizer.learning_rate = 0.5f;
  g_assert_true (bp_document_set_train_config (d.doc, &config, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (bp_training_session_get_config (session)->optimizer.learning_rate, ==, 0.5f);

  bp_document_reset_training (d.doc);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_IDLE);
  g_assert_nonnull (bp_document_get_dataset (d.doc));

  /* Settings the trainer refuses: the recipe's error, no run, and the
   * dataset is made again. */
  config.epochs = 0;
  g_assert_true (bp_document_set_train_config (d.doc, &config, &error));
  guint changed = d.changed;
  g_assert_false (bp_document_prepare_training (d.doc, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_IDLE);
  g_assert_nonnull (bp_document_get_dataset (d.doc));
  g_assert_cmpuint (d.changed, ==, changed + 1);
  g_assert_cmpuint (d.last_change, ==, BP_DOCUMENT_CHANGED_DATASET);
  doc_clear (&d);
}

/* Following a run log: a missing file changes nothing; one that is
 * there is read; opening data or training stops following. */
static void
test_document_follow_run_log (void)
{
  Doc d;
  doc_init (&d);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/run.jsonl");
  g_assert_true (bp_document_is_run_log_file (missing));
  g_assert_false (bp_document_follow_run_log (d.doc, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (bp_document_get_run_log (d.doc));

  g_autofree char *dir = g_dir_make_tmp ("bp-document-log-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.jsonl", NULL);
  const char *line = "{\"epoch\": 1, \"epochs\": 2, \"loss\": 0.5, \"accuracy\": 0.75, \"val_loss\": 0.6, "
                     "\"val_accuracy\": 0.7, \"learning_rate\": 0.001, \"seconds\": 0.1, "
                     "\"samples_per_second\": 100}\n";
  g_assert_true (g_file_set_contents (path, line, -1, NULL));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_assert_true (bp_document_follow_run_log (d.doc, file, &error));
  g_assert_no_error (error);
  BpRunLog *log = bp_document_get_run_log (d.doc);
  g_assert_nonnull (log);
  g_assert_true (bp_run_log_is_following (log));
  g_assert_cmpuint (bp_run_log_get_records (log)->len, ==, 1);

  /* A sample opens: following stops. */
  bp_document_open_sample_async (d.doc, "iris", 0.1, 1, NULL, on_opened, &d);
  wait_for (&d.done);
  g_assert_null (bp_document_get_run_log (d.doc));

  /* Following again, then training here: following stops. */
  g_assert_true (bp_document_follow_run_log (d.doc, file, &error));
  g_assert_nonnull (bp_document_get_run_log (d.doc));
  g_assert_nonnull (bp_document_get_table (d.doc));
  g_assert_true (bp_document_prepare_training (d.doc, &error));
  g_assert_no_error (error);
  g_assert_null (bp_document_get_run_log (d.doc));
  doc_clear (&d);
  g_unlink (path);
  g_rmdir (dir);
}

/* Exports without a window: a script of the setup names the sample it
 * writes next to itself; ONNX needs a model. */
static void
test_document_export (void)
{
  Doc d;
  doc_init (&d);
  bp_document_open_sample_async (d.doc, "iris", 0.1, 1, NULL, on_opened, &d);
  wait_for (&d.done);
  g_autofree char *dir = g_dir_make_tmp ("bp-document-export-XXXXXX", NULL);
  g_autofree char *script = g_build_filename (dir, "iris_torch.py", NULL);
  g_autofree char *onnx = g_build_filename (dir, "iris.onnx", NULL);
  g_autofree char *csv = g_build_filename (dir, "iris.csv", NULL);
  g_autoptr(GFile) script_file = g_file_new_for_path (script);
  g_autoptr(GFile) onnx_file = g_file_new_for_path (onnx);
  g_autoptr(GError) error = NULL;

  g_assert_false (bp_document_export (d.doc, BP_EXPORT_ONNX, onnx_file, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (onnx, G_FILE_TEST_EXISTS));

  g_assert_true (bp_document_export (d.doc, BP_EXPORT_PYTORCH, script_file, &error));
  g_assert_no_error (error);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (script, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "DATA_FILE = \"iris.csv\""));
  /* The sample's rows, next to the script. */
  g_autoptr(BpTable) written = bp_table_load (csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written->n_rows, ==, 150);

  g_autoptr(GFile) remote = g_file_new_for_uri ("http://example.org/x.py");
  g_assert_false (bp_document_export (d.doc, BP_EXPORT_KERAS, remote, &error));
  g_assert_error (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NOT_LOCAL);
  doc_clear (&d);
  g_unlink (script);
  g_unlink (csv);
  g_rmdir (dir);
}


/* Issue 13: other missing-value markers read the data again, keep the
 * choices, change the dataset's rows, and go into the project saved;
 * the project opens with them; the copy it keeps is read with them too. */
static void
test_document_missing_markers (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bp-markers-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "strikes.csv", NULL);
  g_autoptr(GString) text = g_string_new ("damage,speed,phase\n");
  for (int i = 0; i < 40; i++)
    g_string_append_printf (text, "%s,%s,%s\n", i % 5 == 0 ? "Minor" : "None", i % 7 == 3 ? "" : "120",
                            i % 2 ? "Climb" : "Landing");
  g_assert_true (g_file_set_contents (csv, text->str, -1, NULL));
  Doc d;
  doc_init (&d);
  g_assert_true (doc_open (&d, csv));
  BpDatasetOptions options;
  bp_document_get_data_options (d.doc, &options);
  options.split = BP_SPLIT_SHUFFLE;
  bp_document_set_data_options (d.doc, &options);
  /* "None" is missing: only the eight "Minor" rows are left, less one empty speed. */
  const BpDataset *dataset = bp_document_get_dataset (d.doc);
  g_assert_nonnull (dataset);
  g_assert_cmpuint (dataset->n_rows, ==, 7);

  static const char * const markers[] = { "NA", "?", NULL };
  d.done = FALSE;
  bp_document_set_missing_markers_async (d.doc, markers, FALSE, NULL, on_opened, &d);
  wait_for (&d.done);
  g_assert_no_error (d.error);
  BpTable *table = bp_document_get_table (d.doc);
  g_autofree char *kept = g_strjoinv ("|", table->missing_markers);
  g_assert_cmpstr (kept, ==, "NA|?");
  dataset = bp_document_get_dataset (d.doc);
  /* Every row but the six with an empty speed. */
  g_assert_cmpuint (dataset->n_rows, ==, 34);
  g_assert_cmpuint (dataset->dropped_by_column[1], ==, 6);
  bp_document_get_data_options (d.doc, &options);
  g_assert_cmpint (options.split, ==, BP_SPLIT_SHUFFLE);

  /* Saved with the project, and read so again. */
  g_autofree char *path = g_build_filename (dir, "strikes.backprop", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_document_save_project (d.doc, file, &error));
  g_assert_no_error (error);
  Doc e;
  doc_init (&e);
  g_assert_true (doc_open (&e, path));
  g_assert_cmpuint (bp_document_get_dataset (e.doc)->n_rows, ==, 34);
  /* From the copy, when the file is gone. */
  g_assert_cmpint (g_unlink (csv), ==, 0);
  Doc f;
  doc_init (&f);
  g_assert_true (doc_open (&f, path));
  g_assert_true (bp_document_get_from_copy (f.doc));
  g_assert_cmpuint (bp_document_get_dataset (f.doc)->n_rows, ==, 34);
  /* And back to the defaults, from the copy, at once. */
  f.done = FALSE;
  bp_document_set_missing_markers_async (f.doc, NULL, FALSE, NULL, on_opened, &f);
  g_assert_false (bp_document_get_loading (f.doc));
  wait_for (&f.done);
  g_assert_true (f.ok);
  g_assert_cmpuint (bp_document_get_dataset (f.doc)->n_rows, ==, 7);
  g_assert_true (g_file_equal (bp_document_get_project_file (f.doc), file));

  doc_clear (&f);
  doc_clear (&e);
  doc_clear (&d);
  g_unlink (path);
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
  g_test_add_func ("/document/open-csv", test_document_open_csv);
  g_test_add_func ("/document/open-sample", test_document_open_sample);
  g_test_add_func ("/document/open-generated", test_document_open_generated);
  g_test_add_func ("/document/open-project", test_document_open_project);
  g_test_add_func ("/document/missing-markers", test_document_missing_markers);
  g_test_add_func ("/document/cancel-load", test_document_cancel_load);
  g_test_add_func ("/document/cancel-stress", test_document_cancel_stress);
  g_test_add_func ("/document/reopen-from-callback", test_document_reopen_from_callback);
  g_test_add_func ("/document/broken-keeps", test_document_broken_keeps);
  g_test_add_func ("/document/project-find-data", test_document_project_find_data);
  g_test_add_func ("/document/prepare-training", test_document_prepare_training);
  g_test_add_func ("/document/follow-run-log", test_document_follow_run_log);
  g_test_add_func ("/document/export", test_document_export);
  int status = g_test_run ();
  g_unlink (big_csv);
  g_rmdir (big_dir);
  g_free (big_csv);
  g_free (big_dir);
  return status;
}
