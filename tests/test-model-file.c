/* test-model-file.c: tests for bp-model-file (save, load, every check on
 * load) and for applying a saved transform to new rows (bp-dataset's
 * bp_dataset_new_for_transform).
 *
 * Round trips compare every field and the predictions bit for bit. Corrupt
 * files are made from a valid one by changing one JSON member (or the raw
 * text) and must fail with the right error code and a message that names
 * the file and the field.
 */
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bp-engine.h"
#include "test-util.h"

/* ---- helpers ------------------------------------------------------------ */

static BpDataset *
apply (const BpTable *table, const BpTransform *transform, gboolean need_target)
{
  g_autoptr(GError) error = NULL;
  BpDataset *dataset = bp_dataset_new_for_transform (table, transform, need_target, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

/* A model for a dataset: hidden layers from text, the task's output layer,
 * weights from a seeded generator. */
static BpModel *
make_model (const BpDataset *dataset, const char *layers, guint64 seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelSpec) spec = bp_model_spec_new (dataset->n_features);
  g_assert_true (bp_model_spec_parse_layers (spec, layers, &error));
  g_assert_no_error (error);
  bp_model_spec_add_output (spec, dataset->task, dataset->n_outputs);
  BpModel *model = bp_model_new (spec, &error);
  g_assert_no_error (error);
  BpRng rng;
  bp_rng_init (&rng, seed, 9);
  bp_model_init_params (model, &rng);
  /* Non-zero biases, so a mix-up of weights and biases shows. */
  for (gsize l = 0; l < model->n_layers; l++)
    for (gsize j = 0; j < model->layers[l].n_out; j++)
      model->layers[l].b[j] = (float) (bp_rng_uniform (&rng) - 0.5);
  return model;
}

static float *
predict (const BpModel *model, const float *x, gsize n)
{
  g_autoptr(BpWorkspace) ws = bp_workspace_new (model, 1024, FALSE);
  float *out = g_new (float, MAX (n * bp_model_n_outputs (model), 1));
  bp_model_predict (model, ws, out, x, n);
  return out;
}

static BpModelFile *
load_text_file (const char *text, GError **error)
{
  return bp_model_file_load_data ("model.json", text, strlen (text), error);
}

static BpModelFile *
reload (const BpModelFile *file)
{
  g_autofree char *text = bp_model_file_to_data (file, NULL);
  g_autoptr(GError) error = NULL;
  BpModelFile *loaded = load_text_file (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  return loaded;
}

/* Doubles that went through text must come back bit for bit (NaN: null). */
static void
assert_same_double (double a, double b)
{
  if (isnan (a) || isnan (b))
    {
      g_assert_true (isnan (a));
      g_assert_true (isnan (b));
      return;
    }
  g_assert_true (memcmp (&a, &b, sizeof a) == 0);
}

static void
assert_same_strv (char **a, char **b)
{
  if (a == NULL || b == NULL)
    {
      g_assert_null (a);
      g_assert_null (b);
      return;
    }
  g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
  for (gsize i = 0; a[i]; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

static void
assert_same_transform (const BpTransform *a, const BpTransform *b)
{
  g_assert_cmpint (a->task, ==, b->task);
  g_assert_cmpstr (a->target_name, ==, b->target_name);
  g_assert_cmpuint (a->n_classes, ==, b->n_classes);
  assert_same_strv (a->class_names, b->class_names);
  assert_same_double (a->target_center, b->target_center);
  assert_same_double (a->target_scale, b->target_scale);
  g_assert_cmpuint (a->n_features, ==, b->n_features);
  assert_same_strv (a->input_names, b->input_names);
  g_assert_cmpuint (a->n_feature_columns, ==, b->n_feature_columns);
  for (gsize f = 0; f < a->n_feature_columns; f++)
    {
      const BpFeature *x = &a->features[f], *y = &b->features[f];
      g_assert_cmpint (x->column, ==, y->column);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpint (x->type, ==, y->type);
      g_assert_cmpint (x->encoding, ==, y->encoding);
      g_assert_cmpuint (x->offset, ==, y->offset);
      g_assert_cmpuint (x->width, ==, y->width);
      assert_same_double (x->center, y->center);
      assert_same_double (x->scale, y->scale);
      assert_same_double (x->fill, y->fill);
      assert_same_strv (x->levels, y->levels);
    }
}

static void
assert_same_file (const BpModelFile *a, const BpModelFile *b)
{
  g_assert_cmpstr (a->created_by, ==, b->created_by);
  assert_same_transform (a->transform, b->transform);

  g_assert_cmpuint (a->spec->n_inputs, ==, b->spec->n_inputs);
  g_assert_cmpint (a->spec->loss, ==, b->spec->loss);
  g_assert_cmpint (a->spec->init, ==, b->spec->init);
  g_assert_cmpuint (a->spec->layers->len, ==, b->spec->layers->len);
  for (guint l = 0; l < a->spec->layers->len; l++)
    {
      const BpLayerSpec *x = &g_array_index (a->spec->layers, BpLayerSpec, l);
      const BpLayerSpec *y = &g_array_index (b->spec->layers, BpLayerSpec, l);
      g_assert_cmpuint (x->units, ==, y->units);
      g_assert_cmpint (x->activation, ==, y->activation);
      g_assert_true (x->dropout == y->dropout);
    }
  g_assert_cmpuint (a->n_params, ==, b->n_params);
  g_assert_true (memcmp (a->params, b->params, a->n_params * sizeof (float)) == 0);

  const BpTrainConfig *c = &a->config, *d = &b->config;
  g_assert_cmpuint (c->epochs, ==, d->epochs);
  g_assert_cmpuint (c->batch_size, ==, d->batch_size);
  g_assert_cmpuint (c->seed, ==, d->seed);
  g_assert_cmpint (c->shuffle, ==, d->shuffle);
  g_assert_cmpint (c->optimizer.kind, ==, d->optimizer.kind);
  g_assert_true (c->optimizer.learning_rate == d->optimizer.learning_rate);
  g_assert_true (c->optimizer.beta1 == d->optimizer.beta1);
  g_assert_true (c->optimizer.beta2 == d->optimizer.beta2);
  g_assert_true (c->optimizer.epsilon == d->optimizer.epsilon);
  g_assert_true (c->optimizer.momentum == d->optimizer.momentum);
  g_assert_cmpint (c->optimizer.nesterov, ==, d->optimizer.nesterov);
  g_assert_true (c->optimizer.rho == d->optimizer.rho);
  g_assert_true (c->optimizer.weight_decay == d->optimizer.weight_decay);
  g_assert_true (c->optimizer.l1 == d->optimizer.l1);
  g_assert_true (c->optimizer.l2 == d->optimizer.l2);
  g_assert_true (c->optimizer.clip_norm == d->optimizer.clip_norm);
  g_assert_cmpint (c->schedule.kind, ==, d->schedule.kind);
  g_assert_cmpuint (c->schedule.step_epochs, ==, d->schedule.step_epochs);
  g_assert_true (c->schedule.factor == d->schedule.factor);
  g_assert_cmpuint (c->schedule.patience, ==, d->schedule.patience);
  g_assert_true (c->schedule.min_rate == d->schedule.min_rate);
  g_assert_true (c->label_smoothing == d->label_smoothing);
  g_assert_cmpuint (c->patience, ==, d->patience);
  g_assert_cmpint (c->monitor, ==, d->monitor);
  assert_same_double (c->min_delta, d->min_delta);
  g_assert_cmpint (c->restore_best, ==, d->restore_best);
  assert_same_double (c->target_metric, d->target_metric);
  assert_same_double (c->time_limit, d->time_limit);
  if (a->class_weights || b->class_weights)
    {
      g_assert_nonnull (a->class_weights);
      g_assert_nonnull (b->class_weights);
      g_assert_true (c->class_weights == a->class_weights);
      g_assert_true (d->class_weights == b->class_weights);
      g_assert_true (memcmp (a->class_weights, b->class_weights, a->transform->n_classes * sizeof (float)) == 0);
    }
  else
    {
      g_assert_null (c->class_weights);
      g_assert_null (d->class_weights);
    }

  g_assert_cmpint (a->data.split, ==, b->data.split);
  assert_same_double (a->data.validation_fraction, b->data.validation_fraction);
  assert_same_double (a->data.test_fraction, b->data.test_fraction);
  g_assert_cmpuint (a->data.seed, ==, b->data.seed);
  g_assert_cmpint (a->data.scaling, ==, b->data.scaling);
  g_assert_cmpint (a->data.missing, ==, b->data.missing);
  g_assert_cmpint (a->data.scale_target, ==, b->data.scale_target);
  g_assert_cmpint (a->data.task, ==, b->data.task);

  g_assert_cmpuint (a->history->len, ==, b->history->len);
  for (guint i = 0; i < a->history->len; i++)
    {
      const BpEpochRecord *x = &g_array_index (a->history, BpEpochRecord, i);
      const BpEpochRecord *y = &g_array_index (b->history, BpEpochRecord, i);
      g_assert_cmpuint (x->epoch, ==, y->epoch);
      assert_same_double (x->loss, y->loss);
      assert_same_double (x->metric, y->metric);
      assert_same_double (x->val_loss, y->val_loss);
      assert_same_double (x->val_metric, y->val_metric);
      assert_same_double (x->seconds, y->seconds);
      assert_same_double (x->samples_per_second, y->samples_per_second);
      assert_same_double (x->learning_rate, y->learning_rate);
    }
}

/* ---- round trips ---------------------------------------------------------- */

/* Iris, trained for real: save to disk, load, and the loaded model predicts
 * bit for bit what the trained one does, on rows encoded again from the
 * table with the loaded transform. */
static void
test_round_trip_trained (void)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = BP_SPLIT_STRATIFIED;
  options.seed = 5;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_autoptr(BpModel) model = make_model (dataset, "16:relu,8:tanh:0.1", 1);

  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 3;
  config.batch_size = 16;
  config.seed = 11;
  config.optimizer.learning_rate = 0.01f;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTrainer) trainer = bp_trainer_new (model, dataset, &config, &error);
  g_assert_no_error (error);
  g_assert_true (bp_trainer_run (trainer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  const GArray *history = bp_trainer_get_history (trainer);
  g_assert_cmpuint (history->len, ==, 3);

  g_autoptr(BpModelFile) file = bp_model_file_new_from_training (dataset, &options, model, &config, history);
  g_autofree char *dir = g_dir_make_tmp ("bp-model-file-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "iris.json", NULL);
  g_assert_true (bp_model_file_save (file, path, &error));
  g_assert_no_error (error);

  g_autoptr(BpModelFile) loaded = bp_model_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  assert_same_file (file, loaded);
  g_assert_true (g_str_has_prefix (loaded->created_by, "Backprop "));
  g_assert_cmpuint (loaded->config.epochs, ==, 3);
  g_assert_cmpint (loaded->data.split, ==, BP_SPLIT_STRATIFIED);
  g_assert_cmpuint (loaded->data.seed, ==, 5);

  g_autoptr(BpModel) rebuilt = bp_model_file_build_model (loaded, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rebuilt->n_params, ==, model->n_params);
  g_autoptr(BpDataset) again = apply (table, loaded->transform, TRUE);
  g_assert_cmpuint (again->n_rows, ==, dataset->n_rows);
  g_assert_true (memcmp (again->x, dataset->x, dataset->n_rows * dataset->n_features * sizeof (float)) == 0);
  g_assert_true (memcmp (again->y, dataset->y, dataset->n_rows * dataset->n_outputs * sizeof (float)) == 0);
  g_assert_true (memcmp (again->labels, dataset->labels, dataset->n_rows * sizeof (guint32)) == 0);

  g_autofree float *expected = predict (model, dataset->x, dataset->n_rows);
  g_autofree float *actual = predict (rebuilt, again->x, again->n_rows);
  g_assert_true (memcmp (expected, actual, dataset->n_rows * dataset->n_outputs * sizeof (float)) == 0);

  /* Saving again over the file replaces it; the text is the same. */
  g_assert_true (bp_model_file_save (loaded, path, &error));
  g_assert_no_error (error);
  g_autofree char *first = bp_model_file_to_data (file, NULL);
  g_autofree char *second = NULL;
  g_assert_true (g_file_get_contents (path, &second, NULL, &error));
  g_assert_cmpstr (first, ==, second);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Regression with a one-hot column, a yes/no column, missing values filled
 * and a standardized target; odd settings everywhere, NaN in the history,
 * a seed above what JSON integers hold. */
static const char mixed_csv[] =
  "size,colour,smoker,note,price\n"
  "1.5,red,yes,a b,10.5\n"
  "2.5,green,no,c d,20.25\n"
  ",blue,yes,e f,30\n"
  "4.5,,no,g h,41\n"
  "5.5,red,yes,i j,52.5\n"
  "6.5,green,no,k l,60\n"
  "7.5,blue,yes,m n,71.75\n"
  "8.5,red,no,o p,80\n"
  "9.5,green,yes,q r,93\n"
  "10.5,blue,no,s t,100\n";

static void
test_round_trip_regression (void)
{
  g_autoptr(BpTable) table = load_text_named ("mixed.csv", mixed_csv);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.missing = BP_MISSING_IMPUTE;
  options.scaling = BP_SCALING_MINMAX;
  options.scale_target = TRUE;
  options.validation_fraction = 0.3;
  options.seed = G_MAXUINT64 - 3;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->task, ==, BP_TASK_REGRESSION);
  g_assert_cmpuint (dataset->n_feature_columns, ==, 3);   /* note is free text */
  g_assert_cmpuint (dataset->n_features, ==, 5);
  g_autoptr(BpModel) model = make_model (dataset, "6:gelu,3:elu", 2);

  BpTrainConfig config;
  bp_train_config_init (&config);
  bp_optimizer_config_init (&config.optimizer, BP_OPTIMIZER_MOMENTUM);
  config.optimizer.nesterov = TRUE;
  config.optimizer.learning_rate = 0.0123f;
  config.optimizer.l2 = 1e-4f;
  config.optimizer.clip_norm = 2.5f;
  config.seed = G_MAXUINT64;
  config.schedule.kind = BP_SCHEDULE_PLATEAU;
  config.patience = 4;
  config.monitor = BP_MONITOR_VAL_METRIC;
  config.min_delta = 1e-3;
  config.target_metric = 0.75;
  config.time_limit = 12.5;
  config.shuffle = FALSE;
  g_autoptr(GArray) history = g_array_new (FALSE, FALSE, sizeof (BpEpochRecord));
  BpEpochRecord records[] = {
    { 1, 0.5, 0.25, NAN, NAN, 0.001, 1e6, 0.0123 },
    { 2, 1.0 / 3.0, 0.1, 0.7, G_MAXDOUBLE, 2e-310, 0.0, 1e-300 },
  };
  g_array_append_vals (history, records, G_N_ELEMENTS (records));

  g_autoptr(BpModelFile) file = bp_model_file_new_from_training (dataset, &options, model, &config, history);
  g_autoptr(BpModelFile) loaded = reload (file);
  assert_same_file (file, loaded);
  g_assert_cmpuint (loaded->config.seed, ==, G_MAXUINT64);
  g_assert_cmpuint (loaded->data.seed, ==, G_MAXUINT64 - 3);
  g_assert_true (isnan (g_array_index (loaded->history, BpEpochRecord, 0).val_loss));
  g_assert_true (loaded->config.optimizer.learning_rate == 0.0123f);

  /* The text shows the numbers as written, not as their float32 doubles. */
  g_autofree char *text = bp_model_file_to_data (file, NULL);
  g_assert_nonnull (strstr (text, "\"learning_rate\": 0.0123,"));
  g_assert_nonnull (strstr (text, "\"val_loss\": null"));
  g_assert_nonnull (strstr (text, "\"encoding\": \"one_hot\""));
  g_assert_nonnull (strstr (text, "\"levels\": [\"blue\", \"green\", \"red\"]"));

  /* Written again from the loaded copy: the same text. */
  g_autofree char *again = bp_model_file_to_data (loaded, NULL);
  g_assert_cmpstr (text, ==, again);

  g_autoptr(GError) error = NULL;
  g_autoptr(BpModel) rebuilt = bp_model_file_build_model (loaded, &error);
  g_assert_no_error (error);
  g_autoptr(BpDataset) encoded = apply (table, loaded->transform, TRUE);
  g_assert_cmpuint (encoded->n_rows, ==, dataset->n_rows);
  g_assert_true (memcmp (encoded->x, dataset->x, dataset->n_rows * dataset->n_features * sizeof (float)) == 0);
  g_assert_true (memcmp (encoded->y, dataset->y, dataset->n_rows * sizeof (float)) == 0);
  g_autofree float *expected = predict (model, dataset->x, dataset->n_rows);
  g_autofree float *actual = predict (rebuilt, encoded->x, encoded->n_rows);
  g_assert_true (memcmp (expected, actual, dataset->n_rows * sizeof (float)) == 0);
}

/* Binary classification with class weights and every optimizer constant
 * non-default; the defaults when no config or history is given. */
static void
test_round_trip_binary (void)
{
  g_autoptr(BpTable) table = load_sample ("breast_cancer.csv");
  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_assert_cmpint (dataset->task, ==, BP_TASK_BINARY);
  g_autoptr(BpModel) model = make_model (dataset, "5:leaky_relu", 3);

  BpTrainConfig config;
  bp_train_config_init (&config);
  bp_optimizer_config_init (&config.optimizer, BP_OPTIMIZER_ADAMW);
  config.optimizer.beta1 = 0.8f;
  config.optimizer.beta2 = 0.99f;
  config.optimizer.epsilon = 1e-6f;
  config.optimizer.l1 = 3e-5f;
  config.label_smoothing = 0.1f;
  const float weights[] = { 0.75f, 1.5f };
  config.class_weights = weights;
  g_autoptr(BpModelFile) file = bp_model_file_new_from_training (dataset, NULL, model, &config, NULL);
  g_assert_nonnull (file->class_weights);
  g_assert_true (file->class_weights != weights);
  g_autoptr(BpModelFile) loaded = reload (file);
  assert_same_file (file, loaded);
  g_assert_true (loaded->class_weights[1] == 1.5f);
  g_assert_cmpuint (loaded->history->len, ==, 0);
  g_assert_cmpint (loaded->config.optimizer.kind, ==, BP_OPTIMIZER_ADAMW);

  g_autoptr(BpModelFile) plain = bp_model_file_new_from_training (dataset, NULL, model, NULL, NULL);
  g_autoptr(BpModelFile) plain_loaded = reload (plain);
  assert_same_file (plain, plain_loaded);
  g_assert_null (plain_loaded->class_weights);
  g_assert_cmpuint (plain_loaded->config.epochs, ==, 10);

  g_autoptr(GError) error = NULL;
  g_autoptr(BpModel) rebuilt = bp_model_file_build_model (loaded, &error);
  g_assert_no_error (error);
  g_autofree float *expected = predict (model, dataset->x, dataset->n_rows);
  g_autofree float *actual = predict (rebuilt, dataset->x, dataset->n_rows);
  g_assert_true (memcmp (expected, actual, dataset->n_rows * sizeof (float)) == 0);
}

/* The weights are float32 little-endian whatever the host. */
static void
test_weights_little_endian (void)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_autoptr(BpModel) model = make_model (dataset, "2:relu", 4);
  model->params[0] = 1.0f;     /* 0x3f800000 */
  model->params[1] = -2.5f;    /* 0xc0200000 */
  g_autoptr(BpModelFile) file = bp_model_file_new_from_training (dataset, NULL, model, NULL, NULL);
  g_autofree char *text = bp_model_file_to_data (file, NULL);

  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  JsonObject *weights = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                       "weights");
  g_assert_cmpstr (json_object_get_string_member (weights, "dtype"), ==, "float32-le");
  g_assert_cmpint (json_object_get_int_member (weights, "count"), ==, (gint64) model->n_params);
  gsize length = 0;
  g_autofree guchar *bytes = g_base64_decode (json_object_get_string_member (weights, "base64"), &length);
  g_assert_cmpuint (length, ==, model->n_params * 4);
  const guchar expected[] = { 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0xc0 };
  g_assert_cmpmem (bytes, sizeof expected, expected, sizeof expected);
}

/* Numbers are written the C way whatever the locale. */
static void
test_locale_independent (void)
{
  const char *locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8" };
  const char *found = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (locales) && found == NULL; i++)
    if (setlocale (LC_NUMERIC, locales[i]) != NULL)
      found = locales[i];
  if (found == NULL)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_autoptr(BpModel) model = make_model (dataset, "3:relu", 5);
  g_autoptr(BpModelFile) file = bp_model_file_new_from_training (dataset, NULL, model, NULL, NULL);
  g_autofree char *text = bp_model_file_to_data (file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelFile) loaded = load_text_file (text, &error);
  setlocale (LC_NUMERIC, saved);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\"learning_rate\": 0.001,"));
  assert_same_file (file, loaded);
}

