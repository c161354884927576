/* bp-document.c: the table, its dataset, the setup and the run, how they
 * are opened, and the load in flight. Projects are read, opened, built
 * and saved in bp-document-project.c (bp-document-private.h).
 *
 * One open is in flight at a time: open_task, with the loader reading a
 * CSV and, for a project, the project waiting for that data. Whatever
 * starts next (another open, Cancel, the end) drops it first: its task
 * ends with G_IO_ERROR_CANCELLED and the loader's late result is ignored.
 * A failure is said once, with "open-failed", when it is known; an open
 * that needs no thread has changed the document (or failed) before its
 * _async call returns, as the window's scripted runs rely on.
 */
#define G_LOG_DOMAIN "bp-document"

#include "bp-document.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bp-document-private.h"

G_DEFINE_FINAL_TYPE (BpDocument, bp_document, G_TYPE_OBJECT)
G_DEFINE_QUARK (bp-document-error-quark, bp_document_error)

enum { PROP_0, PROP_LOADING, PROP_FRACTION, PROP_MESSAGE, PROP_PROJECT_FILE, PROP_RUN_LOG, PROP_MODIFIED, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_CHANGED, SIGNAL_OPEN_FAILED, SIGNAL_AUTOSAVE_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
_bp_document_emit_changed (BpDocument *self, BpDocumentChange what)
{
  if (what & BP_DOCUMENT_CHANGED_PROJECT)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_FILE]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, (guint) what);
}

void
_bp_document_notify_modified (BpDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/* Says why an open failed, unless it was only cancelled. */
void
_bp_document_open_failed (BpDocument *self, GFile *file, const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_CANCELLED))
    return;
  g_signal_emit (self, signals[SIGNAL_OPEN_FAILED], 0, file, error);
}

void
_bp_document_autosave_failed (BpDocument *self, const GError *error)
{
  g_autofree char *folder = bp_autosave_get_folder ();
  g_signal_emit (self, signals[SIGNAL_AUTOSAVE_FAILED], 0, folder, error);
}

