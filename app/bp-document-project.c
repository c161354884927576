/* bp-document-project.c: projects in and out of the document.
 *
 * Reading one first (a broken project, or one whose data cannot be had
 * here, changes nothing), opening it (its data through the loader, or at
 * once from a sample, a generated set or the copy it keeps), and building
 * and saving the project the document holds.
 */
#define G_LOG_DOMAIN "bp-document"

#include <glib/gi18n.h>

#include "bp-document-private.h"

static char *
display_basename (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);
  return base ? g_filename_display_name (base) : g_strdup ("");
}

static BpProject *
load_project (GFile *file, GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  if (path)
    return bp_project_load (path, error);
  /* Not a local file: read it whole, name it by its URI. */
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autofree char *name = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;
  return bp_project_load_data (name, contents, length, error);
}

/* Whether @project's data can be had here; else DATA_MISSING, and the
 * path is kept for bp_document_get_missing_data(). */
static gboolean
has_data (BpDocument *self, GFile *file, const BpProject *project, GError **error)
{
  if (project->source.kind != BP_DATA_SOURCE_FILE || project->source.copy
      || bp_data_source_file_readable (&project->source))
    return TRUE;
  g_autofree char *display = g_filename_display_name (project->source.path);
  g_autofree char *name = display_basename (file);
  g_free (self->missing_data);
  self->missing_data = g_strdup (project->source.path);
  /* Translators: the first %s is a CSV file's full path, the second a project's file name. */
  g_set_error (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_DATA_MISSING,
               _("The data file “%s” that the project “%s” uses does not exist. "
                 "Put it back, or open the data and save the project again."),
               display, name);
  return FALSE;
}

BpProject *
_bp_document_read_project (BpDocument *self, GFile *file, GFile *data_file, GError **error)
{
  g_autoptr(BpProject) project = load_project (file, error);
  if (!project)
    return NULL;
  if (data_file)
    {
      g_autofree char *path = g_file_get_path (data_file);
      if (!path)
        {
          g_autofree char *uri = g_file_get_uri (data_file);
          g_set_error (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NOT_LOCAL,
                       _("“%s” is not a file on this computer, so a project cannot refer to it."), uri);
          return NULL;
        }
      g_free (project->source.path);
      project->source.path = g_steal_pointer (&path);
    }
  if (!has_data (self, file, project, error))
    return NULL;
  return g_steal_pointer (&project);
}

