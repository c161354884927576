/* test-dialogs.c: the dialogs' one shape over the GTK and libadwaita
 * versions (app/bp-dialogs.c), under Xvfb.
 *
 * The file filters accept what their names promise (and nothing else),
 * whatever the version; a question answers TRUE only for its yes
 * response, FALSE for Cancel or closing, and a cancelled one fails with
 * G_IO_ERROR_CANCELLED; a file chooser's answer arrives through _finish
 * with the window as its source. On libadwaita before 1.5 the question is
 * answered as a user would, through the dialog window.
 */
#include <adwaita.h>
#include <string.h>

#include "bp-dialogs.h"
#include "test-util.h"
#include "test-ui-util.h"

static gboolean
filter_accepts (GtkFileFilter *filter, const char *name)
{
  g_autoptr(GFileInfo) info = g_file_info_new ();
  g_file_info_set_display_name (info, name);
  g_file_info_set_content_type (info, "application/octet-stream");
  return gtk_filter_match (GTK_FILTER (filter), info);
}

static void
test_filters (void)
{
  static const struct {
    BpFileFilterKind kind;
    const char *accepted[4];
    const char *refused[3];
  } cases[] = {
    { BP_FILE_FILTER_CSV, { "data.csv", "DATA.TSV", "notes.txt", NULL }, { "lesson.backprop", "loss.png", NULL } },
    { BP_FILE_FILTER_PROJECT, { "lesson.backprop", "Lesson.BACKPROP", NULL }, { "data.csv", "model.json", NULL } },
    { BP_FILE_FILTER_DATA_OR_PROJECT, { "data.csv", "data.tsv", "lesson.backprop", NULL }, { "loss.svg", "model.json", NULL } },
    { BP_FILE_FILTER_CHART, { "loss.png", "loss.svg", "loss.pdf", NULL }, { "data.csv", "loss.jpg", NULL } },
    { BP_FILE_FILTER_MODEL, { "model.json", NULL }, { "lesson.backprop", "data.csv", NULL } },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GtkFileFilter) filter = bp_file_filter_new (cases[i].kind);
      g_assert_nonnull (gtk_file_filter_get_name (filter));
      g_assert_cmpstr (gtk_file_filter_get_name (filter), !=, "");
      for (gsize a = 0; cases[i].accepted[a]; a++)
        {
          g_test_message ("filter %d accepts %s", cases[i].kind, cases[i].accepted[a]);
          g_assert_true (filter_accepts (filter, cases[i].accepted[a]));
        }
      for (gsize r = 0; cases[i].refused[r]; r++)
        {
          g_test_message ("filter %d refuses %s", cases[i].kind, cases[i].refused[r]);
          g_assert_false (filter_accepts (filter, cases[i].refused[r]));
        }
    }
}

typedef struct {
  gboolean  done;
  gboolean  answer;
  GFile    *file;
  GObject  *source;
  GError   *error;
} Answer;

static gboolean
answered (gpointer data)
{
  return ((Answer *) data)->done;
}

static void
on_asked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Answer *a = user_data;
  a->source = source;
  a->answer = bp_dialogs_ask_finish (result, &a->error);
  a->done = TRUE;
}

static void
on_chosen (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Answer *a = user_data;
  a->source = source;
  a->file = bp_dialogs_choose_file_finish (result, &a->error);
  a->done = TRUE;
}

static void
answer_clear (Answer *a)
{
  g_clear_object (&a->file);
  g_clear_error (&a->error);
  memset (a, 0, sizeof *a);
}

#if !ADW_CHECK_VERSION(1, 5, 0)
/* The one message dialog on show, or NULL. */
static AdwMessageDialog *
shown_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}
#endif

static GtkWindow *
new_parent (void)
{
  GtkWindow *parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (parent);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (parent));
  return parent;
}

