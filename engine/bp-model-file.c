#include "bp-model-file.h"

#include <math.h>
#include <string.h>
#include <inttypes.h>

#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#include "bp-error.h"
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

static void
write_training (BpJsonWriter *w, const BpModelFile *file)
{
  const BpTrainConfig *c = &file->config;
  const BpOptimizerConfig *o = &c->optimizer;
  bp_json_open (w, "training", '{', FALSE);
  bp_json_int (w, "epochs", c->epochs);
  bp_json_int (w, "batch_size", c->batch_size);
  bp_json_bool (w, "shuffle", c->shuffle);
  bp_json_uint64 (w, "seed", c->seed);

  bp_json_open (w, "optimizer", '{', TRUE);
  bp_json_string (w, "kind", bp_optimizer_kind_to_string (o->kind));
  bp_json_float (w, "learning_rate", o->learning_rate);
  bp_json_float (w, "beta1", o->beta1);
  bp_json_float (w, "beta2", o->beta2);
  bp_json_float (w, "epsilon", o->epsilon);
  bp_json_float (w, "momentum", o->momentum);
  bp_json_bool (w, "nesterov", o->nesterov);
  bp_json_float (w, "rho", o->rho);
  bp_json_float (w, "weight_decay", o->weight_decay);
  bp_json_float (w, "l1", o->l1);
  bp_json_float (w, "l2", o->l2);
  bp_json_float (w, "clip_norm", o->clip_norm);
  bp_json_close (w, '}');

  bp_json_open (w, "schedule", '{', TRUE);
  bp_json_string (w, "kind", bp_names_get (bp_schedule_names, c->schedule.kind));
  bp_json_int (w, "step_epochs", c->schedule.step_epochs);
  bp_json_float (w, "factor", c->schedule.factor);
  bp_json_int (w, "patience", c->schedule.patience);
  bp_json_float (w, "min_rate", c->schedule.min_rate);
  bp_json_close (w, '}');

  bp_json_float (w, "label_smoothing", c->label_smoothing);
  if (file->class_weights)
    {
      bp_json_open (w, "class_weights", '[', TRUE);
      for (gsize k = 0; k < file->transform->n_classes; k++)
        bp_json_float (w, NULL, file->class_weights[k]);
      bp_json_close (w, ']');
    }
  else
    bp_json_string (w, "class_weights", NULL);
  bp_json_int (w, "patience", c->patience);
  bp_json_string (w, "monitor", bp_names_get (bp_monitor_names, c->monitor));
  bp_json_double (w, "min_delta", c->min_delta);
  bp_json_bool (w, "restore_best", c->restore_best);
  bp_json_double (w, "target_metric", c->target_metric);
  bp_json_double (w, "time_limit", c->time_limit);

  const BpDatasetOptions *d = &file->data;
  bp_json_string (w, "split", bp_split_to_string (d->split));
  bp_json_double (w, "validation_fraction", d->validation_fraction);
  bp_json_double (w, "test_fraction", d->test_fraction);
  bp_json_uint64 (w, "split_seed", d->seed);
  bp_json_string (w, "scaling", bp_names_get (bp_scaling_names, d->scaling));
  bp_json_string (w, "missing", bp_names_get (bp_missing_names, d->missing));
  bp_json_bool (w, "scale_target", d->scale_target);
  bp_json_close (w, '}');
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
  bp_json_open (&w, "layers", '[', FALSE);
  for (guint l = 0; l < spec->layers->len; l++)
    {
      const BpLayerSpec *layer = &g_array_index (spec->layers, BpLayerSpec, l);
      bp_json_open (&w, NULL, '{', TRUE);
      bp_json_int (&w, "units", layer->units);
      bp_json_string (&w, "activation", bp_activation_to_string (layer->activation));
      bp_json_float (&w, "dropout", layer->dropout);
      bp_json_close (&w, '}');
    }
  bp_json_close (&w, ']');
  bp_json_string (&w, "loss", bp_loss_to_string (spec->loss));
  bp_json_string (&w, "init", bp_names_get (bp_init_names, spec->init));
  bp_json_close (&w, '}');

  g_autofree char *base64 = encode_weights (file->params, file->n_params);
  bp_json_open (&w, "weights", '{', FALSE);
  bp_json_string (&w, "dtype", WEIGHTS_DTYPE);
  bp_json_int (&w, "count", (gint64) file->n_params);
  bp_json_string (&w, "base64", base64);
  bp_json_close (&w, '}');

  write_training (&w, file);

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
  g_autoptr(GError) local = NULL;
  /* g_file_set_contents writes a temporary file and renames it over the
   * old one: a crash leaves the old model or the new one, never half. */
  if (!g_file_set_contents (path, data, (gssize) length, &local))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO,
                   _("%s: the model could not be saved: %s"), display, local->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- reading -------------------------------------------------------------- */

/* Every message starts "FILE: " and names the field by its JSON path. */
typedef struct {
  const char *name;
  GError    **error;
} Reader;

static gboolean
bad (Reader *r, BpEngineError code, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
bad (Reader *r, BpEngineError code, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (r->error, BP_ENGINE_ERROR, code, "%s: %s", r->name, message);
  return FALSE;
}

static char *
join_path (const char *path, const char *key)
{
  return path[0] ? g_strconcat (path, ".", key, NULL) : g_strdup (key);
}

static const char *
kind_of (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT: return "an object";
    case JSON_NODE_ARRAY:  return "an array";
    case JSON_NODE_NULL:   return "null";
    case JSON_NODE_VALUE:
    default:
      {
        GType type = json_node_get_value_type (node);
        if (type == G_TYPE_STRING)
          return "a string";
        if (type == G_TYPE_BOOLEAN)
          return "true or false";
        return "a number";
      }
    }
}

static JsonNode *
member (Reader *r, JsonObject *object, const char *path, const char *key)
{
  JsonNode *node = json_object_get_member (object, key);
  if (node == NULL)
    {
      if (path[0])
        bad (r, BP_ENGINE_ERROR_PARSE, _("%s: “%s” is missing"), path, key);
      else
        bad (r, BP_ENGINE_ERROR_PARSE, _("“%s” is missing"), key);
    }
  return node;
}

static gboolean
wrong_type (Reader *r, const char *path, const char *key, const char *expected, JsonNode *node)
{
  g_autofree char *where = join_path (path, key);
  /* Translators: the first %s is a place in the model file such as model.layers[2]; the other two
   * name JSON kinds (“a number”, “an object”) and stay in English. */
  return bad (r, BP_ENGINE_ERROR_PARSE, _("%s: expected %s, found %s"), where, expected, kind_of (node));
}

static gboolean
is_value (JsonNode *node, GType type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
is_number (JsonNode *node)
{
  return is_value (node, G_TYPE_INT64) || is_value (node, G_TYPE_DOUBLE);
}

static gboolean
read_object (Reader *r, JsonObject *object, const char *path, const char *key, JsonObject **out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (r, path, key, "an object", node);
  *out = json_node_get_object (node);
  return TRUE;
}

/* An array, or with nullable, NULL for null. */
static gboolean
read_array (Reader *r, JsonObject *object, const char *path, const char *key, gboolean nullable,
            JsonArray **out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (r, path, key, nullable ? "an array or null" : "an array", node);
  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
read_string (Reader *r, JsonObject *object, const char *path, const char *key, const char **out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  if (!is_value (node, G_TYPE_STRING))
    return wrong_type (r, path, key, "a string", node);
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_bool (Reader *r, JsonObject *object, const char *path, const char *key, gboolean *out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  if (!is_value (node, G_TYPE_BOOLEAN))
    return wrong_type (r, path, key, "true or false", node);
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A whole number from min to max (1.0 counts as 1). */
static gboolean
read_int (Reader *r, JsonObject *object, const char *path, const char *key, gint64 min, gint64 max,
          gint64 *out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  gint64 value;
  if (is_value (node, G_TYPE_INT64))
    value = json_node_get_int (node);
  else if (is_value (node, G_TYPE_DOUBLE) && json_node_get_double (node) == floor (json_node_get_double (node)) &&
           fabs (json_node_get_double (node)) < 9007199254740992.0)
    value = (gint64) json_node_get_double (node);
  else
    return wrong_type (r, path, key, "a whole number", node);
  if (value < min || value > max)
    {
      g_autofree char *where = join_path (path, key);
      return bad (r, BP_ENGINE_ERROR_INVALID, _("%s: %" PRId64 " is out of range (from %"
                  PRId64 " to %" PRId64 ")"), where, value, min, max);
    }
  *out = value;
  return TRUE;
}

static gboolean
read_seed (Reader *r, JsonObject *object, const char *path, const char *key, guint64 *out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  if (is_value (node, G_TYPE_STRING))
    {
      g_autofree char *where = join_path (path, key);
      if (!g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT64, out, NULL))
        return bad (r, BP_ENGINE_ERROR_INVALID, _("%s: “%s” is not a whole number from 0"),
                    where, json_node_get_string (node));
      return TRUE;
    }
  gint64 value;
  if (!read_int (r, object, path, key, 0, G_MAXINT64, &value))
    return FALSE;
  *out = (guint64) value;
  return TRUE;
}

/* A finite number; with nullable, null reads as NaN. */
static gboolean
read_number (Reader *r, JsonObject *object, const char *path, const char *key, gboolean nullable,
             double *out)
{
  JsonNode *node = member (r, object, path, key);
  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NAN;
      return TRUE;
    }
  if (!is_number (node))
    return wrong_type (r, path, key, nullable ? "a number or null" : "a number", node);
  double value = json_node_get_double (node);
  if (!isfinite (value))
    {
      g_autofree char *where = join_path (path, key);
      return bad (r, BP_ENGINE_ERROR_INVALID, _("%s: the number is too large"), where);
    }
  *out = value;
  return TRUE;
}

static gboolean
read_float (Reader *r, JsonObject *object, const char *path, const char *key, float *out)
{
  double value;
  if (!read_number (r, object, path, key, FALSE, &value))
    return FALSE;
  if (!isfinite ((float) value))
    {
      g_autofree char *where = join_path (path, key);
      return bad (r, BP_ENGINE_ERROR_INVALID, _("%s: the number is too large"), where);
    }
  *out = (float) value;
  return TRUE;
}

/* A name from a list; the list is given in the message. */
static gboolean
read_choice (Reader *r, JsonObject *object, const char *path, const char *key,
             const char * const *names, int *out)
{
  const char *text;
  if (!read_string (r, object, path, key, &text))
    return FALSE;
  /* Files are written in lower case; read them exactly as written. */
  for (int i = 0; names[i]; i++)
    if (g_str_equal (text, names[i]))
      {
        *out = i;
        return TRUE;
      }
  g_autofree char *where = join_path (path, key);
  g_autofree char *list = bp_names_list (names);
  return bad (r, BP_ENGINE_ERROR_INVALID, _("%s: unknown value “%s” (one of %s)"), where, text, list);
}

/* An array of strings as a NULL-terminated strv. */
static gboolean
read_names (Reader *r, JsonArray *array, const char *path, char ***out)
{
  const guint n = json_array_get_length (array);
  g_auto(GStrv) names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      if (!is_value (node, G_TYPE_STRING))
        return bad (r, BP_ENGINE_ERROR_PARSE, _("%s[%u]: expected a string, found %s"), path, i, kind_of (node));
      names[i] = g_strdup (json_node_get_string (node));
    }
  *out = g_steal_pointer (&names);
  return TRUE;
}

static JsonObject *
element_object (Reader *r, JsonArray *array, const char *path, guint i)
{
  JsonNode *node = json_array_get_element (array, i);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bad (r, BP_ENGINE_ERROR_PARSE, _("%s[%u]: expected an object, found %s"), path, i, kind_of (node));
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
read_feature (Reader *r, JsonObject *object, const char *path, BpFeature *feature)
{
  gint64 column, offset, width;
  const char *name, *type;
  int encoding;
  JsonArray *levels;
  if (!read_int (r, object, path, "column", 0, G_MAXINT32, &column) ||
      !read_string (r, object, path, "name", &name) ||
      !read_string (r, object, path, "type", &type) ||
      !read_choice (r, object, path, "encoding", encoding_names, &encoding) ||
      !read_int (r, object, path, "offset", 0, G_MAXINT32, &offset) ||
      !read_int (r, object, path, "width", 1, BP_MAX_CATEGORIES, &width) ||
      !read_number (r, object, path, "center", FALSE, &feature->center) ||
      !read_number (r, object, path, "scale", FALSE, &feature->scale) ||
      !read_number (r, object, path, "fill", FALSE, &feature->fill) ||
      !read_array (r, object, path, "levels", TRUE, &levels))
    return FALSE;
  feature->column = (int) column;
  feature->name = g_strdup (name);
  if (!bp_column_type_from_string (type, &feature->type))
    return bad (r, BP_ENGINE_ERROR_INVALID, _("%s.type: unknown column type “%s”"), path, type);
  feature->encoding = (BpEncoding) encoding;
  feature->offset = (gsize) offset;
  feature->width = (gsize) width;
  if (levels)
    {
      g_autofree char *where = join_path (path, "levels");
      if (!read_names (r, levels, where, &feature->levels))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_transform (Reader *r, JsonObject *root, BpTransform *t)
{
  const char *task;
  if (!read_string (r, root, "", "task", &task))
    return FALSE;
  if (!bp_task_from_string (task, &t->task) || t->task == BP_TASK_AUTO)
    return bad (r, BP_ENGINE_ERROR_INVALID, _("task: unknown task “%s” (binary, multiclass or regression)"), task);

  JsonObject *target;
  const char *name;
  JsonArray *classes;
  if (!read_object (r, root, "", "target", &target) ||
      !read_string (r, target, "target", "name", &name) ||
      !read_array (r, target, "target", "classes", TRUE, &classes) ||
      !read_number (r, target, "target", "center", FALSE, &t->target_center) ||
      !read_number (r, target, "target", "scale", FALSE, &t->target_scale))
    return FALSE;
  t->target_name = g_strdup (name);
  if (classes)
    {
      if (!read_names (r, classes, "target.classes", &t->class_names))
        return FALSE;
      t->n_classes = g_strv_length (t->class_names);
    }

  JsonArray *features;
  if (!read_array (r, root, "", "features", FALSE, &features))
    return FALSE;
  t->n_feature_columns = json_array_get_length (features);
  t->features = g_new0 (BpFeature, MAX (t->n_feature_columns, 1));
  for (guint f = 0; f < t->n_feature_columns; f++)
    {
      g_autofree char *path = g_strdup_printf ("features[%u]", f);
      JsonObject *object = element_object (r, features, "features", f);
      if (object == NULL || !read_feature (r, object, path, &t->features[f]))
        return FALSE;
    }

  JsonArray *inputs;
  if (!read_array (r, root, "", "inputs", FALSE, &inputs) || !read_names (r, inputs, "inputs", &t->input_names))
    return FALSE;
  t->n_features = g_strv_length (t->input_names);

  g_autoptr(GError) local = NULL;
  if (!bp_transform_validate (t, &local))
    return bad (r, (BpEngineError) local->code, "%s", local->message);
  return TRUE;
}

static gboolean
read_model (Reader *r, JsonObject *root, const BpTransform *t, BpModelSpec **out)
{
  JsonObject *model;
  gint64 n_inputs;
  JsonArray *layers;
  const char *loss_name;
  int init;
  if (!read_object (r, root, "", "model", &model) ||
      !read_int (r, model, "model", "inputs", 1, G_MAXINT32, &n_inputs) ||
      !read_array (r, model, "model", "layers", FALSE, &layers) ||
      !read_string (r, model, "model", "loss", &loss_name) ||
      !read_choice (r, model, "model", "init", bp_init_names, &init))
    return FALSE;
  if ((gsize) n_inputs != t->n_features)
    return bad (r, BP_ENGINE_ERROR_SHAPE, _("model.inputs: %" PRId64 ", but the features make %zu"
                " inputs"), n_inputs, t->n_features);

  g_autoptr(BpModelSpec) spec = bp_model_spec_new ((gsize) n_inputs);
  if (!bp_loss_from_string (loss_name, &spec->loss))
    return bad (r, BP_ENGINE_ERROR_INVALID, _("model.loss: unknown loss “%s”"), loss_name);
  spec->init = (BpInit) init;

  const guint n_layers = json_array_get_length (layers);
  if (n_layers == 0)
    return bad (r, BP_ENGINE_ERROR_SHAPE, _("model.layers: there are no layers"));
  for (guint l = 0; l < n_layers; l++)
    {
      g_autofree char *path = g_strdup_printf ("model.layers[%u]", l);
      JsonObject *object = element_object (r, layers, "model.layers", l);
      gint64 units;
      const char *activation_name;
      BpActivation activation;
      double dropout;
      if (object == NULL ||
          !read_int (r, object, path, "units", 1, BP_MAX_UNITS, &units) ||
          !read_string (r, object, path, "activation", &activation_name) ||
          !read_number (r, object, path, "dropout", FALSE, &dropout))
        return FALSE;
      if (!bp_activation_from_string (activation_name, &activation))
        return bad (r, BP_ENGINE_ERROR_INVALID, _("%s.activation: unknown activation “%s”"), path, activation_name);
      if (!(dropout >= 0.0 && dropout <= BP_MAX_DROPOUT))
        return bad (r, BP_ENGINE_ERROR_INVALID, _("%s.dropout: must be from 0 to %.1f"), path, BP_MAX_DROPOUT);
      bp_model_spec_add_layer (spec, (guint) units, activation, (float) dropout);
    }

  /* The output layer must be what the task needs, or the predictions
   * would be read wrong. */
  const guint out_units = g_array_index (spec->layers, BpLayerSpec, n_layers - 1).units;
  const gsize want_units = t->task == BP_TASK_MULTICLASS ? t->n_classes : 1;
  if (out_units != want_units)
    return bad (r, BP_ENGINE_ERROR_SHAPE,
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
    return bad (r, BP_ENGINE_ERROR_INVALID, _("model.loss: %s does not go with %s"), bp_loss_to_string (spec->loss),
                bp_task_to_string (t->task));

  g_autoptr(GError) local = NULL;
  if (!bp_model_spec_validate (spec, &local))
    return bad (r, (BpEngineError) local->code, _("model: %s"), local->message);
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
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

static gboolean
read_weights (Reader *r, JsonObject *root, const BpModelSpec *spec, float **params_out, gsize *n_out)
{
  JsonObject *weights;
  const char *dtype, *text;
  gint64 count;
  if (!read_object (r, root, "", "weights", &weights) ||
      !read_string (r, weights, "weights", "dtype", &dtype))
    return FALSE;
  if (!g_str_equal (dtype, WEIGHTS_DTYPE))
    return bad (r, BP_ENGINE_ERROR_INVALID, _("weights.dtype: “%s” is not supported (only %s)"), dtype, WEIGHTS_DTYPE);
  if (!read_int (r, weights, "weights", "count", 0, G_MAXINT64, &count) ||
      !read_string (r, weights, "weights", "base64", &text))
    return FALSE;

  const gsize need = count_params (spec);
  if (need == 0)
    return bad (r, BP_ENGINE_ERROR_SHAPE, _("model: the layers need more weights than fit in memory"));
  if ((guint64) count != need)
    return bad (r, BP_ENGINE_ERROR_SHAPE, _("weights: expected %zu float32 values, found %"
                PRId64), need, count);

  /* g_base64_decode skips what it does not know, so check the text first. */
  const gsize n_chars = strlen (text);
  gsize padding = 0;
  for (gsize i = 0; i < n_chars; i++)
    {
      if (text[i] == '=' && i + 2 >= n_chars && (i + 1 == n_chars || text[i + 1] == '='))
        {
          padding++;
          continue;
        }
      if (!is_base64_char (text[i]))
        return bad (r, BP_ENGINE_ERROR_PARSE, _("weights.base64: character %zu is not base64 (“%c”)"),
                    i + 1, g_ascii_isprint (text[i]) ? text[i] : '?');
    }
  if (n_chars % 4 != 0)
    return bad (r, BP_ENGINE_ERROR_PARSE, _("weights.base64: %zu characters; base64 comes in groups of 4"),
                n_chars);
  const gsize n_bytes = n_chars / 4 * 3 - padding;
  if (n_bytes != need * sizeof (float))
    return bad (r, BP_ENGINE_ERROR_SHAPE, _("weights: the base64 data holds %zu bytes, but %zu"
                " float32 values take %zu"), n_bytes, need, need * sizeof (float));

  gsize decoded_length = 0;
  g_autofree guchar *decoded = g_base64_decode (text, &decoded_length);
  g_assert (decoded_length == n_bytes);
  g_autofree float *params = g_try_new (float, need);
  if (params == NULL)
    return bad (r, BP_ENGINE_ERROR_NOMEM, _("not enough memory for %zu weights"), need);
  for (gsize i = 0; i < need; i++)
    {
      guint32 bits;
      memcpy (&bits, decoded + i * sizeof bits, sizeof bits);
      bits = GUINT32_FROM_LE (bits);
      memcpy (&params[i], &bits, sizeof bits);
      if (isnan (params[i]))
        return bad (r, BP_ENGINE_ERROR_INVALID, _("weights: value %zu of %zu is NaN"), i, need);
      if (!isfinite (params[i]))
        return bad (r, BP_ENGINE_ERROR_INVALID, _("weights: value %zu of %zu is infinite"), i, need);
    }
  *params_out = g_steal_pointer (&params);
  *n_out = need;
  return TRUE;
}

static gboolean
read_training (Reader *r, JsonObject *root, BpModelFile *file)
{
  BpTrainConfig *c = &file->config;
  BpOptimizerConfig *o = &c->optimizer;
  JsonObject *training, *optimizer, *schedule;
  JsonArray *class_weights;
  const char *kind_name, *split_name;
  gint64 epochs, batch_size, step_epochs, schedule_patience, patience;
  int schedule_kind, monitor, scaling, missing;

  if (!read_object (r, root, "", "training", &training) ||
      !read_int (r, training, "training", "epochs", 1, 1000000, &epochs) ||
      !read_int (r, training, "training", "batch_size", 1, 65536, &batch_size) ||
      !read_bool (r, training, "training", "shuffle", &c->shuffle) ||
      !read_seed (r, training, "training", "seed", &c->seed) ||
      !read_object (r, training, "training", "optimizer", &optimizer) ||
      !read_string (r, optimizer, "training.optimizer", "kind", &kind_name))
    return FALSE;
  if (!bp_optimizer_kind_from_string (kind_name, &o->kind))
    return bad (r, BP_ENGINE_ERROR_INVALID, _("training.optimizer.kind: unknown optimizer “%s”"), kind_name);
  const char *p = "training.optimizer";
  if (!read_float (r, optimizer, p, "learning_rate", &o->learning_rate) ||
      !read_float (r, optimizer, p, "beta1", &o->beta1) ||
      !read_float (r, optimizer, p, "beta2", &o->beta2) ||
      !read_float (r, optimizer, p, "epsilon", &o->epsilon) ||
      !read_float (r, optimizer, p, "momentum", &o->momentum) ||
      !read_bool (r, optimizer, p, "nesterov", &o->nesterov) ||
      !read_float (r, optimizer, p, "rho", &o->rho) ||
      !read_float (r, optimizer, p, "weight_decay", &o->weight_decay) ||
      !read_float (r, optimizer, p, "l1", &o->l1) ||
      !read_float (r, optimizer, p, "l2", &o->l2) ||
      !read_float (r, optimizer, p, "clip_norm", &o->clip_norm))
    return FALSE;

  p = "training.schedule";
  if (!read_object (r, training, "training", "schedule", &schedule) ||
      !read_choice (r, schedule, p, "kind", bp_schedule_names, &schedule_kind) ||
      !read_int (r, schedule, p, "step_epochs", 0, G_MAXUINT32, &step_epochs) ||
      !read_float (r, schedule, p, "factor", &c->schedule.factor) ||
      !read_int (r, schedule, p, "patience", 0, G_MAXUINT32, &schedule_patience) ||
      !read_float (r, schedule, p, "min_rate", &c->schedule.min_rate))
    return FALSE;

  p = "training";
  if (!read_float (r, training, p, "label_smoothing", &c->label_smoothing) ||
      !read_array (r, training, p, "class_weights", TRUE, &class_weights) ||
      !read_int (r, training, p, "patience", 0, G_MAXUINT32, &patience) ||
      !read_choice (r, training, p, "monitor", bp_monitor_names, &monitor) ||
      !read_number (r, training, p, "min_delta", FALSE, &c->min_delta) ||
      !read_bool (r, training, p, "restore_best", &c->restore_best) ||
      !read_number (r, training, p, "target_metric", TRUE, &c->target_metric) ||
      !read_number (r, training, p, "time_limit", FALSE, &c->time_limit) ||
      !read_string (r, training, p, "split", &split_name) ||
      !read_number (r, training, p, "validation_fraction", FALSE, &file->data.validation_fraction) ||
      !read_number (r, training, p, "test_fraction", FALSE, &file->data.test_fraction) ||
      !read_seed (r, training, p, "split_seed", &file->data.seed) ||
      !read_choice (r, training, p, "scaling", bp_scaling_names, &scaling) ||
      !read_choice (r, training, p, "missing", bp_missing_names, &missing) ||
      !read_bool (r, training, p, "scale_target", &file->data.scale_target))
    return FALSE;
  if (!bp_split_from_string (split_name, &file->data.split))
    return bad (r, BP_ENGINE_ERROR_INVALID, _("training.split: unknown split “%s”"), split_name);
  if (!(file->data.validation_fraction >= 0.0 && file->data.test_fraction >= 0.0 &&
        file->data.validation_fraction + file->data.test_fraction < 1.0))
    return bad (r, BP_ENGINE_ERROR_INVALID, _("training: the validation and test fractions must be from 0 and add "
                "up to less than 1"));

  if (class_weights)
    {
      const guint n = json_array_get_length (class_weights);
      if (n != file->transform->n_classes)
        return bad (r, BP_ENGINE_ERROR_SHAPE, _("training.class_weights: %u weights for %zu classes"),
                    n, file->transform->n_classes);
      file->class_weights = g_new (float, MAX (n, 1));
      for (guint k = 0; k < n; k++)
        {
          JsonNode *node = json_array_get_element (class_weights, k);
          double w = is_number (node) ? json_node_get_double (node) : NAN;
          if (!(isfinite (w) && w >= 0.0 && isfinite ((float) w)))
            return bad (r, BP_ENGINE_ERROR_INVALID, _("training.class_weights[%u]: expected a number of 0 or more, "
                        "found %s"), k, kind_of (node));
          file->class_weights[k] = (float) w;
        }
    }

  c->epochs = (guint) epochs;
  c->batch_size = (guint) batch_size;
  c->schedule.kind = (BpScheduleKind) schedule_kind;
  c->schedule.step_epochs = (guint) step_epochs;
  c->schedule.patience = (guint) schedule_patience;
  c->patience = (guint) patience;
  c->monitor = (BpMonitor) monitor;
  c->class_weights = file->class_weights;
  file->data.scaling = (BpScaling) scaling;
  file->data.missing = (BpMissingPolicy) missing;
  file->data.task = file->transform->task;

  g_autoptr(GError) local = NULL;
  if (!bp_train_config_validate (c, &local))
    return bad (r, (BpEngineError) local->code, _("training: %s"), local->message);
  return TRUE;
}

static gboolean
read_history (Reader *r, JsonObject *root, GArray *history)
{
  JsonArray *array;
  if (!read_array (r, root, "", "history", FALSE, &array))
    return FALSE;
  const guint n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("history[%u]", i);
      JsonObject *object = element_object (r, array, "history", i);
      BpEpochRecord record = { 0 };
      gint64 epoch;
      if (object == NULL ||
          !read_int (r, object, path, "epoch", 1, G_MAXUINT32, &epoch) ||
          !read_number (r, object, path, "loss", TRUE, &record.loss) ||
          !read_number (r, object, path, "metric", TRUE, &record.metric) ||
          !read_number (r, object, path, "val_loss", TRUE, &record.val_loss) ||
          !read_number (r, object, path, "val_metric", TRUE, &record.val_metric) ||
          !read_number (r, object, path, "seconds", TRUE, &record.seconds) ||
          !read_number (r, object, path, "samples_per_second", TRUE, &record.samples_per_second) ||
          !read_number (r, object, path, "learning_rate", TRUE, &record.learning_rate))
        return FALSE;
      record.epoch = (guint) epoch;
      g_array_append_val (history, record);
    }
  return TRUE;
}

/* json-glib says "<data>:LINE:COL: Parse error: what"; say "FILE:LINE:COL:
 * not valid JSON: what", as the CSV reader words its messages. */
static gboolean
json_error (Reader *r, const GError *local)
{
  const char *message = local->message;
  if (g_str_has_prefix (message, "<data>:"))
    message += strlen ("<data>:");
  const char *what = strstr (message, "Parse error: ");
  if (what && what > message)
    {
      g_autofree char *position = g_strndup (message, (gsize) (what - message));
      g_set_error (r->error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_PARSE, _("%s:%snot valid JSON: %s"),
                   r->name, position, what + strlen ("Parse error: "));
      return FALSE;
    }
  return bad (r, BP_ENGINE_ERROR_PARSE, _("not valid JSON: %s"), message);
}

BpModelFile *
bp_model_file_load_data (const char *name, const char *data, gsize length, GError **error)
{
  Reader reader = { name, error };
  Reader *r = &reader;

  if (length == 0)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_EMPTY, _("%s: the file is empty"), name);
      return NULL;
    }
  if (memchr (data, '\0', length) != NULL)
    {
      bad (r, BP_ENGINE_ERROR_BINARY, _("not a Backprop model file: it holds binary data"));
      return NULL;
    }

  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local))
    {
      json_error (r, local);
      return NULL;
    }
  JsonNode *root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      bad (r, BP_ENGINE_ERROR_PARSE, _("not a Backprop model file: expected a JSON object, found %s"),
           root_node ? kind_of (root_node) : "nothing");
      return NULL;
    }
  JsonObject *root = json_node_get_object (root_node);

  /* Format and version first: a file of another kind gets one clear
   * message, not a complaint about its first missing field. */
  JsonNode *format = json_object_get_member (root, "format");
  if (format == NULL || !is_value (format, G_TYPE_STRING) ||
      !g_str_equal (json_node_get_string (format), BP_MODEL_FILE_FORMAT))
    {
      if (format && is_value (format, G_TYPE_STRING))
        bad (r, BP_ENGINE_ERROR_PARSE, _("not a Backprop model file (its format is “%s”, not “%s”)"),
             json_node_get_string (format), BP_MODEL_FILE_FORMAT);
      else
        bad (r, BP_ENGINE_ERROR_PARSE, _("not a Backprop model file (it has no “format”: “%s”)"),
             BP_MODEL_FILE_FORMAT);
      return NULL;
    }
  gint64 version;
  if (!read_int (r, root, "", "version", G_MININT64, G_MAXINT64, &version))
    return NULL;
  if (version > BP_MODEL_FILE_VERSION)
    {
      bad (r, BP_ENGINE_ERROR_INVALID, _("model file version %" PRId64 " is newer than this Backprop "
           "reads (version %d); update Backprop to open it"), version, BP_MODEL_FILE_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      bad (r, BP_ENGINE_ERROR_INVALID, _("version %" PRId64 " is not a model file version"), version);
      return NULL;
    }

  g_autoptr(BpModelFile) file = model_file_new ();
  const char *created_by;
  if (!read_string (r, root, "", "created_by", &created_by))
    return NULL;
  file->created_by = g_strdup (created_by);
  file->transform = g_new0 (BpTransform, 1);
  if (!read_transform (r, root, file->transform) ||
      !read_model (r, root, file->transform, &file->spec) ||
      !read_weights (r, root, file->spec, &file->params, &file->n_params) ||
      !read_training (r, root, file) ||
      !read_history (r, root, file->history))
    return NULL;
  return g_steal_pointer (&file);
}

BpModelFile *
bp_model_file_load (const char *path, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) local = NULL;
  if (!g_file_get_contents (path, &data, &length, &local))
    {
      const char *why = g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? "no such file"
                        : g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_ACCES) ? "permission denied"
                        : g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_ISDIR) ? "it is a folder"
                        : local->message;
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO, _("%s: the model cannot be read: %s"), display, why);
      return NULL;
    }
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
