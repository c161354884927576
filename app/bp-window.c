/* bp-window.c: the main window.
 *
 * Holds the loaded table and the dataset made from the user's choices,
 * and one BpTrainingSession. Views show state and report the user's edits;
 * this file turns those into engine calls. While a run is active a tick
 * callback polls the session once per frame and feeds the training view;
 * once a pause has parked the worker it also evaluates the model as it is.
 *
 * A project (bp-project.h) is this window's setup in a file: where the
 * data came from, the choices about it, the layers and the settings.
 * Saving builds one from what the views show; opening one loads its data
 * through the same paths as a CSV or a sample, then applies the rest.
 * A project keeps a copy of a small data file: opened where the file
 * cannot be read (mailed alone, or in the Flatpak sandbox, which lets the
 * app read the project and nothing next to it), the table comes from the
 * copy, and saving again keeps that copy.
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "bp-window"

#include "bp-window.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bp-data-view.h"
#include "bp-dialogs.h"
#include "bp-eval-view.h"
#include "bp-engine.h"
#include "bp-document.h"
#include "bp-model-view.h"
#include "bp-project.h"
#include "bp-samples.h"
#include "bp-training-session.h"
#include "bp-training-view.h"

struct _BpWindow {
  AdwApplicationWindow parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkStack          *main_stack;
  AdwViewStack      *view_stack;
  GtkWidget         *view_switcher;
  AdwStatusPage     *welcome_page;
  AdwStatusPage     *loading_page;
  GtkProgressBar    *loading_bar;
  BpDataView        *data_view;
  BpModelView       *model_view;
  BpTrainingView    *training_view;
  BpEvalView        *eval_view;
  GtkLabel          *data_title;
  GtkLabel          *data_summary;
  GMenu             *recent_section;
  AdwWindowTitle    *project_title;

  GSettings         *settings;          /* the application's; NULL: none are kept */
  BpDocument        *document;          /* what the window shows */
  BpTrainingSession *session;           /* the document's */
  GArray            *scratch;           /* BpProgress polled this frame */
  guint              tick_id;
  BpTask             task;
  gboolean           has_validation;
  char              *pending_marker;    /* settings changed while paused */
  gboolean           train_when_ready;
  gboolean           open_failed;       /* the last open asked for reported an error */
  guint64            evaluated_step;    /* the pause last evaluated; 0: none */

};

