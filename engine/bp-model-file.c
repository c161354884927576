#include "bp-model-file.h"

#include <math.h>
#include <string.h>
#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "bp-error.h"
#include "bp-json-config.h"
#include "bp-json-file.h"
#include "bp-json-writer.h"
#include "bp-names.h"
#include "bp-optimizer.h"

#ifndef BP_VERSION
#define BP_VERSION "(unknown version)"
#endif

#define WEIGHTS_DTYPE "float32-le"

/* Names of enums that have no string conversion elsewhere, in enum order. */
static const char * const encoding_names[] = { "scaled", "one_hot", NULL };

/* ---- the model file in memory ------------------------------------------- */

void
bp_model_file_free (BpModelFile *file)
{
  if (file == NULL)
    return;
  g_free (file->created_by);
  bp_transform_free (file->transform);
  bp_model_spec_free (file->spec);
  g_free (file->params);
  g_free (file->class_weights);
  if (file->history)
    g_array_unref (file->history);
  g_free (file);
}

static BpModelFile *
model_file_new (void)
{
  BpModelFile *file = g_new0 (BpModelFile, 1);
  bp_train_config_init (&file->config);
  bp_dataset_options_init (&file->data);
  file->history = g_array_new (FALSE, FALSE, sizeof (BpEpochRecord));
  return file;
}

BpModelFile *
bp_model_file_new_from_training (const BpDataset *dataset, const BpDatasetOptions *options,
                                 const BpModel *model, const BpTrainConfig *config,
                                 const GArray *history)
{
  g_return_val_if_fail (dataset != NULL && model != NULL, NULL);
  g_return_val_if_fail (model->spec->n_inputs == dataset->n_features, NULL);
  g_return_val_if_fail (bp_model_n_outputs (model) == dataset->n_outputs, NULL);

  BpModelFile *file = model_file_new ();
  file->created_by = g_strdup ("Backprop " BP_VERSION);
  file->transform = bp_transform_new_from_dataset (dataset);
  file->spec = bp_model_spec_copy (model->spec);
  file->n_params = model->n_params;
  file->params = g_memdup2 (model->params, MAX (model->n_params, 1) * sizeof (float));
  if (config)
    file->config = *config;
  file->config.class_weights = NULL;
  if (config && config->class_weights && dataset->n_classes > 0)
    file->class_weights = g_memdup2 (config->class_weights, dataset->n_classes * sizeof (float));
  file->config.class_weights = file->class_weights;
  if (options)
    file->data = *options;
  /* Column indices and roles belong to the training table, not the model. */
  file->data.target = -1;
  file->data.roles = NULL;
  file->data.task = dataset->task;
  /* The split made, so the file says which rows were validated on. */
  file->data.split = dataset->split;
  if (history)
    g_array_append_vals (file->history, history->data, history->len);
  return file;
}

/* ---- writing -------------------------------------------------------------- */

static char *
encode_weights (const float *params, gsize n)
{
  /* Little-endian on every host: the bit pattern of each float, swapped
   * where the host is big-endian. */
  g_autofree guint32 *le = g_new (guint32, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      guint32 bits;
      memcpy (&bits, &params[i], sizeof bits);
      le[i] = GUINT32_TO_LE (bits);
    }
  return g_base64_encode ((const guchar *) le, n * sizeof (guint32));
}

