/* bp-project.c: a project as a small JSON file (see bp-project.h). */
#include "bp-project.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "bp-error.h"
#include "bp-json-config.h"
#include "bp-json-file.h"
#include "bp-json-writer.h"
#include "bp-names.h"
#include "bp-samples.h"

#ifndef BP_VERSION
#define BP_VERSION "(unknown version)"
#endif

/* In BpDataSourceKind's order. */
static const char * const data_kind_names[] = { "none", "file", "sample", "generated", NULL };
/* The roles a listed column can have; the target is named on its own. */
static const char * const role_names[] = { "auto", "feature", "ignored", NULL };

static const char *
role_to_string (BpColumnRole role)
{
  return role == BP_ROLE_FEATURE ? "feature" : role == BP_ROLE_IGNORED ? "ignored" : "auto";
}

static BpColumnRole
role_from_index (int index)
{
  return index == 1 ? BP_ROLE_FEATURE : index == 2 ? BP_ROLE_IGNORED : BP_ROLE_AUTO;
}

static void
project_column_clear (gpointer data)
{
  BpProjectColumn *column = data;
  g_free (column->name);
}

static void
add_column (BpProject *project, const char *name, BpColumnRole role, BpColumnType type)
{
  BpProjectColumn column = { g_strdup (name), role, type };
  g_array_append_val (project->columns, column);
}

/* A project as load fills it: no layers, the defaults elsewhere. */
static BpProject *
project_new_empty (void)
{
  BpProject *project = g_new0 (BpProject, 1);
  bp_data_source_init (&project->source);
  project->columns = g_array_new (FALSE, FALSE, sizeof (BpProjectColumn));
  g_array_set_clear_func (project->columns, project_column_clear);
  bp_dataset_options_init (&project->data);
  project->layers = bp_layer_stack_new ();
  bp_train_config_init (&project->config);
  return project;
}

BpProject *
bp_project_new (void)
{
  BpProject *project = project_new_empty ();
  project->created_by = g_strdup ("Backprop " BP_VERSION);
  bp_layer_stack_free (project->layers);
  project->layers = bp_layer_stack_new_recipe ();
  return project;
}

void
bp_project_free (BpProject *project)
{
  if (project == NULL)
    return;
  g_free (project->created_by);
  bp_data_source_clear (&project->source);
  g_free (project->target);
  g_strfreev (project->missing_markers);
  g_array_unref (project->columns);
  bp_layer_stack_free (project->layers);
  g_free (project);
}

/* ---- the data choices ----------------------------------------------------- */

void
bp_project_set_data_choices (BpProject *project, const BpTable *table, const BpDatasetOptions *options)
{
  g_return_if_fail (project != NULL && table != NULL && options != NULL);

  int target = options->target >= 0 && (gsize) options->target < table->n_columns ? options->target : -1;
  g_array_set_size (project->columns, 0);
  for (gsize c = 0; c < table->n_columns; c++)
    {
      const BpColumn *column = &table->columns[c];
      BpColumnRole role = options->roles ? options->roles[c] : BP_ROLE_AUTO;
      if (role == BP_ROLE_TARGET)
        {
          /* A target chosen by role counts as the target (bp_dataset_new). */
          if (target < 0)
            target = (int) c;
          role = BP_ROLE_AUTO;
        }
      if (role != BP_ROLE_AUTO || column->type != column->inferred_type)
        add_column (project, column->name, role, column->type);
    }

  g_free (project->target);
  project->target = target >= 0 ? g_strdup (table->columns[target].name) : NULL;
  g_clear_pointer (&project->missing_markers, g_strfreev);
  if (!bp_table_markers_are_default ((const char * const *) table->missing_markers))
    project->missing_markers = g_strdupv (table->missing_markers);
  project->keep_empty = table->keep_empty;
  project->data = *options;
  project->data.target = -1;
  project->data.roles = NULL;
}

void
bp_project_table_options (const BpProject *project, BpTableOptions *options)
{
  g_return_if_fail (project != NULL && options != NULL);
  options->missing_markers = (const char * const *) project->missing_markers;
  options->keep_empty = project->keep_empty;
}

static int
find_column (const BpTable *table, const char *name, GError **error)
{
  int index = bp_table_find_column (table, name);
  if (index < 0)
    g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                 /* Translators: the first %s is a data file's name, the second a column's name. */
                 _("%s: the project names a column “%s” that this file does not have"),
                 table->display_name, name);
  return index;
}