static void
notify_loading (BpDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

/* ---- the dataset -------------------------------------------------------- */

static void
rebuild_dataset (BpDocument *self)
{
  g_clear_pointer (&self->dataset, bp_dataset_free);
  g_clear_error (&self->dataset_error);
  if (self->table)
    self->dataset = bp_dataset_new (self->table, &self->options, &self->dataset_error);
}

/* ---- samples -------------------------------------------------------------- */

gboolean
bp_document_check_sample (const char *name, GError **error)
{
  BpSampleKind kind;
  g_autofree char *path = g_strconcat (BP_DATA_SOURCE_SAMPLES_PATH, name, ".csv", NULL);
  if (bp_sample_kind_from_string (name, &kind)
      || g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    return TRUE;
  g_set_error (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NO_SAMPLE, _("There is no sample called “%s”"), name);
  return FALSE;
}

/* ---- installing what was opened ----------------------------------------- */

/* The table (taken) from @source (its contents taken) becomes the
 * document's, with the project's choices, layers and settings when there
 * is one; the run ends. A project whose choices do not fit the table
 * still shows it, but is not the document's project: FALSE (NOT_APPLIED). */
gboolean
_bp_document_install_table (BpDocument *self, BpTable *table, BpDataSource *source, const BpProject *project,
               GFile *project_file, GError **error)
{
  bp_training_session_reset (self->session);

  /* The project's column types are set on the table before anyone sees it. */
  BpColumnRole *roles = g_new0 (BpColumnRole, MAX (table->n_columns, 1));
  BpDatasetOptions options;
  g_autoptr(GError) apply_error = NULL;
  if (!project || !bp_project_apply (project, table, roles, &options, &apply_error))
    {
      memset (roles, 0, sizeof *roles * MAX (table->n_columns, 1));
      bp_dataset_options_init (&options);
      options.target = bp_dataset_default_target (table);
    }

  g_clear_pointer (&self->dataset, bp_dataset_free);
  /* Freed once the observers have let go of it. */
  G_GNUC_UNUSED g_autoptr(BpTable) old_table = g_steal_pointer (&self->table);
  self->table = table;
  bp_data_source_move (&self->source, source);
  self->from_copy = self->source.copy != NULL;
  g_free (self->roles);
  self->roles = roles;
  self->options = options;
  self->options.roles = roles;
  if (project)
    {
      g_clear_pointer (&self->layers, bp_layer_stack_free);
      self->layers = bp_layer_stack_copy (project->layers);
      self->config = project->config;
      self->config.class_weights = NULL;
    }
  /* A project only partly applied is not the file's setup any more. */
  GFile *now_project = project && !apply_error ? project_file : NULL;
  g_set_object (&self->project_file, now_project);
  rebuild_dataset (self);
  /* What was opened is what the document holds: nothing to save yet. */
  _bp_document_mark_clean (self);
  _bp_document_emit_changed (self, BP_DOCUMENT_CHANGED_TABLE | BP_DOCUMENT_CHANGED_DATASET | BP_DOCUMENT_CHANGED_PROJECT
                      | (project ? BP_DOCUMENT_CHANGED_SETUP : 0));
  if (apply_error)
    {
      g_set_error_literal (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NOT_APPLIED, apply_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- the load in flight --------------------------------------------------- */

static void
end_load (BpDocument *self)
{
  if (self->caller_handler)
    g_cancellable_disconnect (self->caller_cancellable, self->caller_handler);
  self->caller_handler = 0;
  g_clear_object (&self->caller_cancellable);
  if (self->loader)
    g_signal_handlers_disconnect_by_data (self->loader, self);
  g_clear_object (&self->loader);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->pending_project, bp_project_free);
  g_clear_object (&self->pending_file);
}

static void
stop_following (BpDocument *self)
{
  if (!self->run_log)
    return;
  bp_run_log_stop (self->run_log);
  g_clear_object (&self->run_log);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN_LOG]);
}

/* The open being replaced: its task, and why it ends (cancelled). */
typedef struct {
  GTask  *task;
  GError *error;
} Dropped;

/* Cancels the open in flight and forgets it, keeping its task for
 * end_dropped(), which comes once the document is in its new state. */
static Dropped
drop_load (BpDocument *self)
{
  Dropped dropped = { NULL, NULL };
  if (!self->loader)
    return dropped;
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_set_error_if_cancelled (self->load_cancellable, &dropped.error);
  dropped.task = g_steal_pointer (&self->open_task);
  end_load (self);
  return dropped;
}

/* Always last: GTask may run the callback at once (from inside a main-loop
 * source), and the callback may start the next open. */
static void
end_dropped (Dropped *dropped)
{
  if (dropped->task)
    g_task_return_error (dropped->task, g_steal_pointer (&dropped->error));
  g_clear_object (&dropped->task);
  g_clear_error (&dropped->error);
}

/* Drops the open in flight; its task ends as cancelled. Whatever opens
 * next also ends the following of a run log. */
void
_bp_document_stop_load (BpDocument *self)
{
  stop_following (self);
  if (!self->loader)
    return;
  Dropped dropped = drop_load (self);
  notify_loading (self);
  end_dropped (&dropped);
}

static void
on_loader_fraction (BpLoader *loader, GParamSpec *pspec, BpDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

/* The caller's cancellable: the load stops within a chunk. */
static void
on_caller_cancelled (GCancellable *cancellable, gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BpDocument) self = user_data;
  BpLoader *loader = BP_LOADER (source);
  g_autoptr(GError) error = NULL;
  BpTable *table = bp_loader_load_finish (loader, result, &error);

  if (loader != self->loader)
    {
      /* Cancelled or replaced: drop the result. */
      g_clear_pointer (&table, bp_table_free);
      return;
    }
  g_autoptr(GTask) task = g_steal_pointer (&self->open_task);
  g_autoptr(GFile) file = g_object_ref (bp_loader_get_file (loader));
  g_autoptr(BpProject) project = g_steal_pointer (&self->pending_project);
  g_autoptr(GFile) project_file = g_steal_pointer (&self->pending_file);
  end_load (self);
  notify_loading (self);

  if (!table)
    {
      _bp_document_open_failed (self, file, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_auto(BpDataSource) from = BP_DATA_SOURCE_INIT;
  g_autofree char *path = g_file_get_path (file);
  if (path)
    bp_data_source_set_file (&from, path);
  else
    {
      /* A remote file: shown, but a project cannot refer to it. */
      g_autofree char *base = g_file_get_basename (file);
      from.name = base ? g_filename_display_name (base) : g_strdup ("");
    }
  if (!_bp_document_install_table (self, table, &from, project, project_file, &error))
    {
      _bp_document_open_failed (self, project_file, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Reads @data_file off this thread; @project (taken) and its file wait
 * for it. The run ends now: the user agreed to lose it. */
void
_bp_document_start_load (BpDocument *self, GTask *task, GFile *data_file, BpProject *project, GFile *project_file)
{
  /* The open replaced ends after this one has started: its callback may
   * start yet another, which then replaces this one. */
  stop_following (self);
  Dropped dropped = drop_load (self);
  bp_training_session_reset (self->session);

  self->open_task = g_object_ref (task);
  self->loader = bp_loader_new (data_file);
  /* A project's data is read as it was when the project was saved. */
  if (project)
    bp_loader_set_missing_markers (self->loader, (const char * const *) project->missing_markers,
                                   project->keep_empty);
  self->load_cancellable = g_cancellable_new ();
  self->pending_project = project;
  self->pending_file = project_file ? g_object_ref (project_file) : NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  if (cancellable)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                    g_object_ref (self->load_cancellable), g_object_unref);
    }
  g_signal_connect (self->loader, "notify::fraction", G_CALLBACK (on_loader_fraction), self);
  notify_loading (self);
  bp_loader_load_async (self->loader, self->load_cancellable, on_loaded, g_object_ref (self));
  end_dropped (&dropped);
}

/* ---- opening ---------------------------------------------------------------- */

gboolean
bp_document_is_run_log_file (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_autofree char *name = g_file_get_basename (file);
  return name && g_str_has_suffix (name, ".jsonl");
}

gboolean
bp_document_is_project_file (GFile *file)
{
  /* Byte by byte: a name need not be UTF-8, and g_utf8_casefold would
   * read a Latin-1 "é" together with the ".b" after it. */
  g_autofree char *name = g_file_get_basename (file);
  gsize len = name ? strlen (name) : 0, suffix = strlen (BP_PROJECT_SUFFIX);
  return len > suffix && g_ascii_strcasecmp (name + len - suffix, BP_PROJECT_SUFFIX) == 0;
}

void
bp_document_open_async (BpDocument *self, GFile *file, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (BP_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (file));

  if (bp_document_is_project_file (file))
    {
      g_autoptr(GError) error = NULL;
      BpProject *project = bp_document_read_project (self, file, NULL, &error);
      if (project)
        {
          bp_document_open_project_async (self, file, project, cancellable, callback, user_data);
          return;
        }
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, bp_document_open_async);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bp_document_open_async);
  _bp_document_start_load (self, task, file, NULL, NULL);
}

void
bp_document_open_sample_async (BpDocument *self, const char *name, double noise, guint64 seed,
                               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (BP_IS_DOCUMENT (self));
  g_return_if_fail (name != NULL);

  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bp_document_open_async);
  g_autoptr(GError) error = NULL;
  g_auto(BpDataSource) source = BP_DATA_SOURCE_INIT;
  BpSampleKind kind;
  BpTable *table = NULL;
  if (bp_document_check_sample (name, &error))
    {
      _bp_document_stop_load (self);
      /* A generated set keeps its seed: a project saved now brings back
       * this very set. */
      if (bp_sample_kind_from_string (name, &kind))
        bp_data_source_set_generated (&source, kind, BP_SAMPLE_DEFAULT_ROWS, noise, seed);
      else
        bp_data_source_set_sample (&source, name);
      table = bp_data_source_load (&source, NULL, NULL, &error);
    }
  if (!table)
    {
      _bp_document_open_failed (self, NULL, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _bp_document_install_table (self, table, &source, NULL, NULL, NULL);
  g_task_return_boolean (task, TRUE);
}

gboolean
bp_document_open_finish (BpDocument *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
bp_document_cancel_load (BpDocument *self)
{
  g_return_if_fail (BP_IS_DOCUMENT (self));
  _bp_document_stop_load (self);
}

gboolean
bp_document_get_loading (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), FALSE);
  return self->loader != NULL;
}

double
bp_document_get_fraction (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), 0);
  return self->loader ? bp_loader_get_fraction (self->loader) : 0;
}

const char *
bp_document_get_message (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  return self->loader ? bp_loader_get_message (self->loader) : NULL;
}

const char *
bp_document_get_missing_data (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  return self->missing_data;
}

const BpDataSource *
bp_document_get_source (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  return &self->source;
}

gboolean
bp_document_get_from_copy (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), FALSE);
  return self->from_copy;
}