static void
write_transform (BpJsonWriter *w, const BpTransform *t)
{
  bp_json_string (w, "task", bp_task_to_string (t->task));
  bp_json_open (w, "target", '{', FALSE);
  bp_json_string (w, "name", t->target_name);
  if (t->class_names)
    {
      bp_json_open (w, "classes", '[', TRUE);
      for (gsize k = 0; k < t->n_classes; k++)
        bp_json_string (w, NULL, t->class_names[k]);
      bp_json_close (w, ']');
    }
  else
    bp_json_string (w, "classes", NULL);
  bp_json_double (w, "center", t->target_center);
  bp_json_double (w, "scale", t->target_scale);
  bp_json_close (w, '}');

  bp_json_open (w, "features", '[', FALSE);
  for (gsize f = 0; f < t->n_feature_columns; f++)
    {
      const BpFeature *feature = &t->features[f];
      bp_json_open (w, NULL, '{', TRUE);
      bp_json_int (w, "column", feature->column);
      bp_json_string (w, "name", feature->name);
      bp_json_string (w, "type", bp_column_type_to_string (feature->type));
      bp_json_string (w, "encoding", bp_names_get (encoding_names, feature->encoding));
      bp_json_int (w, "offset", (gint64) feature->offset);
      bp_json_int (w, "width", (gint64) feature->width);
      bp_json_double (w, "center", feature->center);
      bp_json_double (w, "scale", feature->scale);
      bp_json_double (w, "fill", feature->fill);
      if (feature->levels)
        {
          bp_json_open (w, "levels", '[', TRUE);
          for (char **level = feature->levels; *level; level++)
            bp_json_string (w, NULL, *level);
          bp_json_close (w, ']');
        }
      else
        bp_json_string (w, "levels", NULL);
      bp_json_close (w, '}');
    }
  bp_json_close (w, ']');

  bp_json_open (w, "inputs", '[', TRUE);
  for (gsize i = 0; i < t->n_features; i++)
    bp_json_string (w, NULL, t->input_names[i]);
  bp_json_close (w, ']');
}

char *
bp_model_file_to_data (const BpModelFile *file, gsize *length)
{
  BpJsonWriter w;
  bp_json_writer_init (&w);
  bp_json_open (&w, NULL, '{', FALSE);
  bp_json_string (&w, "format", BP_MODEL_FILE_FORMAT);
  bp_json_int (&w, "version", BP_MODEL_FILE_VERSION);
  bp_json_string (&w, "created_by", file->created_by ? file->created_by : "Backprop " BP_VERSION);
  write_transform (&w, file->transform);

  const BpModelSpec *spec = file->spec;
  bp_json_open (&w, "model", '{', FALSE);
  bp_json_int (&w, "inputs", (gint64) spec->n_inputs);
  bp_json_write_layers (&w, spec->layers);
  bp_json_string (&w, "loss", bp_loss_to_string (spec->loss));
  bp_json_string (&w, "init", bp_names_get (bp_init_names, spec->init));
  bp_json_close (&w, '}');

  g_autofree char *base64 = encode_weights (file->params, file->n_params);
  bp_json_open (&w, "weights", '{', FALSE);
  bp_json_string (&w, "dtype", WEIGHTS_DTYPE);
  bp_json_int (&w, "count", (gint64) file->n_params);
  bp_json_string (&w, "base64", base64);
  bp_json_close (&w, '}');

  bp_json_write_training (&w, &file->config, file->class_weights, file->transform->n_classes, &file->data);

  bp_json_open (&w, "history", '[', FALSE);
  for (guint i = 0; i < file->history->len; i++)
    {
      const BpEpochRecord *r = &g_array_index (file->history, BpEpochRecord, i);
      bp_json_open (&w, NULL, '{', TRUE);
      bp_json_int (&w, "epoch", r->epoch);
      bp_json_double (&w, "loss", r->loss);
      bp_json_double (&w, "metric", r->metric);
      bp_json_double (&w, "val_loss", r->val_loss);
      bp_json_double (&w, "val_metric", r->val_metric);
      bp_json_double (&w, "seconds", r->seconds);
      bp_json_double (&w, "samples_per_second", r->samples_per_second);
      bp_json_double (&w, "learning_rate", r->learning_rate);
      bp_json_close (&w, '}');
    }
  bp_json_close (&w, ']');
  bp_json_close (&w, '}');
  g_string_append_c (w.out, '\n');
  return bp_json_writer_finish (&w, length);
}

gboolean
bp_model_file_save (const BpModelFile *file, const char *path, GError **error)
{
  gsize length;
  g_autofree char *data = bp_model_file_to_data (file, &length);
  return bp_json_file_save (path, data, length, BP_JSON_FILE_MODEL, error);
}

/* ---- reading -------------------------------------------------------------- */

