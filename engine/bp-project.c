/* bp-project.c: a project as a small JSON file (see bp-project.h). */
#include "bp-project.h"

#include <float.h>
#include <math.h>
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
  project->columns = bp_project_columns_copy (NULL);
  bp_dataset_options_init (&project->data);
  project->layers = bp_layer_stack_new ();
  bp_train_config_init (&project->config);
  project->runs = bp_run_list_new ();
  project->save_run_weights = TRUE;
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
  bp_run_list_unref (project->runs);
  g_free (project);
}

/* ---- the data choices ----------------------------------------------------- */

BpRunSettings *
bp_project_get_run_settings (const BpProject *project)
{
  g_return_val_if_fail (project != NULL, NULL);
  BpRunSettings *settings = g_new0 (BpRunSettings, 1);
  settings->target = g_strdup (project->target);
  settings->missing_markers = g_strdupv (project->missing_markers);
  settings->keep_empty = project->keep_empty;
  settings->columns = bp_project_columns_copy (project->columns);
  settings->data = project->data;
  settings->data.target = -1;
  settings->data.roles = NULL;
  settings->layers = bp_layer_stack_copy (project->layers);
  settings->config = project->config;
  settings->config.class_weights = NULL;
  return settings;
}

void
bp_project_set_run_settings (BpProject *project, const BpRunSettings *settings)
{
  g_return_if_fail (settings != NULL && project != NULL);
  g_free (project->target);
  project->target = g_strdup (settings->target);
  g_strfreev (project->missing_markers);
  project->missing_markers = g_strdupv (settings->missing_markers);
  project->keep_empty = settings->keep_empty;
  g_array_unref (project->columns);
  project->columns = bp_project_columns_copy (settings->columns);
  project->data = settings->data;
  bp_layer_stack_free (project->layers);
  project->layers = bp_layer_stack_copy (settings->layers);
  project->config = settings->config;
  project->config.class_weights = NULL;
}

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

/* The columns, task, model and training: a project's, and each run's. */
static void
write_choices (BpJsonWriter *w, const char *target, const GArray *columns, char **missing_markers,
               gboolean keep_empty, const BpDatasetOptions *data, const BpLayerStack *layers,
               const BpTrainConfig *config)
{
  bp_json_open (w, "columns", '{', FALSE);
  bp_json_string (w, "target", target);
  bp_json_open (w, "changed", '[', FALSE);
  for (guint i = 0; i < columns->len; i++)
    {
      const BpProjectColumn *column = &g_array_index (columns, BpProjectColumn, i);
      bp_json_open (w, NULL, '{', TRUE);
      bp_json_string (w, "name", column->name);
      bp_json_string (w, "role", role_to_string (column->role));
      bp_json_string (w, "type", bp_column_type_to_string (column->type));
      bp_json_close (w, '}');
    }
  bp_json_close (w, ']');
  if (!bp_table_markers_are_default ((const char * const *) missing_markers))
    {
      bp_json_open (w, "missing_markers", '[', TRUE);
      for (char **m = missing_markers; *m; m++)
        bp_json_string (w, NULL, *m);
      bp_json_close (w, ']');
    }
  if (keep_empty)
    bp_json_bool (w, "keep_empty", TRUE);
  bp_json_close (w, '}');

  bp_json_string (w, "task", bp_task_to_string (data->task));

  bp_json_open (w, "model", '{', FALSE);
  bp_json_write_layers (w, layers->layers);
  /* The regression loss: classification picks its own. */
  bp_json_string (w, "loss", bp_loss_to_string (layers->loss));
  bp_json_string (w, "init", bp_names_get (bp_init_names, layers->init));
  bp_json_close (w, '}');

  bp_json_write_training (w, config, NULL, 0, data);
}

/* BpStopReason's words (bp_stop_reason_to_string), in its order. */
#define N_STOP_REASONS (BP_STOP_DIVERGED + 1)