G_DEFINE_FINAL_TYPE (BpWindow, bp_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_actions (BpWindow *self);
static void update_evaluation (BpWindow *self);
static void update_title (BpWindow *self);

/* The file dialogs, below. */
typedef void (*FileChosenFunc) (BpWindow *self, GFile *file, gpointer data);
static void choose_file (BpWindow *self, BpChooseAction action, const char *title, const char *suggested_name,
                         const BpFileFilterKind *filters, guint n_filters,
                         FileChosenFunc func, gpointer data, GDestroyNotify destroy);

/* A file's name for messages and headings, which must be UTF-8 whatever
 * the name's bytes are. */
static char *
display_basename (GFile *file)
{
  g_autofree char *base = file ? g_file_get_basename (file) : NULL;
  return base ? g_filename_display_name (base) : g_strdup ("");
}

static void
toast (BpWindow *self, const char *text)
{
  AdwToast *t = adw_toast_new (text);
  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

/* Errors a user must read (file, line, column) get a dialog, not a toast. */
static void
show_error (BpWindow *self, const char *heading, const char *body)
{
  bp_dialogs_show_error (GTK_WINDOW (self), heading, body);
}

enum { SIGNAL_OPEN_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* TRUE when a handler of "open-failed" reported @message itself (a
 * scripted run): then no dialog is shown and nothing is asked. */
static gboolean
emit_open_failed (BpWindow *self, const char *message)
{
  gboolean handled = FALSE;
  g_signal_emit (self, signals[SIGNAL_OPEN_FAILED], 0, message, &handled);
  return handled;
}

/* An error in opening something: a dialog, unless "open-failed" was
 * handled. */
static void
report_open_error (BpWindow *self, const char *heading, const char *body)
{
  /* Nothing is trained that was not opened as asked. */
  self->train_when_ready = FALSE;
  self->open_failed = TRUE;
  if (!emit_open_failed (self, body))
    show_error (self, heading, body);
}

/* ---- questions: a run to throw away, a data file to find -------------- */

typedef void (*ConfirmedFunc) (BpWindow *self, gpointer data);

typedef struct {
  ConfirmedFunc  func;
  gpointer       data;
  GDestroyNotify destroy;
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
static void
ask (BpWindow *self, const char *heading, const char *body, const char *yes, const char *yes_label,
     AdwResponseAppearance appearance, ConfirmedFunc func, gpointer data, GDestroyNotify destroy)
{
  Confirm *c = g_new0 (Confirm, 1);
  c->func = func;
  c->data = data;
  c->destroy = destroy;
  bp_dialogs_ask_async (GTK_WINDOW (self), heading, body, yes, yes_label, appearance, NULL, on_asked, c);
}

/* Run func now when there is no run to lose; else ask first. */
static void
confirm_discard (BpWindow *self, ConfirmedFunc func, gpointer data, GDestroyNotify destroy)
{
  if (bp_training_session_get_state (self->session) == BP_SESSION_IDLE)
    {
      func (self, data);
      if (destroy)
        destroy (data);
      return;
    }
  ask (self, _("Discard the Trained Network?"),
       _("Its weights, charts and log will be lost. Save the model first if you want to keep it."),
       "discard", _("_Discard"), ADW_RESPONSE_DESTRUCTIVE, func, data, destroy);
}

/* ---- data: what the document holds, shown ----------------------------- */

static char *
describe_split (const BpDatasetOptions *options)
{
  int percent = (int) lround (options->validation_fraction * 100);
  switch (options->split)
    {
    case BP_SPLIT_SHUFFLE:
      return g_strdup_printf (_("shuffled, %d%% for validation"), percent);
    case BP_SPLIT_STRATIFIED:
      return g_strdup_printf (_("stratified, %d%% for validation"), percent);
    case BP_SPLIT_KERAS:
    default:
      return g_strdup_printf (_("last %d%% of rows for validation"), percent);
    }
}

static const char *
task_words (BpTask task)
{
  switch (task)
    {
    case BP_TASK_BINARY: return _("two classes");
    case BP_TASK_MULTICLASS: return C_("task", "classes");
    case BP_TASK_REGRESSION: return _("a number (regression)");
    case BP_TASK_AUTO:
    default: return "";
    }
}

/* The dataset the document made (or why it could not): messages, the
 * summary under the title and the network's inputs and outputs. */
static void
show_dataset (BpWindow *self)
{
  const BpTable *table = bp_document_get_table (self->document);
  if (!table)
    {
      bp_model_view_set_data (self->model_view, 0, BP_TASK_BINARY, 1);
      update_actions (self);
      return;
    }

  const BpDataset *d = bp_document_get_dataset (self->document);
  const GError *error = bp_document_get_dataset_error (self->document);
  g_autoptr(GPtrArray) messages = g_ptr_array_new ();
  for (guint i = 0; table->warnings && i < table->warnings->len; i++)
    g_ptr_array_add (messages, g_ptr_array_index (table->warnings, i));
  for (guint i = 0; d && d->warnings && i < d->warnings->len; i++)
    g_ptr_array_add (messages, g_ptr_array_index (d->warnings, i));
  bp_data_view_set_messages (self->data_view, messages, error ? error->message : NULL);

  g_autofree char *base_name = g_path_get_basename (table->display_name);
  gtk_label_set_text (self->data_title, base_name);
  if (!d)
    {
      bp_model_view_set_data (self->model_view, 0, BP_TASK_BINARY, 1);
      gtk_label_set_text (self->data_summary, error ? error->message : "");
      update_actions (self);
      return;
    }

  BpDatasetOptions options;
  bp_document_get_data_options (self->document, &options);
  bp_model_view_set_data (self->model_view, d->n_features, d->task, d->n_outputs);
  g_autofree char *split = describe_split (&options);
  g_autofree char *target = d->task == BP_TASK_MULTICLASS
    ? g_strdup_printf (_("%s (%zu classes)"), d->target_name, d->n_classes)
    /* Translators: the target column and what it predicts, e.g. "diagnosis (two classes)";
     * use your language's parentheses, as in "%s (%zu classes)". */
    : g_strdup_printf (C_("target summary", "%s (%s)"), d->target_name, task_words (d->task));
  /* Translators: e.g. "569 rows · 30 inputs → diagnosis (two classes)\n455 for training · 114 for validation (last 20% of rows for validation)" */
  g_autofree char *summary = g_strdup_printf (_("%zu rows · %zu inputs → %s\n%zu for training · %zu for validation (%s)"),
                                              d->n_rows, d->n_features, target, d->n_train, d->n_validation, split);
  gtk_label_set_text (self->data_summary, summary);
  update_actions (self);
}

static gboolean
options_differ (const BpDatasetOptions *a, const BpDatasetOptions *b, gsize n_columns)
{
  if (a->target != b->target || a->task != b->task || a->missing != b->missing || a->scaling != b->scaling
      || a->scale_target != b->scale_target || a->split != b->split
      || a->validation_fraction != b->validation_fraction || a->test_fraction != b->test_fraction
      || a->seed != b->seed)
    return TRUE;
  for (gsize c = 0; c < n_columns; c++)
    if ((a->roles ? a->roles[c] : BP_ROLE_AUTO) != (b->roles ? b->roles[c] : BP_ROLE_AUTO))
      return TRUE;
  return FALSE;
}

/* A new table: the data view shows it with the document's choices. */
static void
show_table (BpWindow *self)
{
  BpTable *table = bp_document_get_table (self->document);
  BpDatasetOptions options, shown;
  bp_document_get_data_options (self->document, &options);
  bp_data_view_set_table (self->data_view, NULL);
  bp_data_view_set_table (self->data_view, table);
  bp_data_view_set_options (self->data_view, &options);
  /* The view keeps its choices within what it offers (a validation
   * fraction from a project, say); the document follows it. */
  bp_data_view_get_options (self->data_view, &shown);
  if (options_differ (&options, &shown, table->n_columns))
    bp_document_set_data_options (self->document, &shown);
  /* No cross-fade when training starts at once: blending two full pages
   * in software costs frames the first epochs would have drawn. */
  gtk_stack_set_visible_child_full (self->main_stack, "content",
                                    self->train_when_ready ? GTK_STACK_TRANSITION_TYPE_NONE
                                                           : GTK_STACK_TRANSITION_TYPE_CROSSFADE);
}

static void
on_document_changed (BpDocument *document, guint what, BpWindow *self)
{
  if (what & BP_DOCUMENT_CHANGED_TABLE)
    show_table (self);
  if ((what & BP_DOCUMENT_CHANGED_TABLE) && bp_document_get_from_copy (document))
    {
      const BpDataSource *from = bp_document_get_source (document);
      g_autofree char *display = g_filename_display_basename (from->path);
      /* Translators: %s is a CSV file's name; the project file holds a copy of it. */
      g_autofree char *text = g_strdup_printf (_("“%s” could not be opened; using the copy saved in the project"),
                                               display);
      toast (self, text);
    }
  if (what & BP_DOCUMENT_CHANGED_SETUP)
    {
      bp_model_view_set_hidden_layers (self->model_view, bp_document_get_layers (document));
      bp_model_view_set_train_config (self->model_view, bp_document_get_train_config (document));
    }
  if (what & (BP_DOCUMENT_CHANGED_TABLE | BP_DOCUMENT_CHANGED_DATASET))
    show_dataset (self);
  if (what & (BP_DOCUMENT_CHANGED_TABLE | BP_DOCUMENT_CHANGED_PROJECT))
    update_title (self);
}

static void
on_architecture_changed (BpModelView *view, BpWindow *self)
{
  g_autoptr(BpLayerStack) layers = bp_model_view_get_layer_stack (view);
  bp_document_set_layers (self->document, layers);
}

/* ---- opening ------------------------------------------------------------ */

static void
on_loading_changed (BpDocument *document, GParamSpec *pspec, BpWindow *self)
{
  if (bp_document_get_loading (document))
    {
      adw_status_page_set_title (self->loading_page, bp_document_get_message (document));
      gtk_progress_bar_set_fraction (self->loading_bar, 0);
      gtk_stack_set_visible_child_name (self->main_stack, "loading");
    }
  else
    gtk_stack_set_visible_child_name (self->main_stack, bp_document_get_table (document) ? "content" : "welcome");
  update_actions (self);
}

static void
on_fraction_changed (BpDocument *document, GParamSpec *pspec, BpWindow *self)
{
  gtk_progress_bar_set_fraction (self->loading_bar, bp_document_get_fraction (document));
}

static void
add_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

static void
train_now (BpWindow *self)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "train");
  gtk_widget_activate_action (GTK_WIDGET (self), "win.train", NULL);
}

/* An open asked of the document; its failure is said by "open-failed". */
typedef struct {
  BpWindow *self;
  GFile    *recent;    /* a CSV to remember once it has opened, or NULL */
} Opening;

static Opening *
opening_new (BpWindow *self, GFile *recent)
{
  Opening *o = g_new0 (Opening, 1);
  o->self = g_object_ref (self);
  o->recent = recent ? g_object_ref (recent) : NULL;
  return o;
}

static void
on_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Opening *o = user_data;
  g_autoptr(BpWindow) self = o->self;
  g_autoptr(GFile) recent = o->recent;
  g_free (o);

  g_autoptr(GError) error = NULL;
  if (!bp_document_open_finish (BP_DOCUMENT (source), result, &error))
    {
      /* Replaced by another open: that one decides. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->train_when_ready = FALSE;
      return;
    }
  if (recent)
    add_recent (recent);
  if (self->train_when_ready)
    {
      self->train_when_ready = FALSE;
      train_now (self);
    }
}

/* The user agreed to discard the run: it stops now, not when (or if)
 * the new file has loaded. */
static void
start_load (BpWindow *self, gpointer data)
{
  GFile *file = data;
  bp_document_open_async (self->document, file, NULL, on_opened, opening_new (self, file));
}

static void
open_sample_now (BpWindow *self, gpointer data)
{
  const char *name = data;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "sample-noise");
  g_autoptr(GVariant) state = g_action_get_state (action);
  double noise = g_ascii_strtod (g_variant_get_string (state, NULL), NULL);
  /* A new set each time; the document keeps the seed. */
  bp_document_open_sample_async (self->document, name, noise, g_random_int (), NULL, on_opened,
                                 opening_new (self, NULL));
}

/* ---- projects ----------------------------------------------------------- */

/* "lesson" for lesson.backprop: what the title shows. */
static char *
project_name (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (base);
  gsize len = strlen (display), suffix = strlen (BP_PROJECT_SUFFIX);
  if (len > suffix && g_ascii_strcasecmp (display + len - suffix, BP_PROJECT_SUFFIX) == 0)
    display[len - suffix] = '\0';
  return g_steal_pointer (&display);
}

/* Where a project lies, as GNOME apps show a document's folder: "~/Lessons". */
static char *
project_folder (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  if (!parent)
    return g_strdup ("");
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  if (g_file_equal (parent, home))
    return g_strdup ("~");
  g_autofree char *relative = g_file_get_relative_path (home, parent);
  if (relative)
    {
      g_autofree char *display = g_filename_display_name (relative);
      return g_build_filename ("~", display, NULL);
    }
  return g_file_get_parse_name (parent);
}

/* The window's title is the project's name when there is one (the header
 * shows it with its folder), else the data's. */
static void
update_title (BpWindow *self)
{
  GFile *project_file = bp_document_get_project_file (self->document);
  const BpTable *table = bp_document_get_table (self->document);
  if (project_file)
    {
      g_autofree char *name = project_name (project_file);
      g_autofree char *folder = project_folder (project_file);
      adw_window_title_set_title (self->project_title, name);
      adw_window_title_set_subtitle (self->project_title, folder);
      gtk_widget_set_visible (GTK_WIDGET (self->project_title), TRUE);
      gtk_window_set_title (GTK_WINDOW (self), name);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->project_title), FALSE);
  if (table)
    {
      g_autofree char *base_name = g_path_get_basename (table->display_name);
      gtk_window_set_title (GTK_WINDOW (self), base_name);
    }
}

typedef struct {
  BpProject *project;
  GFile     *file;
} OpenProject;

static void
open_project_free (OpenProject *op)
{
  g_clear_pointer (&op->project, bp_project_free);
  g_clear_object (&op->file);
  g_free (op);
}

/* A request to open @file's @project (taken; NULL: still to be read). */
static OpenProject *
open_project_new (BpProject *project, GFile *file)
{
  OpenProject *op = g_new0 (OpenProject, 1);
  op->project = project;
  op->file = g_object_ref (file);
  return op;
}

static void
open_project_now (BpWindow *self, gpointer data)
{
  OpenProject *op = data;
  add_recent (op->file);
  bp_document_open_project_async (self->document, op->file, g_steal_pointer (&op->project), NULL, on_opened,
                                  opening_new (self, NULL));
}

/* The user found a project's data file: open the project with it. */
static void
on_data_file_found (BpWindow *self, GFile *csv, gpointer data)
{
  GFile *project_file = data;
  /* Read again with the file found; a failure is said by "open-failed". */
  BpProject *project = bp_document_read_project (self->document, project_file, csv, NULL);
  if (project)
    confirm_discard (self, open_project_now, open_project_new (project, project_file),
                     (GDestroyNotify) open_project_free);
}

static void
find_data_file (BpWindow *self, gpointer data)
{
  GFile *project_file = data;
  g_autofree char *name = g_filename_display_basename (bp_document_get_missing_data (self->document));
  /* Translators: %s is a CSV file's name; the title of a file chooser. */
  g_autofree char *title = g_strdup_printf (_("Find “%s”"), name);
  static const BpFileFilterKind filters[] = { BP_FILE_FILTER_CSV };
  choose_file (self, BP_CHOOSE_OPEN, title, NULL, filters, G_N_ELEMENTS (filters), on_data_file_found,
               g_object_ref (project_file), g_object_unref);
}

/* Moved, too big for the project to keep a copy, or out of the sandbox's
 * reach: the user can point at the data file. */
static void
ask_to_find_data (BpWindow *self, GFile *project_file)
{
  g_autofree char *name = display_basename (project_file);
  g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);
  g_autofree char *display = g_filename_display_name (bp_document_get_missing_data (self->document));
  /* Translators: the first %s is a CSV file's full path, the second a project's file name. */
  g_autofree char *body = g_strdup_printf (_("The data file “%s” that the project “%s” uses cannot be found. "
                                             "Find it to open the project with it."),
                                           display, name);
  ask (self, heading, body, "find", _("_Find File…"), ADW_RESPONSE_SUGGESTED, find_data_file,
       g_object_ref (project_file), g_object_unref);
}

