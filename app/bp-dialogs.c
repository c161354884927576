/* bp-dialogs.c: file choosers and questions, one shape on every GTK and
 * libadwaita version we build against (see bp-dialogs.h).
 *
 * Each call is a GTask whose source object is the parent window: it keeps
 * the window alive until the answer, and the answer arrives on the main
 * thread like any other _finish.
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "bp-dialogs"

#include "bp-dialogs.h"

#include <glib/gi18n.h>

#include "bp-project.h"

/* ---- filters ------------------------------------------------------------- */

static void
add_csv_patterns (GtkFileFilter *filter)
{
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_mime_type (filter, "text/tab-separated-values");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_filter_add_suffix (filter, "txt");
}

static void
add_project_patterns (GtkFileFilter *filter)
{
  gtk_file_filter_add_mime_type (filter, BP_PROJECT_MIME_TYPE);
  gtk_file_filter_add_suffix (filter, &BP_PROJECT_SUFFIX[1]);   /* without its dot */
}

GtkFileFilter *
bp_file_filter_new (BpFileFilterKind kind)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  switch (kind)
    {
    case BP_FILE_FILTER_CSV:
      gtk_file_filter_set_name (filter, _("CSV files"));
      add_csv_patterns (filter);
      break;
    case BP_FILE_FILTER_PROJECT:
      gtk_file_filter_set_name (filter, _("Backprop projects"));
      add_project_patterns (filter);
      break;
    case BP_FILE_FILTER_DATA_OR_PROJECT:
      gtk_file_filter_set_name (filter, _("CSV files and projects"));
      add_csv_patterns (filter);
      add_project_patterns (filter);
      break;
    case BP_FILE_FILTER_CHART:
      gtk_file_filter_set_name (filter, _("PNG, SVG or PDF"));
      gtk_file_filter_add_suffix (filter, "png");
      gtk_file_filter_add_suffix (filter, "svg");
      gtk_file_filter_add_suffix (filter, "pdf");
      break;
    case BP_FILE_FILTER_PYTHON:
      gtk_file_filter_set_name (filter, _("Python scripts"));
      gtk_file_filter_add_suffix (filter, "py");
      break;
    case BP_FILE_FILTER_ONNX:
      gtk_file_filter_set_name (filter, _("ONNX models"));
      gtk_file_filter_add_suffix (filter, "onnx");
      break;
    case BP_FILE_FILTER_RUN_LOG:
      gtk_file_filter_set_name (filter, _("Run logs (JSON lines)"));
      gtk_file_filter_add_suffix (filter, "jsonl");
      gtk_file_filter_add_suffix (filter, "json");
      gtk_file_filter_add_suffix (filter, "log");
      break;
    case BP_FILE_FILTER_MODEL:
    default:
      gtk_file_filter_set_name (filter, _("Backprop models"));
      gtk_file_filter_add_suffix (filter, "json");
      break;
    }
  return filter;
}

/* ---- choosing a file ----------------------------------------------------- */

#ifdef BP_TEST_FILE_CHOOSER
GFile *bp_test_chosen_file = NULL;
#endif

static void
return_cancelled (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The file chooser was dismissed");
}

#if GTK_CHECK_VERSION(4, 10, 0)
static void
on_file_dialog_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (source);
  g_autoptr(GError) error = NULL;
  GFile *file = GPOINTER_TO_INT (g_task_get_task_data (task)) == BP_CHOOSE_SAVE
    ? gtk_file_dialog_save_finish (dialog, result, &error)
    : gtk_file_dialog_open_finish (dialog, result, &error);
  if (file)
    g_task_return_pointer (task, file, g_object_unref);
  else if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED)
           || g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    return_cancelled (task);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
show_file_chooser (GTask *task, GtkWindow *parent, BpChooseAction action, const char *title,
                   const char *suggested_name, GFile *folder, GListStore *filters)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_modal (dialog, TRUE);
  if (folder)
    gtk_file_dialog_set_initial_folder (dialog, folder);
  if (g_list_model_get_n_items (G_LIST_MODEL (filters)) > 0)
    gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  GCancellable *cancellable = g_task_get_cancellable (task);
  if (action == BP_CHOOSE_SAVE)
    {
      gtk_file_dialog_set_initial_name (dialog, suggested_name);
      gtk_file_dialog_save (dialog, parent, cancellable, on_file_dialog_done, task);
    }
  else
    gtk_file_dialog_open (dialog, parent, cancellable, on_file_dialog_done, task);
}
#else
static void
on_native_response (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *file = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog)) : NULL;
  if (file)
    g_task_return_pointer (task, file, g_object_unref);
  else
    return_cancelled (task);
  g_object_unref (dialog);
}