/* ---- corrupt and foreign files --------------------------------------------- */

/* A valid file: a multiclass model over a numeric, a one-hot and a boolean
 * feature, with a two-epoch history. */
static char *
valid_text (void)
{
  g_autoptr(GString) csv = g_string_new ("size,colour,smoker,label\n");
  static const char *colours[] = { "red", "green", "blue" };
  static const char *labels[] = { "a", "b", "c", "b" };
  for (int i = 0; i < 24; i++)
    g_string_append_printf (csv, "%d.5,%s,%s,%s\n", (i * 7) % 11, colours[i % 3], i % 2 ? "yes" : "no",
                            labels[i % 4]);
  g_autoptr(BpTable) table = load_text_named ("train.csv", csv->str);
  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_assert_cmpint (dataset->task, ==, BP_TASK_MULTICLASS);
  g_assert_cmpuint (dataset->n_features, ==, 5);
  g_autoptr(BpModel) model = make_model (dataset, "4:tanh", 6);
  g_autoptr(GArray) history = g_array_new (FALSE, FALSE, sizeof (BpEpochRecord));
  BpEpochRecord record = { 1, 1.0, 0.5, 1.1, 0.4, 0.01, 100.0, 0.001 };
  g_array_append_val (history, record);
  record.epoch = 2;
  g_array_append_val (history, record);
  g_autoptr(BpModelFile) file = bp_model_file_new_from_training (dataset, NULL, model, NULL, history);
  return bp_model_file_to_data (file, NULL);
}

