/* test-autosave.c: unsaved changes and the automatic save, without a
 * display.
 *
 * A document is modified by a change of its data choices, layers or
 * settings (not by one undone, nor by a value handed back unchanged) and
 * by a run; saving or opening makes it clean. With a slot it writes the
 * project to the state folder ($XDG_STATE_HOME, a temporary folder here)
 * after a change, which reopens to the same choices; a clean end removes
 * it; a slot whose document ended without one is found at the next start
 * (and not while its document lives), and restores to the same choices,
 * modified, belonging to the same project file.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "bp-autosave.h"
#include "bp-save.h"
#include "bp-document.h"
#include "test-util.h"

static char *state_dir;

static gboolean
timed_out (gpointer data)
{
  g_error ("the main loop waited too long");
  return G_SOURCE_REMOVE;
}

static void
wait_for (gboolean *done)
{
  guint timeout = g_timeout_add_seconds (60, timed_out, NULL);
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* A project can be read from the file: the write is complete. */
static gboolean
autosave_readable (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(BpProject) project = bp_project_load (path, NULL);
  return project != NULL;
}

static void
wait_for_autosave (GFile *file)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!autosave_readable (file))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* Its callback, too. */
  spin (20);
}

/* Every write renames its temporary file into place: neither ours
 * (.NAME.backprop-tmp-*) nor GIO's (.goutputstream-*) is left behind. */
static void
assert_no_temporary_files (void)
{
  g_autofree char *folder = bp_autosave_get_folder ();
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_assert_nonnull (dir);
  const char *name;
  while ((name = g_dir_read_name (dir)))
    {
      if (strstr (name, BP_SAVE_TEMP_INFIX) || g_str_has_prefix (name, ".goutputstream-"))
        g_error ("a temporary file was left in %s: %s", folder, name);
    }
}

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} Opened;

static void
on_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Opened *o = user_data;
  o->ok = bp_document_open_finish (BP_DOCUMENT (source), result, &o->error);
  o->done = TRUE;
}

static void
open_sample (BpDocument *doc, const char *name)
{
  Opened o = { 0 };
  bp_document_open_sample_async (doc, name, 0.1, 1, NULL, on_opened, &o);
  wait_for (&o.done);
  g_assert_no_error (o.error);
}

static void
open_file (BpDocument *doc, const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Opened o = { 0 };
  bp_document_open_async (doc, file, NULL, on_opened, &o);
  wait_for (&o.done);
  g_assert_no_error (o.error);
}