/* ---- contents and choices ------------------------------------------------- */

BpTable *
bp_document_get_table (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  return self->table;
}

const BpDataset *
bp_document_get_dataset (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  return self->dataset;
}

const GError *
bp_document_get_dataset_error (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  return self->dataset_error;
}

GFile *
bp_document_get_project_file (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  return self->project_file;
}

BpTrainingSession *
bp_document_get_session (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  return self->session;
}

void
bp_document_get_data_options (BpDocument *self, BpDatasetOptions *options)
{
  g_return_if_fail (BP_IS_DOCUMENT (self));
  g_return_if_fail (options != NULL);
  *options = self->options;
  options->roles = self->table ? self->roles : NULL;
}

void
bp_document_set_data_options (BpDocument *self, const BpDatasetOptions *options)
{
  g_return_if_fail (BP_IS_DOCUMENT (self));
  g_return_if_fail (options != NULL);
  gsize n = self->table ? self->table->n_columns : 0;
  self->options = *options;
  for (gsize c = 0; c < n; c++)
    self->roles[c] = options->roles ? options->roles[c] : BP_ROLE_AUTO;
  self->options.roles = self->roles;
  _bp_document_touch (self);
  /* A run holds the dataset it was made from; the new choices are used
   * when it is reset. */
  if (bp_training_session_get_state (self->session) != BP_SESSION_IDLE)
    return;
  rebuild_dataset (self);
  _bp_document_emit_changed (self, BP_DOCUMENT_CHANGED_DATASET);
}

