/* bp-window.c: the main window: its pages, actions, questions and file
 * choosers.
 *
 * The window shows a BpDocument (the table, the choices about it, the
 * project, the run) and holds none of that state itself: views report the
 * user's edits, and bp-window-document.c pushes them into the document;
 * bp-window-training.c drives and shows the run. This file builds the
 * window, asks the user (bp-dialogs.h) and installs the actions.
 *
 * A project (bp-project.h) is the document's setup in a file: where the
 * data came from, the choices about it, the layers and the settings. A
 * project keeps a copy of a small data file: opened where the file cannot
 * be read (mailed alone, or in the Flatpak sandbox, which lets the app
 * read the project and nothing next to it), the table comes from the
 * copy, and saving again keeps that copy.
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "bp-window"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "bp-window-private.h"

G_DEFINE_FINAL_TYPE (BpWindow, bp_window, ADW_TYPE_APPLICATION_WINDOW)

/* A file's name for messages and headings, which must be UTF-8 whatever
 * the name's bytes are. */
char *
_bp_window_display_basename (GFile *file)
{
  g_autofree char *base = file ? g_file_get_basename (file) : NULL;
  return base ? g_filename_display_name (base) : g_strdup ("");
}

void
_bp_window_toast_for (BpWindow *self, const char *text, guint timeout)
{
  /* A toast's title is Pango markup (libadwaita 1.2 has no switch for
   * it): a file name or message with & or < would not show. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *t = adw_toast_new (escaped);
  adw_toast_set_timeout (t, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

void
_bp_window_toast (BpWindow *self, const char *text)
{
  _bp_window_toast_for (self, text, 6);
}

/* Errors a user must read (file, line, column) get a dialog, not a toast. */
void
_bp_window_show_error (BpWindow *self, const char *heading, const char *body)
{
  bp_dialogs_show_error (GTK_WINDOW (self), heading, body);
}

enum { SIGNAL_OPEN_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* TRUE when a handler of "open-failed" reported @message itself (a
 * scripted run): then no dialog is shown and nothing is asked. */
gboolean
_bp_window_emit_open_failed (BpWindow *self, const char *message)
{
  gboolean handled = FALSE;
  g_signal_emit (self, signals[SIGNAL_OPEN_FAILED], 0, message, &handled);
  return handled;
}

/* An error in opening something: a dialog, unless "open-failed" was
 * handled. */
void
_bp_window_report_open_error (BpWindow *self, const char *heading, const char *body)
{
  /* Nothing is trained that was not opened as asked. */
  self->train_when_ready = FALSE;
  self->open_failed = TRUE;
  if (!_bp_window_emit_open_failed (self, body))
    _bp_window_show_error (self, heading, body);
}

/* ---- questions: a run to throw away, a data file to find -------------- */

typedef struct {
  BpWindowConfirmedFunc func;
  gpointer              data;
  GDestroyNotify        destroy;
} Confirm;

static void
on_asked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Confirm *c = user_data;
  if (bp_dialogs_ask_finish (result, NULL))
    c->func (BP_WINDOW (source), c->data);
  if (c->destroy)
    c->destroy (c->data);
  g_free (c);
}

/* Ask; func(data) runs if the answer is @yes (labelled @yes_label, with
 * @appearance), nothing else happens on Cancel. */
void
_bp_window_ask (BpWindow *self, const char *heading, const char *body, const char *yes, const char *yes_label,
                AdwResponseAppearance appearance, BpWindowConfirmedFunc func, gpointer data, GDestroyNotify destroy)
{
  Confirm *c = g_new0 (Confirm, 1);
  c->func = func;
  c->data = data;
  c->destroy = destroy;
  bp_dialogs_ask_async (GTK_WINDOW (self), heading, body, yes, yes_label, appearance, NULL, on_asked, c);
}

/* Run func now when there is no run to lose; else ask first. */
void
_bp_window_confirm_discard (BpWindow *self, BpWindowConfirmedFunc func, gpointer data, GDestroyNotify destroy)
{
  if (bp_training_session_get_state (self->session) == BP_SESSION_IDLE)
    {
      func (self, data);
      if (destroy)
        destroy (data);
      return;
    }
  _bp_window_ask (self, _("Discard the Trained Network?"),
                  _("Its weights, charts and log will be lost. Save the model first if you want to keep it."),
                  "discard", _("_Discard"), ADW_RESPONSE_DESTRUCTIVE, func, data, destroy);
}

/* ---- file dialogs ----------------------------------------------------- */

typedef struct {
  BpWindowFileFunc func;
  gpointer         data;
  GDestroyNotify   destroy;
} FileRequest;

static void
on_file_chosen (GObject *source, GAsyncResult *result, gpointer user_data)
{
  FileRequest *r = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = bp_dialogs_choose_file_finish (result, &error);
  if (file)
    r->func (BP_WINDOW (source), file, r->data);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("No file chooser: %s", error->message);
  if (r->destroy)
    r->destroy (r->data);
  g_free (r);
}

/* func(file, data) runs once a file is chosen; starts in the folder a file
 * was last chosen in. */
void
_bp_window_choose_file (BpWindow *self, BpChooseAction action, const char *title, const char *suggested_name,
                        const BpFileFilterKind *filters, guint n_filters,
                        BpWindowFileFunc func, gpointer data, GDestroyNotify destroy)
{
  FileRequest *r = g_new0 (FileRequest, 1);
  r->func = func;
  r->data = data;
  r->destroy = destroy;
  g_autoptr(GFile) folder = NULL;
  if (self->settings)
    {
      g_autofree char *uri = g_settings_get_string (self->settings, "last-folder");
      if (uri && *uri)
        folder = g_file_new_for_uri (uri);
    }
  bp_dialogs_choose_file_async (GTK_WINDOW (self), action, title, suggested_name, folder, filters, n_filters,
                                NULL, on_file_chosen, r);
}

void
_bp_window_remember_folder (BpWindow *self, GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  if (self->settings && parent)
    {
      g_autofree char *uri = g_file_get_uri (parent);
      g_settings_set_string (self->settings, "last-folder", uri);
    }
}

static void
on_open_chosen (BpWindow *self, GFile *file, gpointer data)
{
  _bp_window_remember_folder (self, file);
  /* The user agreed to discard a run before the dialog opened. */
  _bp_window_open_any (self, file, TRUE);
}

static void
open_dialog_now (BpWindow *self, gpointer data)
{
  static const BpFileFilterKind filters[] = {
    BP_FILE_FILTER_DATA_OR_PROJECT, BP_FILE_FILTER_CSV, BP_FILE_FILTER_PROJECT,
  };
  _bp_window_choose_file (self, BP_CHOOSE_OPEN, _("Open Data or a Project"), NULL, filters, G_N_ELEMENTS (filters),
                          on_open_chosen, NULL, NULL);
}

/* What runs once the project is saved (the close question's Save). */
typedef struct {
  BpWindowConfirmedFunc then;
} SaveThen;

static void
on_project_file_chosen (BpWindow *self, GFile *file, gpointer data)
{
  SaveThen *save_then = data;
  _bp_window_remember_folder (self, file);
  /* The name the user typed, with the suffix that makes it a project. */
  g_autoptr(GFile) target = NULL;
  if (bp_document_is_project_file (file))
    target = g_object_ref (file);
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *with_suffix = g_strconcat (name, BP_PROJECT_SUFFIX, NULL);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      target = parent ? g_file_get_child (parent, with_suffix) : g_object_ref (file);
    }
  if (_bp_window_save_project_to (self, target) && save_then)
    save_then->then (self, NULL);
}

