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

/* What exporting @project to @out reads and writes, checked before any
 * of it happens. */
static int
check_project_outputs (const BpProject *project, const char *input, const char *out, const char *data_path)
{
  const BpDataSource *source = &project->source;
  const char *inputs[] = { input, data_path,
                           data_path == NULL && source->kind == BP_DATA_SOURCE_FILE ? source->path : NULL };
  /* A generated set is written next to the script, as its sample's name. */
  g_autofree char *generated = NULL;
  BpSampleKind kind;
  if (data_path == NULL && source->kind == BP_DATA_SOURCE_GENERATED && source->name &&
      bp_sample_kind_from_string (source->name, &kind))
    {
      g_autofree char *dir = g_path_get_dirname (out);
      g_autofree char *name = bp_sample_file_name (kind);
      generated = g_build_filename (dir, name, NULL);
    }
  const BpCliOutput outputs[] = { { "-o", out }, { _("the data file"), generated } };
  return bp_cli_check_outputs (inputs, G_N_ELEMENTS (inputs), outputs, G_N_ELEMENTS (outputs));
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
      int status = check_project_outputs (project, input, out, data_path);
      if (status != 0)
        return status;
      g_autoptr(BpTable) table = project_table (project, input, data_path, &error);
      if (table == NULL)
        return bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      source = bp_export_source_new_from_project (project, input_name, table, &error);
      if (source == NULL)
        return bp_cli_fail (EXIT_BAD_INPUT, "%s: %s", table->display_name, error->message);
      g_autofree char *generated = NULL;
      if (data_path == NULL && project->source.kind == BP_DATA_SOURCE_GENERATED &&
          !bp_export_write_data_next_to (&project->source, out, &generated, &error))
        return bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      const char *data = data_path ? data_path : generated ? generated : project->source.path;
      g_free (source->data_path);
      source->data_path = data ? bp_export_data_name (data, out) : NULL;
    }
  else
    {
      BpModelFile *model = bp_model_file_load (input, &error);
      if (model == NULL)
        return bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      const char *inputs[] = { input, data_path };
      g_autofree char *weights = format == BP_EXPORT_PYTORCH ? bp_export_weights_path (out) : NULL;
      const BpCliOutput outputs[] = { { "-o", out }, { _("the weights file"), weights } };
      int status = bp_cli_check_outputs (inputs, G_N_ELEMENTS (inputs), outputs, G_N_ELEMENTS (outputs));
      if (status != 0)
        {
          bp_model_file_free (model);
          return status;
        }
      source = bp_export_source_new_from_model (model, input_name);
      if (data_path)
        source->data_path = bp_export_data_name (data_path, out);
    }

  if (!bp_export_write (source, format, out, &error))
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
