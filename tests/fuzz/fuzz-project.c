/* fuzz-project.c: a project file read from untrusted text. Loading fails
 * with an engine error, or gives a project whose text reads back to itself
 * (written, loaded and written again: the same bytes); its data (the copy
 * it keeps, or a small generated set) is then loaded, the project's
 * choices applied and a dataset and network made, each either working or
 * failing with an error.
 *
 * Input: the project's text. No file outside the input is read: a
 * project's data path is never opened.
 */
#include "fuzz-util.h"

#include <string.h>

#include "bp-engine.h"

#define PATH "/fuzz/project.backprop"

static BpTable *
project_table (const BpProject *project)
{
  BpTableOptions options;
  bp_table_options_init (&options);
  options.memory_limit = 256u << 20;
  switch (project->source.kind)
    {
    case BP_DATA_SOURCE_FILE:
      if (!project->source.copy)
        return NULL;
      gsize size = 0;
      const char *bytes = g_bytes_get_data (project->source.copy, &size);
      return bp_table_load_data ("copy.csv", bytes, size, &options, NULL);
    case BP_DATA_SOURCE_GENERATED:
      if (project->source.rows > 400)
        return NULL;   /* larger sets test the generator's speed, not the reading */
      return bp_data_source_load (&project->source, &options, NULL, NULL);
    case BP_DATA_SOURCE_SAMPLE:   /* needs the app's resources */
    case BP_DATA_SOURCE_NONE:
    default:
      return NULL;
    }
}

static void
use_data (const BpProject *project)
{
  g_autoptr(BpTable) table = project_table (project);
  if (!table)
    return;
  g_autofree BpColumnRole *roles = g_new0 (BpColumnRole, MAX (table->n_columns, 1));
  BpDatasetOptions options;
  g_autoptr(GError) error = NULL;
  if (!bp_project_apply (project, table, roles, &options, &error))
    {
      FUZZ_CHECK (error && error->domain == BP_ENGINE_ERROR, "apply failed without an engine error");
      return;
    }
  g_autoptr(BpDataset) dataset = bp_dataset_new (table, &options, &error);
  if (!dataset)
    return;
  g_autoptr(BpModelSpec) spec = bp_layer_stack_build (project->layers, dataset);
  if (!bp_model_spec_validate (spec, NULL) || bp_model_spec_count_params (spec) > 20000)
    return;
  g_autoptr(BpModel) model = bp_model_new (spec, &error);
  FUZZ_CHECK (model != NULL, "a valid spec does not build: %s", error->message);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) project = bp_project_load_data (PATH, (const char *) data, size, &error);
  if (!project)
    {
      FUZZ_CHECK (error && error->domain == BP_ENGINE_ERROR && error->message[0],
                  "a failure without an engine error");
      return 0;
    }
  FUZZ_CHECK (error == NULL, "success with an error set");

  gsize length = 0;
  g_autofree char *text = bp_project_to_data (project, PATH, &length);
  FUZZ_CHECK (text != NULL && strlen (text) == length, "to_data failed or has a NUL");
  g_autoptr(BpProject) again = bp_project_load_data (PATH, text, length, &error);
  FUZZ_CHECK (again != NULL, "its own text refused: %s\n%s", error->message, text);
  g_autofree char *text_again = bp_project_to_data (again, PATH, NULL);
  FUZZ_CHECK (strcmp (text, text_again) == 0, "not a fixed point:\n%s\n%s", text, text_again);

  use_data (project);
  return 0;
}