static void
write_history (BpJsonWriter *w, const GArray *epochs)
{
  static const char * const keys[] = {
    "epoch", "loss", "metric", "val_loss", "val_metric", "learning_rate", "seconds", "samples_per_second",
  };
  bp_json_open (w, "history", '{', FALSE);
  for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      bp_json_open (w, keys[k], '[', TRUE);
      for (guint e = 0; e < epochs->len; e++)
        {
          const BpEpochRecord *r = &g_array_index (epochs, BpEpochRecord, e);
          const double values[] = { r->epoch, r->loss, r->metric, r->val_loss, r->val_metric, r->learning_rate,
                                    r->seconds, r->samples_per_second };
          if (k == 0)
            bp_json_int (w, NULL, r->epoch);
          else
            bp_json_double (w, NULL, values[k]);
        }
      bp_json_close (w, ']');
    }
  bp_json_close (w, '}');
}

static void
write_weights (BpJsonWriter *w, const BpRun *run)
{
  bp_json_open (w, "weights", '{', FALSE);
  bp_json_int (w, "inputs", (gint64) run->spec->n_inputs);
  bp_json_write_layers (w, run->spec->layers);
  bp_json_string (w, "loss", bp_loss_to_string (run->spec->loss));
  bp_json_string (w, "init", bp_names_get (bp_init_names, run->spec->init));
  /* float32 little-endian, whatever the machine. */
  g_autofree guint32 *le = g_new (guint32, MAX (run->n_weights, 1));
  for (gsize i = 0; i < run->n_weights; i++)
    {
      guint32 bits;
      memcpy (&bits, &run->weights[i], sizeof bits);
      le[i] = GUINT32_TO_LE (bits);
    }
  g_autofree char *values = g_base64_encode ((const guchar *) le, run->n_weights * sizeof (guint32));
  bp_json_string (w, "values", values);
  bp_json_close (w, '}');
}

static void
write_runs (BpJsonWriter *w, const BpProject *project)
{
  gsize weights_left = project->save_run_weights ? BP_PROJECT_MAX_RUN_WEIGHTS : 0;
  bp_json_open (w, "runs", '[', FALSE);
  for (guint i = 0; i < bp_run_list_get_length (project->runs); i++)
    {
      const BpRun *run = bp_run_list_get (project->runs, i);
      const BpRunSettings *s = run->settings;
      bp_json_open (w, NULL, '{', FALSE);
      bp_json_uint64 (w, "id", run->id);
      bp_json_string (w, "name", run->name ? run->name : "");
      bp_json_bool (w, "renamed", run->renamed);
      if (run->parent_id)
        {
          bp_json_uint64 (w, "parent", run->parent_id);
          bp_json_int (w, "fork_epoch", run->fork_epoch);
          bp_json_uint64 (w, "fork_step", run->fork_step);
        }
      /* A run still training when saved is, in the file, one that stopped there. */
      BpRunStatus status = run->status == BP_RUN_RUNNING ? BP_RUN_STOPPED : run->status;
      BpStopReason stop = run->status == BP_RUN_RUNNING ? BP_STOP_USER : run->stop_reason;
      bp_json_string (w, "status", bp_run_status_to_string (status));
      bp_json_string (w, "stop", bp_stop_reason_to_string (stop));
      bp_json_bool (w, "pinned", run->pinned);
      bp_json_int (w, "created", run->created);
      bp_json_string (w, "task", bp_task_to_string (run->task));
      bp_json_bool (w, "validation", run->has_validation);
      bp_json_int (w, "batches_per_epoch", run->batches_per_epoch);
      bp_json_open (w, "settings", '{', FALSE);
      write_choices (w, s->target, s->columns, s->missing_markers, s->keep_empty, &s->data, s->layers, &s->config);
      bp_json_close (w, '}');
      write_history (w, run->epochs);
      bp_json_open (w, "batch_loss", '[', TRUE);
      for (guint b = 0; b < run->batch_losses->len; b++)
        bp_json_float (w, NULL, g_array_index (run->batch_losses, float, b));
      bp_json_close (w, ']');
      gsize bytes = run->n_weights * sizeof (float);
      if (run->pinned && run->weights && bytes <= weights_left)
        {
          write_weights (w, run);
          weights_left -= bytes;
        }
      bp_json_close (w, '}');
    }
  bp_json_close (w, ']');
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

  write_choices (&w, project->target, project->columns, project->missing_markers, project->keep_empty,
                 &project->data, project->layers, &project->config);
  if (bp_run_list_get_length (project->runs) > 0)
    write_runs (&w, project);
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

/* ---- runs ------------------------------------------------------------------ */

/* The numbers of array path.key: finite, or with @nullable null as NaN. */
static gboolean
read_numbers (BpJsonReader *r, JsonObject *object, const char *path, const char *key, gboolean nullable,
              GArray *out)
{
  JsonArray *array;
  if (!bp_json_read_array (r, object, path, key, FALSE, &array))
    return FALSE;
  guint n = json_array_get_length (array);
  g_array_set_size (out, n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      double value = NAN;
      if (!(nullable && JSON_NODE_HOLDS_NULL (node)))
        {
          if (!bp_json_is_number (node) || !isfinite (value = json_node_get_double (node)))
            /* Translators: %s is a field such as runs[2].history.loss, %u the place in it. */
            return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s.%s[%u]: expected a number, found %s"), path, key, i,
                                bp_json_kind_of (node));
        }
      g_array_index (out, double, i) = value;
    }
  return TRUE;
}