/* The valid text with the member at a dotted path ("model.layers.0.units")
 * set to a JSON value, or removed when value is NULL. */
static char *
mutate (const char *text, const char *path, const char *value)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  JsonNode *node = json_parser_get_root (parser);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  json_generator_set_root (generator, node);
  g_autofree char *before = json_generator_to_data (generator, NULL);
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  const guint n = g_strv_length (parts);
  for (guint i = 0; i + 1 < n; i++)
    {
      if (JSON_NODE_HOLDS_ARRAY (node))
        node = json_array_get_element (json_node_get_array (node), (guint) g_ascii_strtoull (parts[i], NULL, 10));
      else
        node = json_object_get_member (json_node_get_object (node), parts[i]);
      g_assert_nonnull (node);
    }
  const char *last = parts[n - 1];
  JsonNode *replacement = NULL;
  if (value)
    {
      g_autoptr(JsonParser) value_parser = json_parser_new ();
      g_assert_true (json_parser_load_from_data (value_parser, value, -1, &error));
      replacement = json_node_copy (json_parser_get_root (value_parser));
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint index = (guint) g_ascii_strtoull (last, NULL, 10);
      g_assert_cmpuint (index, <, json_array_get_length (array));
      g_assert_nonnull (replacement);
      /* Arrays have no replace: rebuild with the one element changed. */
      JsonArray *copy = json_array_new ();
      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, i == index ? replacement : json_node_copy (json_array_get_element (array, i)));
      json_node_take_array (node, copy);
    }
  else
    {
      JsonObject *object = json_node_get_object (node);
      g_assert_true (json_object_has_member (object, last));
      if (replacement)
        json_object_set_member (object, last, replacement);
      else
        json_object_remove_member (object, last);
    }
  /* A change that changes nothing would test nothing. */
  char *result = json_generator_to_data (generator, NULL);
  g_assert_cmpstr (result, !=, before);
  return result;
}

