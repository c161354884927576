/* test-window-data.c: the Data page in a whole window (issue 13).
 *
 * A file where "None" means "no damage": with the default markers most
 * rows are left out and the warning above the table says which columns
 * made them go; editing the markers in the side panel reads the file
 * again, the rows come back and the warning no longer blames the damage.
 * Turning "Empty cells are missing" off keeps the rows with an empty cell.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bp-window.h"
#include "test-ui-util.h"

static gboolean
is_named (GtkWidget *widget, gconstpointer name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static GtkWidget *
named (BpWindow *window, const char *name)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (window), is_named, name);
  if (widget == NULL)
    g_error ("no widget named “%s”", name);
  return widget;
}

/* The text of every label above the table, one after another. */
static char *
messages_text (BpWindow *window)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *box = named (window, "messages");
  for (GtkWidget *row = gtk_widget_get_first_child (box); row; row = gtk_widget_get_next_sibling (row))
    for (GtkWidget *child = gtk_widget_get_first_child (row); child; child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_LABEL (child))
        g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct {
  BpWindow *window;
  gsize     rows;
} RowsWait;

static gboolean
dataset_rows_are (gpointer data)
{
  RowsWait *wait = data;
  BpDocument *document = bp_window_get_document (wait->window);
  const BpDataset *dataset = bp_document_get_dataset (document);
  return !bp_document_get_loading (document) && dataset && dataset->n_rows == wait->rows;
}

static void
test_edit_markers (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bp-window-data-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "strikes.csv", NULL);
  g_autoptr(GString) text = g_string_new ("Effect Amount of damage,Speed IAS in knots,Phase of flight\n");
  /* 60 rows: 48 "None", 12 "Minor"; 5 empty speeds, one of them on a "Minor" row. */
  for (int i = 0; i < 60; i++)
    g_string_append_printf (text, "%s,%s,%s\n", i % 5 == 0 ? "Minor" : "None",
                            i % 12 == 7 ? "" : "120", i % 2 ? "Climb" : "Landing");
  g_assert_true (g_file_set_contents (csv, text->str, -1, NULL));

  BpWindow *window = new_window ();
  open_path (window, csv);
  BpDocument *document = bp_window_get_document (window);
  const BpDataset *dataset = bp_document_get_dataset (document);
  g_assert_nonnull (dataset);
  g_assert_cmpuint (dataset->n_rows, ==, 11);
  /* The summary under the page's title. */
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_label_with_prefix, "11 rows · 2 inputs"));
  g_autofree char *before = messages_text (window);
  g_test_message ("before: %s", before);
  g_assert_nonnull (strstr (before, "49 rows with missing values were left out"));
  g_assert_nonnull (strstr (before, "By column: 48 in “Effect Amount of damage”, 5 in “Speed IAS in knots”."));

  /* The markers shown are the table's; the user takes "None" out. */
  GtkEditable *markers = GTK_EDITABLE (named (window, "missing-markers"));
  g_assert_cmpstr (gtk_editable_get_text (markers), ==, "NA, N/A, NaN, null, None, ?");
  gtk_editable_set_text (markers, "NA, N/A, NaN, null, ?");
  g_signal_emit_by_name (markers, "apply");
  RowsWait wait = { window, 55 };
  spin_until (dataset_rows_are, &wait, 20);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_label_with_prefix, "55 rows · 3 inputs"));
  g_autofree char *after = messages_text (window);
  g_test_message ("after: %s", after);
  g_assert_null (strstr (after, "Effect Amount of damage"));
  g_assert_nonnull (strstr (after, "By column: 5 in “Speed IAS in knots”."));
  g_assert_cmpstr (gtk_editable_get_text (markers), ==, "NA, N/A, NaN, null, ?");
  BpTable *table = bp_document_get_table (document);
  g_autofree char *kept = g_strjoinv ("|", table->missing_markers);
  g_assert_cmpstr (kept, ==, "NA|N/A|NaN|null|?");

  /* Empty cells as a value: every row stays (speed becomes categories). */
  GtkSwitch *empty = GTK_SWITCH (named (window, "empty-missing"));
  g_assert_true (gtk_switch_get_active (empty));
  gtk_switch_set_active (empty, FALSE);
  wait.rows = 60;
  spin_until (dataset_rows_are, &wait, 20);
  g_assert_true (bp_document_get_table (document)->keep_empty);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (named (window, "empty-missing"))));

  close_window (window);
  g_unlink (csv);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  g_test_add_func ("/window/data/edit-markers", test_edit_markers);
  return g_test_run ();
}