/* Whatever the document could not open, said here: a dialog, or nothing
 * more when a handler of the window's "open-failed" (a scripted run) has
 * reported it. @file is the file
 * that failed (the project, or the CSV being read), NULL for a sample. */
static void
on_open_failed (BpDocument *document, GFile *file, const GError *error, BpWindow *self)
{
  g_autofree char *name = file ? display_basename (file) : NULL;
  g_autofree char *heading = NULL;
  if (!file)
    {
      show_error (self, _("Could Not Open the Sample"), error->message);
      return;
    }
  if (g_error_matches (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_DATA_MISSING))
    {
      /* A scripted run cannot answer a question: it fails, naming the file. */
      if (emit_open_failed (self, error->message))
        {
          self->train_when_ready = FALSE;
          self->open_failed = TRUE;
        }
      else
        ask_to_find_data (self, file);
      return;
    }
  if (bp_document_is_project_file (file))
    {
      heading = g_error_matches (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NOT_APPLIED)
        ? g_strdup_printf (_("Could Not Apply “%s”"), name)
        : g_strdup_printf (_("Could Not Open “%s”"), name);
      report_open_error (self, heading, error->message);
      return;
    }
  /* A CSV that could not be read. With a Train waiting, there is
   * nothing to train now. */
  gboolean train = self->train_when_ready;
  self->train_when_ready = FALSE;
  heading = g_strdup_printf (_("Could Not Open “%s”"), name);
  if (!train || !emit_open_failed (self, error->message))
    show_error (self, heading, error->message);
}