const BpLayerStack *
bp_document_get_layers (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  return self->layers;
}

void
bp_document_set_layers (BpDocument *self, const BpLayerStack *layers)
{
  g_return_if_fail (BP_IS_DOCUMENT (self));
  g_return_if_fail (layers != NULL);
  BpLayerStack *copy = bp_layer_stack_copy (layers);
  g_clear_pointer (&self->layers, bp_layer_stack_free);
  self->layers = copy;
  _bp_document_touch (self);
}

const BpTrainConfig *
bp_document_get_train_config (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  return &self->config;
}

gboolean
bp_document_set_train_config (BpDocument *self, const BpTrainConfig *config, GError **error)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);
  self->config = *config;
  self->config.class_weights = NULL;
  _bp_document_touch (self);
  if (bp_training_session_get_state (self->session) != BP_SESSION_PAUSED)
    return TRUE;
  return bp_training_session_set_config (self->session, &self->config, error);
}

/* ---- training ---------------------------------------------------------------- */

gboolean
bp_document_prepare_training (BpDocument *self, GError **error)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), FALSE);
  BpSessionState state = bp_training_session_get_state (self->session);
  if (state == BP_SESSION_PAUSED || state == BP_SESSION_RUNNING)
    return TRUE;
  /* A local run takes the charts over from a followed log. */
  stop_following (self);
  if (state == BP_SESSION_FINISHED)
    /* Train again: a fresh run with the current settings. */
    bp_document_reset_training (self);
  if (!self->dataset)
    {
      g_set_error_literal (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NO_DATA,
                           self->table ? _("The data cannot be used yet: see the Data page")
                                       : _("Open a CSV file or a sample first"));
      return FALSE;
    }

  /* The engine's recipe: the layers between the dataset's inputs and the
   * output layer its task needs, the model and its trainer. The run takes
   * the dataset; it is made again when the run is reset. */
  BpRecipe *recipe = bp_recipe_new_for_dataset (g_steal_pointer (&self->dataset), self->layers, &self->config,
                                                NULL, error);
  if (!recipe)
    {
      rebuild_dataset (self);
      _bp_document_emit_changed (self, BP_DOCUMENT_CHANGED_DATASET);
      return FALSE;
    }
  bp_training_session_prepare_recipe (self->session, recipe, &self->options);
  _bp_document_mark_unsaved (self);
  return TRUE;
}