/* A chooser open when @cancellable fires is dismissed by GTask: the
 * answer that comes later is reported as cancelled. */
static void
show_file_chooser (GTask *task, GtkWindow *parent, BpChooseAction action, const char *title,
                   const char *suggested_name, GFile *folder, GListStore *filters)
{
  gboolean save = action == BP_CHOOSE_SAVE;
  GtkFileChooserNative *dialog =
    gtk_file_chooser_native_new (title, parent,
                                 save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                 save ? _("_Save") : _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  if (folder)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (filters)); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (filters), i);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
    }
  if (save && suggested_name)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested_name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_native_response), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
#endif

void
bp_dialogs_choose_file_async (GtkWindow              *parent,
                              BpChooseAction          action,
                              const char             *title,
                              const char             *suggested_name,
                              GFile                  *folder,
                              const BpFileFilterKind *filters,
                              guint                   n_filters,
                              GCancellable           *cancellable,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data)
{
  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (filters != NULL || n_filters == 0);

  GTask *task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, bp_dialogs_choose_file_async);
  g_task_set_task_data (task, GINT_TO_POINTER (action), NULL);
#ifdef BP_TEST_FILE_CHOOSER
  if (bp_test_chosen_file)
    {
      g_task_return_pointer (task, g_object_ref (bp_test_chosen_file), g_object_unref);
      g_object_unref (task);
      return;
    }
#endif
  g_autoptr(GListStore) list = g_list_store_new (GTK_TYPE_FILE_FILTER);
  for (guint i = 0; i < n_filters; i++)
    {
      g_autoptr(GtkFileFilter) filter = bp_file_filter_new (filters[i]);
      g_list_store_append (list, filter);
    }
  /* The dialog's handler owns the task's reference from here. */
  show_file_chooser (task, parent, action, title, suggested_name, folder, list);
}

GFile *
bp_dialogs_choose_file_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bp_dialogs_choose_file_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- questions ----------------------------------------------------------- */

#if ADW_CHECK_VERSION(1, 5, 0)
static void
on_alert_chosen (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *response = adw_alert_dialog_choose_finish (ADW_ALERT_DIALOG (source), result);
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_boolean (task, g_strcmp0 (response, g_task_get_task_data (task)) == 0);
}
#else
static void
on_message_response (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_boolean (task, g_strcmp0 (response, g_task_get_task_data (task)) == 0);
}

/* libadwaita 1.2 has no choose(): a cancellable closes the dialog, which
 * then answers with its close response. */
static void
on_ask_cancelled (GCancellable *cancellable, gpointer dialog)
{
  gtk_window_close (GTK_WINDOW (dialog));
}
#endif

void
bp_dialogs_ask_async (GtkWindow             *parent,
                      const char            *heading,
                      const char            *body,
                      const char            *yes,
                      const char            *yes_label,
                      AdwResponseAppearance  appearance,
                      GCancellable          *cancellable,
                      GAsyncReadyCallback    callback,
                      gpointer               user_data)
{
  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (yes != NULL && g_strcmp0 (yes, "cancel") != 0);

  GTask *task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, bp_dialogs_ask_async);
  g_task_set_task_data (task, g_strdup (yes), g_free);
#if ADW_CHECK_VERSION(1, 5, 0)
  AdwDialog *dialog = adw_alert_dialog_new (heading, body);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), yes, yes_label, NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), yes, appearance);
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_choose (ADW_ALERT_DIALOG (dialog), GTK_WIDGET (parent), cancellable, on_alert_chosen, task);
#else
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), yes, yes_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), yes, appearance);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_message_response), task);
  if (cancellable)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (on_ask_cancelled), dialog, 0);
  gtk_window_present (GTK_WINDOW (dialog));
#endif
}

gboolean
bp_dialogs_ask_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bp_dialogs_ask_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

