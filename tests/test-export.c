/* test-export.c: the exported scripts' settings, the weights file, the
 * protobuf writer and the ONNX model's outline. Running the scripts and
 * the ONNX file is test-export.py's (suite "export"). */
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bp-engine.h"
#include "test-util.h"

static void
assert_bytes (GByteArray *bytes, const guint8 *expected, gsize n)
{
  g_assert_cmpuint (bytes->len, ==, n);
  g_assert_cmpmem (bytes->data, bytes->len, expected, n);
}

/* Encodings from the protobuf documentation's examples. */
static void
test_proto (void)
{
  g_autoptr(GByteArray) a = g_byte_array_new ();
  bp_proto_int (a, 1, 150);
  assert_bytes (a, (const guint8[]) { 0x08, 0x96, 0x01 }, 3);

  g_autoptr(GByteArray) b = g_byte_array_new ();
  bp_proto_string (b, 2, "testing");
  assert_bytes (b, (const guint8[]) { 0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g' }, 9);

  /* A negative int64 takes ten bytes. */
  g_autoptr(GByteArray) c = g_byte_array_new ();
  bp_proto_int (c, 1, -1);
  assert_bytes (c, (const guint8[]) { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 }, 11);

  /* A float is fixed32, little-endian; a nested message is length-delimited. */
  g_autoptr(GByteArray) d = g_byte_array_new ();
  GByteArray *inner = g_byte_array_new ();
  bp_proto_float (inner, 2, 1.0f);
  bp_proto_message (d, 3, inner);
  assert_bytes (d, (const guint8[]) { 0x1a, 0x05, 0x15, 0x00, 0x00, 0x80, 0x3f }, 7);

  g_autoptr(GByteArray) e = g_byte_array_new ();
  const float values[] = { 1.0f, -2.0f };
  bp_proto_floats (e, 9, values, 2);
  assert_bytes (e, (const guint8[]) { 0x4a, 0x08, 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0 }, 10);

  /* Field numbers past 15 take a two-byte tag. */
  g_autoptr(GByteArray) f = g_byte_array_new ();
  bp_proto_int (f, 20, 2);
  assert_bytes (f, (const guint8[]) { 0xa0, 0x01, 0x02 }, 3);
}

/* A small trained model on a table with a category and a strange name. */
static BpModelFile *
train_model (const char *csv, BpTask *task)
{
  g_autoptr(BpTable) table = load_text_named ("odd.csv", csv);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_autoptr(BpModelSpec) spec = bp_model_spec_new (dataset->n_features);
  bp_model_spec_add_layer (spec, 3, BP_ACTIVATION_GELU, 0.0f);
  bp_model_spec_add_output (spec, dataset->task, dataset->n_outputs);
  g_autoptr(BpModel) model = bp_model_new (spec, NULL);
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 2;
  g_autoptr(BpTrainer) trainer = bp_trainer_new (model, dataset, &config, NULL);
  g_assert_nonnull (trainer);
  g_assert_true (bp_trainer_run (trainer, NULL, NULL, NULL, NULL));
  *task = dataset->task;
  return bp_model_file_new_from_training (dataset, &options, model, &config, bp_trainer_get_history (trainer));
}

static const char odd_csv[] =
  "size,\"co\"\"lor\\\",label\n"
  "1.5,red,yes\n2.5,blue,no\n3.5,red,yes\n4.5,green,no\n5.5,blue,yes\n"
  "6.5,red,no\n7.5,green,yes\n8.5,blue,no\n9.5,red,yes\n10.5,green,no\n";

static void
test_weights_json (void)
{
  BpTask task;
  g_autoptr(BpModelFile) file = train_model (odd_csv, &task);
  gsize length;
  g_autofree char *text = bp_export_weights_json (file, &length);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, text, (gssize) length, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "backprop-weights");
  JsonArray *layers = json_object_get_array_member (root, "layers");
  g_assert_cmpuint (json_array_get_length (layers), ==, file->spec->layers->len);

  /* PyTorch's weight is Backprop's W transposed, every value exact. */
  gsize in = file->spec->n_inputs, offset = 0;
  for (guint l = 0; l < file->spec->layers->len; l++)
    {
      const gsize units = g_array_index (file->spec->layers, BpLayerSpec, l).units;
      JsonObject *layer = json_array_get_object_element (layers, l);
      JsonArray *weight = json_object_get_array_member (layer, "weight");
      JsonArray *bias = json_object_get_array_member (layer, "bias");
      g_assert_cmpuint (json_array_get_length (weight), ==, units);
      g_assert_cmpuint (json_array_get_length (bias), ==, units);
      for (gsize o = 0; o < units; o++)
        {
          JsonArray *row = json_array_get_array_element (weight, (guint) o);
          g_assert_cmpuint (json_array_get_length (row), ==, in);
          for (gsize i = 0; i < in; i++)
            g_assert_cmpfloat ((float) json_array_get_double_element (row, (guint) i), ==,
                               file->params[offset + i * units + o]);
          g_assert_cmpfloat ((float) json_array_get_double_element (bias, (guint) o), ==,
                             file->params[offset + in * units + o]);
        }
      offset += in * units + units;
      in = units;
    }
  g_assert_cmpuint (offset, ==, file->n_params);
}

static void
test_script_from_model (void)
{
  BpTask task;
  BpModelFile *file = train_model (odd_csv, &task);
  g_autoptr(BpExportSource) source = bp_export_source_new_from_model (file, "odd.json");
  g_autofree char *script = bp_export_script (source, BP_EXPORT_PYTORCH, "odd.weights.json", NULL);
  /* The odd column name is a valid Python string; the transform keeps
   * the categories in Backprop's order. */
  g_assert_nonnull (strstr (script, "(\"co\\\"lor\\\\\", \"categorical\")"));
  g_assert_nonnull (strstr (script, "\"levels\": [\"blue\", \"green\", \"red\"]"));
  g_assert_nonnull (strstr (script, "WEIGHTS_FILE = \"odd.weights.json\""));
  g_assert_nonnull (strstr (script, "TARGET_TYPE = \"categorical\""));
  g_assert_nonnull (strstr (script, "class BackpropOrderSampler(DistributedSampler)"));
  g_assert_nonnull (strstr (script, "DELIMITER = None"));
  g_assert_nonnull (strstr (script, "LAYERS = [\n    (3, \"gelu\", 0.0),\n]"));

  g_autofree char *keras = bp_export_script (source, BP_EXPORT_KERAS, NULL, NULL);
  g_assert_nonnull (strstr (keras, "import keras"));
  g_assert_null (strstr (keras, "import torch"));
  g_assert_null (strstr (keras, "WEIGHTS_FILE"));
}

static void
test_script_from_project (void)
{
  g_autofree char *path = sample_path ("iris.csv");
  g_autoptr(BpTable) table = bp_table_load (path, NULL, NULL);
  g_assert_nonnull (table);
  g_autoptr(BpProject) project = bp_project_new ();
  bp_data_source_set_file (&project->source, path);
  project->data.split = BP_SPLIT_STRATIFIED;
  project->data.seed = 42;
  project->config.seed = 42;
  project->config.epochs = 7;
  project->config.optimizer.learning_rate = 0.003f;
  project->config.patience = 4;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpExportSource) source = bp_export_source_new_from_project (project, "iris.backprop", table, &error);
  g_assert_no_error (error);
  g_autofree char *script = bp_export_script (source, BP_EXPORT_PYTORCH, NULL, NULL);
  const char *expected[] = {
    "TARGET = \"species\"", "TASK = \"multiclass\"", "SPLIT = \"stratified\"", "SPLIT_SEED = 42",
    "SEED = 42", "EPOCHS = 7", "LEARNING_RATE = 0.003", "EARLY_STOPPING_PATIENCE = 4",
    "LOSS = \"categorical_crossentropy\"", "DELIMITER = \",\"", "WEIGHTS_FILE = None",
    "(128, \"relu\", 0.0)", "(\"petal_width_cm\", \"numeric\")",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (script, expected[i]) == NULL)
      g_error ("the script lacks %s", expected[i]);
}

