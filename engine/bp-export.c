#include "bp-export.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bp-json-writer.h"
#include "bp-names.h"
#include "bp-error.h"
#include "bp-export-templates.h"
#include "bp-onnx.h"
#include "bp-samples.h"
#include "bp-save.h"

#ifndef BP_VERSION
#define BP_VERSION "(unknown version)"
#endif

const char * const bp_export_format_names[] = { "pytorch", "keras", "onnx", NULL };

/* The cells Backprop reads as missing (bp_table_options_init's defaults). */
static const char * const default_missing[] = { "", "NA", "N/A", "NaN", "null", "None", "?", NULL };

static BpExportSource *
source_new (const char *name)
{
  BpExportSource *source = g_new0 (BpExportSource, 1);
  source->source_name = g_strdup (name);
  source->features = g_array_new (FALSE, FALSE, sizeof (BpExportColumn));
  source->ignored = g_ptr_array_new_with_free_func (g_free);
  return source;
}

void
bp_export_source_free (BpExportSource *source)
{
  if (source == NULL)
    return;
  g_free (source->source_name);
  g_free (source->data_path);
  g_free (source->target_name);
  for (guint i = 0; i < source->features->len; i++)
    g_free (g_array_index (source->features, BpExportColumn, i).name);
  g_array_unref (source->features);
  g_ptr_array_unref (source->ignored);
  bp_model_spec_free (source->spec);
  g_free (source->class_weights);
  bp_model_file_free (source->model);
  g_free (source);
}

static void
add_feature (BpExportSource *source, const char *name, BpColumnType type)
{
  BpExportColumn column = { g_strdup (name), type };
  g_array_append_val (source->features, column);
}

BpExportSource *
bp_export_source_new_from_project (const BpProject *project, const char *project_name, BpTable *table,
                                   GError **error)
{
  g_autofree BpColumnRole *roles = g_new0 (BpColumnRole, MAX (table->n_columns, 1));
  BpDatasetOptions options;
  if (!bp_project_apply (project, table, roles, &options, error))
    return NULL;
  g_autoptr(BpDataset) dataset = bp_dataset_new (table, &options, error);
  if (dataset == NULL)
    return NULL;

  g_autoptr(BpExportSource) source = source_new (project_name);
  if (project->source.kind == BP_DATA_SOURCE_FILE)
    source->data_path = g_strdup (project->source.path);
  else
    source->data_path = g_strdup (table->display_name);
  source->dialect_known = TRUE;
  source->dialect = table->dialect;
  source->target_name = g_strdup (dataset->target_name);
  source->target_type = table->columns[dataset->target_column].type;
  g_autofree guint8 *used = g_new0 (guint8, MAX (table->n_columns, 1));
  used[dataset->target_column] = 1;
  for (gsize f = 0; f < dataset->n_feature_columns; f++)
    {
      const BpFeature *feature = &dataset->features[f];
      add_feature (source, feature->name, feature->type);
      used[feature->column] = 1;
    }
  for (gsize c = 0; c < table->n_columns; c++)
    if (!used[c])
      g_ptr_array_add (source->ignored, g_strdup (table->columns[c].name));

  source->data = project->data;
  source->data.task = dataset->task;
  source->data.split = dataset->split;   /* never "auto": the script splits as the run did */
  source->data.target = -1;
  source->data.roles = NULL;
  source->spec = bp_layer_stack_build (project->layers, dataset);
  source->config = project->config;
  source->config.class_weights = NULL;
  return g_steal_pointer (&source);
}

/* A model keeps its target's classes, not its column type: the type the
 * classes' names suggest, so a script trained on new data finds the same
 * classes in the same order. */
static BpColumnType
target_type_of (const BpTransform *transform)
{
  if (transform->task == BP_TASK_REGRESSION)
    return BP_COLUMN_NUMERIC;
  gboolean numbers = TRUE;
  for (gsize k = 0; k < transform->n_classes; k++)
    {
      double value;
      const char *name = transform->class_names[k];
      numbers = numbers && bp_csv_parse_number (name, strlen (name), FALSE, &value);
    }
  return numbers ? BP_COLUMN_NUMERIC : BP_COLUMN_CATEGORICAL;
}