#if ADW_CHECK_VERSION(1, 5, 0)
static void
on_alert_chosen_id (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *response = adw_alert_dialog_choose_finish (ADW_ALERT_DIALOG (source), result);
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_strdup (response), g_free);
}
#else
static void
on_message_response_id (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_strdup (response), g_free);
}
#endif

void
bp_dialogs_choose_async (GtkWindow              *parent,
                         const char             *heading,
                         const char             *body,
                         const BpDialogResponse *responses,
                         guint                   n_responses,
                         const char             *default_response,
                         const char             *close_response,
                         GCancellable           *cancellable,
                         GAsyncReadyCallback     callback,
                         gpointer                user_data)
{
  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (responses != NULL && n_responses > 0 && close_response != NULL);

  GTask *task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, bp_dialogs_choose_async);
#if ADW_CHECK_VERSION(1, 5, 0)
  AdwDialog *dialog = adw_alert_dialog_new (heading, body);
  for (guint i = 0; i < n_responses; i++)
    {
      adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), responses[i].id, responses[i].label);
      adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), responses[i].id, responses[i].appearance);
    }
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), default_response);
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), close_response);
  adw_alert_dialog_choose (ADW_ALERT_DIALOG (dialog), GTK_WIDGET (parent), cancellable, on_alert_chosen_id, task);
#else
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);
  for (guint i = 0; i < n_responses; i++)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), responses[i].id, responses[i].label);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), responses[i].id,
                                                  responses[i].appearance);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), default_response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), close_response);
  g_signal_connect (dialog, "response", G_CALLBACK (on_message_response_id), task);
  if (cancellable)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (on_ask_cancelled), dialog, 0);
  gtk_window_present (GTK_WINDOW (dialog));
#endif
}

char *
bp_dialogs_choose_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bp_dialogs_choose_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
bp_dialogs_show_error (GtkWindow *parent, const char *heading, const char *body)
{
  g_return_if_fail (GTK_IS_WINDOW (parent));
#if ADW_CHECK_VERSION(1, 5, 0)
  AdwDialog *dialog = adw_alert_dialog_new (heading, body);
  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
  adw_dialog_present (dialog, GTK_WIDGET (parent));
#else
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
#endif
}

/* ---- About ---------------------------------------------------------------- */

void
bp_dialogs_show_about (GtkWindow *parent)
{
  const char *developers[] = { "The Backprop developers", NULL };
  const char *datasets =
    _("Iris: R. A. Fisher (1936), UCI Machine Learning Repository, CC BY 4.0.\n"
      "Breast Cancer Wisconsin (Diagnostic): W. H. Wolberg, W. N. Street, O. L. Mangasarian, UCI, CC BY 4.0.\n"
      "Wine: M. Forina et al., UCI, CC BY 4.0.\n"
      "Diabetes: B. Efron, T. Hastie, I. Johnstone, R. Tibshirani (2004), as shipped by scikit-learn, BSD-3-Clause.");
#if ADW_CHECK_VERSION(1, 5, 0)
  AdwDialog *about = adw_about_dialog_new ();
#define ABOUT(fn, ...) adw_about_dialog_##fn (ADW_ABOUT_DIALOG (about), __VA_ARGS__)
#else
  GtkWidget *about = adw_about_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
#define ABOUT(fn, ...) adw_about_window_##fn (ADW_ABOUT_WINDOW (about), __VA_ARGS__)
#endif
  ABOUT (set_application_name, _("Backprop"));
  ABOUT (set_application_icon, BP_APP_ID);
  ABOUT (set_version, BP_VERSION);
  ABOUT (set_developer_name, _("The Backprop developers"));
  ABOUT (set_comments, _("Train neural networks on your own data and watch them learn"));
  ABOUT (set_license_type, GTK_LICENSE_GPL_3_0);
  ABOUT (set_developers, developers);
  ABOUT (set_website, "https://github.com/backprop/backprop");
  ABOUT (add_legal_section, _("Sample datasets"), NULL, GTK_LICENSE_CUSTOM, datasets);
#undef ABOUT
#if ADW_CHECK_VERSION(1, 5, 0)
  adw_dialog_present (about, GTK_WIDGET (parent));
#else
  gtk_window_present (GTK_WINDOW (about));
#endif
}