BpProject *
bp_document_read_project (BpDocument *self, GFile *file, GFile *data_file, GError **error)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (!data_file || G_IS_FILE (data_file), NULL);
  g_clear_pointer (&self->missing_data, g_free);
  g_autoptr(GError) local_error = NULL;
  BpProject *project = _bp_document_read_project (self, file, data_file, &local_error);
  if (!project)
    {
      _bp_document_open_failed (self, file, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return project;
}

/* A project whose data is here (a sample, a generated set or a copy):
 * small, so read at once. */
static gboolean
open_project_now (BpDocument *self, GFile *file, const BpProject *project, GError **error)
{
  g_auto(BpDataSource) source = BP_DATA_SOURCE_INIT;
  bp_data_source_copy (&source, &project->source);
  BpTableOptions options;
  bp_table_options_init (&options);
  bp_project_table_options (project, &options);
  BpTable *table = bp_data_source_load (&source, &options, NULL, error);
  if (!table)
    return FALSE;
  return _bp_document_install_table (self, table, &source, project, file, error);
}

void
bp_document_open_project_async (BpDocument *self, GFile *file, BpProject *project, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(BpProject) owned = project;
  g_return_if_fail (BP_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (project != NULL);

  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bp_document_open_async);
  g_autoptr(GError) error = NULL;

  if (bp_data_source_file_readable (&project->source))
    {
      /* Through the CSV path; the rest is applied when the table comes. */
      g_autoptr(GFile) data_file = g_file_new_for_path (project->source.path);
      _bp_document_start_load (self, task, data_file, g_steal_pointer (&owned), file);
      return;
    }
  _bp_document_stop_load (self);
  if (project->source.kind == BP_DATA_SOURCE_NONE)
    {
      /* A network and settings without data: they wait for the data
       * opened next. The run is not the project's. */
      bp_training_session_reset (self->session);
      g_clear_pointer (&self->layers, bp_layer_stack_free);
      self->layers = bp_layer_stack_copy (project->layers);
      self->config = project->config;
      self->config.class_weights = NULL;
      g_set_object (&self->project_file, file);
      _bp_document_mark_clean (self);
      _bp_document_emit_changed (self, BP_DOCUMENT_CHANGED_SETUP | BP_DOCUMENT_CHANGED_PROJECT);
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* Checked by bp_document_read_project(), but the file may be gone since. */
  if (!has_data (self, file, project, &error) || !open_project_now (self, file, project, &error))
    {
      _bp_document_open_failed (self, file, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* ---- reading the data again --------------------------------------------------- */

/* The document's data choices, layers and settings as a project, the
 * data source as it is (its copy shared), read with @markers. */
static BpProject *
snapshot (BpDocument *self, const char * const *markers, gboolean keep_empty)
{
  BpProject *project = bp_project_new ();
  bp_data_source_copy (&project->source, &self->source);
  bp_project_set_data_choices (project, self->table, &self->options);
  g_clear_pointer (&project->missing_markers, g_strfreev);
  if (!bp_table_markers_are_default (markers))
    project->missing_markers = g_strdupv ((char **) markers);
  project->keep_empty = keep_empty;
  g_clear_pointer (&project->layers, bp_layer_stack_free);
  project->layers = bp_layer_stack_copy (self->layers);
  project->config = self->config;
  project->config.class_weights = NULL;
  return project;
}

void
bp_document_set_missing_markers_async (BpDocument *self, const char * const *markers, gboolean keep_empty,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (BP_IS_DOCUMENT (self));
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bp_document_open_async);
  g_autoptr(GError) error = NULL;
  if (!self->table || self->source.kind == BP_DATA_SOURCE_NONE)
    {
      g_set_error_literal (&error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_NO_DATA,
                           self->table ? _("This data cannot be read again: open it from a file on this computer")
                                       : _("Open a CSV file or a sample first"));
      _bp_document_open_failed (self, NULL, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_autoptr(BpProject) project = snapshot (self, markers, keep_empty);
  /* The project (if any) stays the document's: its choices are all kept. */
  g_autoptr(GFile) project_file = self->project_file ? g_object_ref (self->project_file) : NULL;
  if (bp_data_source_file_readable (&project->source))
    {
      g_autoptr(GFile) data_file = g_file_new_for_path (project->source.path);
      _bp_document_start_load (self, task, data_file, g_steal_pointer (&project), project_file);
      return;
    }
  _bp_document_stop_load (self);
  if (!open_project_now (self, project_file, project, &error))
    {
      _bp_document_open_failed (self, project_file, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* ---- projects ----------------------------------------------------------------- */

BpProject *
_bp_document_build_project (BpDocument *self, gboolean read_copy, GError **error)
{
  g_autoptr(BpProject) project = bp_project_new ();
  switch (self->source.kind)
    {
    case BP_DATA_SOURCE_FILE:
      {
        bp_data_source_set_file (&project->source, self->source.path);
        /* A copy of the file as it is now; one that cannot be read any
         * more (its project was opened from the copy) keeps that copy. */
        g_autoptr(GError) copy_error = NULL;
        if (!read_copy || !bp_project_read_data_copy (project, &copy_error))
          {
            if (copy_error)
              g_debug ("no copy of the data: %s", copy_error->message);
            if (self->source.copy)
              project->source.copy = g_bytes_ref (self->source.copy);
          }
      }
      break;
    case BP_DATA_SOURCE_SAMPLE:
    case BP_DATA_SOURCE_GENERATED:
      bp_data_source_copy (&project->source, &self->source);
      break;
    case BP_DATA_SOURCE_NONE:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a file on this computer, so a project cannot refer to it."),
                   self->source.name ? self->source.name : "");
      return NULL;
    }

  bp_project_set_data_choices (project, self->table, &self->options);
  g_clear_pointer (&project->layers, bp_layer_stack_free);
  project->layers = bp_layer_stack_copy (self->layers);
  project->config = self->config;
  project->config.class_weights = NULL;
  return g_steal_pointer (&project);
}

BpProject *
bp_document_build_project (BpDocument *self, GError **error)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (self->table != NULL, NULL);
  return _bp_document_build_project (self, TRUE, error);
}

gboolean
bp_document_save_project (BpDocument *self, GFile *file, GError **error)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (self->table != NULL, FALSE);
  g_autofree char *path = g_file_get_path (file);
  if (!path)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Projects can only be saved to local files"));
      return FALSE;
    }
  g_autoptr(BpProject) project = bp_document_build_project (self, error);
  if (!project || !bp_project_save (project, path, error))
    return FALSE;
  g_set_object (&self->project_file, file);
  _bp_document_mark_clean (self);
  _bp_document_emit_changed (self, BP_DOCUMENT_CHANGED_PROJECT);
  return TRUE;
}