static gboolean
read_feature (BpJsonReader *r, JsonObject *object, const char *path, guint i, gpointer user_data)
{
  BpFeature *feature = (BpFeature *) user_data + i;
  gint64 column, offset, width;
  const char *name, *type;
  int encoding;
  JsonArray *levels;
  if (!bp_json_read_int (r, object, path, "column", 0, G_MAXINT32, &column) ||
      !bp_json_read_string (r, object, path, "name", &name) ||
      !bp_json_read_string (r, object, path, "type", &type) ||
      !bp_json_read_choice (r, object, path, "encoding", encoding_names, &encoding) ||
      !bp_json_read_int (r, object, path, "offset", 0, G_MAXINT32, &offset) ||
      !bp_json_read_int (r, object, path, "width", 1, BP_MAX_CATEGORIES, &width) ||
      !bp_json_read_number (r, object, path, "center", FALSE, &feature->center) ||
      !bp_json_read_number (r, object, path, "scale", FALSE, &feature->scale) ||
      !bp_json_read_number (r, object, path, "fill", FALSE, &feature->fill) ||
      !bp_json_read_array (r, object, path, "levels", TRUE, &levels))
    return FALSE;
  feature->column = (int) column;
  feature->name = g_strdup (name);
  if (!bp_column_type_from_string (type, &feature->type))
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("%s.type: unknown column type “%s”"), path, type);
  feature->encoding = (BpEncoding) encoding;
  feature->offset = (gsize) offset;
  feature->width = (gsize) width;
  if (levels)
    {
      g_autofree char *where = bp_json_join_path (path, "levels");
      if (!bp_json_read_names (r, levels, where, &feature->levels))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_transform (BpJsonReader *r, JsonObject *root, BpTransform *t)
{
  const char *task;
  if (!bp_json_read_string (r, root, "", "task", &task))
    return FALSE;
  if (!bp_task_from_string (task, &t->task) || t->task == BP_TASK_AUTO)
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("task: unknown task “%s” (binary, multiclass or regression)"), task);

  JsonObject *target;
  const char *name;
  JsonArray *classes;
  if (!bp_json_read_object (r, root, "", "target", &target) ||
      !bp_json_read_string (r, target, "target", "name", &name) ||
      !bp_json_read_array (r, target, "target", "classes", TRUE, &classes) ||
      !bp_json_read_number (r, target, "target", "center", FALSE, &t->target_center) ||
      !bp_json_read_number (r, target, "target", "scale", FALSE, &t->target_scale))
    return FALSE;
  t->target_name = g_strdup (name);
  if (classes)
    {
      if (!bp_json_read_names (r, classes, "target.classes", &t->class_names))
        return FALSE;
      t->n_classes = g_strv_length (t->class_names);
    }

  JsonArray *features;
  if (!bp_json_read_array (r, root, "", "features", FALSE, &features))
    return FALSE;
  t->n_feature_columns = json_array_get_length (features);
  t->features = g_new0 (BpFeature, MAX (t->n_feature_columns, 1));
  if (!bp_json_read_each (r, features, "features", read_feature, t->features))
    return FALSE;

  JsonArray *inputs;
  if (!bp_json_read_array (r, root, "", "inputs", FALSE, &inputs) || !bp_json_read_names (r, inputs, "inputs", &t->input_names))
    return FALSE;
  t->n_features = g_strv_length (t->input_names);

  g_autoptr(GError) local = NULL;
  if (!bp_transform_validate (t, &local))
    return bp_json_bad (r, (BpEngineError) local->code, "%s", local->message);
  return TRUE;
}