static void
drop_document (BpDocument *doc)
{
  g_object_add_weak_pointer (G_OBJECT (doc), (gpointer *) &doc);
  g_object_unref (doc);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (doc && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (doc);
}

/* A stratified split, the first column ignored, one layer of 7 and 3
 * epochs: none of them a default. */
static void
change_choices (BpDocument *doc)
{
  const BpTable *table = bp_document_get_table (doc);
  BpDatasetOptions options;
  bp_document_get_data_options (doc, &options);
  g_autofree BpColumnRole *roles = g_new0 (BpColumnRole, table->n_columns);
  roles[0] = BP_ROLE_IGNORED;
  options.roles = roles;
  options.split = BP_SPLIT_STRATIFIED;
  bp_document_set_data_options (doc, &options);
  g_autoptr(BpLayerStack) layers = bp_layer_stack_new ();
  bp_layer_stack_add (layers, 7, BP_ACTIVATION_TANH, 0);
  bp_document_set_layers (doc, layers);
  BpTrainConfig config = *bp_document_get_train_config (doc);
  config.epochs = 3;
  g_assert_true (bp_document_set_train_config (doc, &config, NULL));
}

static void
assert_changed_choices (BpDocument *doc)
{
  BpDatasetOptions options;
  bp_document_get_data_options (doc, &options);
  g_assert_nonnull (options.roles);
  g_assert_cmpint (options.roles[0], ==, BP_ROLE_IGNORED);
  g_assert_cmpint (options.roles[1], ==, BP_ROLE_AUTO);
  g_assert_cmpint (options.split, ==, BP_SPLIT_STRATIFIED);
  const BpLayerStack *layers = bp_document_get_layers (doc);
  g_assert_cmpuint (layers->layers->len, ==, 1);
  g_assert_cmpuint (g_array_index (layers->layers, BpLayerSpec, 0).units, ==, 7);
  g_assert_cmpint (g_array_index (layers->layers, BpLayerSpec, 0).activation, ==, BP_ACTIVATION_TANH);
  g_assert_cmpuint (bp_document_get_train_config (doc)->epochs, ==, 3);
}

static guint
n_leftovers (void)
{
  g_autoptr(GPtrArray) leftovers = bp_autosave_find_leftovers ();
  return leftovers->len;
}

/* ---- modified ------------------------------------------------------------- */

static void
test_modified (void)
{
  BpDocument *doc = bp_document_new ();
  g_assert_false (bp_document_get_modified (doc));
  open_sample (doc, "iris");
  g_assert_false (bp_document_get_modified (doc));

  /* Data choices: changed, then put back. */
  BpDatasetOptions before, options;
  bp_document_get_data_options (doc, &before);
  options = before;
  options.split = BP_SPLIT_SHUFFLE;
  bp_document_set_data_options (doc, &options);
  g_assert_true (bp_document_get_modified (doc));
  bp_document_set_data_options (doc, &before);
  g_assert_false (bp_document_get_modified (doc));

  /* The same layers handed back (as the model view does) are no change;
   * other layers are. */
  g_autoptr(BpLayerStack) same = bp_layer_stack_copy (bp_document_get_layers (doc));
  bp_document_set_layers (doc, same);
  g_assert_false (bp_document_get_modified (doc));
  change_choices (doc);
  g_assert_true (bp_document_get_modified (doc));

  /* Saved: clean, until the next change. */
  g_autofree char *dir = g_dir_make_tmp ("bp-autosave-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "iris.backprop", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_document_save_project (doc, file, &error));
  g_assert_no_error (error);
  g_assert_false (bp_document_get_modified (doc));

  /* A run is unsaved work too, until the project is saved again. */
  g_assert_true (bp_document_prepare_training (doc, &error));
  g_assert_no_error (error);
  g_assert_true (bp_document_get_modified (doc));
  bp_document_reset_training (doc);
  g_assert_true (bp_document_get_modified (doc));
  g_assert_true (bp_document_save_project (doc, file, &error));
  g_assert_false (bp_document_get_modified (doc));

  /* Opening other data: clean; bp_document_set_modified either way. */
  BpTrainConfig config = *bp_document_get_train_config (doc);
  config.epochs = 5;
  g_assert_true (bp_document_set_train_config (doc, &config, NULL));
  g_assert_true (bp_document_get_modified (doc));
  open_sample (doc, "wine");
  g_assert_false (bp_document_get_modified (doc));
  bp_document_set_modified (doc, TRUE);
  g_assert_true (bp_document_get_modified (doc));
  bp_document_set_modified (doc, FALSE);
  g_assert_false (bp_document_get_modified (doc));

  drop_document (doc);
  g_unlink (path);
  g_rmdir (dir);
}

/* ---- the automatic save ----------------------------------------------------- */

/* Written after a change (not before), it opens to the same choices; no
 * one else finds it while its document lives; a clean end removes it. */
static void
test_written_and_removed (void)
{
  BpDocument *doc = bp_document_new ();
  g_autoptr(BpAutosave) slot = bp_autosave_new ();
  bp_document_set_autosave (doc, slot);
  GFile *file = bp_autosave_get_file (slot);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *folder = bp_autosave_get_folder ();
  g_assert_true (g_str_has_prefix (path, state_dir));
  g_assert_true (g_str_has_prefix (path, folder));

  open_sample (doc, "iris");
  spin (BP_DOCUMENT_AUTOSAVE_DELAY_MS + 300);
  g_assert_false (g_file_query_exists (file, NULL));

  change_choices (doc);
  gint64 changed_at = g_get_monotonic_time ();
  wait_for_autosave (file);
  assert_no_temporary_files ();
  /* Debounced, not written at once. */
  g_assert_cmpint (g_get_monotonic_time () - changed_at, >=, (BP_DOCUMENT_AUTOSAVE_DELAY_MS - 100) * 1000);
  g_assert_nonnull (bp_autosave_get_time (slot));
  g_assert_cmpuint (n_leftovers (), ==, 0);

  /* The same choices, from the sample it names. */
  g_autoptr(BpProject) project = bp_project_load (path, NULL);
  g_assert_nonnull (project);
  g_assert_cmpint (project->source.kind, ==, BP_DATA_SOURCE_SAMPLE);
  g_assert_cmpstr (project->source.name, ==, "iris");
  BpDocument *other = bp_document_new ();
  open_file (other, path);
  assert_changed_choices (other);
  drop_document (other);

  /* A clean end: gone, and nothing is written after it. */
  bp_document_remove_autosave (doc);
  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_null (bp_document_get_autosave (doc));
  change_choices (doc);
  spin (BP_DOCUMENT_AUTOSAVE_DELAY_MS + 300);
  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_cmpuint (n_leftovers (), ==, 0);
  drop_document (doc);
  g_assert_cmpuint (n_leftovers (), ==, 0);
  assert_no_temporary_files ();
}

/* Saving the project removes the automatic save; so does opening other
 * data. A finished run is written without waiting. */
static void
test_saved_removes (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *csv = copy_sample ("iris.csv", &dir);
  BpDocument *doc = bp_document_new ();
  g_autoptr(BpAutosave) slot = bp_autosave_new ();
  bp_document_set_autosave (doc, slot);
  GFile *file = bp_autosave_get_file (slot);
  open_file (doc, csv);
  change_choices (doc);
  wait_for_autosave (file);
  assert_no_temporary_files ();

  /* A CSV is named by its path, without a copy of it. */
  g_autofree char *text = NULL;
  g_autofree char *autosave_path = g_file_get_path (file);
  g_assert_true (g_file_get_contents (autosave_path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "iris.csv"));
  g_assert_null (strstr (text, "\"copy\""));

  g_autofree char *project_path = g_build_filename (dir, "iris.backprop", NULL);
  g_autoptr(GFile) project_file = g_file_new_for_path (project_path);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_document_save_project (doc, project_file, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_query_exists (file, NULL));

  /* A run that ends is saved at once. */
  BpTrainConfig config = *bp_document_get_train_config (doc);
  config.epochs = 1;
  g_assert_true (bp_document_set_train_config (doc, &config, NULL));
  g_assert_true (bp_document_prepare_training (doc, &error));
  bp_training_session_resume (bp_document_get_session (doc));
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (bp_training_session_get_state (bp_document_get_session (doc)) != BP_SESSION_FINISHED)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  gint64 finished_at = g_get_monotonic_time ();
  wait_for_autosave (file);
  assert_no_temporary_files ();
  g_assert_cmpint (g_get_monotonic_time () - finished_at, <, (BP_DOCUMENT_AUTOSAVE_DELAY_MS - 500) * 1000);

  /* Other data: nothing unsaved. */
  open_sample (doc, "wine");
  g_assert_false (g_file_query_exists (file, NULL));

  drop_document (doc);
  g_assert_cmpuint (n_leftovers (), ==, 0);
  g_unlink (project_path);
  g_unlink (csv);
  g_rmdir (dir);
}

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} Restored;

static void
on_restored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Restored *r = user_data;
  r->ok = bp_document_open_finish (BP_DOCUMENT (source), result, &r->error);
  r->done = TRUE;
}

