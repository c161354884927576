/* bp-window-document.c: the window shows its document and pushes the
 * user's choices into it.
 *
 * "changed" refreshes the data view, the model view's layers and
 * settings, the summary and the title; "loading" and "fraction" drive the
 * loading page; "open-failed" becomes the error dialog, or the question
 * that lets the user find a project's missing data file. The views'
 * signals (data choices, layers, settings) go the other way. Opening a
 * file, a sample or a project asks first when a trained network would be
 * lost; the document does the rest (bp-document.h).
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "bp-window"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "bp-window-private.h"

static void update_title (BpWindow *self);

/* ---- data: what the document holds, shown ----------------------------- */

static char *
describe_split (const BpDatasetOptions *options, BpSplit made)
{
  int percent = (int) lround (options->validation_fraction * 100);
  switch (made)
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

/* On the Data page and before Train: the split the app chose by itself,
 * with one click back to the file order. A run's dataset keeps its split
 * (the notices stay until the run is reset). */
static void
show_split_notices (BpWindow *self, const BpDataset *d)
{
  if (bp_training_session_get_state (self->session) != BP_SESSION_IDLE && d == NULL)
    return;
  BpDatasetOptions options;
  bp_document_get_data_options (self->document, &options);
  const char *note = d && options.split == BP_SPLIT_AUTO ? d->split_note : NULL;
  /* The drop-down's own words for the Keras split. */
  g_autofree char *keras = g_strdup_printf (_("Keras: last %.0f%% of rows"), options.validation_fraction * 100.0);
  bp_notice_set (self->data_notice, note, keras, "win.keras-split");
  bp_notice_set (self->train_notice, note, keras, "win.keras-split");
}

/* The dataset the document made (or why it could not): messages, the
 * summary under the title and the network's inputs and outputs. */
static void
show_dataset (BpWindow *self)
{
  const BpTable *table = bp_document_get_table (self->document);
  if (!table)
    {
      bp_notice_set (self->data_notice, NULL, NULL, NULL);
      bp_notice_set (self->train_notice, NULL, NULL, NULL);
      bp_model_view_set_data (self->model_view, 0, BP_TASK_BINARY, 1);
      _bp_window_update_actions (self);
      return;
    }

  const BpDataset *d = bp_document_get_dataset (self->document);
  const GError *error = bp_document_get_dataset_error (self->document);
  show_split_notices (self, d);
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
      _bp_window_update_actions (self);
      return;
    }

  BpDatasetOptions options;
  bp_document_get_data_options (self->document, &options);
  bp_model_view_set_data (self->model_view, d->n_features, d->task, d->n_outputs);
  bp_data_view_set_split_made (self->data_view, d->split);
  g_autofree char *split = describe_split (&options, d->split);
  g_autofree char *target = d->task == BP_TASK_MULTICLASS
    ? g_strdup_printf (_("%s (%zu classes)"), d->target_name, d->n_classes)
    /* Translators: the target column and what it predicts, e.g. "diagnosis (two classes)";
     * use your language's parentheses, as in "%s (%zu classes)". */
    : g_strdup_printf (C_("target summary", "%s (%s)"), d->target_name, task_words (d->task));
  /* Translators: %'zu groups the digits ("1 500 000"); e.g. "569 rows · 30 inputs → diagnosis (two classes)\n455 for training · 114 for validation (last 20% of rows for validation)" */
  g_autofree char *summary = g_strdup_printf (_("%'zu rows · %'zu inputs → %s\n%'zu for training · %'zu for validation (%s)"),
                                              d->n_rows, d->n_features, target, d->n_train, d->n_validation, split);
  gtk_label_set_text (self->data_summary, summary);
  _bp_window_update_actions (self);
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
    {
      /* What was opened, shown: not a change the user made. */
      gboolean modified = bp_document_get_modified (self->document);
      bp_document_set_data_options (self->document, &shown);
      if (!modified)
        bp_document_set_modified (self->document, FALSE);
    }
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
      _bp_window_toast (self, text);
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
  _bp_window_update_actions (self);
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

void
_bp_window_train_now (BpWindow *self)
{
  /* Data that cannot be trained on as chosen (no training rows left, say)
   * leaves win.train off: activating it would do nothing, and a scripted
   * run would wait forever. Say why; a scripted run fails with it. */
  const GError *error = bp_document_get_dataset_error (self->document);
  if (error && !bp_document_get_dataset (self->document) &&
      bp_training_session_get_state (self->session) == BP_SESSION_IDLE)
    {
      if (!_bp_window_emit_open_failed (self, error->message))
        _bp_window_show_error (self, _("Cannot Start Training"), error->message);
      return;
    }
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
      _bp_window_train_now (self);
    }
}