void
bp_document_reset_training (BpDocument *self)
{
  g_return_if_fail (BP_IS_DOCUMENT (self));
  bp_training_session_reset (self->session);
  rebuild_dataset (self);
  _bp_document_emit_changed (self, BP_DOCUMENT_CHANGED_DATASET);
}

/* What the exported script's header names as its source. */
static char *
export_source_name (BpDocument *self)
{
  if (self->project_file)
    return g_file_get_basename (self->project_file);
  return g_strdup (self->table->display_name);
}

/* The data file as a script at @out names it: the CSV the table came
 * from, or the sample or generated set written next to the script. */
static gboolean
script_data_name (BpDocument *self, const char *out, char **name, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *written = NULL;
  *name = NULL;
  if (!bp_export_write_data_next_to (&self->source, out, &written, &local) && local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  const char *data = written ? written : self->source.kind == BP_DATA_SOURCE_FILE ? self->source.path : NULL;
  *name = data ? bp_export_data_name (data, out) : NULL;
  return TRUE;
}

/* The setup as an export source: the project the document holds applied
 * to its table; the data next to the script when it has no file. */
static BpExportSource *
export_source_from_setup (BpDocument *self, const char *out, GError **error)
{
  g_autoptr(BpProject) project = bp_document_build_project (self, error);
  if (!project)
    return NULL;
  g_autofree char *name = export_source_name (self);
  /* The project mirrors the table's types, so applying it changes nothing. */
  g_autoptr(BpExportSource) source = bp_export_source_new_from_project (project, name, self->table, error);
  if (!source)
    return NULL;
  g_clear_pointer (&source->data_path, g_free);
  if (!script_data_name (self, out, &source->data_path, error))
    return NULL;
  return g_steal_pointer (&source);
}

gboolean
bp_document_export (BpDocument *self, BpExportFormat format, GFile *file, GError **error)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_autofree char *out = g_file_get_path (file);
  if (!out)
    {
      g_set_error (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NOT_LOCAL, _("Exports can only be written to local files"));
      return FALSE;
    }
  if (!self->table)
    {
      g_set_error (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NO_DATA, _("There is no data to export a run of"));
      return FALSE;
    }
  g_autoptr(BpExportSource) source = NULL;
  BpSessionState state = bp_training_session_get_state (self->session);
  if (state == BP_SESSION_FINISHED || state == BP_SESSION_PAUSED || format == BP_EXPORT_ONNX)
    {
      BpModelFile *model = bp_training_session_get_model_file (self->session, error);
      if (!model)
        return FALSE;
      g_autofree char *name = export_source_name (self);
      source = bp_export_source_new_from_model (model, name);
      if (format != BP_EXPORT_ONNX && !script_data_name (self, out, &source->data_path, error))
        return FALSE;
    }
  else
    source = export_source_from_setup (self, out, error);
  return source && bp_export_write (source, format, out, error);
}