/* Read the project first: a broken one, or one whose data is gone, says
 * so (through "open-failed") and costs nothing; only then is a trained
 * network given up. */
static void
open_project (BpWindow *self, GFile *file, gboolean confirmed)
{
  BpProject *project = bp_document_read_project (self->document, file, NULL, NULL);
  if (!project)
    return;
  OpenProject *op = open_project_new (project, file);
  if (confirmed)
    {
      open_project_now (self, op);
      open_project_free (op);
    }
  else
    confirm_discard (self, open_project_now, op, (GDestroyNotify) open_project_free);
}

void
bp_window_open_file (BpWindow *self, GFile *file)
{
  g_return_if_fail (BP_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  self->open_failed = FALSE;
  if (bp_document_is_project_file (file))
    open_project (self, file, FALSE);
  else
    confirm_discard (self, start_load, g_object_ref (file), g_object_unref);
}

gboolean
bp_window_save_project (BpWindow *self, GFile *file, GError **error)
{
  g_return_val_if_fail (BP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (bp_document_get_table (self->document) != NULL, FALSE);
  if (!bp_document_save_project (self->document, file, error))
    return FALSE;
  add_recent (file);
  return TRUE;
}

GFile *
bp_window_get_project_file (BpWindow *self)
{
  g_return_val_if_fail (BP_IS_WINDOW (self), NULL);
  return bp_document_get_project_file (self->document);
}

static void
save_project_to (BpWindow *self, GFile *file)
{
  g_autoptr(GError) error = NULL;
  if (!bp_window_save_project (self, file, &error))
    {
      show_error (self, _("Could Not Save the Project"), error->message);
      return;
    }
  g_autofree char *display = display_basename (file);
  g_autofree char *text = g_strdup_printf (_("Saved “%s”"), display);
  toast (self, text);
}

gboolean
bp_window_open_sample (BpWindow *self, const char *name, GError **error)
{
  g_return_val_if_fail (BP_IS_WINDOW (self), FALSE);
  self->open_failed = FALSE;
  if (!bp_document_check_sample (name, error))
    return FALSE;
  confirm_discard (self, open_sample_now, g_strdup (name), g_free);
  return TRUE;
}

/* ---- file dialogs ----------------------------------------------------- */


typedef struct {
  FileChosenFunc func;
  gpointer       data;
  GDestroyNotify destroy;
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
static void
choose_file (BpWindow *self, BpChooseAction action, const char *title, const char *suggested_name,
             const BpFileFilterKind *filters, guint n_filters,
             FileChosenFunc func, gpointer data, GDestroyNotify destroy)
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

static void
remember_folder (BpWindow *self, GFile *file)
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
  remember_folder (self, file);
  /* The user agreed to discard a run before the dialog opened. */
  if (bp_document_is_project_file (file))
    open_project (self, file, TRUE);
  else
    start_load (self, file);
}

static void
open_dialog_now (BpWindow *self, gpointer data)
{
  static const BpFileFilterKind filters[] = {
    BP_FILE_FILTER_DATA_OR_PROJECT, BP_FILE_FILTER_CSV, BP_FILE_FILTER_PROJECT,
  };
  choose_file (self, BP_CHOOSE_OPEN, _("Open Data or a Project"), NULL, filters, G_N_ELEMENTS (filters),
               on_open_chosen, NULL, NULL);
}

static void
on_project_file_chosen (BpWindow *self, GFile *file, gpointer data)
{
  remember_folder (self, file);
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
  save_project_to (self, target);
}

static void
save_project_as_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
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
  static const BpFileFilterKind filters[] = { BP_FILE_FILTER_PROJECT };
  choose_file (self, BP_CHOOSE_SAVE, _("Save Project"), suggested, filters, G_N_ELEMENTS (filters),
               on_project_file_chosen, NULL, NULL);
}

static void
save_project_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  GFile *project_file = bp_document_get_project_file (self->document);
  if (project_file)
    save_project_to (self, project_file);
  else
    save_project_as_action (widget, "win.save-project-as", NULL);
}

