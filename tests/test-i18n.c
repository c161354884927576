/* test-i18n.c: the real window in another language, under Xvfb.
 *
 * meson runs this once per language with LANG, LANGUAGE and
 * BACKPROP_LOCALEDIR (the build tree's po/ directory) set, as a user's
 * session would. The window opens breast_cancer.csv (decimal points, read
 * without the locale) and trains the default network; the test checks that
 * the data parsed (the model learns), that the window's text is the
 * translation (compared with gettext's answer for the msgid, so the
 * translation itself is not written here), that numbers on screen use
 * the locale's decimal separator, and that a translated tooltip keeps its
 * width (GTK 4.8's own broke Chinese after every character).
 *
 * A missing system locale skips the test, or fails it when
 * BP_REQUIRE_DE_LOCALE is set (as on CI).
 */
#include <adwaita.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <locale.h>
#include <string.h>

#include "bp-chart-axis.h"
#include "bp-data-view.h"
#include "bp-eval-view.h"
#include "bp-model-view.h"
#include "bp-tooltip.h"
#include "bp-training-session.h"
#include "bp-training-view.h"
#include "bp-window.h"
#include "test-util.h"
#include "test-ui-util.h"

static gboolean locale_ok;

/* The part of a translated format before its first directive. */
static char *
before_directive (const char *msgid)
{
  const char *translated = g_dgettext (GETTEXT_PACKAGE, msgid);
  g_assert_cmpstr (translated, !=, msgid);
  const char *percent = strchr (translated, '%');
  g_assert_nonnull (percent);
  g_assert_cmpint (percent - translated, >, 0);
  return g_strndup (translated, (gsize) (percent - translated));
}

static gboolean
has_tooltip_text (GtkWidget *widget, gconstpointer text)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0;
}

/* The header bar's "Main Menu" tooltip, translated, fits one line. */
static void
check_menu_tooltip (BpWindow *window)
{
  const char *text = g_dgettext (GETTEXT_PACKAGE, "Main Menu");
  g_assert_cmpstr (text, !=, "Main Menu");
  GtkWidget *button = find_widget (GTK_WIDGET (window), has_tooltip_text, text);
  g_assert_nonnull (button);
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean handled = FALSE;
  g_signal_emit_by_name (button, "query-tooltip", 2, 2, FALSE, tooltip, &handled);
  g_assert_true (handled);
  GtkLabel *label = bp_tooltip_get_label (button);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==, text);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (label), text);
  int line_w, line_h, w, h;
  pango_layout_get_pixel_size (layout, &line_w, &line_h);
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &w, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_VERTICAL, w, NULL, &h, NULL, NULL);
  g_assert_cmpint (w, >=, line_w);
  g_assert_cmpint (h, <, 2 * line_h);
}