gboolean
bp_project_apply (const BpProject *project, BpTable *table, BpColumnRole *roles, BpDatasetOptions *options,
                  GError **error)
{
  g_return_val_if_fail (project != NULL && table != NULL && roles != NULL && options != NULL, FALSE);

  /* Every column starts as inferred; then the listed ones change. */
  for (gsize c = 0; c < table->n_columns; c++)
    {
      roles[c] = BP_ROLE_AUTO;
      if (table->columns[c].type != table->columns[c].inferred_type)
        bp_table_set_column_type (table, c, table->columns[c].inferred_type, NULL);
    }
  for (guint i = 0; i < project->columns->len; i++)
    {
      const BpProjectColumn *listed = &g_array_index (project->columns, BpProjectColumn, i);
      /* A column the project ignores may since have left the file:
       * nothing depended on it. */
      if (listed->role == BP_ROLE_IGNORED && bp_table_find_column (table, listed->name) < 0)
        continue;
      int index = find_column (table, listed->name, error);
      if (index < 0)
        return FALSE;
      /* The message names the file, line and column. */
      if (!bp_table_set_column_type (table, (gsize) index, listed->type, error))
        return FALSE;
      roles[index] = listed->role;
    }

  int target = -1;
  if (project->target)
    {
      target = find_column (table, project->target, error);
      if (target < 0)
        return FALSE;
    }
  *options = project->data;
  options->target = target;
  options->roles = roles;
  return TRUE;
}

/* ---- writing -------------------------------------------------------------- */

/* The data file as the project stores it: relative to the project's
 * folder when it lies within it, with forward slashes either way. */
static char *
stored_data_path (const char *data_path, const char *project_path)
{
  g_autofree char *data_abs = g_canonicalize_filename (data_path, NULL);
  g_autofree char *relative = NULL;
  if (project_path)
    {
      g_autofree char *project_abs = g_canonicalize_filename (project_path, NULL);
      g_autofree char *folder = g_path_get_dirname (project_abs);
      g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
      g_autoptr(GFile) data_file = g_file_new_for_path (data_abs);
      relative = g_file_get_relative_path (folder_file, data_file);
    }
  char *stored = relative ? g_steal_pointer (&relative) : g_steal_pointer (&data_abs);
  if (G_DIR_SEPARATOR != '/')
    g_strdelimit (stored, G_DIR_SEPARATOR_S, '/');
  return stored;
}

static void
write_data (BpJsonWriter *w, const BpProject *project, const char *path)
{
  bp_json_open (w, "data", '{', TRUE);
  const BpDataSource *source = &project->source;
  bp_json_string (w, "kind", bp_names_get (data_kind_names, source->kind));
  switch (source->kind)
    {
    case BP_DATA_SOURCE_FILE:
      {
        g_autofree char *stored = source->path ? stored_data_path (source->path, path) : NULL;
        bp_json_string (w, "path", stored ? stored : "");
        if (source->copy)
          {
            gsize length;
            const guchar *bytes = g_bytes_get_data (source->copy, &length);
            g_autofree char *copy = g_base64_encode (bytes, length);
            bp_json_string (w, "copy", copy);
          }
      }
      break;
    case BP_DATA_SOURCE_SAMPLE:
      bp_json_string (w, "name", source->name ? source->name : "");
      break;
    case BP_DATA_SOURCE_GENERATED:
      bp_json_string (w, "name", source->name ? source->name : "");
      bp_json_int (w, "rows", (gint64) source->rows);
      bp_json_double (w, "noise", source->noise);
      bp_json_uint64 (w, "seed", source->seed);
      break;
    case BP_DATA_SOURCE_NONE:
    default:
      break;
    }
  bp_json_close (w, '}');
}

char *
bp_project_to_data (const BpProject *project, const char *path, gsize *length)
{
  g_return_val_if_fail (project != NULL, NULL);

  BpJsonWriter w;
  bp_json_writer_init (&w);
  bp_json_open (&w, NULL, '{', FALSE);
  bp_json_string (&w, "format", BP_PROJECT_FORMAT);
  bp_json_int (&w, "version", BP_PROJECT_VERSION);
  bp_json_string (&w, "created_by", "Backprop " BP_VERSION);
  write_data (&w, project, path);

  bp_json_open (&w, "columns", '{', FALSE);
  bp_json_string (&w, "target", project->target);
  bp_json_open (&w, "changed", '[', FALSE);
  for (guint i = 0; i < project->columns->len; i++)
    {
      const BpProjectColumn *column = &g_array_index (project->columns, BpProjectColumn, i);
      bp_json_open (&w, NULL, '{', TRUE);
      bp_json_string (&w, "name", column->name);
      bp_json_string (&w, "role", role_to_string (column->role));
      bp_json_string (&w, "type", bp_column_type_to_string (column->type));
      bp_json_close (&w, '}');
    }
  bp_json_close (&w, ']');
  if (!bp_table_markers_are_default ((const char * const *) project->missing_markers))
    {
      bp_json_open (&w, "missing_markers", '[', TRUE);
      for (char **m = project->missing_markers; *m; m++)
        bp_json_string (&w, NULL, *m);
      bp_json_close (&w, ']');
    }
  if (project->keep_empty)
    bp_json_bool (&w, "keep_empty", TRUE);
  bp_json_close (&w, '}');

  bp_json_string (&w, "task", bp_task_to_string (project->data.task));

  bp_json_open (&w, "model", '{', FALSE);
  bp_json_write_layers (&w, project->layers->layers);
  /* The regression loss: classification picks its own. */
  bp_json_string (&w, "loss", bp_loss_to_string (project->layers->loss));
  bp_json_string (&w, "init", bp_names_get (bp_init_names, project->layers->init));
  bp_json_close (&w, '}');

  bp_json_write_training (&w, &project->config, NULL, 0, &project->data);
  bp_json_close (&w, '}');
  g_string_append_c (w.out, '\n');
  return bp_json_writer_finish (&w, length);
}