static gboolean
read_run_history (BpJsonReader *r, JsonObject *object, const char *where, BpRun *run)
{
  static const char * const keys[] = {
    "epoch", "loss", "metric", "val_loss", "val_metric", "learning_rate", "seconds", "samples_per_second",
  };
  JsonObject *history;
  g_autofree char *path = g_strconcat (where, ".history", NULL);
  if (!bp_json_read_object (r, object, where, "history", &history))
    return FALSE;
  GArray *columns[G_N_ELEMENTS (keys)];
  for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
    columns[k] = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) epochs = g_array_new (FALSE, FALSE, sizeof (BpEpochRecord));
  gboolean ok = TRUE;
  for (gsize k = 0; k < G_N_ELEMENTS (keys) && ok; k++)
    {
      /* Validation and the loss are not measured when they cannot be. */
      ok = read_numbers (r, history, path, keys[k], k != 0, columns[k]);
      if (ok && columns[k]->len != columns[0]->len)
        /* Translators: %s is a field such as runs[2].history; the numbers count values. */
        ok = bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s.%s: %u values for %u epochs"), path, keys[k],
                          columns[k]->len, columns[0]->len);
    }
  for (guint e = 0; ok && e < columns[0]->len; e++)
    {
      double epoch = g_array_index (columns[0], double, e);
      if (epoch != floor (epoch) || epoch < 1 || epoch > 1000000)
        {
          ok = bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s.epoch[%u]: expected a whole number from 1"), path, e);
          break;
        }
      BpEpochRecord record = {
        .epoch = (guint) epoch,
        .loss = g_array_index (columns[1], double, e),
        .metric = g_array_index (columns[2], double, e),
        .val_loss = g_array_index (columns[3], double, e),
        .val_metric = g_array_index (columns[4], double, e),
        .learning_rate = g_array_index (columns[5], double, e),
        .seconds = g_array_index (columns[6], double, e),
        .samples_per_second = g_array_index (columns[7], double, e),
      };
      g_array_append_val (epochs, record);
    }
  for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
    g_array_unref (columns[k]);
  if (!ok)
    return FALSE;
  bp_run_set_epochs (run, epochs);

  g_autoptr(GArray) batches = g_array_new (FALSE, FALSE, sizeof (double));
  if (!read_numbers (r, object, where, "batch_loss", TRUE, batches))
    return FALSE;
  g_array_set_size (run->batch_losses, batches->len);
  for (guint b = 0; b < batches->len; b++)
    {
      double loss = g_array_index (batches, double, b);
      /* Kept as float32: beyond its range the cast is undefined. */
      if (fabs (loss) > FLT_MAX)
        return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s.batch_loss[%u]: beyond the range of float32"), where, b);
      g_array_index (run->batch_losses, float, b) = (float) loss;
    }
  return TRUE;
}