static gboolean
read_model (BpJsonReader *r, JsonObject *root, const BpTransform *t, BpModelSpec **out)
{
  JsonObject *model;
  gint64 n_inputs;
  JsonArray *layers;
  const char *loss_name;
  int init;
  if (!bp_json_read_object (r, root, "", "model", &model) ||
      !bp_json_read_int (r, model, "model", "inputs", 1, G_MAXINT32, &n_inputs) ||
      !bp_json_read_array (r, model, "model", "layers", FALSE, &layers) ||
      !bp_json_read_string (r, model, "model", "loss", &loss_name) ||
      !bp_json_read_choice (r, model, "model", "init", bp_init_names, &init))
    return FALSE;
  if ((gsize) n_inputs != t->n_features)
    return bp_json_bad (r, BP_ENGINE_ERROR_SHAPE, _("model.inputs: %" PRId64 ", but the features make %zu"
                " inputs"), n_inputs, t->n_features);

  g_autoptr(BpModelSpec) spec = bp_model_spec_new ((gsize) n_inputs);
  if (!bp_loss_from_string (loss_name, &spec->loss))
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("model.loss: unknown loss “%s”"), loss_name);
  spec->init = (BpInit) init;

  const guint n_layers = json_array_get_length (layers);
  if (n_layers == 0)
    return bp_json_bad (r, BP_ENGINE_ERROR_SHAPE, _("model.layers: there are no layers"));
  if (!bp_json_read_layers (r, layers, "model.layers", spec->layers))
    return FALSE;

  /* The output layer must be what the task needs, or the predictions
   * would be read wrong. */
  const guint out_units = g_array_index (spec->layers, BpLayerSpec, n_layers - 1).units;
  const gsize want_units = t->task == BP_TASK_MULTICLASS ? t->n_classes : 1;
  if (out_units != want_units)
    return bp_json_bad (r, BP_ENGINE_ERROR_SHAPE,
                t->task == BP_TASK_MULTICLASS
                ? _("model.layers[%u]: the output layer has %u units, but multiclass classification of the "
                    "target's classes needs %zu")
                : t->task == BP_TASK_BINARY
                ? _("model.layers[%u]: the output layer has %u units, but binary classification needs %zu")
                : _("model.layers[%u]: the output layer has %u units, but regression needs %zu"),
                n_layers - 1, out_units, want_units);
  gboolean loss_fits = t->task == BP_TASK_BINARY ? spec->loss == BP_LOSS_BINARY_CROSSENTROPY
                       : t->task == BP_TASK_MULTICLASS ? spec->loss == BP_LOSS_CATEGORICAL_CROSSENTROPY
                       : spec->loss == BP_LOSS_MSE || spec->loss == BP_LOSS_MAE || spec->loss == BP_LOSS_HUBER;
  if (!loss_fits)
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("model.loss: %s does not go with %s"), bp_loss_to_string (spec->loss),
                bp_task_to_string (t->task));

  g_autoptr(GError) local = NULL;
  if (!bp_model_spec_validate (spec, &local))
    return bp_json_bad (r, (BpEngineError) local->code, _("model: %s"), local->message);
  *out = g_steal_pointer (&spec);
  return TRUE;
}

/* Weights a spec needs, or 0 when they would not fit in memory at all. */
static gsize
count_params (const BpModelSpec *spec)
{
  guint64 total = 0, in = spec->n_inputs;
  for (guint l = 0; l < spec->layers->len; l++)
    {
      /* in × out weights and out biases. */
      guint64 out = g_array_index (spec->layers, BpLayerSpec, l).units, layer;
      if (!g_uint64_checked_mul (&layer, in + 1, out) || !g_uint64_checked_add (&total, total, layer))
        return 0;
      in = out;
    }
  return total <= G_MAXSIZE / sizeof (float) ? (gsize) total : 0;
}

static gboolean
read_weights (BpJsonReader *r, JsonObject *root, const BpModelSpec *spec, float **params_out, gsize *n_out)
{
  JsonObject *weights;
  const char *dtype, *text;
  gint64 count;
  if (!bp_json_read_object (r, root, "", "weights", &weights) ||
      !bp_json_read_string (r, weights, "weights", "dtype", &dtype))
    return FALSE;
  if (!g_str_equal (dtype, WEIGHTS_DTYPE))
    return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("weights.dtype: “%s” is not supported (only %s)"), dtype, WEIGHTS_DTYPE);
  if (!bp_json_read_int (r, weights, "weights", "count", 0, G_MAXINT64, &count) ||
      !bp_json_read_string (r, weights, "weights", "base64", &text))
    return FALSE;

  const gsize need = count_params (spec);
  if (need == 0)
    return bp_json_bad (r, BP_ENGINE_ERROR_SHAPE, _("model: the layers need more weights than fit in memory"));
  if ((guint64) count != need)
    return bp_json_bad (r, BP_ENGINE_ERROR_SHAPE, _("weights: expected %zu float32 values, found %"
                PRId64), need, count);

  gsize n_bytes;
  if (!bp_json_check_base64 (r, "weights.base64", text, &n_bytes))
    return FALSE;
  if (n_bytes != need * sizeof (float))
    return bp_json_bad (r, BP_ENGINE_ERROR_SHAPE, _("weights: the base64 data holds %zu bytes, but %zu"
                " float32 values take %zu"), n_bytes, need, need * sizeof (float));

  gsize decoded_length = 0;
  g_autofree guchar *decoded = g_base64_decode (text, &decoded_length);
  g_assert (decoded_length == n_bytes);
  g_autofree float *params = g_try_new (float, need);
  if (params == NULL)
    return bp_json_bad (r, BP_ENGINE_ERROR_NOMEM, _("not enough memory for %zu weights"), need);
  for (gsize i = 0; i < need; i++)
    {
      guint32 bits;
      memcpy (&bits, decoded + i * sizeof bits, sizeof bits);
      bits = GUINT32_FROM_LE (bits);
      memcpy (&params[i], &bits, sizeof bits);
      if (isnan (params[i]))
        return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("weights: value %zu of %zu is NaN"), i, need);
      if (!isfinite (params[i]))
        return bp_json_bad (r, BP_ENGINE_ERROR_INVALID, _("weights: value %zu of %zu is infinite"), i, need);
    }
  *params_out = g_steal_pointer (&params);
  *n_out = need;
  return TRUE;
}