/* A document dropped without a clean end (a crash) leaves its automatic
 * save; the next start finds it, and restoring it gives the same
 * choices, modified, belonging to the same project, saved in the same
 * slot. */
static void
test_leftover_restored (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *csv = copy_sample ("iris.csv", &dir);
  BpDocument *doc = bp_document_new ();
  open_file (doc, csv);
  g_autofree char *project_path = g_build_filename (dir, "lesson.backprop", NULL);
  g_autoptr(GFile) project_file = g_file_new_for_path (project_path);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_document_save_project (doc, project_file, &error));
  g_assert_no_error (error);
  g_autoptr(BpAutosave) slot = bp_autosave_new ();
  bp_document_set_autosave (doc, slot);
  change_choices (doc);
  GFile *file = bp_autosave_get_file (slot);
  wait_for_autosave (file);
  assert_no_temporary_files ();
  g_assert_cmpuint (n_leftovers (), ==, 0);
  g_autoptr(GFile) kept = g_object_ref (file);
  g_clear_object (&slot);
  drop_document (doc);
  g_assert_true (g_file_query_exists (kept, NULL));

  g_autoptr(GPtrArray) leftovers = bp_autosave_find_leftovers ();
  g_assert_cmpuint (leftovers->len, ==, 1);
  BpAutosave *leftover = g_ptr_array_index (leftovers, 0);
  g_assert_true (g_file_equal (bp_autosave_get_file (leftover), kept));
  g_assert_nonnull (bp_autosave_get_time (leftover));
  g_assert_nonnull (bp_autosave_get_origin (leftover));
  g_assert_true (g_file_equal (bp_autosave_get_origin (leftover), project_file));
  /* Claimed: not offered twice. */
  g_assert_cmpuint (n_leftovers (), ==, 0);

  BpDocument *restored = bp_document_new ();
  Restored r = { 0 };
  bp_document_restore_async (restored, leftover, NULL, NULL, on_restored, &r);
  wait_for (&r.done);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  assert_changed_choices (restored);
  g_assert_true (bp_document_get_modified (restored));
  g_assert_true (g_file_equal (bp_document_get_project_file (restored), project_file));
  g_assert_true (bp_document_get_autosave (restored) == leftover);

  /* Discarded by the user: gone for good. */
  bp_document_remove_autosave (restored);
  g_assert_false (g_file_query_exists (kept, NULL));
  g_clear_pointer (&leftovers, g_ptr_array_unref);
  drop_document (restored);
  g_assert_cmpuint (n_leftovers (), ==, 0);
  g_unlink (project_path);
  g_unlink (csv);
  g_rmdir (dir);
}