/* Save As; then(self, NULL) once saved (not when the chooser is
 * dismissed or the save fails). */
static void
save_project_as (BpWindow *self, BpWindowConfirmedFunc then)
{
  g_autofree char *suggested = NULL;
  GFile *project_file = bp_document_get_project_file (self->document);
  const BpTable *table = bp_document_get_table (self->document);
  if (project_file)
    suggested = g_file_get_basename (project_file);
  else if (table)
    {
      /* breast_cancer.csv → breast_cancer.backprop */
      g_autofree char *base = g_path_get_basename (table->display_name);
      char *dot = strrchr (base, '.');
      if (dot && dot != base)
        *dot = '\0';
      suggested = g_strconcat (base, BP_PROJECT_SUFFIX, NULL);
    }
  SaveThen *save_then = NULL;
  if (then)
    {
      save_then = g_new0 (SaveThen, 1);
      save_then->then = then;
    }
  static const BpFileFilterKind filters[] = { BP_FILE_FILTER_PROJECT };
  _bp_window_choose_file (self, BP_CHOOSE_SAVE, _("Save Project"), suggested, filters, G_N_ELEMENTS (filters),
                          on_project_file_chosen, save_then, g_free);
}

/* Ctrl+S: to the project file, or Save As when there is none. */
void
_bp_window_save_project (BpWindow *self, BpWindowConfirmedFunc then)
{
  GFile *project_file = bp_document_get_project_file (self->document);
  if (!project_file)
    save_project_as (self, then);
  else if (_bp_window_save_project_to (self, project_file) && then)
    then (self, NULL);
}