static gboolean
read_run_weights (BpJsonReader *r, JsonObject *object, const char *where, BpRun *run)
{
  JsonObject *weights;
  JsonArray *layers;
  const char *loss_name, *values;
  gint64 inputs;
  int init;
  g_autofree char *path = g_strconcat (where, ".weights", NULL);
  g_autofree char *layers_path = g_strconcat (path, ".layers", NULL);
  g_autofree char *values_path = g_strconcat (path, ".values", NULL);
  if (!bp_json_read_object (r, object, where, "weights", &weights) ||
      !bp_json_read_int (r, weights, path, "inputs", 1, G_MAXINT32, &inputs) ||
      !bp_json_read_array (r, weights, path, "layers", FALSE, &layers) ||
      !bp_json_read_string (r, weights, path, "loss", &loss_name) ||
      !bp_json_read_choice (r, weights, path, "init", bp_init_names, &init) ||
      !bp_json_read_string (r, weights, path, "values", &values))
    return FALSE;
  g_autoptr(BpModelSpec) spec = bp_model_spec_new ((gsize) inputs);
  if (!bp_loss_from_string (loss_name, &spec->loss))
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s.loss: unknown loss “%s”"), path, loss_name);
  spec->init = (BpInit) init;
  if (!bp_json_read_layers (r, layers, layers_path, spec->layers))
    return FALSE;
  g_autoptr(GError) local = NULL;
  if (!bp_model_spec_validate (spec, &local))
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, "%s: %s", path, local->message);
  gsize n_bytes;
  if (!bp_json_check_base64 (r, values_path, values, &n_bytes))
    return FALSE;
  gsize n_params = bp_model_spec_count_params (spec);
  if (n_bytes != n_params * sizeof (float))
    /* Translators: %s is a field such as runs[2].weights.values; the numbers count bytes. */
    return bp_json_bad (r, BP_ENGINE_ERROR_SHAPE, _("%s: %zu bytes for a network of %zu weights (4 bytes each)"),
                        values_path, n_bytes, n_params);
  gsize length = 0;
  g_autofree guint32 *le = (guint32 *) g_base64_decode (values, &length);
  g_autofree float *params = g_new (float, MAX (n_params, 1));
  for (gsize i = 0; i < n_params; i++)
    {
      guint32 bits = GUINT32_FROM_LE (le[i]);
      memcpy (&params[i], &bits, sizeof bits);
    }
  bp_run_set_weights (run, spec, params, n_params);
  return TRUE;
}

static const char *
stop_names_get (int index)
{
  return bp_stop_reason_to_string ((BpStopReason) index);
}