static void
test_ask (void)
{
  GtkWindow *parent = new_parent ();
  Answer a = { 0 };

#if !ADW_CHECK_VERSION(1, 5, 0)
  /* Yes, Cancel, and closing the dialog (Escape, the window manager). */
  static const struct { const char *response; gboolean close; gboolean expected; } answers[] = {
    { "discard", FALSE, TRUE }, { "cancel", FALSE, FALSE }, { NULL, TRUE, FALSE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      bp_dialogs_ask_async (parent, "Discard?", "The run is lost.", "discard", "_Discard",
                            ADW_RESPONSE_DESTRUCTIVE, NULL, on_asked, &a);
      AdwMessageDialog *dialog = shown_dialog ();
      g_assert_nonnull (dialog);
      g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "The run is lost.");
      g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == parent);
      g_assert_false (a.done);
      if (answers[i].close)
        gtk_window_close (GTK_WINDOW (dialog));
      else
        {
          /* What a click on the button does. */
          adw_message_dialog_response (dialog, answers[i].response);
          gtk_window_destroy (GTK_WINDOW (dialog));
        }
      spin_until (answered, &a, 10);
      g_assert_no_error (a.error);
      g_assert_true (a.source == G_OBJECT (parent));
      g_assert_cmpint (a.answer, ==, answers[i].expected);
      answer_clear (&a);
      spin (20);
      g_assert_null (shown_dialog ());
    }
#endif

  /* Cancelled before it is answered: the dialog goes, and so does the question. */
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  bp_dialogs_ask_async (parent, "Find it?", "It moved.", "find", "_Find File…", ADW_RESPONSE_SUGGESTED,
                        cancellable, on_asked, &a);
  spin (20);
  g_assert_false (a.done);
  g_cancellable_cancel (cancellable);
  spin_until (answered, &a, 10);
  g_assert_error (a.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (a.answer);
  answer_clear (&a);
#if !ADW_CHECK_VERSION(1, 5, 0)
  spin (20);
  g_assert_null (shown_dialog ());
#endif
  gtk_window_destroy (parent);
}

/* (From libadwaita 1.5 the error is an AdwDialog inside its parent; this
 * build checks the message dialog.) */
static void
test_show_error (void)
{
  GtkWindow *parent = new_parent ();
  bp_dialogs_show_error (parent, "Could Not Open “x.csv”", "x.csv:3:2: a row has 3 fields, not 2");
  spin (20);
#if !ADW_CHECK_VERSION(1, 5, 0)
  AdwMessageDialog *dialog = shown_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Open “x.csv”");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "x.csv:3:2: a row has 3 fields, not 2");
  g_assert_true (adw_message_dialog_has_response (dialog, "close"));
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (20);
  g_assert_null (shown_dialog ());
#endif
  gtk_window_destroy (parent);
}

/* The chooser's answer comes through _finish, from the window it was
 * asked on (here the test's stand-in for the user's choice). */
static void
test_choose_file (void)
{
  GtkWindow *parent = new_parent ();
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/flowers.csv");
  static const BpFileFilterKind filters[] = { BP_FILE_FILTER_CSV };
  Answer a = { 0 };
  bp_test_chosen_file = file;
  bp_dialogs_choose_file_async (parent, BP_CHOOSE_OPEN, "Find “flowers.csv”", NULL, NULL, filters,
                                G_N_ELEMENTS (filters), NULL, on_chosen, &a);
  bp_test_chosen_file = NULL;
  g_assert_false (a.done);   /* never from inside the call */
  spin_until (answered, &a, 10);
  g_assert_no_error (a.error);
  g_assert_true (a.source == G_OBJECT (parent));
  g_assert_nonnull (a.file);
  g_assert_true (g_file_equal (a.file, file));
  answer_clear (&a);
  gtk_window_destroy (parent);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/dialogs/filters", test_filters);
  g_test_add_func ("/dialogs/ask", test_ask);
  g_test_add_func ("/dialogs/show-error", test_show_error);
  g_test_add_func ("/dialogs/choose-file", test_choose_file);
  return g_test_run ();
}