static void
assert_load_fails (const char *text, gsize length, int code, const char *phrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelFile) file = bp_model_file_load_data ("model.json", text, length, &error);
  g_assert_null (file);
  g_assert_error (error, BP_ENGINE_ERROR, code);
  if (!g_str_has_prefix (error->message, "model.json:") || strstr (error->message, phrase) == NULL)
    g_error ("expected a message starting “model.json:” with “%s”, got “%s”", phrase, error->message);
}

typedef struct {
  const char *path;
  const char *value;     /* JSON, or NULL to remove the member */
  int         code;
  const char *phrase;
} Corruption;

static const Corruption corruptions[] = {
  { "format", "\"keras-model\"", BP_ENGINE_ERROR_PARSE, "not a Backprop model file (its format is “keras-model”" },
  { "format", NULL, BP_ENGINE_ERROR_PARSE, "not a Backprop model file (it has no “format”" },
  { "version", "99", BP_ENGINE_ERROR_INVALID, "version 99 is newer than this Backprop reads" },
  { "version", "0", BP_ENGINE_ERROR_INVALID, "version 0 is not" },
  { "version", "\"1\"", BP_ENGINE_ERROR_PARSE, "version: expected a whole number, found a string" },
  { "version", NULL, BP_ENGINE_ERROR_PARSE, "“version” is missing" },
  { "created_by", "7", BP_ENGINE_ERROR_PARSE, "created_by: expected a string, found a number" },
  { "task", "\"clustering\"", BP_ENGINE_ERROR_INVALID, "task: unknown task “clustering”" },
  { "task", "\"binary\"", BP_ENGINE_ERROR_SHAPE, "binary classification needs exactly 2 classes, not 3" },
  { "task", "\"regression\"", BP_ENGINE_ERROR_SHAPE, "a regression target has no classes" },
  { "target", "[]", BP_ENGINE_ERROR_PARSE, "target: expected an object, found an array" },
  { "target.name", NULL, BP_ENGINE_ERROR_PARSE, "target: “name” is missing" },
  { "target.classes", "[\"a\", \"b\", \"b\"]", BP_ENGINE_ERROR_INVALID, "“b” appears twice" },
  { "target.classes", "[\"a\", 2, \"c\"]", BP_ENGINE_ERROR_PARSE, "target.classes[1]: expected a string, found a number" },
  { "target.classes", "[\"a\", \"b\", \"c\", \"d\"]", BP_ENGINE_ERROR_SHAPE, "output layer has 3 units" },
  { "target.scale", "0", BP_ENGINE_ERROR_INVALID, "the scale not 0" },
  { "features", "[]", BP_ENGINE_ERROR_SHAPE, "there are no features" },
  { "features.0", "\"size\"", BP_ENGINE_ERROR_PARSE, "features[0]: expected an object, found a string" },
  { "features.0.width", "2", BP_ENGINE_ERROR_SHAPE, "a scaled feature takes 1 input" },
  { "features.1.width", "2", BP_ENGINE_ERROR_SHAPE, "width 2 but 3 levels" },
  { "features.1.offset", "2", BP_ENGINE_ERROR_SHAPE, "features[1] (“colour”): offset 2, but the features before it take 1" },
  { "features.1.levels", "[\"blue\", \"green\", \"blue\"]", BP_ENGINE_ERROR_INVALID, "“blue” appears twice" },
  { "features.1.levels", "null", BP_ENGINE_ERROR_SHAPE, "width 3 but 0 levels" },
  { "features.1.fill", "3", BP_ENGINE_ERROR_INVALID, "the fill value must be the number of a level" },
  { "features.1.encoding", "\"hashed\"", BP_ENGINE_ERROR_INVALID, "features[1].encoding: unknown value “hashed”" },
  { "features.1.type", "\"colourful\"", BP_ENGINE_ERROR_INVALID, "features[1].type: unknown column type" },
  { "features.1.name", "\"size\"", BP_ENGINE_ERROR_INVALID, "column “size” is used twice" },
  { "features.0.scale", "0", BP_ENGINE_ERROR_INVALID, "features[0] (“size”): center, scale and fill" },
  { "features.0.center", NULL, BP_ENGINE_ERROR_PARSE, "features[0]: “center” is missing" },
  { "inputs.2", "\"colour=purple\"", BP_ENGINE_ERROR_SHAPE, "inputs[2]: “colour=purple”, but features[1] makes it “colour=green”" },
  { "inputs", "[\"size\"]", BP_ENGINE_ERROR_SHAPE, "inputs: 1, but the features take 5" },
  { "model.inputs", "6", BP_ENGINE_ERROR_SHAPE, "model.inputs: 6, but the features make 5 inputs" },
  { "model.layers", "[]", BP_ENGINE_ERROR_SHAPE, "model.layers: there are no layers" },
  { "model.layers.0.activation", "\"swish\"", BP_ENGINE_ERROR_INVALID, "model.layers[0].activation: unknown activation “swish”" },
  { "model.layers.0.activation", "\"softmax\"", BP_ENGINE_ERROR_INVALID, "softmax belongs on the output layer only" },
  { "model.layers.1.activation", "\"sigmoid\"", BP_ENGINE_ERROR_INVALID, "does not go with the loss" },
  { "model.layers.0.units", "0", BP_ENGINE_ERROR_INVALID, "model.layers[0].units: 0 is out of range (from 1 to 4096)" },
  { "model.layers.0.units", "5000", BP_ENGINE_ERROR_INVALID, "model.layers[0].units: 5000 is out of range" },
  { "model.layers.0.units", "4.5", BP_ENGINE_ERROR_PARSE, "model.layers[0].units: expected a whole number, found a number" },
  { "model.layers.0.units", "5", BP_ENGINE_ERROR_SHAPE, "weights: expected 48 float32 values, found 39" },
  { "model.layers.0.dropout", "0.95", BP_ENGINE_ERROR_INVALID, "model.layers[0].dropout: must be from 0 to 0.9" },
  { "model.loss", "\"hinge\"", BP_ENGINE_ERROR_INVALID, "model.loss: unknown loss “hinge”" },
  { "model.loss", "\"mse\"", BP_ENGINE_ERROR_INVALID, "model.loss: mse does not go with multiclass" },
  { "model.init", "\"zeros\"", BP_ENGINE_ERROR_INVALID, "model.init: unknown value “zeros”" },
  { "weights", NULL, BP_ENGINE_ERROR_PARSE, "“weights” is missing" },
  { "weights.count", "40", BP_ENGINE_ERROR_SHAPE, "weights: expected 39 float32 values, found 40" },
  { "weights.count", "-1", BP_ENGINE_ERROR_INVALID, "weights.count: -1 is out of range" },
  { "weights.dtype", "\"float64-le\"", BP_ENGINE_ERROR_INVALID, "weights.dtype: “float64-le” is not supported" },
  { "weights.base64", "\"AAAA!AAA\"", BP_ENGINE_ERROR_PARSE, "weights.base64: character 5 is not base64 (“!”)" },
  { "weights.base64", "\"AAAAAAAA\"", BP_ENGINE_ERROR_SHAPE, "the base64 data holds 6 bytes, but 39 float32 values take 156" },
  { "weights.base64", "null", BP_ENGINE_ERROR_PARSE, "weights.base64: expected a string, found null" },
  { "training", NULL, BP_ENGINE_ERROR_PARSE, "“training” is missing" },
  { "training.epochs", "0", BP_ENGINE_ERROR_INVALID, "training.epochs: 0 is out of range" },
  { "training.optimizer.kind", "\"lion\"", BP_ENGINE_ERROR_INVALID, "training.optimizer.kind: unknown optimizer “lion”" },
  { "training.optimizer.learning_rate", "-1", BP_ENGINE_ERROR_INVALID, "training: " },
  { "training.optimizer.beta1", "1e300", BP_ENGINE_ERROR_INVALID, "training.optimizer.beta1: the number is too large" },
  { "training.split", "\"random\"", BP_ENGINE_ERROR_INVALID, "training.split: unknown split “random”" },
  { "training.validation_fraction", "1", BP_ENGINE_ERROR_INVALID, "validation and test fractions" },
  { "training.class_weights", "[1, 2]", BP_ENGINE_ERROR_SHAPE, "training.class_weights: 2 weights for 3 classes" },
  { "training.seed", "\"lots\"", BP_ENGINE_ERROR_INVALID, "training.seed: “lots” is not a whole number" },
  { "training.shuffle", "1", BP_ENGINE_ERROR_PARSE, "training.shuffle: expected true or false, found a number" },
  { "history", "{}", BP_ENGINE_ERROR_PARSE, "history: expected an array, found an object" },
  { "history.1.epoch", "0", BP_ENGINE_ERROR_INVALID, "history[1].epoch: 0 is out of range" },
  { "history.0.loss", "\"low\"", BP_ENGINE_ERROR_PARSE, "history[0].loss: expected a number or null, found a string" },
};

