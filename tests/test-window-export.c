/* test-window-export.c: the window's exports of the run as code and ONNX.
 *
 * Through the window's actions and the (test) file chooser, as a user's
 * menu clicks: a PyTorch and a Keras script of the setup before training,
 * which `python3 -m py_compile` accepts; ONNX disabled until there is a
 * model, then an ONNX file and a PyTorch script with its weights next to
 * it; an export that cannot be written says so in a dialog naming the file.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bp-dialogs.h"   /* bp_test_chosen_file: built with BP_TEST_FILE_CHOOSER */
#include "bp-model-view.h"
#include "bp-training-session.h"
#include "bp-window.h"
#include "test-util.h"
#include "test-ui-util.h"

/* What the menu item does, with @path as the file the user chose. */
static void
export_to (BpWindow *window, const char *action, const char *format, const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  bp_test_chosen_file = file;
  gtk_widget_activate_action (GTK_WIDGET (window), action, format ? "s" : NULL, format);
  spin (50);
  bp_test_chosen_file = NULL;
}

static void
assert_py_compiles (const char *path)
{
  const char *argv[] = { "python3", "-m", "py_compile", path, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = -1;
  g_autoptr(GError) error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                               &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("py_compile %s: %s", path, err);
}

static void
assert_script (const char *path, const char *kind)
{
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "#!/usr/bin/env python3\n"));
  g_assert_nonnull (strstr (text, "exported from Backprop "));
  g_autofree char *as = g_strdup_printf (" as a %s script.", kind);
  g_assert_nonnull (strstr (text, as));
  assert_py_compiles (path);
}

/* The visible error dialog's heading and body, joined; NULL: none. */
static char *
error_dialog_text (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
#if !ADW_CHECK_VERSION(1, 5, 0)
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          char *text = g_strconcat (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), "\n",
                                    adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (w)), NULL);
          gtk_window_destroy (GTK_WINDOW (w));
          return text;
        }
#else
      (void) w;
#endif
    }
  return NULL;
}

static void
test_export_scripts_and_onnx (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bp-window-export-XXXXXX", NULL);
  g_assert_nonnull (dir);
  BpWindow *window = new_window ();
  g_autofree char *iris = sample_path ("iris.csv");
  open_path (window, iris);
  g_assert_nonnull (bp_window_get_table (window));

  /* Before training: the setup as scripts. */
  g_autofree char *torch = g_build_filename (dir, "setup_torch.py", NULL);
  g_autofree char *keras = g_build_filename (dir, "setup_keras.py", NULL);
  g_autofree char *early_onnx = g_build_filename (dir, "early.onnx", NULL);
  export_to (window, "win.export-code", "pytorch", torch);
  export_to (window, "win.export-code", "keras", keras);
  assert_script (torch, "PyTorch");
  assert_script (keras, "Keras");
  g_autofree char *setup_text = NULL;
  g_assert_true (g_file_get_contents (torch, &setup_text, NULL, NULL));
  /* The CSV the data came from, and no weights: there is no model yet. */
  g_assert_nonnull (strstr (setup_text, "iris.csv"));
  g_assert_nonnull (strstr (setup_text, "WEIGHTS_FILE = None"));
  g_autofree char *no_weights = g_build_filename (dir, "setup_torch.weights.json", NULL);
  g_assert_false (g_file_test (no_weights, G_FILE_TEST_EXISTS));
  /* ONNX needs a model: the action is off and writes nothing. */
  export_to (window, "win.export-onnx", NULL, early_onnx);
  g_assert_false (g_file_test (early_onnx, G_FILE_TEST_EXISTS));

  /* After training: ONNX, and a script with the trained weights. */
  BpModelView *model_view = BP_MODEL_VIEW (bp_window_get_model_view (window));
  BpTrainConfig config;
  bp_model_view_get_train_config (model_view, &config);
  config.epochs = 5;
  bp_model_view_set_train_config (model_view, &config);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin_until (finished, window, 60);
  spin (50);
  g_autofree char *onnx = g_build_filename (dir, "model.onnx", NULL);
  export_to (window, "win.export-onnx", NULL, onnx);
  g_autofree char *bytes = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (onnx, &bytes, &length, NULL));
  /* ModelProto field 1 (ir_version, a varint) = 7, then the producer. */
  g_assert_cmpuint (length, >, 100);
  g_assert_cmpint (bytes[0], ==, 0x08);
  g_assert_cmpint (bytes[1], ==, 7);
  g_assert_nonnull (memmem (bytes, length, "Backprop", 8));

  g_autofree char *trained = g_build_filename (dir, "trained.py", NULL);
  export_to (window, "win.export-code", "pytorch", trained);
  assert_script (trained, "PyTorch");
  g_autofree char *weights = g_build_filename (dir, "trained.weights.json", NULL);
  g_autofree char *weights_text = NULL;
  g_assert_true (g_file_get_contents (weights, &weights_text, NULL, NULL));
  g_assert_nonnull (strstr (weights_text, "\"backprop-weights\""));
  g_autofree char *trained_text = NULL;
  g_assert_true (g_file_get_contents (trained, &trained_text, NULL, NULL));
  g_assert_nonnull (strstr (trained_text, "WEIGHTS_FILE = \"trained.weights.json\""));
  g_assert_null (error_dialog_text ());

  close_window (window);
  const char *names[] = { "setup_torch.py", "setup_keras.py", "model.onnx", "trained.py", "trained.weights.json" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A folder that is not there: a dialog naming the file, and nothing else breaks. */
static void
test_export_error_names_file (void)
{
  BpWindow *window = new_window ();
  g_autofree char *iris = sample_path ("iris.csv");
  open_path (window, iris);
  g_autofree char *dir = g_dir_make_tmp ("bp-window-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "gone", "lesson.py", NULL);
  export_to (window, "win.export-code", "keras", path);
  g_autofree char *text = error_dialog_text ();
#if !ADW_CHECK_VERSION(1, 5, 0)
  g_assert_nonnull (text);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "lesson.py"));
#endif
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (bp_window_get_table (window));
  close_window (window);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  g_test_add_func ("/window-export/scripts-and-onnx", test_export_scripts_and_onnx);
  g_test_add_func ("/window-export/error-names-file", test_export_error_names_file);
  return g_test_run ();
}