/* ---- training ---------------------------------------------------------- */

static void
poll_session (BpWindow *self)
{
  g_array_set_size (self->scratch, 0);
  if (bp_training_session_poll (self->session, self->scratch) == 0)
    return;
  bp_training_view_add_progress (self->training_view, (const BpProgress *) (void *) self->scratch->data,
                                 self->scratch->len);
}

/* Once per pause (or step) that has parked: the model as it is now. The
 * result stays on show after resuming, labelled with where it was taken,
 * so the class can keep looking at it while the run goes on. */
static void
evaluate_if_parked (BpWindow *self)
{
  /* The session hands out the model only once the worker has parked. */
  if (bp_training_session_get_state (self->session) != BP_SESSION_PAUSED
      || !bp_training_session_get_model (self->session))
    return;
  /* Parked, so everything up to here is published: take it first. */
  poll_session (self);
  guint64 step = bp_training_session_get_last (self->session)->step;
  if (step == 0 || step == self->evaluated_step)
    return;
  update_evaluation (self);
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  BpWindow *self = BP_WINDOW (widget);
  poll_session (self);
  evaluate_if_parked (self);
  return G_SOURCE_CONTINUE;
}

static void
on_session_updated (BpTrainingSession *session, BpWindow *self)
{
  poll_session (self);
}

static void
flush_marker (BpWindow *self)
{
  if (!self->pending_marker)
    return;
  bp_training_view_add_marker (self->training_view, self->pending_marker);
  g_clear_pointer (&self->pending_marker, g_free);
}