/* A leftover that is not a project: restoring fails, and says so. */
static void
test_leftover_broken (void)
{
  g_autofree char *folder = bp_autosave_get_folder ();
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_autofree char *path = g_build_filename (folder, "broken.backprop", NULL);
  g_assert_true (g_file_set_contents (path, "{\"format\": \"backp", -1, NULL));
  g_autoptr(GPtrArray) leftovers = bp_autosave_find_leftovers ();
  g_assert_cmpuint (leftovers->len, ==, 1);
  BpDocument *doc = bp_document_new ();
  Restored r = { 0 };
  bp_document_restore_async (doc, g_ptr_array_index (leftovers, 0), NULL, NULL, on_restored, &r);
  wait_for (&r.done);
  g_assert_false (r.ok);
  g_assert_nonnull (r.error);
  g_assert_null (bp_document_get_table (doc));
  g_clear_error (&r.error);
  bp_autosave_remove (g_ptr_array_index (leftovers, 0));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  drop_document (doc);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A state folder that cannot be written (here a file where its
 * "backprop" folder should be, which stops root as well as a read-only
 * folder stops a user): each write fails, and the document says so once
 * (the window shows it), not at every retry; after a write that works,
 * a new failure is said again. */
static void
on_autosave_failed (BpDocument *doc, const char *folder, const GError *error, gpointer data)
{
  guint *failures = data;
  g_autofree char *expected = bp_autosave_get_folder ();
  g_assert_cmpstr (folder, ==, expected);
  g_assert_nonnull (error);
  g_assert_cmpuint (strlen (error->message), >, 0);
  /* The reason alone: the folder is said beside it. */
  g_assert_null (strstr (error->message, state_dir));
  g_test_message ("%s: %s", folder, error->message);
  (*failures)++;
}

static void
test_failure_said_once (void)
{
  g_autofree char *app_state = g_build_filename (state_dir, "backprop", NULL);
  g_autofree char *aside = g_build_filename (state_dir, "backprop-aside", NULL);
  if (g_file_test (app_state, G_FILE_TEST_EXISTS))
    g_assert_cmpint (g_rename (app_state, aside), ==, 0);
  g_assert_true (g_file_set_contents (app_state, "", 0, NULL));

  BpDocument *doc = bp_document_new ();
  g_autoptr(BpAutosave) slot = bp_autosave_new ();
  bp_document_set_autosave (doc, slot);
  guint failures = 0;
  g_signal_connect (doc, "autosave-failed", G_CALLBACK (on_autosave_failed), &failures);
  open_sample (doc, "iris");
  for (int i = 0; i < 3; i++)
    {
      bp_document_set_modified (doc, TRUE);
      spin (BP_DOCUMENT_AUTOSAVE_DELAY_MS + 300);
    }
  g_assert_cmpuint (failures, ==, 1);
  g_assert_false (g_file_query_exists (bp_autosave_get_file (slot), NULL));

  /* Writable again: written, and the next failure is news. */
  g_assert_cmpint (g_unlink (app_state), ==, 0);
  bp_document_set_modified (doc, TRUE);
  wait_for_autosave (bp_autosave_get_file (slot));
  g_assert_cmpuint (failures, ==, 1);
  bp_autosave_remove (slot);
  g_autofree char *folder = bp_autosave_get_folder ();
  g_assert_cmpint (g_rmdir (folder), ==, 0);
  g_assert_cmpint (g_rmdir (app_state), ==, 0);
  g_assert_true (g_file_set_contents (app_state, "", 0, NULL));
  bp_document_set_modified (doc, TRUE);
  spin (BP_DOCUMENT_AUTOSAVE_DELAY_MS + 300);
  g_assert_cmpuint (failures, ==, 2);

  bp_document_remove_autosave (doc);
  drop_document (doc);
  g_assert_cmpint (g_unlink (app_state), ==, 0);
  if (g_file_test (aside, G_FILE_TEST_EXISTS))
    g_assert_cmpint (g_rename (aside, app_state), ==, 0);
}

int
main (int argc, char **argv)
{
  /* Before GLib reads it: the automatic saves go to a folder of our own. */
  state_dir = g_dir_make_tmp ("bp-state-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/autosave/modified", test_modified);
  g_test_add_func ("/autosave/written-and-removed", test_written_and_removed);
  g_test_add_func ("/autosave/saved-removes", test_saved_removes);
  g_test_add_func ("/autosave/leftover-restored", test_leftover_restored);
  g_test_add_func ("/autosave/leftover-broken", test_leftover_broken);
  g_test_add_func ("/autosave/failure-said-once", test_failure_said_once);
  int status = g_test_run ();
  remove_tree (state_dir);
  g_free (state_dir);
  return status;
}