static gboolean
read_epoch (BpJsonReader *r, JsonObject *object, const char *path, guint i, gpointer user_data)
{
  GArray *history = user_data;
  BpEpochRecord record = { 0 };
  gint64 epoch;
  if (!bp_json_read_int (r, object, path, "epoch", 1, G_MAXUINT32, &epoch) ||
      !bp_json_read_number (r, object, path, "loss", TRUE, &record.loss) ||
      !bp_json_read_number (r, object, path, "metric", TRUE, &record.metric) ||
      !bp_json_read_number (r, object, path, "val_loss", TRUE, &record.val_loss) ||
      !bp_json_read_number (r, object, path, "val_metric", TRUE, &record.val_metric) ||
      !bp_json_read_number (r, object, path, "seconds", TRUE, &record.seconds) ||
      !bp_json_read_number (r, object, path, "samples_per_second", TRUE, &record.samples_per_second) ||
      !bp_json_read_number (r, object, path, "learning_rate", TRUE, &record.learning_rate))
    return FALSE;
  record.epoch = (guint) epoch;
  g_array_append_val (history, record);
  return TRUE;
}

static gboolean
read_history (BpJsonReader *r, JsonObject *root, GArray *history)
{
  JsonArray *array;
  return bp_json_read_array (r, root, "", "history", FALSE, &array) &&
         bp_json_read_each (r, array, "history", read_epoch, history);
}

BpModelFile *
bp_model_file_load_data (const char *name, const char *data, gsize length, GError **error)
{
  g_auto(BpJsonReader) reader = BP_JSON_READER_INIT (name, error);
  BpJsonReader *r = &reader;
  const char *created_by;
  JsonObject *root = bp_json_reader_open (r, data, length, BP_JSON_FILE_MODEL, BP_MODEL_FILE_FORMAT,
                                          BP_MODEL_FILE_VERSION, &created_by);
  if (root == NULL)
    return NULL;

  g_autoptr(BpModelFile) file = model_file_new ();
  file->created_by = g_strdup (created_by);
  file->transform = g_new0 (BpTransform, 1);
  if (!read_transform (r, root, file->transform) ||
      !read_model (r, root, file->transform, &file->spec) ||
      !read_weights (r, root, file->spec, &file->params, &file->n_params) ||
      !bp_json_read_training (r, root, file->transform->n_classes, &file->config, &file->class_weights,
                              &file->data) ||
      !read_history (r, root, file->history))
    return NULL;
  file->data.task = file->transform->task;
  return g_steal_pointer (&file);
}

BpModelFile *
bp_model_file_load (const char *path, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);
  gsize length = 0;
  g_autofree char *data = bp_json_file_read (path, display, BP_JSON_FILE_MODEL, &length, error);
  if (data == NULL)
    return NULL;
  return bp_model_file_load_data (display, data, length, error);
}

BpModel *
bp_model_file_build_model (const BpModelFile *file, GError **error)
{
  g_autoptr(BpModel) model = bp_model_new (file->spec, error);
  if (model == NULL)
    return NULL;
  if (model->n_params != file->n_params)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                   _("the layers need %zu weights, but the file holds %zu"),
                   model->n_params, file->n_params);
      return NULL;
    }
  memcpy (model->params, file->params, file->n_params * sizeof (float));
  return g_steal_pointer (&model);
}