/* Build the run from the document; FALSE (and a message) if it cannot be. */
static gboolean
prepare_run (BpWindow *self)
{
  BpSessionState state = bp_training_session_get_state (self->session);
  if (state == BP_SESSION_PAUSED || state == BP_SESSION_RUNNING)
    return TRUE;
  g_autoptr(GError) error = NULL;
  if (!bp_document_prepare_training (self->document, &error))
    {
      if (g_error_matches (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NO_DATA))
        toast (self, error->message);
      else
        show_error (self, _("Cannot Start Training"), error->message);
      return FALSE;
    }
  const BpDataset *d = bp_training_session_get_dataset (self->session);
  self->task = d->task;
  self->has_validation = d->n_validation > 0;
  bp_training_view_begin (self->training_view, self->task, self->has_validation);
  return TRUE;
}

static void
train_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  if (!prepare_run (self))
    return;
  flush_marker (self);
  bp_training_session_resume (self->session);
}

static void
pause_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  switch (bp_training_session_get_state (self->session))
    {
    case BP_SESSION_RUNNING:
      bp_training_session_pause (self->session);
      break;
    case BP_SESSION_PAUSED:
      flush_marker (self);
      bp_training_session_resume (self->session);
      break;
    case BP_SESSION_IDLE:
    case BP_SESSION_FINISHED:
    default:
      break;
    }
}

static void
step_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  if (bp_training_session_get_state (self->session) == BP_SESSION_RUNNING || !prepare_run (self))
    return;
  flush_marker (self);
  bp_training_session_step (self->session, g_str_equal (name, "win.step-epoch") ? BP_STEP_EPOCH : BP_STEP_BATCH);
}

static void
stop_action (GtkWidget *widget, const char *name, GVariant *param)
{
  bp_training_session_stop (BP_WINDOW (widget)->session);
}

static void
reset_now (BpWindow *self, gpointer data)
{
  bp_document_reset_training (self->document);
}

static void
reset_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  confirm_discard (self, reset_now, NULL, NULL);
}

static void
on_state_changed (BpTrainingSession *session, GParamSpec *pspec, BpWindow *self)
{
  BpSessionState state = bp_training_session_get_state (session);
  gboolean active = state == BP_SESSION_RUNNING || state == BP_SESSION_PAUSED;

  if (state == BP_SESSION_IDLE)
    {
      /* The run was reset (by Reset, Train again or opening other data):
       * nothing of it stays on show. */
      bp_training_view_clear (self->training_view);
      update_evaluation (self);
      g_clear_pointer (&self->pending_marker, g_free);
    }

  if (active && !self->tick_id)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
  else if (!active && self->tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }

  bp_model_view_set_state (self->model_view,
                           state == BP_SESSION_IDLE ? BP_MODEL_VIEW_EDITABLE
                           : state == BP_SESSION_RUNNING ? BP_MODEL_VIEW_RUNNING
                           : BP_MODEL_VIEW_PAUSED);
  bp_data_view_set_locked (self->data_view, state != BP_SESSION_IDLE);
  bp_training_view_set_paused (self->training_view, state == BP_SESSION_PAUSED);
  if (state == BP_SESSION_PAUSED && bp_training_session_get_last (session)->step > 0)
    bp_training_view_set_status (self->training_view,
                                 _("Paused. You can change the learning rate, batch size and epochs now; "
                                   "the change takes effect when you resume."), FALSE);
  else if (state == BP_SESSION_RUNNING)
    bp_training_view_set_status (self->training_view, NULL, FALSE);
  update_actions (self);
}

static char *
finished_message (BpWindow *self)
{
  const BpProgress *last = bp_training_session_get_last (self->session);
  gboolean regression = self->task == BP_TASK_REGRESSION;
  double value = self->has_validation ? last->val_metric : last->metric;
  g_autofree char *result = self->has_validation
    ? g_strdup_printf (regression ? _("validation mean absolute error %.4f") : _("validation accuracy %.4f"), value)
    : g_strdup_printf (regression ? _("training mean absolute error %.4f") : _("training accuracy %.4f"), value);

  switch (bp_training_session_get_stop_reason (self->session))
    {
    case BP_STOP_EPOCHS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Finished %u epoch: %s.", "Finished %u epochs: %s.",
                                           last->epoch),
                              last->epoch, result);
    case BP_STOP_EARLY:
      return g_strdup_printf (_("Stopped early after epoch %u: the validation score stopped improving. %s."),
                              last->epoch, result);
    case BP_STOP_TARGET:
      return g_strdup_printf (_("Reached the target after epoch %u: %s."), last->epoch, result);
    case BP_STOP_TIME:
      return g_strdup_printf (_("Time limit reached after epoch %u: %s."), last->epoch, result);
    case BP_STOP_USER:
      return g_strdup_printf (_("Stopped during epoch %u. The network keeps what it learned so far."), last->epoch);
    case BP_STOP_DIVERGED:
    case BP_STOP_NONE:
    default:
      return NULL;
    }
}

#define BOUNDARY_SIZE 160

/* How the model does on the validation rows (the training rows when
 * there are none), and for two inputs, where it draws the line. Only when
 * the session hands out the model (the run has ended, or its worker is
 * parked in a pause). */
