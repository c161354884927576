/* fuzz-model-file.c: a model file read from untrusted text. Loading fails
 * with an engine error, or gives a file whose text reads back to itself
 * (written, loaded and written again: the same bytes) and whose model
 * builds and predicts a row.
 *
 * Input: the file's text.
 */
#include "fuzz-util.h"

#include <string.h>

#include "bp-engine.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelFile) file = bp_model_file_load_data ("fuzz.json", (const char *) data, size, &error);
  if (!file)
    {
      FUZZ_CHECK (error && error->domain == BP_ENGINE_ERROR && g_str_has_prefix (error->message, "fuzz.json"),
                  "error without the file's name: %s", error ? error->message : "(none)");
      return 0;
    }
  FUZZ_CHECK (error == NULL, "success with an error set");

  gsize length = 0;
  g_autofree char *text = bp_model_file_to_data (file, &length);
  FUZZ_CHECK (strlen (text) == length, "length %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT, length, strlen (text));
  g_autoptr(BpModelFile) again = bp_model_file_load_data ("again.json", text, length, &error);
  FUZZ_CHECK (again != NULL, "its own text refused: %s\n%s", error->message, text);
  g_autofree char *text_again = bp_model_file_to_data (again, NULL);
  FUZZ_CHECK (strcmp (text, text_again) == 0, "not a fixed point:\n%s\n%s", text, text_again);

  g_autoptr(BpModel) model = bp_model_file_build_model (file, &error);
  FUZZ_CHECK (model != NULL, "a loaded file's model does not build: %s", error->message);
  const gsize n_inputs = file->transform->n_features;
  FUZZ_CHECK (bp_model_n_outputs (model) >= 1, "no outputs");
  g_autofree float *x = g_new0 (float, MAX (n_inputs, 1));
  g_autofree float *out = g_new0 (float, bp_model_n_outputs (model));
  g_autoptr(BpWorkspace) ws = bp_workspace_new (model, 1, FALSE);
  bp_model_predict (model, ws, out, x, 1);
  return 0;
}