/* The user agreed to discard the run: it stops now, not when (or if)
 * the new file has loaded. */
void
_bp_window_start_load (BpWindow *self, gpointer data)
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
    _bp_window_confirm_discard (self, open_project_now, open_project_new (project, project_file),
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
  _bp_window_choose_file (self, BP_CHOOSE_OPEN, title, NULL, filters, G_N_ELEMENTS (filters), on_data_file_found,
                          g_object_ref (project_file), g_object_unref);
}

/* Moved, too big for the project to keep a copy, or out of the sandbox's
 * reach: the user can point at the data file. */
static void
ask_to_find_data (BpWindow *self, GFile *project_file)
{
  g_autofree char *name = _bp_window_display_basename (project_file);
  g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);
  g_autofree char *display = g_filename_display_name (bp_document_get_missing_data (self->document));
  /* Translators: the first %s is a CSV file's full path, the second a project's file name. */
  g_autofree char *body = g_strdup_printf (_("The data file “%s” that the project “%s” uses cannot be found. "
                                             "Find it to open the project with it."),
                                           display, name);
  _bp_window_ask (self, heading, body, "find", _("_Find File…"), ADW_RESPONSE_SUGGESTED, find_data_file,
                  g_object_ref (project_file), g_object_unref);
}

/* Whatever the document could not open, said here: a dialog, or nothing
 * more when a handler of the window's "open-failed" (a scripted run) has
 * reported it. @file is the file
 * that failed (the project, or the CSV being read), NULL for a sample. */
static void
on_open_failed (BpDocument *document, GFile *file, const GError *error, BpWindow *self)
{
  self->open_failures++;
  g_autofree char *name = file ? _bp_window_display_basename (file) : NULL;
  g_autofree char *heading = NULL;
  if (!file)
    {
      _bp_window_show_error (self, _("Could Not Open the Sample"), error->message);
      return;
    }
  if (g_error_matches (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_DATA_MISSING))
    {
      /* A scripted run cannot answer a question: it fails, naming the file. */
      if (_bp_window_emit_open_failed (self, error->message))
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
      _bp_window_report_open_error (self, heading, error->message);
      return;
    }
  /* A CSV that could not be read. With a Train waiting, there is
   * nothing to train now. */
  gboolean train = self->train_when_ready;
  self->train_when_ready = FALSE;
  heading = g_strdup_printf (_("Could Not Open “%s”"), name);
  if (!train || !_bp_window_emit_open_failed (self, error->message))
    _bp_window_show_error (self, heading, error->message);
}

/* Read the project first: a broken one, or one whose data is gone, says
 * so (through "open-failed") and costs nothing; only then is a trained
 * network given up. */
void
_bp_window_open_project (BpWindow *self, GFile *file, gboolean confirmed)
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
    _bp_window_confirm_discard (self, open_project_now, op, (GDestroyNotify) open_project_free);
}

void
_bp_window_open_any (BpWindow *self, GFile *file, gboolean confirmed)
{
  if (bp_document_is_project_file (file))
    _bp_window_open_project (self, file, confirmed);
  else if (bp_document_is_run_log_file (file))
    _bp_window_follow_run_log (self, file);
  else if (confirmed)
    _bp_window_start_load (self, file);
  else
    _bp_window_confirm_discard (self, _bp_window_start_load, g_object_ref (file), g_object_unref);
}