BpExportSource *
bp_export_source_new_from_model (BpModelFile *model, const char *model_name)
{
  BpExportSource *source = source_new (model_name);
  const BpTransform *transform = model->transform;
  source->target_name = g_strdup (transform->target_name);
  source->target_type = target_type_of (transform);
  for (gsize f = 0; f < transform->n_feature_columns; f++)
    add_feature (source, transform->features[f].name, transform->features[f].type);
  source->data = model->data;
  source->data.task = transform->task;
  source->spec = bp_model_spec_copy (model->spec);
  source->config = model->config;
  if (model->class_weights)
    {
      source->n_class_weights = transform->n_classes;
      source->class_weights = g_memdup2 (model->class_weights, transform->n_classes * sizeof (float));
    }
  source->config.class_weights = source->class_weights;
  source->model = model;
  return source;
}

/* ---- Python literals ----------------------------------------------------- */

/* A Python string literal: UTF-8 kept, quotes, backslashes and control
 * characters escaped. */
static void
py_string (GString *out, const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "None");
      return;
    }
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "\\x%02x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  g_string_append_c (out, '"');
}

static void
py_double (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!isfinite (value))
    {
      g_string_append (out, "None");
      return;
    }
  bp_format_double (buf, value);
  g_string_append (out, buf);
  /* 1 would be an int in Python; the settings are floats. */
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