static void
update_evaluation (BpWindow *self)
{
  const BpModel *model = bp_training_session_get_model (self->session);
  const BpDataset *d = bp_training_session_get_dataset (self->session);
  /* Whatever happens below, nothing from an earlier run stays on show. */
  bp_eval_view_set_evaluation (self->eval_view, NULL, NULL, 0, NULL);
  bp_eval_view_set_boundary (self->eval_view, NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, 0, 0);
  bp_eval_view_set_model (self->eval_view, NULL, NULL, NULL);
  self->evaluated_step = 0;
  if (!model || !d)   /* not while the worker owns it */
    return;
  const BpProgress *last = bp_training_session_get_last (self->session);
  gboolean paused = bp_training_session_get_state (self->session) == BP_SESSION_PAUSED;
  if (paused)
    self->evaluated_step = last->step;

  gboolean validation = d->n_validation > 0;
  const guint32 *rows = validation ? d->validation : d->train;
  gsize n_rows = validation ? d->n_validation : d->n_train;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpEvaluation) evaluation = bp_evaluation_new (model, d, rows, n_rows, &error);
  if (!evaluation)
    {
      g_warning ("Could not evaluate the model: %s", error->message);
      return;
    }
  g_autofree char *description = validation
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%zu validation row", "%zu validation rows", n_rows), n_rows)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%zu training row (there are no validation rows)",
                                    "%zu training rows (there are no validation rows)", n_rows), n_rows);
  if (paused)
    {
      /* Mid-run: say which point of the run this is. */
      g_autofree char *when = g_strdup_printf (_("After epoch %u, batch %u (paused)"), last->epoch, last->batch);
      g_autofree char *counted = g_steal_pointer (&description);
      description = g_strdup_printf ("%s · %s", when, counted);
    }
  bp_eval_view_set_evaluation (self->eval_view, evaluation, (const char * const *) d->class_names,
                               d->n_classes, description);
  bp_eval_view_set_model (self->eval_view, model, (const char * const *) d->input_names,
                          (const char * const *) d->class_names);

  if (d->n_features != 2 || d->task == BP_TASK_REGRESSION || d->n_rows == 0)
    {
      bp_eval_view_set_boundary (self->eval_view, NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, 0, 0);
      return;
    }
  /* The inputs' extent, in the scaled units the model sees, and a margin. */
  double lo[2], hi[2];
  bp_decision_grid_bounds (d, 0.1, lo, hi);
  g_autofree float *grid = g_new (float, BOUNDARY_SIZE * BOUNDARY_SIZE);
  if (!bp_decision_grid (model, lo[0], hi[0], lo[1], hi[1], BOUNDARY_SIZE, BOUNDARY_SIZE, grid, &error))
    {
      g_warning ("Could not draw the decision boundary: %s", error->message);
      return;
    }
  bp_eval_view_set_boundary (self->eval_view, grid, BOUNDARY_SIZE, BOUNDARY_SIZE, lo[0], hi[0], lo[1], hi[1],
                             d->x, d->labels, d->n_rows, d->n_classes);
}

static void
on_session_finished (BpTrainingSession *session, BpWindow *self)
{
  poll_session (self);
  const GError *error = bp_training_session_get_error (session);
  if (error)
    {
      g_autofree char *text = g_strdup_printf (_("Training stopped: %s"), error->message);
      bp_training_view_set_status (self->training_view, text, TRUE);
    }
  else
    {
      g_autofree char *text = finished_message (self);
      bp_training_view_set_status (self->training_view, text, FALSE);
    }
  update_evaluation (self);
}

static void
on_config_changed (BpModelView *view, BpWindow *self)
{
  BpTrainConfig config;
  bp_model_view_get_train_config (view, &config);
  gboolean paused = bp_training_session_get_state (self->session) == BP_SESSION_PAUSED;
  BpTrainConfig old = *bp_training_session_get_config (self->session);
  g_autoptr(GError) error = NULL;
  if (!bp_document_set_train_config (self->document, &config, &error))
    {
      toast (self, error->message);
      return;
    }
  if (!paused)
    return;
  /* One mark for what changed since the run last moved. */
  g_autoptr(GString) marker = g_string_new (NULL);
  if (config.optimizer.learning_rate != old.optimizer.learning_rate)
    g_string_append_printf (marker, _("lr %g"), (double) config.optimizer.learning_rate);
  if (config.batch_size != old.batch_size)
    {
      if (marker->len)
        g_string_append (marker, " · ");
      g_string_append_printf (marker, _("batch %u"), config.batch_size);
    }
  if (marker->len)
    {
      g_free (self->pending_marker);
      self->pending_marker = g_string_free (g_steal_pointer (&marker), FALSE);
    }
}

static void
on_data_options_changed (BpDataView *view, BpWindow *self)
{
  BpDatasetOptions options;
  bp_data_view_get_options (view, &options);
  bp_document_set_data_options (self->document, &options);
}

void
bp_window_train_when_ready (BpWindow *self)
{
  g_return_if_fail (BP_IS_WINDOW (self));
  if (bp_document_get_dataset (self->document) && !bp_document_get_loading (self->document))
    train_now (self);
  else
    self->train_when_ready = TRUE;
}

/* ---- exports ----------------------------------------------------------- */