static void
test_corrupt_members (void)
{
  g_autofree char *valid = valid_text ();
  /* The base must load, or every case below would pass for the wrong reason. */
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelFile) file = load_text_file (valid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file->n_params, ==, 39);   /* 5×4 + 4 + 4×3 + 3, which the messages below use */

  for (gsize i = 0; i < G_N_ELEMENTS (corruptions); i++)
    {
      const Corruption *c = &corruptions[i];
      g_test_message ("%s = %s", c->path, c->value ? c->value : "(removed)");
      g_autofree char *text = mutate (valid, c->path, c->value);
      assert_load_fails (text, strlen (text), c->code, c->phrase);
    }
}

/* The weights re-encoded with one value replaced. */
static char *
with_weight (const char *valid, gsize index, float value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelFile) file = load_text_file (valid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (index, <, file->n_params);
  g_autofree guint32 *le = g_new (guint32, file->n_params);
  for (gsize i = 0; i < file->n_params; i++)
    {
      float v = i == index ? value : file->params[i];
      guint32 bits;
      memcpy (&bits, &v, sizeof bits);
      le[i] = GUINT32_TO_LE (bits);
    }
  g_autofree char *base64 = g_base64_encode ((const guchar *) le, file->n_params * 4);
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", base64);
  return mutate (valid, "weights.base64", quoted);
}