gboolean
bp_project_save (const BpProject *project, const char *path, GError **error)
{
  g_return_val_if_fail (project != NULL && path != NULL, FALSE);
  gsize length;
  g_autofree char *data = bp_project_to_data (project, path, &length);
  /* JSON is UTF-8, file names need not be: a data file named in another
   * encoding would make a project that no reader opens. */
  if (!g_utf8_validate (data, (gssize) length, NULL))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_autofree char *data_display = g_filename_display_name (project->source.path ? project->source.path : "");
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   /* Translators: the first %s is the project file's name, the second the data file's. */
                   _("%s: the project could not be saved: the name of the data file “%s” is not UTF-8 text; "
                     "rename the file and try again"), display, data_display);
      return FALSE;
    }
  return bp_json_file_save (path, data, length, BP_JSON_FILE_PROJECT, error);
}

/* ---- the copy of the data file ---------------------------------------------- */

gboolean
bp_project_read_data_copy (BpProject *project, GError **error)
{
  g_return_val_if_fail (project != NULL, FALSE);
  return bp_data_source_read_copy (&project->source, BP_PROJECT_MAX_COPY, error);
}

/* ---- reading -------------------------------------------------------------- */

/* A stored data path made absolute: a relative one is taken from the
 * project's folder. */
static char *
resolve_data_path (const char *stored, const char *project_path)
{
  g_autofree char *native = g_strdup (stored);
  if (G_DIR_SEPARATOR != '/')
    g_strdelimit (native, "/", G_DIR_SEPARATOR);
  if (g_path_is_absolute (native))
    return g_canonicalize_filename (native, NULL);
  g_autofree char *project_abs = g_canonicalize_filename (project_path, NULL);
  g_autofree char *folder = g_path_get_dirname (project_abs);
  return g_canonicalize_filename (native, folder);
}

static gboolean
read_data (BpJsonReader *r, JsonObject *root, const char *path, BpProject *project)
{
  JsonObject *data;
  int kind;
  const char *text;
  if (!bp_json_read_object (r, root, "", "data", &data) ||
      !bp_json_read_choice (r, data, "data", "kind", data_kind_names, &kind))
    return FALSE;
  BpDataSource *source = &project->source;
  source->kind = (BpDataSourceKind) kind;
  if (source->kind != BP_DATA_SOURCE_FILE && json_object_has_member (data, "copy"))
    /* Translators: data.copy and “file” are written as in the file; %s is another kind: sample, generated or none. */
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("data.copy: only data of the kind “file” has a copy, not “%s”"),
                        data_kind_names[kind]);
  switch (source->kind)
    {
    case BP_DATA_SOURCE_FILE:
      if (!bp_json_read_string (r, data, "data", "path", &text))
        return FALSE;
      if (text[0] == '\0')
        return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("data.path: the path is empty"));
      source->path = resolve_data_path (text, path);
      if (json_object_has_member (data, "copy"))
        {
          gsize n_bytes;
          if (!bp_json_read_string (r, data, "data", "copy", &text) ||
              !bp_json_check_base64 (r, "data.copy", text, &n_bytes))
            return FALSE;
          gsize length = 0;
          guchar *bytes = g_base64_decode (text, &length);
          g_assert (length == n_bytes);
          source->copy = g_bytes_new_take (bytes, length);
        }
      break;
    case BP_DATA_SOURCE_SAMPLE:
      if (!bp_json_read_string (r, data, "data", "name", &text))
        return FALSE;
      if (text[0] == '\0')
        return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("data.name: the name is empty"));
      source->name = g_strdup (text);
      break;
    case BP_DATA_SOURCE_GENERATED:
      {
        int sample;
        gint64 rows;
        if (!bp_json_read_choice (r, data, "data", "name", bp_sample_names, &sample) ||
            !bp_json_read_int (r, data, "data", "rows", BP_SAMPLE_MIN_ROWS, BP_SAMPLE_MAX_ROWS, &rows) ||
            !bp_json_read_number (r, data, "data", "noise", FALSE, &source->noise) ||
            !bp_json_read_seed (r, data, "data", "seed", &source->seed))
          return FALSE;
        if (!(source->noise >= 0.0 && source->noise <= BP_SAMPLE_MAX_NOISE))
          return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("data.noise: must be from 0 to %.1f"),
                              BP_SAMPLE_MAX_NOISE);
        source->name = g_strdup (bp_sample_names[sample]);
        source->rows = (gsize) rows;
      }
      break;
    case BP_DATA_SOURCE_NONE:
    default:
      break;
    }
  return TRUE;
}