static void
on_chart_file_chosen (BpWindow *self, GFile *file, gpointer data)
{
  BpChart *chart = g_str_equal (data, "metric") ? bp_training_view_get_metric_chart (self->training_view)
                                                : bp_training_view_get_loss_chart (self->training_view);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  remember_folder (self, file);
  if (!path)
    toast (self, _("Charts can only be saved to local files"));
  else if (!bp_chart_export (chart, path, 1600, 1000, &error))
    show_error (self, _("Could Not Export the Chart"), error->message);
  else
    toast (self, _("Chart exported"));
}

static void
export_chart_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  const char *which = g_variant_get_string (param, NULL);
  const char *suggested = g_str_equal (which, "metric") ? "metric.png" : "loss.png";
  static const BpFileFilterKind filters[] = { BP_FILE_FILTER_CHART };
  choose_file (self, BP_CHOOSE_SAVE, _("Export Chart"), suggested, filters, G_N_ELEMENTS (filters),
               on_chart_file_chosen, g_strdup (which), g_free);
}

static void
on_history_file_chosen (BpWindow *self, GFile *file, gpointer data)
{
  gsize length;
  g_autofree char *text = bp_history_to_csv (bp_training_session_get_history (self->session), self->task, &length);
  g_autoptr(GError) error = NULL;
  remember_folder (self, file);
  if (!g_file_replace_contents (file, text, length, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, NULL, &error))
    show_error (self, _("Could Not Export the History"), error->message);
  else
    toast (self, _("History exported"));
}

static void
export_history_action (GtkWidget *widget, const char *name, GVariant *param)
{
  static const BpFileFilterKind filters[] = { BP_FILE_FILTER_CSV };
  choose_file (BP_WINDOW (widget), BP_CHOOSE_SAVE, _("Export History"), "history.csv", filters, G_N_ELEMENTS (filters),
               on_history_file_chosen, NULL, NULL);
}

static void
on_model_file_chosen (BpWindow *self, GFile *file, gpointer data)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  remember_folder (self, file);
  if (!path)
    toast (self, _("Models can only be saved to local files"));
  else if (!bp_training_session_save_model (self->session, path, &error))
    show_error (self, _("Could Not Save the Model"), error->message);
  else
    toast (self, _("Model saved"));
}

static void
save_model_action (GtkWidget *widget, const char *name, GVariant *param)
{
  static const BpFileFilterKind filters[] = { BP_FILE_FILTER_MODEL };
  choose_file (BP_WINDOW (widget), BP_CHOOSE_SAVE, _("Save Model"), "model.json", filters, G_N_ELEMENTS (filters),
               on_model_file_chosen, NULL, NULL);
}

/* ---- other actions ------------------------------------------------------ */

static void
open_action (GtkWidget *widget, const char *name, GVariant *param)
{
  BpWindow *self = BP_WINDOW (widget);
  confirm_discard (self, open_dialog_now, NULL, NULL);
}

static void
open_sample_action (GtkWidget *widget, const char *name, GVariant *param)
{
  g_autoptr(GError) error = NULL;
  if (!bp_window_open_sample (BP_WINDOW (widget), g_variant_get_string (param, NULL), &error))
    toast (BP_WINDOW (widget), error->message);
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

static void
update_actions (BpWindow *self)
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
  gtk_widget_action_set_enabled (w, "win.save-model", has_run && state != BP_SESSION_RUNNING);
  gtk_widget_action_set_enabled (w, "win.export-history", has_epochs);
  gtk_widget_action_set_enabled (w, "win.export-chart", has_table);
  gtk_widget_action_set_enabled (w, "win.cancel-load", loading);
  /* A project is the setup, so it can be saved during and after a run. */
  gtk_widget_action_set_enabled (w, "win.save-project", has_table && !loading);
  gtk_widget_action_set_enabled (w, "win.save-project-as", has_table && !loading);
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
  gtk_widget_class_bind_template_child (widget_class, BpWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, BpWindow, project_title);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", "s", open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.train", NULL, train_action);
  gtk_widget_class_install_action (widget_class, "win.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "win.step-batch", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-epoch", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.export-chart", "s", export_chart_action);
  gtk_widget_class_install_action (widget_class, "win.export-history", NULL, export_history_action);
  gtk_widget_class_install_action (widget_class, "win.save-model", NULL, save_model_action);
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
  g_signal_connect (self->document, "changed", G_CALLBACK (on_document_changed), self);
  g_signal_connect (self->document, "open-failed", G_CALLBACK (on_open_failed), self);
  g_signal_connect (self->document, "notify::loading", G_CALLBACK (on_loading_changed), self);
  g_signal_connect (self->document, "notify::fraction", G_CALLBACK (on_fraction_changed), self);
  g_signal_connect (self->session, "notify::state", G_CALLBACK (on_state_changed), self);
  g_signal_connect (self->session, "updated", G_CALLBACK (on_session_updated), self);
  g_signal_connect (self->session, "finished", G_CALLBACK (on_session_finished), self);
  g_signal_connect (self->model_view, "config-changed", G_CALLBACK (on_config_changed), self);
  g_signal_connect (self->model_view, "architecture-changed", G_CALLBACK (on_architecture_changed), self);
  /* The document starts with what the model view shows. */
  on_architecture_changed (self->model_view, self);
  on_config_changed (self->model_view, self);
  g_signal_connect (self->data_view, "options-changed", G_CALLBACK (on_data_options_changed), self);

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
  update_actions (self);
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