void
bp_window_open_file (BpWindow *self, GFile *file)
{
  g_return_if_fail (BP_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  self->open_failed = FALSE;
  _bp_window_open_any (self, file, FALSE);
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

gboolean
_bp_window_save_project_to (BpWindow *self, GFile *file)
{
  g_autoptr(GError) error = NULL;
  if (!bp_window_save_project (self, file, &error))
    {
      _bp_window_show_error (self, _("Could Not Save the Project"), error->message);
      return FALSE;
    }
  g_autofree char *display = _bp_window_display_basename (file);
  g_autofree char *text = g_strdup_printf (_("Saved “%s”"), display);
  _bp_window_toast (self, text);
  return TRUE;
}

char *
_bp_window_document_name (BpWindow *self)
{
  GFile *project_file = bp_document_get_project_file (self->document);
  const BpTable *table = bp_document_get_table (self->document);
  if (project_file)
    return project_name (project_file);
  return table ? g_path_get_basename (table->display_name) : g_strdup ("");
}

gboolean
bp_window_open_sample (BpWindow *self, const char *name, GError **error)
{
  g_return_val_if_fail (BP_IS_WINDOW (self), FALSE);
  self->open_failed = FALSE;
  if (!bp_document_check_sample (name, error))
    return FALSE;
  _bp_window_confirm_discard (self, open_sample_now, g_strdup (name), g_free);
  return TRUE;
}

/* ---- the user's choices, pushed into the document --------------------- */

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
      _bp_window_toast (self, error->message);
      return;
    }
  if (!paused)
    return;
  /* One mark naming every change since the run last moved: several
   * changes during one pause are measured from the settings it paused
   * with, not from the change before. */
  if (!self->marker_base_set)
    {
      self->marker_base = old;
      self->marker_base_set = TRUE;
    }
  g_free (self->pending_marker);
  self->pending_marker = _bp_window_change_marker (&self->marker_base, &config);
}

char *
_bp_window_change_marker (const BpTrainConfig *before, const BpTrainConfig *after)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const BpOptimizerConfig *a = &before->optimizer, *b = &after->optimizer;
  if (a->learning_rate != b->learning_rate)
    g_ptr_array_add (parts, g_strdup_printf (_("lr %g"), (double) b->learning_rate));
  if (before->batch_size != after->batch_size)
    g_ptr_array_add (parts, g_strdup_printf (_("batch %u"), after->batch_size));
  if (before->epochs != after->epochs)
    g_ptr_array_add (parts, g_strdup_printf (_("epochs %'u"), after->epochs));
  if (a->weight_decay != b->weight_decay)
    g_ptr_array_add (parts, g_strdup_printf (_("weight decay %g"), (double) b->weight_decay));
  if (a->l2 != b->l2)
    g_ptr_array_add (parts, g_strdup_printf (_("L2 %g"), (double) b->l2));
  if (a->momentum != b->momentum)
    g_ptr_array_add (parts, g_strdup_printf (_("momentum %g"), (double) b->momentum));
  if (before->patience != after->patience)
    g_ptr_array_add (parts, g_strdup_printf (_("patience %u"), after->patience));
  if (parts->len == 0)
    return NULL;   /* changed and changed back */
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
on_data_options_changed (BpDataView *view, BpWindow *self)
{
  BpDatasetOptions options;
  bp_data_view_get_options (view, &options);
  bp_document_set_data_options (self->document, &options);
}

static void
on_markers_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  /* A failure was said with "open-failed"; the data stays as it was. */
  g_autoptr(GError) error = NULL;
  if (!bp_document_open_finish (BP_DOCUMENT (source), result, &error))
    g_debug ("the data was not read again: %s", error->message);
}

/* Other missing-value markers: the document reads the data again. */
static void
on_data_markers_changed (BpDataView *view, BpWindow *self)
{
  gboolean keep_empty = FALSE;
  g_auto(GStrv) markers = bp_data_view_dup_missing_markers (view, &keep_empty);
  bp_document_set_missing_markers_async (self->document, (const char * const *) markers, keep_empty, NULL,
                                         on_markers_read, NULL);
}

void
_bp_window_document_init (BpWindow *self)
{
  g_signal_connect (self->document, "changed", G_CALLBACK (on_document_changed), self);
  g_signal_connect (self->document, "open-failed", G_CALLBACK (on_open_failed), self);
  g_signal_connect (self->document, "notify::loading", G_CALLBACK (on_loading_changed), self);
  g_signal_connect (self->document, "notify::fraction", G_CALLBACK (on_fraction_changed), self);
  g_signal_connect (self->model_view, "config-changed", G_CALLBACK (on_config_changed), self);
  g_signal_connect (self->model_view, "architecture-changed", G_CALLBACK (on_architecture_changed), self);
  /* The document starts with what the model view shows. */
  on_architecture_changed (self->model_view, self);
  on_config_changed (self->model_view, self);
  g_signal_connect (self->data_view, "options-changed", G_CALLBACK (on_data_options_changed), self);
  g_signal_connect (self->data_view, "markers-changed", G_CALLBACK (on_data_markers_changed), self);
}