static void
save_project_as_action (GtkWidget *widget, const char *name, GVariant *param)
{
  save_project_as (BP_WINDOW (widget), NULL);
}

static void
save_project_action (GtkWidget *widget, const char *name, GVariant *param)
{
  _bp_window_save_project (BP_WINDOW (widget), NULL);
}

/* ---- other actions ------------------------------------------------------ */

static void
open_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  _bp_window_confirm_discard (self, open_dialog_now, NULL, NULL);
}

static void
open_sample_action (GtkWidget *widget, const char *name, GVariant *param)
{
  g_autoptr(GError) error = NULL;
  if (!bp_window_open_sample (BP_WINDOW (widget), g_variant_get_string (param, NULL), &error))
    _bp_window_toast (BP_WINDOW (widget), error->message);
}

static void
open_recent_action (GtkWidget *widget, const char *name, GVariant *param)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));
  bp_window_open_file (BP_WINDOW (widget), file);
}

static void
cancel_load_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  /* At once; the thread notices within a chunk, its result is dropped. */
  self->train_when_ready = FALSE;
  bp_document_cancel_load (self->document);
}

static void
show_page_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  if (bp_document_get_table (self->document))
    adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (param, NULL));
}

/* Back to the file order: the notice's button, when the app chose a
 * stratified split because Keras's would leave a class out. */
static void
keras_split_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  if (!bp_document_get_table (self->document))
    return;
  BpDatasetOptions options;
  bp_document_get_data_options (self->document, &options);
  options.split = BP_SPLIT_KERAS;
  bp_data_view_set_options (self->data_view, &options);
  bp_document_set_data_options (self->document, &options);
}

void
_bp_window_update_actions (BpWindow *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  BpSessionState state = bp_training_session_get_state (self->session);
  gboolean loading = bp_document_get_loading (self->document);
  gboolean has_table = bp_document_get_table (self->document) != NULL;
  gboolean can_build = bp_document_get_dataset (self->document) != NULL && !loading;
  gboolean has_run = state != BP_SESSION_IDLE;
  gboolean has_epochs = bp_training_session_get_history (self->session)->len > 0;

  gtk_widget_action_set_enabled (w, "win.train", state == BP_SESSION_PAUSED || state == BP_SESSION_FINISHED
                                                 || (state == BP_SESSION_IDLE && can_build));
  gtk_widget_action_set_enabled (w, "win.pause", state == BP_SESSION_RUNNING || state == BP_SESSION_PAUSED);
  gtk_widget_action_set_enabled (w, "win.step-batch", state == BP_SESSION_PAUSED || (state == BP_SESSION_IDLE && can_build));
  gtk_widget_action_set_enabled (w, "win.step-epoch", state == BP_SESSION_PAUSED || (state == BP_SESSION_IDLE && can_build));
  gtk_widget_action_set_enabled (w, "win.stop", state == BP_SESSION_RUNNING || state == BP_SESSION_PAUSED);
  gtk_widget_action_set_enabled (w, "win.reset", has_run);
  /* Data choices are locked while a run holds the dataset. */
  gtk_widget_action_set_enabled (w, "win.keras-split", has_table && !has_run && !loading);
  gtk_widget_action_set_enabled (w, "win.save-model", has_run && state != BP_SESSION_RUNNING);
  gtk_widget_action_set_enabled (w, "win.export-history", has_epochs);
  gtk_widget_action_set_enabled (w, "win.export-chart", has_table);
  /* Scripts from the setup at any time (from the model when paused or
   * finished); ONNX only from a model. */
  gtk_widget_action_set_enabled (w, "win.export-code", has_table && !loading);
  gtk_widget_action_set_enabled (w, "win.export-onnx", has_run && state != BP_SESSION_RUNNING);
  gtk_widget_action_set_enabled (w, "win.cancel-load", loading);
  /* A project is the setup, so it can be saved during and after a run. */
  gtk_widget_action_set_enabled (w, "win.save-project", has_table && !loading);
  gtk_widget_action_set_enabled (w, "win.save-project-as", has_table && !loading);
  /* The twins train on a dataset of their own, beside any run. */
  gtk_widget_action_set_enabled (w, "win.compare-twins", has_table && !loading);
}