static gboolean
read_run (BpJsonReader *r, JsonObject *object, const char *where, guint i, gpointer user_data)
{
  BpProject *project = user_data;
  const char *name, *status_name, *stop_name, *task_name;
  guint64 id, parent = 0, fork_step = 0;
  gint64 fork_epoch = 0, created, batches_per_epoch;
  gboolean renamed, pinned, validation;
  JsonObject *settings_object;
  if (!bp_json_read_seed (r, object, where, "id", &id) ||
      !bp_json_read_string (r, object, where, "name", &name) ||
      !bp_json_read_bool (r, object, where, "renamed", &renamed) ||
      !bp_json_read_string (r, object, where, "status", &status_name) ||
      !bp_json_read_string (r, object, where, "stop", &stop_name) ||
      !bp_json_read_bool (r, object, where, "pinned", &pinned) ||
      !bp_json_read_int (r, object, where, "created", G_MININT64, G_MAXINT64, &created) ||
      !bp_json_read_string (r, object, where, "task", &task_name) ||
      !bp_json_read_bool (r, object, where, "validation", &validation) ||
      !bp_json_read_int (r, object, where, "batches_per_epoch", 0, G_MAXINT32, &batches_per_epoch) ||
      !bp_json_read_object (r, object, where, "settings", &settings_object))
    return FALSE;
  if (json_object_has_member (object, "parent") &&
      (!bp_json_read_seed (r, object, where, "parent", &parent) ||
       !bp_json_read_int (r, object, where, "fork_epoch", 0, G_MAXINT32, &fork_epoch) ||
       !bp_json_read_seed (r, object, where, "fork_step", &fork_step)))
    return FALSE;
  if (id == 0 || bp_run_list_find (project->runs, id) != NULL)
    /* Translators: %s is a field such as runs[2]. */
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s.id: 0, or the number of another run"), where);
  BpRunStatus status;
  if (!bp_run_status_from_string (status_name, &status))
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s.status: unknown status “%s”"), where, status_name);
  int stop = -1;
  for (int k = 0; k < N_STOP_REASONS && stop < 0; k++)
    if (g_str_equal (stop_names_get (k), stop_name))
      stop = k;
  if (stop < 0)
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s.stop: unknown reason “%s”"), where, stop_name);
  BpTask task;
  if (!bp_task_from_string (task_name, &task) || task == BP_TASK_AUTO)
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s.task: unknown task “%s” (binary, multiclass or regression)"),
                        where, task_name);

  /* The settings read as a project's are: messages name the run. */
  g_autofree char *settings_name = g_strdup_printf ("%s: %s.settings", r->name, where);
  BpJsonReader settings_reader = BP_JSON_READER_INIT (settings_name, r->error);
  g_autoptr(BpProject) choices = project_new_empty ();
  g_autofree float *class_weights = NULL;
  const char *choices_task;
  if (!read_columns (&settings_reader, settings_object, choices) ||
      !bp_json_read_string (&settings_reader, settings_object, "", "task", &choices_task))
    return FALSE;
  if (!bp_task_from_string (choices_task, &choices->data.task))
    return bp_json_bad (&settings_reader, BP_ENGINE_ERROR_INVALID,
                        _("task: unknown task “%s” (auto, binary, multiclass or regression)"), choices_task);
  if (!read_model (&settings_reader, settings_object, choices) ||
      !bp_json_read_training (&settings_reader, settings_object, 0, &choices->config, &class_weights, &choices->data))
    return FALSE;
  choices->config.class_weights = NULL;
  g_autoptr(BpRunSettings) settings = bp_project_get_run_settings (choices);

  g_autoptr(BpRun) run = bp_run_new (settings, task, validation);
  run->id = id;
  if (renamed)
    bp_run_set_name (run, name);
  else
    run->name = g_strdup (name);
  run->created = created;
  run->batches_per_epoch = (guint) batches_per_epoch;
  run->pinned = pinned;
  if (!read_run_history (r, object, where, run))
    return FALSE;
  if (json_object_has_member (object, "weights") && !read_run_weights (r, object, where, run))
    return FALSE;
  /* bp_run_finish: the status from the reason, the scores from the epochs. */
  run->parent_id = parent;
  run->fork_epoch = (guint) fork_epoch;
  run->fork_step = fork_step;
  run->stop_reason = (BpStopReason) stop;
  run->status = status;
  bp_run_list_add (project->runs, run);
  return TRUE;
}

static gboolean
read_runs (BpJsonReader *r, JsonObject *root, BpProject *project)
{
  JsonArray *runs;
  /* Optional: a project from before runs has none. */
  if (!json_object_has_member (root, "runs"))
    return TRUE;
  if (!bp_json_read_array (r, root, "", "runs", FALSE, &runs))
    return FALSE;
  /* Weights are kept as saved: pinned runs, within the project's cap. */
  bp_run_list_set_weights_budget (project->runs, G_MAXSIZE);
  if (!bp_json_read_each (r, runs, "runs", read_run, project))
    return FALSE;
  bp_run_list_set_weights_budget (project->runs, BP_RUN_LIST_WEIGHTS_BUDGET);
  return TRUE;
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
  if (!read_runs (r, root, project))
    return NULL;
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