gboolean
bp_document_follow_run_log (BpDocument *self, GFile *file, GError **error)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_autoptr(BpRunLog) log = bp_run_log_new (file);
  /* Reading it first: a log that cannot be read leaves everything as it was. */
  if (!bp_run_log_poll (log, error))
    return FALSE;
  _bp_document_stop_load (self);
  bp_training_session_reset (self->session);
  self->run_log = g_steal_pointer (&log);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN_LOG]);
  /* Now that the window listens: what the file held is read again. */
  bp_run_log_restart (self->run_log);
  if (bp_run_log_start (self->run_log, error))
    return TRUE;
  stop_following (self);   /* gone in between */
  return FALSE;
}

BpRunLog *
bp_document_get_run_log (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  return self->run_log;
}

void
bp_document_shutdown (BpDocument *self)
{
  g_return_if_fail (BP_IS_DOCUMENT (self));
  _bp_document_stop_load (self);
  bp_training_session_join (self->session);
}

/* ---- GObject ---------------------------------------------------------------- */

static void
bp_document_dispose (GObject *object)
{
  BpDocument *self = BP_DOCUMENT (object);
  _bp_document_stop_load (self);
  _bp_document_autosave_dispose (self);
  if (self->session)
    bp_training_session_join (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->project_file);
  g_clear_pointer (&self->dataset, bp_dataset_free);
  g_clear_pointer (&self->table, bp_table_free);
  G_OBJECT_CLASS (bp_document_parent_class)->dispose (object);
}

static void
bp_document_finalize (GObject *object)
{
  BpDocument *self = BP_DOCUMENT (object);
  bp_data_source_clear (&self->source);
  g_clear_error (&self->dataset_error);
  g_clear_pointer (&self->layers, bp_layer_stack_free);
  g_free (self->roles);
  g_free (self->missing_data);
  G_OBJECT_CLASS (bp_document_parent_class)->finalize (object);
}

static void
bp_document_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BpDocument *self = BP_DOCUMENT (object);
  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, bp_document_get_loading (self));
      break;
    case PROP_FRACTION:
      g_value_set_double (value, bp_document_get_fraction (self));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, bp_document_get_message (self));
      break;
    case PROP_PROJECT_FILE:
      g_value_set_object (value, self->project_file);
      break;
    case PROP_RUN_LOG:
      g_value_set_object (value, self->run_log);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bp_document_class_init (BpDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = bp_document_dispose;
  object_class->finalize = bp_document_finalize;
  object_class->get_property = bp_document_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT_FILE] =
    g_param_spec_object ("project-file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUN_LOG] =
    g_param_spec_object ("run-log", NULL, NULL, BP_TYPE_RUN_LOG,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (guint what): BpDocumentChange flags. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* (GFile *file, nullable: a sample; GError *error). */
  signals[SIGNAL_OPEN_FAILED] =
    g_signal_new ("open-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_FILE, G_TYPE_ERROR);
  /* (const char *folder, GError *error): the automatic save failed. */
  signals[SIGNAL_AUTOSAVE_FAILED] =
    g_signal_new ("autosave-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
bp_document_init (BpDocument *self)
{
  self->session = bp_training_session_new ();
  bp_data_source_init (&self->source);
  bp_dataset_options_init (&self->options);
  bp_train_config_init (&self->config);
  /* The seed recipe's layers, as a new project has them. */
  g_autoptr(BpProject) blank = bp_project_new ();
  self->layers = g_steal_pointer (&blank->layers);
  _bp_document_autosave_init (self);
}

BpDocument *
bp_document_new (void)
{
  return g_object_new (BP_TYPE_DOCUMENT, NULL);
}