static gboolean
read_column (BpJsonReader *r, JsonObject *object, const char *where, guint i, gpointer user_data)
{
  BpProject *project = user_data;
  const char *name, *type_name;
  int role;
  BpColumnType type;
  if (!bp_json_read_string (r, object, where, "name", &name) ||
      !bp_json_read_choice (r, object, where, "role", role_names, &role) ||
      !bp_json_read_string (r, object, where, "type", &type_name))
    return FALSE;
  if (!bp_column_type_from_string (type_name, &type))
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s.type: unknown column type “%s”"), where, type_name);
  add_column (project, name, role_from_index (role), type);
  return TRUE;
}

static gboolean
read_columns (BpJsonReader *r, JsonObject *root, BpProject *project)
{
  JsonObject *columns;
  JsonArray *changed;
  const char *target;
  if (!bp_json_read_object (r, root, "", "columns", &columns) ||
      !bp_json_read_string_or_null (r, columns, "columns", "target", &target) ||
      !bp_json_read_array (r, columns, "columns", "changed", FALSE, &changed))
    return FALSE;
  project->target = g_strdup (target);
  /* Both optional: a project from before them reads its data as it did. */
  JsonArray *markers;
  if (json_object_has_member (columns, "missing_markers") &&
      (!bp_json_read_array (r, columns, "columns", "missing_markers", FALSE, &markers) ||
       !bp_json_read_names (r, markers, "columns.missing_markers", &project->missing_markers)))
    return FALSE;
  if (json_object_has_member (columns, "keep_empty") &&
      !bp_json_read_bool (r, columns, "columns", "keep_empty", &project->keep_empty))
    return FALSE;
  return bp_json_read_each (r, changed, "columns.changed", read_column, project);
}

static gboolean
read_model (BpJsonReader *r, JsonObject *root, BpProject *project)
{
  JsonObject *model;
  JsonArray *layers;
  const char *loss_name;
  int init;
  if (!bp_json_read_object (r, root, "", "model", &model) ||
      !bp_json_read_array (r, model, "model", "layers", FALSE, &layers) ||
      !bp_json_read_string (r, model, "model", "loss", &loss_name) ||
      !bp_json_read_choice (r, model, "model", "init", bp_init_names, &init))
    return FALSE;
  if (!bp_loss_from_string (loss_name, &project->layers->loss))
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("model.loss: unknown loss “%s”"), loss_name);
  project->layers->init = (BpInit) init;
  return bp_json_read_layers (r, layers, "model.layers", project->layers->layers);
}

BpProject *
bp_project_load_data (const char *path, const char *data, gsize length, GError **error)
{
  g_return_val_if_fail (path != NULL && data != NULL, NULL);

  g_autofree char *display = g_filename_display_name (path);
  g_auto(BpJsonReader) reader = BP_JSON_READER_INIT (display, error);
  BpJsonReader *r = &reader;
  const char *created_by, *task;
  JsonObject *root = bp_json_reader_open (r, data, length, BP_JSON_FILE_PROJECT, BP_PROJECT_FORMAT,
                                          BP_PROJECT_VERSION, &created_by);
  if (root == NULL)
    return NULL;

  g_autoptr(BpProject) project = project_new_empty ();
  g_autofree float *class_weights = NULL;
  project->created_by = g_strdup (created_by);
  if (!read_data (r, root, path, project) ||
      !read_columns (r, root, project) ||
      !bp_json_read_string (r, root, "", "task", &task))
    return NULL;
  if (!bp_task_from_string (task, &project->data.task))
    {
      bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("task: unknown task “%s” (auto, binary, multiclass or regression)"),
                   task);
      return NULL;
    }
  /* A project knows no classes, so it has no class weights. */
  if (!read_model (r, root, project) ||
      !bp_json_read_training (r, root, 0, &project->config, &class_weights, &project->data))
    return NULL;
  project->config.class_weights = NULL;
  return g_steal_pointer (&project);
}

BpProject *
bp_project_load (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_autofree char *display = g_filename_display_name (path);
  gsize length = 0;
  g_autofree char *data = bp_json_file_read (path, display, BP_JSON_FILE_PROJECT, &length, error);
  if (data == NULL)
    return NULL;
  return bp_project_load_data (path, data, length, error);
}