static void
rebuild_recent_menu (BpWindow *self)
{
  g_menu_remove_all (self->recent_section);
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  guint n = 0;
  for (GList *l = items; l && n < 8; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      if (!g_str_has_suffix (uri, ".csv") && !g_str_has_suffix (uri, ".tsv") && !g_str_has_suffix (uri, BP_PROJECT_SUFFIX))
        continue;
      if (!gtk_recent_info_exists (info))
        continue;
      g_autoptr(GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uri);
      g_menu_append_item (self->recent_section, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  if (n == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Files"), "win.none");
      g_menu_append_item (self->recent_section, item);
    }
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, gpointer user_data)
{
  BpWindow *self = user_data;
  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;
  bp_window_open_file (self, g_value_get_object (value));
  return TRUE;
}

static gboolean
is_content_page (GBinding *binding, const GValue *from, GValue *to, gpointer data)
{
  g_value_set_boolean (to, g_strcmp0 (g_value_get_string (from), "content") == 0);
  return TRUE;
}

void
bp_window_shutdown (BpWindow *self)
{
  g_return_if_fail (BP_IS_WINDOW (self));
  self->train_when_ready = FALSE;
  if (self->document)
    bp_document_shutdown (self->document);
}

static gboolean
bp_window_close_request (GtkWindow *window)
{
  BpWindow *self = BP_WINDOW (window);
  /* Unsaved work, or a run: the window stays until the user answers. */
  if (_bp_window_ask_before_close (self))
    return TRUE;
  /* Saved, or discarded by the user: a clean end, nothing to restore. */
  bp_document_remove_autosave (self->document);
  /* Nothing of this window may outlive it: not a load, not a run. */
  bp_window_shutdown (self);
  if (self->settings)
    {
      int width, height;
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }
  return GTK_WINDOW_CLASS (bp_window_parent_class)->close_request (window);
}

static void
bp_window_dispose (GObject *object)
{
  BpWindow *self = BP_WINDOW (object);

  self->train_when_ready = FALSE;
  _bp_window_run_log_dispose (self);
  if (self->document)
    {
      g_signal_handlers_disconnect_by_data (self->document, self);
      g_signal_handlers_disconnect_by_data (self->session, self);
      /* A load's end may still come: it finds no window to tell. */
      bp_document_shutdown (self->document);
    }
  if (self->data_view)
    bp_data_view_set_table (self->data_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BP_TYPE_WINDOW);
  self->data_view = NULL;
  self->session = NULL;
  g_clear_object (&self->document);
  g_clear_object (&self->settings);
  g_signal_handlers_disconnect_by_data (gtk_recent_manager_get_default (), self);
  G_OBJECT_CLASS (bp_window_parent_class)->dispose (object);
}

static void
bp_window_finalize (GObject *object)
{
  BpWindow *self = BP_WINDOW (object);
  g_array_unref (self->scratch);
  g_free (self->pending_marker);
  _bp_window_training_finalize (self);
  G_OBJECT_CLASS (bp_window_parent_class)->finalize (object);
}

enum { PROP_0, PROP_SETTINGS, N_PROPS };

static void
bp_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BpWindow *self = BP_WINDOW (object);
  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The settings arrive after init (a construct property): the window's
 * size and the charts' choices are taken from them here. */
static void
bp_window_constructed (GObject *object)
{
  BpWindow *self = BP_WINDOW (object);
  G_OBJECT_CLASS (bp_window_parent_class)->constructed (object);
  if (!self->settings)
    return;
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  GtkWidget *loss_chart = GTK_WIDGET (bp_training_view_get_loss_chart (self->training_view));
  g_settings_bind (self->settings, "chart-log-scale", loss_chart, "log-y", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "chart-smoothing", loss_chart, "smoothing", G_SETTINGS_BIND_DEFAULT);
}

static void
bp_window_class_init (BpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bp_window_dispose;
  object_class->finalize = bp_window_finalize;
  object_class->set_property = bp_window_set_property;
  object_class->constructed = bp_window_constructed;
  window_class->close_request = bp_window_close_request;

  /* (const char *message) → gboolean: opening failed where a scripted run
   * stops: a project that cannot be read or applied, its data missing, or
   * data that was to be trained. A handler that returns TRUE has reported
   * it: the window then shows no dialog and asks nothing. */
  signals[SIGNAL_OPEN_FAILED] =
    g_signal_new ("open-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  /* The application's settings (it owns them); NULL: none are kept. */
  g_object_class_install_property (object_class, PROP_SETTINGS,
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_type_ensure (BP_TYPE_DATA_VIEW);
  g_type_ensure (BP_TYPE_MODEL_VIEW);
  g_type_ensure (BP_TYPE_TRAINING_VIEW);
  g_type_ensure (BP_TYPE_EVAL_VIEW);
  g_type_ensure (BP_TYPE_NOTICE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/backprop/Backprop/ui/bp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, loading_bar);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, data_view);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, model_view);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, training_view);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, eval_view);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, data_title);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, data_summary);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, data_notice);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, train_notice);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, project_title);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", "s", open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.keras-split", NULL, keras_split_action);
  _bp_window_training_class_init (widget_class);
  _bp_window_twins_class_init (widget_class);
  _bp_window_run_log_class_init (widget_class);
  gtk_widget_class_install_action (widget_class, "win.save-project", NULL, save_project_action);
  gtk_widget_class_install_action (widget_class, "win.save-project-as", NULL, save_project_as_action);
}