/* A float32 setting as the app shows it: 0.001, not 0.0010000000474974513. */
static void
py_float (GString *out, float value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  bp_format_float (buf, value);
  g_string_append (out, buf);
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
setting (GString *out, const char *name)
{
  g_string_append_printf (out, "%s = ", name);
}

static void
end_setting (GString *out, const char *comment)
{
  if (comment)
    g_string_append_printf (out, "%*s# %s", 2, "", comment);
  g_string_append_c (out, '\n');
}

static void
str_setting (GString *out, const char *name, const char *value, const char *comment)
{
  setting (out, name);
  py_string (out, value);
  end_setting (out, comment);
}

static void
float_setting (GString *out, const char *name, float value, const char *comment)
{
  setting (out, name);
  py_float (out, value);
  end_setting (out, comment);
}

static void
double_setting (GString *out, const char *name, double value, const char *comment)
{
  setting (out, name);
  py_double (out, value);
  end_setting (out, comment);
}

static void
int_setting (GString *out, const char *name, guint64 value, const char *comment)
{
  g_string_append_printf (out, "%s = %" G_GUINT64_FORMAT, name, value);
  end_setting (out, comment);
}

static void
bool_setting (GString *out, const char *name, gboolean value, const char *comment)
{
  g_string_append_printf (out, "%s = %s", name, value ? "True" : "False");
  end_setting (out, comment);
}

static void
write_transform (GString *out, const BpModelFile *model)
{
  const BpTransform *t = model->transform;
  g_string_append (out, "TRANSFORM = {\n    \"inputs\": ");
  g_string_append_printf (out, "%" G_GSIZE_FORMAT ",\n    \"outputs\": %" G_GSIZE_FORMAT ",\n",
                          t->n_features, t->task == BP_TASK_MULTICLASS ? t->n_classes : (gsize) 1);
  g_string_append (out, "    \"classes\": ");
  if (t->class_names)
    {
      g_string_append_c (out, '[');
      for (gsize k = 0; k < t->n_classes; k++)
        {
          if (k)
            g_string_append (out, ", ");
          py_string (out, t->class_names[k]);
        }
      g_string_append (out, "],\n");
    }
  else
    g_string_append (out, "None,\n");
  g_string_append (out, "    \"target_center\": ");
  py_double (out, t->target_center);
  g_string_append (out, ", \"target_scale\": ");
  py_double (out, t->target_scale);
  g_string_append (out, ",\n    \"features\": [\n");
  for (gsize f = 0; f < t->n_feature_columns; f++)
    {
      const BpFeature *feature = &t->features[f];
      g_string_append (out, "        {\"name\": ");
      py_string (out, feature->name);
      g_string_append (out, ", \"type\": ");
      py_string (out, bp_column_type_to_string (feature->type));
      g_string_append_printf (out, ", \"encoding\": \"%s\", \"center\": ",
                              feature->encoding == BP_ENCODING_ONE_HOT ? "one_hot" : "scaled");
      py_double (out, feature->center);
      g_string_append (out, ", \"scale\": ");
      py_double (out, feature->scale);
      g_string_append (out, ", \"fill\": ");
      py_double (out, feature->fill);
      g_string_append (out, ",\n         \"levels\": ");
      if (feature->levels)
        {
          g_string_append_c (out, '[');
          for (gsize l = 0; feature->levels[l]; l++)
            {
              if (l)
                g_string_append (out, ", ");
              py_string (out, feature->levels[l]);
            }
          g_string_append (out, "]},\n");
        }
      else
        g_string_append (out, "None},\n");
    }
  g_string_append (out, "    ],\n}\n");
}

/* The data page, part one: the file and how Backprop read it. */
static void
write_file_settings (GString *out, const BpExportSource *s)
{
  const gboolean from_model = s->model != NULL;

  g_string_append (out,
    "# ---------------------------------------------------------------------------\n"
    "# What Backprop chose. Each setting names where it comes from in the app\n"
    "# (the data page, the model page, the training page) or the project file.\n"
    "# ---------------------------------------------------------------------------\n\n"
    "# Data page: the file and how Backprop read it.\n");
  str_setting (out, "DATA_FILE", s->data_path,
               from_model ? "a model does not name its CSV: give --data" : "the project's data file (--data overrides)");
  if (s->dialect_known)
    {
      char delimiter[2] = { s->dialect.delimiter, 0 };
      str_setting (out, "DELIMITER", delimiter, "the delimiter Backprop detected");
      bool_setting (out, "HEADER", s->dialect.header, "the first row holds the column names");
      bool_setting (out, "DECIMAL_COMMA", s->dialect.decimal_comma, "numbers written 1,5");
    }
  else
    {
      g_string_append (out, "DELIMITER = None  # detected from the file, as Backprop does\n");
      bool_setting (out, "HEADER", TRUE, "the model's columns are found by their names");
      bool_setting (out, "DECIMAL_COMMA", FALSE, "numbers written 1.5");
    }
  g_string_append (out, "MISSING_MARKERS = {");
  for (gsize i = 0; default_missing[i]; i++)
    {
      if (i)
        g_string_append (out, ", ");
      py_string (out, default_missing[i]);
    }
  g_string_append (out, "}  # cells that mean \"no value\"\n\n");
}

/* The data page, part two: roles, types, missing values, scaling, split. */
static void
write_column_settings (GString *out, const BpExportSource *s)
{
  g_string_append (out, "# Data page: the columns' roles and types.\n");
  str_setting (out, "TARGET", s->target_name, "the target column");
  str_setting (out, "TARGET_TYPE", bp_column_type_to_string (s->target_type), "its type");
  str_setting (out, "TASK", bp_task_to_string (s->data.task), "the task");
  g_string_append (out, "FEATURES = [  # (column, type): the inputs, in this order\n");
  for (guint i = 0; i < s->features->len; i++)
    {
      const BpExportColumn *column = &g_array_index (s->features, BpExportColumn, i);
      g_string_append (out, "    (");
      py_string (out, column->name);
      g_string_append (out, ", ");
      py_string (out, bp_column_type_to_string (column->type));
      g_string_append (out, "),\n");
    }
  g_string_append (out, "]\n");
  if (s->ignored->len)
    {
      g_string_append (out, "# Not used (ignored, or of a type that cannot be an input):");
      for (guint i = 0; i < s->ignored->len; i++)
        g_string_append_printf (out, "%s %s", i ? "," : "", (const char *) s->ignored->pdata[i]);
      g_string_append_c (out, '\n');
    }
  str_setting (out, "MISSING", bp_names_get (bp_missing_names, (int) s->data.missing),
               "rows with a missing value: drop them, or impute (training mean / most frequent)");
  str_setting (out, "SCALING", bp_names_get (bp_scaling_names, (int) s->data.scaling),
               "fitted on the training rows only");
  bool_setting (out, "SCALE_TARGET", s->data.scale_target, "regression: standardize the target too");
  str_setting (out, "SPLIT", bp_split_to_string (s->data.split), "keras: the last rows; shuffle; stratified");
  double_setting (out, "VALIDATION_FRACTION", s->data.validation_fraction, NULL);
  double_setting (out, "TEST_FRACTION", s->data.test_fraction, "held out, never trained or validated on");
  int_setting (out, "SPLIT_SEED", s->data.seed, "the seed of a shuffled or stratified split");

}

/* The model page: hidden layers, loss, initializer. */
static void
write_model_settings (GString *out, const BpExportSource *s)
{
  g_string_append (out, "\n# Model page: the hidden layers (units, activation, dropout); the output\n"
                        "# layer follows from the task.\nLAYERS = [\n");
  for (guint l = 0; l + 1 < s->spec->layers->len; l++)
    {
      const BpLayerSpec *layer = &g_array_index (s->spec->layers, BpLayerSpec, l);
      g_string_append_printf (out, "    (%u, \"%s\", ", layer->units, bp_activation_to_string (layer->activation));
      py_float (out, layer->dropout);
      g_string_append (out, "),\n");
    }
  g_string_append (out, "]\n");
  str_setting (out, "LOSS", bp_loss_to_string (s->spec->loss), "fused with the output's sigmoid or softmax");
  str_setting (out, "INIT", bp_names_get (bp_init_names, (int) s->spec->init), "the initializer of the weights");

}

/* The training page: epochs, batches, optimizer and its constants, penalties. */
static void
write_training_settings (GString *out, const BpExportSource *s)
{
  const BpTrainConfig *c = &s->config;
  const BpOptimizerConfig *o = &c->optimizer;

  g_string_append (out, "\n# Training page.\n");
  int_setting (out, "EPOCHS", c->epochs, NULL);
  int_setting (out, "BATCH_SIZE", c->batch_size, NULL);
  int_setting (out, "SEED", c->seed, "first weights and epoch order (--seed sets this and SPLIT_SEED)");
  bool_setting (out, "SHUFFLE", c->shuffle, "reshuffle the training rows every epoch");
  str_setting (out, "OPTIMIZER", bp_optimizer_kind_to_string (o->kind), NULL);
  float_setting (out, "LEARNING_RATE", o->learning_rate, NULL);
  float_setting (out, "BETA1", o->beta1, "Adam, AdamW");
  float_setting (out, "BETA2", o->beta2, "Adam, AdamW");
  float_setting (out, "EPSILON", o->epsilon, "Keras's 1e-7, not PyTorch's 1e-8");
  float_setting (out, "MOMENTUM", o->momentum, "SGD with momentum");
  bool_setting (out, "NESTEROV", o->nesterov, NULL);
  float_setting (out, "RHO", o->rho, "RMSprop's decay");
  float_setting (out, "WEIGHT_DECAY", o->weight_decay, "AdamW");
  float_setting (out, "L1", o->l1, "penalty on the weights");
  float_setting (out, "L2", o->l2, "penalty on the weights");
  float_setting (out, "CLIP_NORM", o->clip_norm, "clip the gradient's global norm; 0: off");
  float_setting (out, "LABEL_SMOOTHING", c->label_smoothing, NULL);
  g_string_append (out, "CLASS_WEIGHTS = ");
  if (s->class_weights)
    {
      g_string_append_c (out, '[');
      for (gsize k = 0; k < s->n_class_weights; k++)
        {
          if (k)
            g_string_append (out, ", ");
          py_float (out, s->class_weights[k]);
        }
      g_string_append (out, "]\n");
    }
  else
    g_string_append (out, "None  # every class counts the same\n");
}

/* The training page, its stopping half: schedule and early stopping. */
static void
write_schedule_settings (GString *out, const BpTrainConfig *c)
{
  const BpSchedule *schedule = &c->schedule;

  str_setting (out, "SCHEDULE", bp_names_get (bp_schedule_names, (int) schedule->kind), "the learning-rate schedule");
  int_setting (out, "SCHEDULE_STEP_EPOCHS", schedule->step_epochs, "step: epochs per step");
  float_setting (out, "SCHEDULE_FACTOR", schedule->factor, "step, exponential, plateau");
  int_setting (out, "SCHEDULE_PATIENCE", schedule->patience, "plateau");
  float_setting (out, "SCHEDULE_MIN_RATE", schedule->min_rate, "cosine, plateau");
  int_setting (out, "EARLY_STOPPING_PATIENCE", c->patience, "epochs without improvement; 0: off");
  str_setting (out, "MONITOR", bp_names_get (bp_monitor_names, (int) c->monitor), "what early stopping watches");
  double_setting (out, "MIN_DELTA", c->min_delta, NULL);
  bool_setting (out, "RESTORE_BEST", c->restore_best, "early stopping puts the best epoch's weights back");
  double_setting (out, "TARGET_METRIC", c->target_metric, "stop when validation reaches it; None: off");
  double_setting (out, "TIME_LIMIT", c->time_limit, "seconds; 0: off");

}

static void
write_settings (GString *out, const BpExportSource *s, BpExportFormat format, const char *weights_name)
{
  const gboolean from_model = s->model != NULL;

  write_file_settings (out, s);
  write_column_settings (out, s);
  write_model_settings (out, s);
  write_training_settings (out, s);
  write_schedule_settings (out, &s->config);

  if (format == BP_EXPORT_PYTORCH)
    {
      g_string_append (out, "\n# The trained model: its weights (next to this script) and the transform\n"
                            "# fitted on its training rows, which --predict applies to new rows.\n");
      str_setting (out, "WEIGHTS_FILE", from_model ? weights_name : NULL, NULL);
      if (from_model)
        write_transform (out, s->model);
      else
        g_string_append (out, "TRANSFORM = None\n");
    }
  g_string_append_c (out, '\n');
}

char *
bp_export_script (const BpExportSource *source, BpExportFormat format, const char *weights_name,
                  gsize *length)
{
  g_return_val_if_fail (format == BP_EXPORT_PYTORCH || format == BP_EXPORT_KERAS, NULL);
  GString *out = g_string_new ("#!/usr/bin/env python3\n");
  const gboolean torch = format == BP_EXPORT_PYTORCH;
  g_string_append_printf (out,
    "\"\"\"%s, exported from Backprop %s as a %s script.\n\n",
    source->source_name, BP_VERSION, torch ? "PyTorch" : "Keras");
  if (torch)
    g_string_append (out,
      "Reproduces the Backprop run: the same rows read the same way, the same split, scaling,\n"
      "first weights and order of batches (Backprop's random generator, written in Python below),\n"
      "the same network, loss, optimizer and stopping rules. Prints one JSON line per epoch, with\n"
      "the fields of `backprop-cli train --json`.\n\n"
      "    python3 SCRIPT.py [--data FILE.csv] [--log run.jsonl] [--seed N]\n"
      "    torchrun --nproc_per_node=4 SCRIPT.py --log run.jsonl     # several processes\n\n"
      "Under torchrun every process trains on its share of each batch with DistributedDataParallel\n"
      "(gloo on CPUs, NCCL on GPUs); only process 0 prints, logs and saves.\n");
  else
    g_string_append (out,
      "The same recipe in Keras: the same rows, encoding, scaling and split, and Keras's own\n"
      "Dense layers, initializers, optimizer and fit(). Keras draws its own first weights and\n"
      "batches, so the numbers differ a little from Backprop's.\n\n"
      "    python3 SCRIPT.py [--data FILE.csv] [--log run.jsonl] [--seed N]\n");
  if (source->model && torch)
    g_string_append (out,
      "    python3 SCRIPT.py --predict NEW.csv -o predictions.csv   # with Backprop's trained weights\n");
  g_string_append (out, "\"\"\"\n\n");

  g_string_append (out, "import argparse\nimport copy\nimport csv\nimport io\nimport json\nimport math\n"
                        "import os\nimport re\nimport struct\nimport sys\nimport time\n\n");
  if (torch)
    g_string_append (out, "import torch\nimport torch.distributed as dist\nfrom torch import nn\n"
                          "from torch.nn.parallel import DistributedDataParallel\n"
                          "from torch.utils.data import DistributedSampler\n\n");
  else
    g_string_append (out, "import numpy as np\nimport keras\n\n");

  write_settings (out, source, format, weights_name);
  g_string_append (out, bp_export_data_py);
  g_string_append (out, "\n\n");
  g_string_append (out, torch ? bp_export_torch_py : bp_export_keras_py);
  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}

char *
bp_export_weights_json (const BpModelFile *model, gsize *length)
{
  BpJsonWriter j;
  bp_json_writer_init (&j);
  bp_json_open (&j, NULL, '{', FALSE);
  bp_json_string (&j, "format", "backprop-weights");
  bp_json_int (&j, "version", 1);
  bp_json_open (&j, "layers", '[', FALSE);
  gsize in = model->spec->n_inputs, offset = 0;
  for (guint l = 0; l < model->spec->layers->len; l++)
    {
      const gsize units = g_array_index (model->spec->layers, BpLayerSpec, l).units;
      const float *w = model->params + offset, *b = w + in * units;
      bp_json_open (&j, NULL, '{', FALSE);
      bp_json_open (&j, "weight", '[', FALSE);
      /* Backprop's W is inputs × outputs; PyTorch's weight its transpose. */
      for (gsize o = 0; o < units; o++)
        {
          bp_json_open (&j, NULL, '[', TRUE);
          for (gsize i = 0; i < in; i++)
            bp_json_float (&j, NULL, w[i * units + o]);
          bp_json_close (&j, ']');
        }
      bp_json_close (&j, ']');
      bp_json_open (&j, "bias", '[', TRUE);
      for (gsize o = 0; o < units; o++)
        bp_json_float (&j, NULL, b[o]);
      bp_json_close (&j, ']');
      bp_json_close (&j, '}');
      offset += in * units + units;
      in = units;
    }
  bp_json_close (&j, ']');
  bp_json_close (&j, '}');
  return bp_json_writer_finish (&j, length);
}

/* ---- files -------------------------------------------------------------- */

/* Every file an export writes; an error names it. */
static gboolean
save (const char *path, const char *data, gsize length, BpSaveFlags flags, GError **error)
{
  if (bp_save_file_atomically (path, data, length, flags, error))
    return TRUE;
  g_autofree char *display = g_filename_display_name (path);
  g_prefix_error (error, "%s: ", display);
  return FALSE;
}

char *
bp_export_weights_path (const char *script_path)
{
  const char *dot = strrchr (script_path, '.');
  const char *slash = strrchr (script_path, G_DIR_SEPARATOR);
  gsize stem = dot && (slash == NULL || dot > slash) ? (gsize) (dot - script_path) : strlen (script_path);
  g_autofree char *base = g_strndup (script_path, stem);
  return g_strconcat (base, ".weights.json", NULL);
}

char *
bp_export_data_name (const char *data_path, const char *script_path)
{
  g_autofree char *out_abs = g_canonicalize_filename (script_path, NULL);
  g_autofree char *dir = g_path_get_dirname (out_abs);
  g_autofree char *data_abs = g_canonicalize_filename (data_path, NULL);
  g_autofree char *prefix = g_strconcat (dir, G_DIR_SEPARATOR_S, NULL);
  if (g_str_has_prefix (data_abs, prefix))
    return g_strdup (data_abs + strlen (prefix));
  return g_steal_pointer (&data_abs);
}

gboolean
bp_export_write_data_next_to (const BpDataSource *source, const char *script_path, char **path,
                              GError **error)
{
  g_autofree char *dir = g_path_get_dirname (script_path);
  *path = NULL;
  if (source->kind == BP_DATA_SOURCE_GENERATED)
    {
      BpSampleKind kind;
      if (source->name == NULL || !bp_sample_kind_from_string (source->name, &kind))
        {
          g_autofree char *list = bp_names_list (bp_sample_names);
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("There is no generated data set called “%s”; there are %s"),
                       source->name ? source->name : "", list);
          return FALSE;
        }
      gsize length;
      g_autofree char *csv = bp_sample_generate_csv (kind, source->rows, source->noise, source->seed, &length);
      g_autofree char *name = bp_sample_file_name (kind);
      g_autofree char *target = g_build_filename (dir, name, NULL);
      if (!save (target, csv, length, BP_SAVE_DEFAULT, error))
        return FALSE;
      *path = g_steal_pointer (&target);
      return TRUE;
    }
  if (source->kind == BP_DATA_SOURCE_SAMPLE)
    {
      g_autofree char *resource = g_strconcat (BP_DATA_SOURCE_SAMPLES_PATH, source->name, ".csv", NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return FALSE;
      g_autofree char *name = g_strconcat (source->name, ".csv", NULL);
      g_autofree char *target = g_build_filename (dir, name, NULL);
      gsize length;
      const char *data = g_bytes_get_data (bytes, &length);
      if (!save (target, data, length, BP_SAVE_DEFAULT, error))
        return FALSE;
      *path = g_steal_pointer (&target);
      return TRUE;
    }
  return FALSE;
}


gboolean
bp_export_write (const BpExportSource *source, BpExportFormat format, const char *out, GError **error)
{
  if (format == BP_EXPORT_ONNX)
    {
      if (source->model == NULL)
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("ONNX needs a trained model; train first"));
          return FALSE;
        }
      g_autoptr(GBytes) bytes = bp_export_onnx (source->model);
      gsize length;
      const char *data = g_bytes_get_data (bytes, &length);
      return save (out, data, length, BP_SAVE_DEFAULT, error);
    }

  g_autofree char *weights = NULL;
  if (source->model && format == BP_EXPORT_PYTORCH)
    {
      weights = bp_export_weights_path (out);
      gsize length;
      g_autofree char *json = bp_export_weights_json (source->model, &length);
      if (!save (weights, json, length, BP_SAVE_DEFAULT, error))
        return FALSE;
    }
  g_autofree char *weights_name = weights ? g_path_get_basename (weights) : NULL;
  gsize length;
  g_autofree char *script = bp_export_script (source, format, weights_name, &length);
  return save (out, script, length, BP_SAVE_EXECUTABLE, error);
}