/* Binary data holds NUL bytes: memmem, not strstr. */
static gboolean
contains (const guint8 *data, gsize n, const char *text)
{
  return memmem (data, n, text, strlen (text)) != NULL;
}

static void
test_onnx_outline (void)
{
  BpTask task;
  g_autoptr(BpModelFile) file = train_model (odd_csv, &task);
  g_autoptr(GBytes) bytes = bp_export_onnx (file);
  gsize n;
  const guint8 *data = g_bytes_get_data (bytes, &n);
  /* ir_version 7 first, then the producer. */
  g_assert_cmpuint (n, >, 100);
  g_assert_cmpuint (data[0], ==, 0x08);
  g_assert_cmpuint (data[1], ==, BP_ONNX_IR_VERSION);
  g_assert_cmpuint (data[2], ==, 0x12);
  g_assert_cmpmem (data + 4, 8, "Backprop", 8);
  /* One input per network input, named after its category. */
  g_assert_true (contains (data, n, "co\"lor\\=green"));
  g_assert_true (contains (data, n, "probabilities"));
  g_assert_true (contains (data, n, "Erf"));
}

/* A generated set's data written next to a script; a name that is no
 * generated set (a hand-edited project) is an error, not circles. */
static void
test_generated_data_next_to (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bp-test-export-XXXXXX", NULL);
  g_autofree char *script = g_build_filename (dir, "run.py", NULL);
  g_auto(BpDataSource) source = BP_DATA_SOURCE_INIT;
  bp_data_source_set_generated (&source, BP_SAMPLE_XOR, 50, 0.1, 7);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_export_write_data_next_to (&source, script, &path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_unlink (path);

  g_free (source.name);
  source.name = g_strdup ("moons");
  g_autofree char *none = NULL;
  g_assert_false (bp_export_write_data_next_to (&source, script, &none, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "moons"));
  g_assert_null (none);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/export/proto", test_proto);
  g_test_add_func ("/engine/export/weights-json", test_weights_json);
  g_test_add_func ("/engine/export/script-from-model", test_script_from_model);
  g_test_add_func ("/engine/export/script-from-project", test_script_from_project);
  g_test_add_func ("/engine/export/onnx-outline", test_onnx_outline);
  g_test_add_func ("/engine/export/generated-data-next-to", test_generated_data_next_to);
  return g_test_run ();
}