static void
test_corrupt_weights (void)
{
  g_autofree char *valid = valid_text ();

  g_autofree char *same = with_weight (valid, 3, 0.25f);
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelFile) file = load_text_file (same, &error);
  g_assert_no_error (error);
  g_assert_true (file->params[3] == 0.25f);

  g_autofree char *nan = with_weight (valid, 5, NAN);
  assert_load_fails (nan, strlen (nan), BP_ENGINE_ERROR_INVALID, "weights: value 5 of 39 is NaN");
  g_autofree char *inf = with_weight (valid, 38, -INFINITY);
  assert_load_fails (inf, strlen (inf), BP_ENGINE_ERROR_INVALID, "weights: value 38 of 39 is infinite");

  /* Two base64 groups short: 6 bytes missing. */
  g_autoptr(BpModelFile) ok = load_text_file (valid, &error);
  g_assert_no_error (error);
  g_autofree char *full = g_base64_encode ((const guchar *) ok->params, ok->n_params * 4);
  g_autofree char *cut = g_strdup_printf ("\"%.*s\"", (int) (strlen (full) - 8), full);
  g_autofree char *short_text = mutate (valid, "weights.base64", cut);
  assert_load_fails (short_text, strlen (short_text), BP_ENGINE_ERROR_SHAPE,
                     "the base64 data holds 150 bytes, but 39 float32 values take 156");
  g_autofree char *ragged = g_strdup_printf ("\"%.*s\"", (int) (strlen (full) - 1), full);
  g_autofree char *ragged_text = mutate (valid, "weights.base64", ragged);
  assert_load_fails (ragged_text, strlen (ragged_text), BP_ENGINE_ERROR_PARSE, "base64 comes in groups of 4");
}

static void
test_corrupt_text (void)
{
  g_autofree char *valid = valid_text ();
  const gsize length = strlen (valid);

  assert_load_fails ("", 0, BP_ENGINE_ERROR_EMPTY, "the file is empty");
  assert_load_fails ("   \n", 4, BP_ENGINE_ERROR_PARSE, "expected a JSON object, found nothing");
  assert_load_fails ("hello", 5, BP_ENGINE_ERROR_PARSE, "not valid JSON");
  assert_load_fails ("[1, 2]", 6, BP_ENGINE_ERROR_PARSE, "expected a JSON object, found an array");
  assert_load_fails ("{\"a\": 1}", 8, BP_ENGINE_ERROR_PARSE, "not a Backprop model file");
  assert_load_fails ("x,y\n1,2\n", 8, BP_ENGINE_ERROR_PARSE, "not valid JSON");
  static const char binary[] = "{\"format\": \"backprop-model\"\0}";
  assert_load_fails (binary, sizeof binary - 1, BP_ENGINE_ERROR_BINARY, "binary data");

  /* Valid JSON can still hold a number no double can: 1e999. */
  g_autofree char *placeholder = mutate (valid, "target.center", "123456789");
  g_autoptr(GString) huge = g_string_new (placeholder);
  g_assert_cmpuint (g_string_replace (huge, "123456789", "1e999", 0), ==, 1);
  assert_load_fails (huge->str, huge->len, BP_ENGINE_ERROR_INVALID, "target.center: the number is too large");

  /* Cut in half: the message gives the line where the text stops making sense. */
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelFile) file = bp_model_file_load_data ("model.json", valid, length / 2, &error);
  g_assert_null (file);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_PARSE);
  g_assert_true (g_regex_match_simple ("^model\\.json:[0-9]+:[0-9]+: not valid JSON: ", error->message, 0, 0));

  /* Only the last brace missing. */
  g_autoptr(GError) error2 = NULL;
  g_autoptr(BpModelFile) file2 = bp_model_file_load_data ("model.json", valid, length - 2, &error2);
  g_assert_null (file2);
  g_assert_error (error2, BP_ENGINE_ERROR, BP_ENGINE_ERROR_PARSE);
}