static void
test_open_train_translated (void)
{
  if (!locale_ok)
    {
      g_test_skip ("the system locale for LANG is not installed");
      return;
    }
  const char *decimal = localeconv ()->decimal_point;
  const char *language = g_getenv ("LANGUAGE");
  g_test_message ("LANG=%s LANGUAGE=%s decimal point “%s”", g_getenv ("LANG"), language, decimal);
  if (g_str_has_prefix (g_getenv ("LANG"), "de"))
    g_assert_cmpstr (decimal, ==, ",");

  /* A known msgid is translated by the build tree's catalogue. */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Parameters: %s"), !=, "Parameters: %s");

  BpWindow *window = new_window ();
  check_menu_tooltip (window);

  g_autofree char *path = sample_path ("breast_cancer.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  bp_window_open_file (window, file);
  spin_until (not_loading, window, 60);
  spin (50);
  const BpTable *table = bp_window_get_table (window);
  g_assert_nonnull (table);
  g_assert_cmpuint (table->n_rows, ==, 569);
  /* The first value of the first numeric column, 17.99, is read whole
   * whatever LC_NUMERIC says. */
  g_assert_cmpuint (table->n_columns, ==, 31);

  /* The model view's parameter count, in the language of the test. */
  BpModelView *model_view = BP_MODEL_VIEW (bp_window_get_model_view (window));
  g_autofree char *params_prefix = before_directive ("Parameters: %s");
  GtkWidget *params = find_widget (GTK_WIDGET (model_view), is_label_with_prefix, params_prefix);
  g_assert_nonnull (params);
  g_assert_null (find_widget (GTK_WIDGET (model_view), is_label_with_prefix, "Parameters:"));

  BpTrainConfig config;
  bp_model_view_get_train_config (model_view, &config);
  config.epochs = 10;
  bp_model_view_set_train_config (model_view, &config);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin_until (finished, window, 60);
  spin (100);

  /* The numbers parsed: the default network learns this file. */
  BpTrainingSession *session = bp_window_get_session (window);
  g_assert_cmpint (bp_training_session_get_stop_reason (session), ==, BP_STOP_EPOCHS);
  const BpProgress *last = bp_training_session_get_last (session);
  g_test_message ("validation accuracy %.3f", last->val_metric);
  g_assert_cmpfloat (last->val_metric, >, 0.85);

  /* Progress line: translated, with the epoch counts in it. */
  BpTrainingView *view = BP_TRAINING_VIEW (bp_window_get_training_view (window));
  /* The run has ended: the line without the time left. */
  g_autofree char *epoch_prefix = before_directive ("Epoch %'u/%'u · batch %'u/%'u · %s elapsed · %'.0f samples/⁠s");
  const char *progress = bp_training_view_get_progress_text (view);
  g_test_message ("progress: %s", progress);
  g_assert_true (g_str_has_prefix (progress, epoch_prefix));

  /* The Evaluate page's summary: translated, with the locale's decimal
   * separator in the accuracy ("Genauigkeit 9x,x %" and the like). */
  BpEvalView *eval_view = BP_EVAL_VIEW (find_widget (GTK_WIDGET (window), is_eval_view, NULL));
  g_assert_nonnull (eval_view);
  const char *summary = bp_eval_view_get_summary (eval_view);
  g_test_message ("evaluation summary: %s", summary);
  g_autofree char *accuracy_prefix = before_directive ("Accuracy %.1f%% (%'" PRIu64 " of %'" PRIu64 " right)");
  g_assert_true (g_str_has_prefix (summary, accuracy_prefix));
  g_autofree char *pattern = g_strdup_printf ("%.1f", 0.5);
  g_assert_cmpstr (pattern, ==, strcmp (decimal, ",") == 0 ? "0,5" : "0.5");
  g_assert_nonnull (strstr (summary, decimal));
  if (strcmp (decimal, ".") != 0)
    g_assert_null (strchr (summary, '.'));

  /* A number in the data table (breast_cancer.csv's first mean_radius is
   * 17.99 in the file). */
  BpDataView *data_view = BP_DATA_VIEW (bp_window_get_data_view (window));
  g_autofree char *cell = bp_data_view_dup_cell_text (data_view, 0, 0);
  g_assert_cmpstr (cell, ==, strcmp (decimal, ",") == 0 ? "17,99" : "17.99");

  /* A chart tick as the charts draw it. */
  g_autofree char *tick = bp_chart_axis_format_tick (0.9, 0.1);
  g_assert_cmpstr (tick, ==, strcmp (decimal, ",") == 0 ? "0,9" : "0.9");

  /* Large numbers grouped as the language does ("10.000" in German,
   * "10,000" in Chinese): tick labels and the progress line. */
  const char *sep = localeconv ()->thousands_sep;
  g_test_message ("thousands separator “%s”", sep);
  if (g_str_has_prefix (g_getenv ("LANG"), "de") || g_str_has_prefix (g_getenv ("LANG"), "zh"))
    g_assert_cmpstr (sep, !=, "");
  g_autofree char *big_tick = bp_chart_axis_format_tick (10000, 1000);
  g_autofree char *grouped = g_strconcat ("10", sep, "000", NULL);
  g_assert_cmpstr (big_tick, ==, grouped);

  close_window (window);
}

int
main (int argc, char **argv)
{
  /* What main.c does, before GTK reads the locale. */
  locale_ok = setlocale (LC_ALL, "") != NULL;
  const char *localedir = g_getenv ("BACKPROP_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    g_error ("BACKPROP_LOCALEDIR must name the build tree's po directory");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (!locale_ok && g_getenv ("BP_REQUIRE_DE_LOCALE"))
    g_error ("LANG=%s is not installed, and BP_REQUIRE_DE_LOCALE is set", g_getenv ("LANG"));

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* As the application does at startup. */
  bp_tooltip_install ();
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  /* What the application sets at start-up. */
  bp_blas_set_threads (MAX (1, (int) g_get_num_processors () - 1));
  g_test_add_func ("/i18n/open-train-translated", test_open_train_translated);
  return g_test_run ();
}
