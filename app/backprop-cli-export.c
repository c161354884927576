/* backprop-cli export --to pytorch|keras|onnx INPUT -o OUT [--data FILE.csv]
 *
 * INPUT is a project (.backprop: the recipe; its data file is read to
 * learn the columns' types and the file's dialect) or a saved model
 * (.json: the recipe, the fitted transform and the trained weights).
 * A PyTorch script from a model gets its weights in OUT's name with
 * ".weights.json" next to it. ONNX needs a model.
 */
#include "backprop-cli.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bp-engine.h"

static gboolean
is_project (const char *path)
{
  return g_str_has_suffix (path, BP_PROJECT_SUFFIX);
}

/* The table a project's recipe is applied to: --data, else what its
 * data source reads (its CSV, else the copy it keeps, or a generated set). */
static BpTable *
project_table (const BpProject *project, const char *project_path, const char *data_path, GError **error)
{
  if (data_path)
    return bp_table_load (data_path, NULL, error);
  if (project->source.kind == BP_DATA_SOURCE_SAMPLE || project->source.kind == BP_DATA_SOURCE_NONE)
    {
      g_autofree char *display = g_filename_display_name (project_path);
      /* Translators: %s is a project file's name. */
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("%s: the project names no CSV file here; give one with --data"), display);
      return NULL;
    }
  return bp_data_source_load (&project->source, NULL, NULL, error);
}

static gboolean
write_file (const char *path, const char *data, gsize length, int mode, GError **error)
{
  if (!g_file_set_contents (path, data, (gssize) length, error))
    return FALSE;
  if (mode && g_chmod (path, mode) != 0)
    g_debug ("could not make %s executable", path);
  return TRUE;
}

/* OUT.py -> OUT.weights.json */
static char *
weights_path (const char *out)
{
  const char *dot = strrchr (out, '.');
  const char *slash = strrchr (out, G_DIR_SEPARATOR);
  gsize stem = dot && (slash == NULL || dot > slash) ? (gsize) (dot - out) : strlen (out);
  g_autofree char *base = g_strndup (out, stem);
  return g_strconcat (base, ".weights.json", NULL);
}

/* The data file as the script names it: relative to the script's folder
 * when it lies within it, so the two can be copied together. */
static char *
data_name_for (const char *data_path, const char *out)
{
  g_autofree char *out_abs = g_canonicalize_filename (out, NULL);
  g_autofree char *dir = g_path_get_dirname (out_abs);
  g_autofree char *data_abs = g_canonicalize_filename (data_path, NULL);
  g_autofree char *prefix = g_strconcat (dir, G_DIR_SEPARATOR_S, NULL);
  if (g_str_has_prefix (data_abs, prefix))
    return g_strdup (data_abs + strlen (prefix));
  return g_steal_pointer (&data_abs);
}

/* A generated set has no file: its CSV is written next to the script. */
static gboolean
write_generated (const BpProject *project, const char *out, char **path, GError **error)
{
  BpSampleKind kind = BP_SAMPLE_CIRCLES;
  bp_sample_kind_from_string (project->source.name, &kind);
  gsize length;
  g_autofree char *csv = bp_sample_generate_csv (kind, project->source.rows, project->source.noise,
                                                 project->source.seed, &length);
  g_autofree char *dir = g_path_get_dirname (out);
  g_autofree char *name = bp_sample_file_name (kind);
  *path = g_build_filename (dir, name, NULL);
  return g_file_set_contents (*path, csv, (gssize) length, error);
}

static int
export_main (const char *input, BpExportFormat format, const char *out, const char *data_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *input_name = g_path_get_basename (input);
  g_autoptr(BpExportSource) source = NULL;

  if (is_project (input))
    {
      if (format == BP_EXPORT_ONNX)
        return bp_cli_fail (EXIT_BAD_INPUT, _("%s: ONNX needs a trained model (MODEL.json); a project holds no weights"),
                     input_name);
      g_autoptr(BpProject) project = bp_project_load (input, &error);
      if (project == NULL)
        return bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      g_autoptr(BpTable) table = project_table (project, input, data_path, &error);
      if (table == NULL)
        return bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      source = bp_export_source_new_from_project (project, input_name, table, &error);
      if (source == NULL)
        return bp_cli_fail (EXIT_BAD_INPUT, "%s: %s", table->display_name, error->message);
      g_autofree char *generated = NULL;
      if (data_path == NULL && project->source.kind == BP_DATA_SOURCE_GENERATED &&
          format != BP_EXPORT_ONNX && !write_generated (project, out, &generated, &error))
        return bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      const char *data = data_path ? data_path : generated ? generated : project->source.path;
      g_free (source->data_path);
      source->data_path = data ? data_name_for (data, out) : NULL;
    }
  else
    {
      BpModelFile *model = bp_model_file_load (input, &error);
      if (model == NULL)
        return bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      source = bp_export_source_new_from_model (model, input_name);
      if (data_path)
        source->data_path = data_name_for (data_path, out);
    }

  if (format == BP_EXPORT_ONNX)
    {
      g_autoptr(GBytes) bytes = bp_export_onnx (source->model);
      gsize length;
      const char *data = g_bytes_get_data (bytes, &length);
      if (!write_file (out, data, length, 0, &error))
        return bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      return 0;
    }

  g_autofree char *weights = NULL;
  if (source->model && format == BP_EXPORT_PYTORCH)
    {
      weights = weights_path (out);
      gsize length;
      g_autofree char *json = bp_export_weights_json (source->model, &length);
      if (!write_file (weights, json, length, 0, &error))
        return bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
    }
  g_autofree char *weights_name = weights ? g_path_get_basename (weights) : NULL;
  gsize length;
  g_autofree char *script = bp_export_script (source, format, weights_name, &length);
  if (!write_file (out, script, length, 0755, &error))
    return bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
  return 0;
}

int
bp_cli_export (int argc, char **argv)
{
  g_autofree char *to = NULL, *out = NULL, *data = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "pytorch, keras or onnx", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "The file to write (a PyTorch script from a model also "
      "writes OUT.weights.json next to it)", "OUT" },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data, "The CSV file the script trains on by default (a project: "
      "instead of its own)", "FILE.csv" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("INPUT");
  g_option_context_set_summary (context,
    "Export a project (.backprop) or a saved model (.json) as a standalone PyTorch script that\n"
    "reproduces the run (and runs under torchrun), a Keras script, or an ONNX model of the\n"
    "trained network with its scaling (a model only).");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bp_cli_fail (EXIT_USAGE, "export: %s", error->message);

  int format = to ? bp_names_find (bp_export_format_names, to) : -1;
  if (format < 0)
    return bp_cli_fail (EXIT_USAGE, _("export: --to takes pytorch, keras or onnx"));
  if (argc != 2 || out == NULL)
    return bp_cli_fail (EXIT_USAGE, _("export takes a project or model file and -o OUT (see backprop-cli export --help)"));
  return export_main (argv[1], (BpExportFormat) format, out, data);
}