static void
bp_window_init (BpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_icon_name (GTK_WINDOW (self), BP_APP_ID);
  /* The app's own symbolic icon, named after the build's app id (the .ui
     cannot know whether this is the development build). */
  adw_status_page_set_icon_name (self->welcome_page, BP_APP_ID "-symbolic");
#if BP_DEVELOPMENT
  /* The striped header bar tells a development build from the stable one. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->scratch = g_array_sized_new (FALSE, FALSE, sizeof (BpProgress), 1024);
  self->document = bp_document_new ();
  self->session = bp_document_get_session (self->document);
  _bp_window_document_init (self);
  _bp_window_close_init (self);
  _bp_window_training_init (self);
  _bp_window_run_log_init (self);

  /* Noise for the generated samples: a radio group in the samples menu. */
  GSimpleAction *noise = g_simple_action_new_stateful ("sample-noise", G_VARIANT_TYPE_STRING,
                                                       g_variant_new_string ("0.1"));
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (noise));
  g_object_unref (noise);

  /* The page switcher means nothing before there is data. */
  g_object_bind_property_full (self->main_stack, "visible-child-name", self->view_switcher, "visible",
                               G_BINDING_SYNC_CREATE, is_content_page, NULL, NULL, NULL);

  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_swapped (gtk_recent_manager_get_default (), "changed", G_CALLBACK (rebuild_recent_menu), self);
  rebuild_recent_menu (self);
  _bp_window_update_actions (self);
}

BpTrainingSession *
bp_window_get_session (BpWindow *self)
{
  g_return_val_if_fail (BP_IS_WINDOW (self), NULL);
  return self->session;
}

GtkWidget *
bp_window_get_data_view (BpWindow *self)
{
  g_return_val_if_fail (BP_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->data_view);
}

GtkWidget *
bp_window_get_model_view (BpWindow *self)
{
  g_return_val_if_fail (BP_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->model_view);
}

GtkWidget *
bp_window_get_training_view (BpWindow *self)
{
  g_return_val_if_fail (BP_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->training_view);
}

const BpTable *
bp_window_get_table (BpWindow *self)
{
  g_return_val_if_fail (BP_IS_WINDOW (self), NULL);
  return bp_document_get_table (self->document);
}

gboolean
bp_window_is_loading (BpWindow *self)
{
  g_return_val_if_fail (BP_IS_WINDOW (self), FALSE);
  return bp_document_get_loading (self->document);
}

BpDocument *
bp_window_get_document (BpWindow *self)
{
  g_return_val_if_fail (BP_IS_WINDOW (self), NULL);
  return self->document;
}

gboolean
bp_window_get_open_failed (BpWindow *self)
{
  g_return_val_if_fail (BP_IS_WINDOW (self), FALSE);
  return self->open_failed;
}

BpWindow *
bp_window_new (AdwApplication *application, GSettings *settings)
{
  return g_object_new (BP_TYPE_WINDOW, "application", application, "settings", settings, NULL);
}