static void
test_io_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bp-model-file-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *missing = g_build_filename (dir, "nothing.json", NULL);
  g_autoptr(BpModelFile) none = bp_model_file_load (missing, &error);
  g_assert_null (none);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, missing));
  g_assert_nonnull (strstr (error->message, "no such file"));
  g_clear_error (&error);

  g_autofree char *valid = valid_text ();
  g_autoptr(BpModelFile) file = load_text_file (valid, &error);
  g_assert_no_error (error);
  g_autofree char *unwritable = g_build_filename (dir, "no-such-dir", "model.json", NULL);
  g_assert_false (bp_model_file_save (file, unwritable, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "could not be saved"));
  g_assert_false (g_file_test (unwritable, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* ---- applying a saved transform to new rows -------------------------------- */

static BpTransform *
colour_transform (void)
{
  static const char csv[] =
    "size,colour,smoker,code,label\n"
    "1.5,red,yes,10,a\n"
    "2.5,green,no,20,b\n"
    "3.5,blue,yes,x,a\n"
    "4.5,red,no,10,b\n"
    "5.5,green,yes,20,a\n"
    "6.5,blue,no,x,b\n"
    "7.5,red,yes,10,a\n"
    "8.5,green,no,20,b\n"
    "9.5,blue,yes,x,a\n"
    "10.5,red,no,10,b\n";
  g_autoptr(BpTable) table = load_text_named ("train.csv", csv);
  g_assert_cmpint (table->columns[3].type, ==, BP_COLUMN_CATEGORICAL);   /* code: numbers and a word */
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.validation_fraction = 0.0;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->task, ==, BP_TASK_BINARY);
  g_assert_cmpuint (dataset->n_features, ==, 1 + 3 + 1 + 3);
  return bp_transform_new_from_dataset (dataset);
}

static void
assert_apply_fails (const char *csv, const BpTransform *t, gboolean need_target, int code, const char *phrase)
{
  g_autoptr(BpTable) table = load_text_named ("new.csv", csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(BpDataset) dataset = bp_dataset_new_for_transform (table, t, need_target, &error);
  g_assert_null (dataset);
  g_assert_error (error, BP_ENGINE_ERROR, code);
  if (strstr (error->message, phrase) == NULL)
    g_error ("expected “%s” in “%s”", phrase, error->message);
}

static const BpFeature *
feature_named (const BpTransform *t, const char *name)
{
  for (gsize f = 0; f < t->n_feature_columns; f++)
    if (g_str_equal (t->features[f].name, name))
      return &t->features[f];
  g_error ("no feature “%s”", name);
}

static void
test_transform_unseen_category (void)
{
  g_autoptr(BpTransform) t = colour_transform ();
  assert_apply_fails ("size,colour,smoker,code\n1,red,yes,10\n2,purple,no,20\n", t, FALSE,
                      BP_ENGINE_ERROR_INVALID, "new.csv:3: column “colour”: “purple” was not seen in training");
  assert_apply_fails ("size,colour,smoker,code\n1,red,yes,10\n2,blue,no,30\n3,red,no,10\n", t, FALSE,
                      BP_ENGINE_ERROR_INVALID, "new.csv:3: column “code”: “30” was not seen in training");
  /* Categories are matched exactly: "Red" is not "red". */
  assert_apply_fails ("size,colour,smoker,code\n1,Red,yes,10\n", t, FALSE,
                      BP_ENGINE_ERROR_INVALID, "“Red” was not seen in training (the model knows “blue”, “green”, “red”)");
  /* Text in a number column, and a word that is not a boolean. */
  assert_apply_fails ("size,colour,smoker,code\n1,red,yes,10\nbig,red,yes,10\nhuge,red,no,10\n", t, FALSE,
                      BP_ENGINE_ERROR_INVALID, "new.csv:3: column “size”: “big” is not a number");
  assert_apply_fails ("size,colour,smoker,code\n1,red,yes,10\n2,red,maybe,10\n3,red,no,10\n", t, FALSE,
                      BP_ENGINE_ERROR_INVALID, "new.csv:3: column “smoker”: “maybe” is not a number");
  /* An unseen class, when the target is needed. */
  assert_apply_fails ("size,colour,smoker,code,label\n1,red,yes,10,a\n2,red,no,10,z\n", t, TRUE,
                      BP_ENGINE_ERROR_INVALID, "new.csv:3: column “label”: class “z” was not seen in training");
}

static void
test_transform_missing_column (void)
{
  g_autoptr(BpTransform) t = colour_transform ();
  assert_apply_fails ("size,smoker,code\n1,yes,10\n", t, FALSE, BP_ENGINE_ERROR_INVALID,
                      "new.csv: the model needs column “colour”, which is not in the file");
  assert_apply_fails ("smoker,code\n1,10\n", t, FALSE, BP_ENGINE_ERROR_INVALID,
                      "the model needs columns “size”, “colour”, which are not in the file");
  /* The target only matters when it is needed. */
  g_autoptr(BpTable) table = load_text_named ("new.csv", "size,colour,smoker,code\n1,red,yes,10\n");
  g_autoptr(BpDataset) dataset = apply (table, t, FALSE);
  g_assert_cmpuint (dataset->n_rows, ==, 1);
  g_assert_cmpint (dataset->target_column, ==, -1);
  g_assert_null (dataset->y);
  g_assert_null (dataset->labels);
  assert_apply_fails ("size,colour,smoker,code\n1,red,yes,10\n", t, TRUE, BP_ENGINE_ERROR_INVALID,
                      "new.csv: there is no column “label”");
}

static void
test_transform_fills_missing (void)
{
  g_autoptr(BpTransform) t = colour_transform ();
  /* Columns in another order, an extra column, empty cells; line 3 misses
   * every feature. */
  g_autoptr(BpTable) table = load_text_named ("new.csv",
                                        "code,extra,smoker,colour,size\n"
                                        "20,q,no,blue,2.5\n"
                                        ",q,,,\n"
                                        "x,q,yes,red,NA\n");
  g_autoptr(BpDataset) dataset = apply (table, t, FALSE);
  g_assert_cmpuint (dataset->n_rows, ==, 3);
  g_assert_cmpuint (dataset->n_dropped, ==, 0);
  g_assert_cmpuint (dataset->n_features, ==, t->n_features);
  g_assert_cmpuint (dataset->n_test, ==, 3);
  g_assert_cmpuint (dataset->n_train + dataset->n_validation, ==, 0);
  for (guint32 i = 0; i < 3; i++)
    {
      g_assert_cmpuint (dataset->test[i], ==, i);
      g_assert_cmpuint (dataset->source_rows[i], ==, i);
    }

  const BpFeature *size = feature_named (t, "size");
  const BpFeature *colour = feature_named (t, "colour");
  const BpFeature *smoker = feature_named (t, "smoker");
  const BpFeature *code = feature_named (t, "code");
  const gsize d = dataset->n_features;
  /* Row 0: every value given. */
  g_assert_true (dataset->x[size->offset] == (float) ((2.5 - size->center) / size->scale));
  g_assert_true (dataset->x[smoker->offset] == (float) ((0.0 - smoker->center) / smoker->scale));
  g_assert_cmpstr (colour->levels[0], ==, "blue");
  g_assert_true (dataset->x[colour->offset + 0] == 1.0f && dataset->x[colour->offset + 1] == 0.0f &&
                 dataset->x[colour->offset + 2] == 0.0f);
  g_assert_cmpstr (code->levels[1], ==, "20");
  g_assert_true (dataset->x[code->offset + 1] == 1.0f);
  /* Row 1: all filled. */
  const float *row = dataset->x + d;
  g_assert_true (row[size->offset] == (float) ((size->fill - size->center) / size->scale));
  g_assert_true (row[smoker->offset] == (float) ((smoker->fill - smoker->center) / smoker->scale));
  for (gsize l = 0; l < colour->width; l++)
    g_assert_true (row[colour->offset + l] == (l == (gsize) colour->fill ? 1.0f : 0.0f));
  for (gsize l = 0; l < code->width; l++)
    g_assert_true (row[code->offset + l] == (l == (gsize) code->fill ? 1.0f : 0.0f));
  /* Row 2: size filled, the rest given. */
  row = dataset->x + 2 * d;
  g_assert_true (row[size->offset] == (float) ((size->fill - size->center) / size->scale));
  g_assert_true (row[smoker->offset] == (float) ((1.0 - smoker->center) / smoker->scale));
  g_assert_true (row[colour->offset + 2] == 1.0f);
  g_assert_cmpstr (code->levels[2], ==, "x");
  g_assert_true (row[code->offset + 2] == 1.0f);

  g_assert_cmpuint (dataset->warnings->len, ==, 1);
  const char *warning = dataset->warnings->pdata[0];
  g_assert_nonnull (strstr (warning, "5 missing values were filled in"));
  g_assert_nonnull (strstr (warning, "2 in “size”"));
}

/* Numbers where training saw category text, and the same value written
 * differently, still match; a numbers-only column for a one-hot feature. */
static void
test_transform_matches_values (void)
{
  g_autoptr(BpTransform) t = colour_transform ();
  g_autoptr(BpTable) table = load_text_named ("new.csv", "size,colour,smoker,code,label\n"
                                                   "1,red,YES,10,b\n"
                                                   "2,blue,No,20.0,a\n");
  g_assert_cmpint (table->columns[3].type, ==, BP_COLUMN_NUMERIC);
  g_autoptr(BpDataset) dataset = apply (table, t, TRUE);
  const BpFeature *smoker = feature_named (t, "smoker");
  const BpFeature *code = feature_named (t, "code");
  const gsize d = dataset->n_features;
  g_assert_true (dataset->x[smoker->offset] == (float) ((1.0 - smoker->center) / smoker->scale));
  g_assert_true (dataset->x[d + smoker->offset] == (float) ((0.0 - smoker->center) / smoker->scale));
  g_assert_true (dataset->x[code->offset + 0] == 1.0f);
  g_assert_true (dataset->x[d + code->offset + 1] == 1.0f);
  g_assert_cmpstr (dataset->class_names[0], ==, "a");
  g_assert_cmpuint (dataset->labels[0], ==, 1);
  g_assert_cmpuint (dataset->labels[1], ==, 0);
  g_assert_true (dataset->y[0] == 1.0f && dataset->y[1] == 0.0f);
}

/* With the target: rows without it are left out and counted; a boolean
 * target's class is found by value when the text differs. */
static void
test_transform_target (void)
{
  static const char train_csv[] =
    "x,outcome\n1,no\n2,yes\n3,no\n4,yes\n5,no\n6,yes\n";
  g_autoptr(BpTable) train = load_text_named ("train.csv", train_csv);
  g_assert_cmpint (train->columns[1].type, ==, BP_COLUMN_BOOLEAN);
  g_autoptr(BpDataset) dataset = make_dataset (train, NULL);
  g_autoptr(BpTransform) t = bp_transform_new_from_dataset (dataset);
  g_assert_cmpstr (t->class_names[0], ==, "no");
  g_assert_cmpstr (t->class_names[1], ==, "yes");

  g_autoptr(BpTable) table = load_text_named ("new.csv", "x,outcome\n1,Yes\n2,\n3,no\n4,NA\n5,YES\n");
  g_autoptr(BpDataset) scored = apply (table, t, TRUE);
  g_assert_cmpuint (scored->n_rows, ==, 3);
  g_assert_cmpuint (scored->n_dropped, ==, 2);
  g_assert_cmpuint (scored->n_test, ==, 3);
  g_assert_cmpuint (scored->source_rows[1], ==, 2);
  g_assert_cmpuint (scored->labels[0], ==, 1);
  g_assert_cmpuint (scored->labels[1], ==, 0);
  g_assert_cmpuint (scored->labels[2], ==, 1);
  g_assert_nonnull (strstr (scored->warnings->pdata[0], "2 rows with no value in “outcome” were left out "
                                                        "(the first on line 3)"));

  /* Without the target the same file keeps every row. */
  g_autoptr(BpDataset) predicted = apply (table, t, FALSE);
  g_assert_cmpuint (predicted->n_rows, ==, 5);
  g_assert_cmpuint (predicted->n_dropped, ==, 0);

  assert_apply_fails ("x,outcome\n1,\n2,NA\n", t, TRUE, BP_ENGINE_ERROR_EMPTY, "no row has a value in “outcome”");
}

/* A regression target in its own units, standardized with the saved numbers. */
static void
test_transform_regression_target (void)
{
  g_autoptr(BpTable) train = load_text_named ("train.csv", "x,price\n1,10.5\n2,20.5\n3,30.5\n4,40.5\n5,50.5\n6,60.5\n7,70.5\n");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.scale_target = TRUE;
  g_autoptr(BpDataset) dataset = make_dataset (train, &options);
  g_autoptr(BpTransform) t = bp_transform_new_from_dataset (dataset);
  g_assert_cmpfloat (t->target_scale, !=, 1.0);
  g_autoptr(BpTable) table = load_text_named ("new.csv", "price,x\n25,3\n");
  g_autoptr(BpDataset) scored = apply (table, t, TRUE);
  g_assert_true (scored->y[0] == (float) ((25.0 - t->target_center) / t->target_scale));
  g_assert_null (scored->labels);
  assert_apply_fails ("price,x\n25,3\ncheap,4\nfree,5\n", t, TRUE, BP_ENGINE_ERROR_INVALID,
                      "new.csv:3: column “price”: “cheap” is not a number");
}

/* A transform that does not hold together is refused before any row is read. */
static void
test_transform_validate (void)
{
  g_autoptr(BpTransform) t = colour_transform ();
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_transform_validate (t, &error));
  g_assert_no_error (error);

  t->features[1].offset++;
  g_assert_false (bp_transform_validate (t, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE);
  g_clear_error (&error);
  assert_apply_fails ("size,colour,smoker,code\n1,red,yes,10\n", t, FALSE, BP_ENGINE_ERROR_SHAPE, "offset");
  t->features[1].offset--;

  t->n_features++;
  g_assert_false (bp_transform_validate (t, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE);
  g_clear_error (&error);
  t->n_features--;

  t->features[0].scale = 0.0;
  g_assert_false (bp_transform_validate (t, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);
  t->features[0].scale = 1.0;

  g_assert_true (bp_transform_validate (t, &error));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/model-file/round-trip/trained", test_round_trip_trained);
  g_test_add_func ("/engine/model-file/round-trip/regression", test_round_trip_regression);
  g_test_add_func ("/engine/model-file/round-trip/binary", test_round_trip_binary);
  g_test_add_func ("/engine/model-file/weights-little-endian", test_weights_little_endian);
  g_test_add_func ("/engine/model-file/locale-independent", test_locale_independent);

  g_test_add_func ("/engine/model-file/corrupt/members", test_corrupt_members);
  g_test_add_func ("/engine/model-file/corrupt/weights", test_corrupt_weights);
  g_test_add_func ("/engine/model-file/corrupt/text", test_corrupt_text);
  g_test_add_func ("/engine/model-file/io-errors", test_io_errors);

  g_test_add_func ("/engine/transform/unseen-category", test_transform_unseen_category);
  g_test_add_func ("/engine/transform/missing-column", test_transform_missing_column);
  g_test_add_func ("/engine/transform/fills-missing", test_transform_fills_missing);
  g_test_add_func ("/engine/transform/matches-values", test_transform_matches_values);
  g_test_add_func ("/engine/transform/target", test_transform_target);
  g_test_add_func ("/engine/transform/regression-target", test_transform_regression_target);
  g_test_add_func ("/engine/transform/validate", test_transform_validate);

  return g_test_run ();
}
