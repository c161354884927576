/* test-dataset.c: tests for bp-dataset (task detection, splits, scaling,
 * encoding, missing values, errors) and bp-rng.
 *
 * The samples come from $BP_SAMPLES (or the source tree); small tables are written inline and
 * read with bp_table_load_data(). Expected numbers are computed here from
 * the table's raw values, never taken from the dataset under test.
 */
#include <math.h>
#include <string.h>

#include "bp-engine.h"
#include "test-util.h"

/* ---- helpers ------------------------------------------------------------ */

static BpTable *
load_text (const char *csv)
{
  return load_text_named ("synthetic.csv", csv);
}

static void
assert_dataset_fails (const BpTable *table, const BpDatasetOptions *options, int code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpDataset) dataset = bp_dataset_new (table, options, &error);
  g_assert_null (dataset);
  g_assert_error (error, BP_ENGINE_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 0);
}

static gboolean
has_warning (const GPtrArray *warnings, const char *needle)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (warnings->pdata[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static int
column_index (const BpTable *table, const char *name)
{
  int c = bp_table_find_column (table, name);
  g_assert_cmpint (c, >=, 0);
  return c;
}

static const BpFeature *
feature_for_column (const BpDataset *dataset, int column)
{
  for (gsize f = 0; f < dataset->n_feature_columns; f++)
    if (dataset->features[f].column == column)
      return &dataset->features[f];
  return NULL;
}

/* The feature made from a column, which must exist. */
static const BpFeature *
require_feature (const BpDataset *dataset, int column)
{
  const BpFeature *feature = feature_for_column (dataset, column);
  if (feature == NULL)
    g_error ("column %d is not a feature of the dataset", column);
  return feature;
}

static void
assert_all_finite (const BpDataset *dataset)
{
  for (gsize i = 0; i < dataset->n_rows * dataset->n_features; i++)
    g_assert_true (isfinite (dataset->x[i]));
  for (gsize i = 0; i < dataset->n_rows * dataset->n_outputs; i++)
    g_assert_true (isfinite (dataset->y[i]));
}

/* train ∪ validation ∪ test is exactly 0..n_rows-1, each once, and the
 * counts add up. */
static void
assert_partition (const BpDataset *dataset)
{
  const gsize n = dataset->n_rows;
  g_assert_cmpuint (dataset->n_train + dataset->n_validation + dataset->n_test, ==, n);
  g_autofree guint8 *seen = g_new0 (guint8, n);
  const guint32 *parts[3] = { dataset->train, dataset->validation, dataset->test };
  const gsize sizes[3] = { dataset->n_train, dataset->n_validation, dataset->n_test };
  for (int p = 0; p < 3; p++)
    for (gsize i = 0; i < sizes[p]; i++)
      {
        g_assert_cmpuint (parts[p][i], <, n);
        g_assert_cmpuint (seen[parts[p][i]], ==, 0);
        seen[parts[p][i]] = 1;
      }
  for (gsize i = 0; i < n; i++)
    g_assert_cmpuint (seen[i], ==, 1);
}

/* Keras: split_at = floor(n * (1 - fraction)); the tail is the rest. */
static gsize
keras_count (gsize n, double fraction)
{
  return n - (gsize) floor ((double) n * (1.0 - fraction));
}

static double
train_mean (const BpDataset *dataset, const BpColumn *column)
{
  double sum = 0.0;
  gsize n = 0;
  for (gsize i = 0; i < dataset->n_train; i++)
    {
      double v = bp_column_value (column, dataset->source_rows[dataset->train[i]]);
      if (!isnan (v))
        {
          sum += v;
          n++;
        }
    }
  g_assert_cmpuint (n, >, 0);
  return sum / (double) n;
}

static double
train_population_std (const BpDataset *dataset, const BpColumn *column, double mean)
{
  double m2 = 0.0;
  gsize n = 0;
  for (gsize i = 0; i < dataset->n_train; i++)
    {
      double v = bp_column_value (column, dataset->source_rows[dataset->train[i]]);
      if (!isnan (v))
        {
          m2 += (v - mean) * (v - mean);
          n++;
        }
    }
  g_assert_cmpuint (n, >, 0);
  return sqrt (m2 / (double) n);
}

static double
all_rows_mean (const BpTable *table, const BpColumn *column)
{
  double sum = 0.0;
  gsize n = 0;
  for (gsize r = 0; r < table->n_rows; r++)
    if (!isnan (bp_column_value (column, r)))
      {
        sum += bp_column_value (column, r);
        n++;
      }
  g_assert_cmpuint (n, >, 0);
  return sum / (double) n;
}

static void
assert_close (double actual, double expected, double relative)
{
  g_assert_cmpfloat_with_epsilon (actual, expected, relative * MAX (1.0, fabs (expected)));
}

static void
assert_class_names (const BpDataset *dataset, const char * const *expected)
{
  g_assert_nonnull (dataset->class_names);
  gsize n = g_strv_length ((char **) expected);
  g_assert_cmpuint (dataset->n_classes, ==, n);
  g_assert_cmpuint (g_strv_length (dataset->class_names), ==, n);
  for (gsize k = 0; k < n; k++)
    g_assert_cmpstr (dataset->class_names[k], ==, expected[k]);
}

/* Every row of y agrees with the table's target cell and the class names. */
static void
assert_labels_match_cells (const BpTable *table, const BpDataset *dataset)
{
  g_assert_nonnull (dataset->labels);
  for (gsize i = 0; i < dataset->n_rows; i++)
    {
      guint32 label = dataset->labels[i];
      g_assert_cmpuint (label, <, dataset->n_classes);
      g_autofree char *cell = bp_table_cell_text (table, dataset->source_rows[i],
                                                  (gsize) dataset->target_column);
      g_assert_cmpstr (cell, ==, dataset->class_names[label]);
      if (dataset->task == BP_TASK_BINARY)
        g_assert_cmpfloat (dataset->y[i], ==, (float) label);
      else
        for (gsize k = 0; k < dataset->n_outputs; k++)
          g_assert_cmpfloat (dataset->y[i * dataset->n_outputs + k], ==, k == label ? 1.0f : 0.0f);
    }
}

/* ---- task detection on the samples ------------------------------------- */

static void
test_task_breast_cancer (void)
{
  g_autoptr(BpTable) table = load_sample ("breast_cancer.csv");
  g_assert_cmpuint (table->n_rows, ==, 569);
  int target = bp_dataset_default_target (table);
  g_assert_cmpint (target, ==, column_index (table, "diagnosis"));
  g_assert_cmpint (bp_dataset_detect_task (table, target), ==, BP_TASK_BINARY);

  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->task, ==, BP_TASK_BINARY);
  g_assert_cmpstr (dataset->target_name, ==, "diagnosis");
  g_assert_cmpint (dataset->target_column, ==, target);
  const char * const classes[] = { "benign", "malignant", NULL };
  assert_class_names (dataset, classes);
  g_assert_cmpuint (dataset->n_outputs, ==, 1);
  g_assert_cmpuint (dataset->n_rows, ==, 569);
  g_assert_cmpuint (dataset->n_feature_columns, ==, 30);
  g_assert_cmpuint (dataset->n_features, ==, 30);
  assert_labels_match_cells (table, dataset);
  /* The first row of the file is malignant. */
  g_assert_cmpfloat (dataset->y[0], ==, 1.0f);
}

static void
test_task_iris (void)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  g_assert_cmpuint (table->n_rows, ==, 150);
  int target = bp_dataset_default_target (table);
  g_assert_cmpint (target, ==, column_index (table, "species"));
  g_assert_cmpint (bp_dataset_detect_task (table, target), ==, BP_TASK_MULTICLASS);

  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_assert_cmpint (dataset->task, ==, BP_TASK_MULTICLASS);
  const char * const classes[] = { "setosa", "versicolor", "virginica", NULL };
  assert_class_names (dataset, classes);
  g_assert_cmpuint (dataset->n_outputs, ==, 3);
  g_assert_cmpuint (dataset->n_features, ==, 4);
  assert_labels_match_cells (table, dataset);
  /* Sorted by species: 50 of each. */
  for (gsize i = 0; i < 150; i++)
    g_assert_cmpuint (dataset->labels[i], ==, i / 50);
}

static void
test_task_wine (void)
{
  g_autoptr(BpTable) table = load_sample ("wine.csv");
  g_assert_cmpuint (table->n_rows, ==, 178);
  int target = bp_dataset_default_target (table);
  g_assert_cmpint (target, ==, column_index (table, "cultivar"));
  g_assert_cmpint (bp_dataset_detect_task (table, target), ==, BP_TASK_MULTICLASS);

  BpDatasetOptions keras;
  bp_dataset_options_init (&keras);
  keras.split = BP_SPLIT_KERAS;
  g_autoptr(BpDataset) dataset = make_dataset (table, &keras);
  g_assert_cmpint (dataset->task, ==, BP_TASK_MULTICLASS);
  const char * const classes[] = { "class_0", "class_1", "class_2", NULL };
  assert_class_names (dataset, classes);
  g_assert_cmpuint (dataset->n_outputs, ==, 3);
  g_assert_cmpuint (dataset->n_features, ==, 13);
  assert_labels_match_cells (table, dataset);
  /* Sorted by cultivar: the Keras validation rows are all class_2, and
   * the warning says the file looks sorted. */
  g_assert_true (has_warning (dataset->warnings, "class_2"));
  g_assert_true (has_warning (dataset->warnings, "looks sorted"));
}

static void
test_task_diabetes (void)
{
  g_autoptr(BpTable) table = load_sample ("diabetes.csv");
  g_assert_cmpuint (table->n_rows, ==, 442);
  int target = bp_dataset_default_target (table);
  g_assert_cmpint (target, ==, column_index (table, "progression"));
  g_assert_cmpint (bp_dataset_detect_task (table, target), ==, BP_TASK_REGRESSION);

  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_assert_cmpint (dataset->task, ==, BP_TASK_REGRESSION);
  g_assert_null (dataset->class_names);
  g_assert_null (dataset->labels);
  g_assert_cmpuint (dataset->n_classes, ==, 0);
  g_assert_cmpuint (dataset->n_outputs, ==, 1);
  /* sex (1/2) is numeric with two values: still a scaled input. */
  g_assert_cmpuint (dataset->n_features, ==, 10);
}

/* ---- task detection on small tables ------------------------------------ */

static BpTable *
table_with_target (const char *header, const char * const *targets, gsize n)
{
  g_autoptr(GString) csv = g_string_new (header);
  g_string_append_c (csv, '\n');
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (csv, "%" G_GSIZE_FORMAT ".25,%" G_GSIZE_FORMAT ".5,%s\n",
                            (i * 7) % 13, (i * 5) % 11, targets[i % g_strv_length ((char **) targets)]);
  return load_text (csv->str);
}

static void
test_task_synthetic_binary_01 (void)
{
  const char * const targets[] = { "0", "1", "1", "0", "1", NULL };
  g_autoptr(BpTable) table = table_with_target ("a,b,label", targets, 20);
  int target = column_index (table, "label");
  g_assert_cmpint (bp_dataset_default_target (table), ==, target);
  g_assert_cmpint (bp_dataset_detect_task (table, target), ==, BP_TASK_BINARY);

  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_assert_cmpint (dataset->task, ==, BP_TASK_BINARY);
  const char * const classes[] = { "0", "1", NULL };
  assert_class_names (dataset, classes);
  g_assert_cmpuint (dataset->n_outputs, ==, 1);
  assert_labels_match_cells (table, dataset);
}

static void
test_task_synthetic_integer_multiclass (void)
{
  const char * const targets[] = { "0", "1", "2", "3", "4", "2", "1", NULL };
  g_autoptr(BpTable) table = table_with_target ("a,b,grade", targets, 35);
  int target = column_index (table, "grade");
  g_assert_cmpint (bp_dataset_detect_task (table, target), ==, BP_TASK_MULTICLASS);

  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_assert_cmpint (dataset->task, ==, BP_TASK_MULTICLASS);
  const char * const classes[] = { "0", "1", "2", "3", "4", NULL };
  assert_class_names (dataset, classes);
  g_assert_cmpuint (dataset->n_outputs, ==, 5);
  assert_labels_match_cells (table, dataset);
}

static void
test_task_synthetic_yes_no (void)
{
  const char * const targets[] = { "yes", "no", "no", "yes", "no", NULL };
  g_autoptr(BpTable) table = table_with_target ("a,b,bought", targets, 20);
  int target = column_index (table, "bought");
  g_assert_cmpint (bp_dataset_detect_task (table, target), ==, BP_TASK_BINARY);

  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_assert_cmpint (dataset->task, ==, BP_TASK_BINARY);
  const char * const classes[] = { "no", "yes", NULL };
  assert_class_names (dataset, classes);
  assert_labels_match_cells (table, dataset);
  /* "yes" is the positive class. */
  g_assert_cmpfloat (dataset->y[0], ==, 1.0f);
  g_assert_cmpfloat (dataset->y[1], ==, 0.0f);
}

static void
test_task_synthetic_float (void)
{
  const char * const targets[] = { "1.5", "2.25", "-0.75", "3.125", "10.5", "7.0625", "0.3", NULL };
  g_autoptr(BpTable) table = table_with_target ("a,b,price", targets, 21);
  int target = column_index (table, "price");
  g_assert_cmpint (bp_dataset_detect_task (table, target), ==, BP_TASK_REGRESSION);

  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_assert_cmpint (dataset->task, ==, BP_TASK_REGRESSION);
  g_assert_null (dataset->class_names);
  g_assert_cmpuint (dataset->n_outputs, ==, 1);
  /* Standardized by default: the values come back in the target's units. */
  g_assert_cmpfloat_with_epsilon (bp_dataset_target_in_units (dataset, dataset->y[0]), 1.5, 1e-5);
  g_assert_cmpfloat_with_epsilon (bp_dataset_target_in_units (dataset, dataset->y[2]), -0.75, 1e-5);
}

/* ---- splits ------------------------------------------------------------- */

static void
test_split_keras (void)
{
  g_autoptr(BpTable) table = load_sample ("breast_cancer.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  /* The default split: Keras's, as no class is left out of either part. */
  g_assert_cmpint (options.split, ==, BP_SPLIT_AUTO);
  g_assert_cmpfloat (options.validation_fraction, ==, 0.2);
  g_assert_false (bp_dataset_keras_leaves_out_class (table, &options, NULL));
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->split, ==, BP_SPLIT_KERAS);
  g_assert_null (dataset->split_note);

  g_assert_cmpuint (dataset->n_train, ==, 455);
  g_assert_cmpuint (dataset->n_validation, ==, 114);
  g_assert_cmpuint (dataset->n_test, ==, 0);
  for (gsize i = 0; i < 455; i++)
    g_assert_cmpuint (dataset->train[i], ==, i);
  for (gsize i = 0; i < 114; i++)
    g_assert_cmpuint (dataset->validation[i], ==, 455 + i);
  for (gsize i = 0; i < dataset->n_rows; i++)
    g_assert_cmpuint (dataset->source_rows[i], ==, i);
  assert_partition (dataset);
}

static void
test_split_keras_iris (void)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = BP_SPLIT_KERAS;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->split, ==, BP_SPLIT_KERAS);
  g_assert_cmpuint (dataset->n_train, ==, 120);
  g_assert_cmpuint (dataset->n_validation, ==, 30);
  g_assert_cmpuint (dataset->n_test, ==, 0);
  for (gsize i = 0; i < 120; i++)
    g_assert_cmpuint (dataset->train[i], ==, i);
  for (gsize i = 0; i < 30; i++)
    {
      g_assert_cmpuint (dataset->validation[i], ==, 120 + i);
      g_assert_cmpuint (dataset->labels[dataset->validation[i]], ==, 2);
    }
  /* The last 20% of a file sorted by species is all virginica. */
  g_assert_true (has_warning (dataset->warnings, "virginica"));
}

/* The default split on files sorted by their target: Keras's would leave
 * classes out of validation, so it is stratified, with a note; the same
 * answer from bp_dataset_keras_leaves_out_class(). An explicit choice is
 * kept. */
static void
test_split_auto_sorted (void)
{
  const char *samples[] = { "iris.csv", "wine.csv" };
  for (gsize s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(BpTable) table = load_sample (samples[s]);
      BpDatasetOptions options;
      bp_dataset_options_init (&options);
      g_autofree char *note = NULL;
      g_assert_true (bp_dataset_keras_leaves_out_class (table, &options, &note));
      g_assert_nonnull (note);
      g_autoptr(BpDataset) dataset = make_dataset (table, &options);
      g_assert_cmpint (dataset->split, ==, BP_SPLIT_STRATIFIED);
      g_assert_cmpstr (dataset->split_note, ==, note);
      g_assert_true (strstr (note, dataset->class_names[0]) != NULL);
      /* Every class in both parts, and no warning about the mix. */
      g_autofree gsize *train = g_new0 (gsize, dataset->n_classes);
      g_autofree gsize *val = g_new0 (gsize, dataset->n_classes);
      for (gsize i = 0; i < dataset->n_train; i++)
        train[dataset->labels[dataset->train[i]]]++;
      for (gsize i = 0; i < dataset->n_validation; i++)
        val[dataset->labels[dataset->validation[i]]]++;
      for (gsize c = 0; c < dataset->n_classes; c++)
        g_assert_true (train[c] > 0 && val[c] > 0);
      g_assert_false (has_warning (dataset->warnings, "sorted"));
      /* Same as asking for a stratified split. */
      options.split = BP_SPLIT_STRATIFIED;
      g_autoptr(BpDataset) stratified = make_dataset (table, &options);
      g_assert_null (stratified->split_note);
      g_assert_cmpint (memcmp (stratified->train, dataset->train, dataset->n_train * sizeof (guint32)), ==, 0);

      options.split = BP_SPLIT_KERAS;
      g_autoptr(BpDataset) keras = make_dataset (table, &options);
      g_assert_cmpint (keras->split, ==, BP_SPLIT_KERAS);
      g_assert_null (keras->split_note);
    }

  /* A class missing from training: the note says so. */
  g_autoptr(GString) csv = g_string_new ("x,label\n");
  const char *tail = "abcccccb";   /* the last 8 rows: validation */
  for (int i = 0; i < 40; i++)
    g_string_append_printf (csv, "%d.5,%c\n", i % 7, i < 32 ? "ab"[i % 2] : tail[i - 32]);
  g_autoptr(BpTable) late = load_text (csv->str);
  g_autoptr(BpDataset) dataset = make_dataset (late, NULL);
  g_assert_cmpint (dataset->split, ==, BP_SPLIT_STRATIFIED);
  g_assert_true (g_str_has_prefix (dataset->split_note, "Training on the first 80% of the rows would leave out “c”"));

  /* Regression and no validation rows: Keras, nothing to say. */
  g_autoptr(BpTable) diabetes = load_sample ("diabetes.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  g_assert_false (bp_dataset_keras_leaves_out_class (diabetes, &options, NULL));
  g_autoptr(BpDataset) regression = make_dataset (diabetes, &options);
  g_assert_cmpint (regression->split, ==, BP_SPLIT_KERAS);
  g_autoptr(BpTable) iris = load_sample ("iris.csv");
  options.validation_fraction = 0.0;
  g_autofree char *none = NULL;
  g_assert_false (bp_dataset_keras_leaves_out_class (iris, &options, &none));
  g_assert_null (none);
  g_autoptr(BpDataset) all_train = make_dataset (iris, &options);
  g_assert_cmpint (all_train->split, ==, BP_SPLIT_KERAS);
}

/* penguins.csv, target Sex: one row says “.”, and it falls among the last
 * rows. That class is too few to learn, which is what the warning says; the
 * file is not sorted, and the split stays Keras's. */
static void
test_split_auto_one_odd_row (void)
{
  const char *root = g_getenv ("BP_TEST_DATA") ? g_getenv ("BP_TEST_DATA") : BP_TEST_DATA_DEFAULT;
  g_autofree char *path = g_build_filename (root, "penguins.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = bp_table_load (path, NULL, &error);
  g_assert_no_error (error);
  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_assert_cmpstr (dataset->target_name, ==, "Sex");
  g_assert_cmpstr (dataset->class_names[0], ==, ".");
  g_assert_cmpint (dataset->split, ==, BP_SPLIT_KERAS);
  g_assert_null (dataset->split_note);
  g_assert_true (has_warning (dataset->warnings, "Class “.” has only 1 row — too few to learn."));
  g_assert_false (has_warning (dataset->warnings, "sorted"));
  g_assert_false (has_warning (dataset->warnings, "never in the training rows"));

  /* The same file sorted by Sex does look sorted. */
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = BP_SPLIT_KERAS;
  g_autoptr(GString) sorted = g_string_new ("Mass,Sex\n");
  const char *sexes[] = { "FEMALE", "MALE", "." };
  for (gsize s = 0; s < 3; s++)
    for (gsize i = 0; i < (s < 2 ? 30u : 8u); i++)
      g_string_append_printf (sorted, "%zu.5,%s\n", 3000 + (i % 5) * 10 + s, sexes[s]);
  g_autoptr(BpTable) by_sex = load_text (sorted->str);
  g_autoptr(BpDataset) keras = make_dataset (by_sex, &options);
  g_assert_true (has_warning (keras->warnings, "looks sorted"));
}

static void
check_keras_with_test (const char *sample, double validation, double test)
{
  g_autoptr(BpTable) table = load_sample (sample);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = BP_SPLIT_KERAS;
  options.validation_fraction = validation;
  options.test_fraction = test;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);

  const gsize n = table->n_rows;
  const gsize n_validation = keras_count (n, validation);
  const gsize n_test = keras_count (n, test);
  g_assert_cmpuint (dataset->n_rows, ==, n);
  g_assert_cmpuint (dataset->n_validation, ==, n_validation);
  g_assert_cmpuint (dataset->n_test, ==, n_test);
  g_assert_cmpuint (dataset->n_train, ==, n - n_validation - n_test);
  assert_partition (dataset);

  /* Training rows are the head of the file, in order; validation and test
   * rows are each a run of consecutive rows in the tail. */
  for (gsize i = 0; i < dataset->n_train; i++)
    g_assert_cmpuint (dataset->train[i], ==, i);
  for (gsize i = 1; i < dataset->n_validation; i++)
    g_assert_cmpuint (dataset->validation[i], ==, dataset->validation[i - 1] + 1);
  for (gsize i = 1; i < dataset->n_test; i++)
    g_assert_cmpuint (dataset->test[i], ==, dataset->test[i - 1] + 1);
}

static void
test_split_keras_test_fraction (void)
{
  /* 569: validation 114, test 569 - floor(512.1) = 57, train 398. */
  check_keras_with_test ("breast_cancer.csv", 0.2, 0.1);
  g_assert_cmpuint (keras_count (569, 0.1), ==, 57);
  /* 150: 30 + 30, train 90. */
  check_keras_with_test ("iris.csv", 0.2, 0.2);
  g_assert_cmpuint (keras_count (150, 0.2), ==, 30);
  /* No validation at all, only a test tail. */
  check_keras_with_test ("diabetes.csv", 0.0, 0.25);
}

static BpDataset *
shuffled (const BpTable *table, BpSplit split, guint64 seed, double validation, double test)
{
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = split;
  options.seed = seed;
  options.validation_fraction = validation;
  options.test_fraction = test;
  return make_dataset (table, &options);
}

static gboolean
same_indices (const BpDataset *a, const BpDataset *b)
{
  return a->n_train == b->n_train && a->n_validation == b->n_validation && a->n_test == b->n_test &&
         memcmp (a->train, b->train, a->n_train * sizeof (guint32)) == 0 &&
         memcmp (a->validation, b->validation, a->n_validation * sizeof (guint32)) == 0 &&
         memcmp (a->test, b->test, a->n_test * sizeof (guint32)) == 0;
}

static void
test_split_shuffle (void)
{
  g_autoptr(BpTable) table = load_sample ("breast_cancer.csv");
  g_autoptr(BpDataset) a = shuffled (table, BP_SPLIT_SHUFFLE, 7, 0.2, 0.1);
  g_autoptr(BpDataset) b = shuffled (table, BP_SPLIT_SHUFFLE, 7, 0.2, 0.1);
  g_autoptr(BpDataset) c = shuffled (table, BP_SPLIT_SHUFFLE, 8, 0.2, 0.1);

  /* Same sizes as a Keras split of the same fractions. */
  g_assert_cmpuint (a->n_validation, ==, 114);
  g_assert_cmpuint (a->n_test, ==, 57);
  g_assert_cmpuint (a->n_train, ==, 398);
  assert_partition (a);
  assert_partition (c);

  g_assert_true (same_indices (a, b));
  g_assert_false (same_indices (a, c));
  g_assert_cmpmem (a->validation, a->n_validation * sizeof (guint32),
                   b->validation, b->n_validation * sizeof (guint32));
  g_assert_cmpint (memcmp (a->validation, c->validation, a->n_validation * sizeof (guint32)), !=, 0);

  /* Shuffled: the validation rows are not just the tail of the file. */
  gsize tail = 0;
  for (gsize i = 0; i < a->n_validation; i++)
    tail += a->validation[i] >= 398;
  g_assert_cmpuint (tail, <, a->n_validation);

  /* Both classes reach training and validation rows. */
  gsize positives = 0;
  for (gsize i = 0; i < a->n_validation; i++)
    positives += a->labels[a->validation[i]];
  g_assert_cmpuint (positives, >, 0);
  g_assert_cmpuint (positives, <, a->n_validation);
}

static void
test_split_stratified (void)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  g_autoptr(BpDataset) dataset = shuffled (table, BP_SPLIT_STRATIFIED, 1, 0.2, 0.0);
  g_assert_cmpuint (dataset->n_validation, ==, 30);
  g_assert_cmpuint (dataset->n_train, ==, 120);
  g_assert_cmpuint (dataset->n_test, ==, 0);
  assert_partition (dataset);

  gsize train[3] = { 0 }, validation[3] = { 0 };
  for (gsize i = 0; i < dataset->n_train; i++)
    train[dataset->labels[dataset->train[i]]]++;
  for (gsize i = 0; i < dataset->n_validation; i++)
    validation[dataset->labels[dataset->validation[i]]]++;
  for (int k = 0; k < 3; k++)
    {
      g_assert_cmpuint (validation[k], ==, 10);
      g_assert_cmpuint (train[k], ==, 40);
    }
  g_assert_false (has_warning (dataset->warnings, "virginica"));

  /* Same seed, same rows; another seed, other rows. */
  g_autoptr(BpDataset) again = shuffled (table, BP_SPLIT_STRATIFIED, 1, 0.2, 0.0);
  g_autoptr(BpDataset) other = shuffled (table, BP_SPLIT_STRATIFIED, 2, 0.2, 0.0);
  g_assert_true (same_indices (dataset, again));
  g_assert_false (same_indices (dataset, other));
}

static void
test_split_stratified_uneven (void)
{
  /* wine: 59, 71 and 48 rows per cultivar. 45 validation rows are dealt
   * in proportion: each class gets its exact share rounded down or up. */
  g_autoptr(BpTable) table = load_sample ("wine.csv");
  g_autoptr(BpDataset) dataset = shuffled (table, BP_SPLIT_STRATIFIED, 5, 0.25, 0.0);
  g_assert_cmpuint (dataset->n_validation, ==, keras_count (178, 0.25));
  g_assert_cmpuint (dataset->n_validation, ==, 45);
  assert_partition (dataset);

  gsize total[3] = { 0 }, validation[3] = { 0 };
  for (gsize i = 0; i < dataset->n_rows; i++)
    total[dataset->labels[i]]++;
  for (gsize i = 0; i < dataset->n_validation; i++)
    validation[dataset->labels[dataset->validation[i]]]++;
  g_assert_cmpuint (total[0], ==, 59);
  g_assert_cmpuint (total[1], ==, 71);
  g_assert_cmpuint (total[2], ==, 48);
  for (int k = 0; k < 3; k++)
    {
      double exact = 45.0 * (double) total[k] / 178.0;
      g_assert_cmpfloat (fabs ((double) validation[k] - exact), <, 1.0);
    }
  g_assert_false (has_warning (dataset->warnings, "class_2"));
}

static void
test_split_stratified_test (void)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  g_autoptr(BpDataset) dataset = shuffled (table, BP_SPLIT_STRATIFIED, 3, 0.2, 0.2);
  g_assert_cmpuint (dataset->n_validation, ==, 30);
  g_assert_cmpuint (dataset->n_test, ==, 30);
  g_assert_cmpuint (dataset->n_train, ==, 90);
  assert_partition (dataset);

  gsize counts[3][3] = { { 0 } };
  const guint32 *parts[3] = { dataset->train, dataset->validation, dataset->test };
  const gsize sizes[3] = { dataset->n_train, dataset->n_validation, dataset->n_test };
  for (int p = 0; p < 3; p++)
    for (gsize i = 0; i < sizes[p]; i++)
      counts[p][dataset->labels[parts[p][i]]]++;
  for (int k = 0; k < 3; k++)
    {
      g_assert_cmpuint (counts[0][k], ==, 30);
      g_assert_cmpuint (counts[1][k], ==, 10);
      g_assert_cmpuint (counts[2][k], ==, 10);
    }
}

/* ---- scaling ------------------------------------------------------------ */

static void
check_standardized (const BpTable *table, const BpDataset *dataset)
{
  const gsize d = dataset->n_features;
  gsize differs_from_all_rows = 0;

  for (gsize f = 0; f < dataset->n_feature_columns; f++)
    {
      const BpFeature *feature = &dataset->features[f];
      const BpColumn *column = &table->columns[feature->column];
      g_assert_cmpint (feature->encoding, ==, BP_ENCODING_SCALED);
      g_assert_cmpuint (feature->width, ==, 1);
      g_assert_cmpstr (feature->name, ==, column->name);
      g_assert_cmpstr (dataset->input_names[feature->offset], ==, column->name);

      /* The scaler's parameters are the training rows' mean and
       * population std, computed here from the raw table. */
      double mean = train_mean (dataset, column);
      double std = train_population_std (dataset, column, mean);
      assert_close (feature->center, mean, 1e-9);
      assert_close (feature->scale, std, 1e-9);
      double everything = all_rows_mean (table, column);
      if (fabs (everything - mean) > 1e-6 * MAX (1.0, fabs (mean)))
        differs_from_all_rows++;

      /* Scaled training inputs: mean 0, population std 1. */
      double sum = 0.0, sum2 = 0.0;
      for (gsize i = 0; i < dataset->n_train; i++)
        sum += dataset->x[dataset->train[i] * d + feature->offset];
      double m = sum / (double) dataset->n_train;
      for (gsize i = 0; i < dataset->n_train; i++)
        {
          double v = dataset->x[dataset->train[i] * d + feature->offset] - m;
          sum2 += v * v;
        }
      double s = sqrt (sum2 / (double) dataset->n_train);
      g_assert_cmpfloat (fabs (m), <, 1e-4);
      g_assert_cmpfloat_with_epsilon (s, 1.0, 1e-3);

      /* Every row, validation included, uses the training parameters. */
      for (gsize i = 0; i < dataset->n_rows; i++)
        {
          double raw = bp_column_value (column, dataset->source_rows[i]);
          g_assert_cmpfloat_with_epsilon (dataset->x[i * d + feature->offset],
                                          (raw - mean) / std, 1e-4 * MAX (1.0, fabs ((raw - mean) / std)));
        }
    }
  /* Fitting on all rows would give other centers. */
  g_assert_cmpuint (differs_from_all_rows, >, 0);
  assert_all_finite (dataset);
}

static void
test_scaling_standardize_train_only (void)
{
  g_autoptr(BpTable) table = load_sample ("breast_cancer.csv");
  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_assert_cmpint (dataset->task, ==, BP_TASK_BINARY);
  g_assert_cmpuint (dataset->n_train, ==, 455);
  check_standardized (table, dataset);
}

static void
test_scaling_standardize_shuffled (void)
{
  /* Training rows scattered through the file, and a test share held out
   * too: the scaler still sees only the training rows. */
  g_autoptr(BpTable) table = load_sample ("breast_cancer.csv");
  g_autoptr(BpDataset) dataset = shuffled (table, BP_SPLIT_SHUFFLE, 21, 0.2, 0.1);
  g_assert_cmpuint (dataset->n_train, ==, 398);
  check_standardized (table, dataset);
}

static void
test_scaling_minmax (void)
{
  g_autoptr(BpTable) table = load_sample ("breast_cancer.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.scaling = BP_SCALING_MINMAX;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  const gsize d = dataset->n_features;

  for (gsize f = 0; f < dataset->n_feature_columns; f++)
    {
      const BpFeature *feature = &dataset->features[f];
      const BpColumn *column = &table->columns[feature->column];
      double lo = INFINITY, hi = -INFINITY;
      for (gsize i = 0; i < dataset->n_train; i++)
        {
          double v = bp_column_value (column, dataset->source_rows[dataset->train[i]]);
          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
      assert_close (feature->center, lo, 1e-12);
      assert_close (feature->scale, hi - lo, 1e-12);

      float xmin = INFINITY, xmax = -INFINITY;
      for (gsize i = 0; i < dataset->n_train; i++)
        {
          float v = dataset->x[dataset->train[i] * d + feature->offset];
          g_assert_cmpfloat (v, >=, 0.0f);
          g_assert_cmpfloat (v, <=, 1.0f);
          xmin = MIN (xmin, v);
          xmax = MAX (xmax, v);
        }
      g_assert_cmpfloat_with_epsilon (xmin, 0.0, 1e-6);
      g_assert_cmpfloat_with_epsilon (xmax, 1.0, 1e-6);
    }
  assert_all_finite (dataset);
}

static void
test_scaling_none (void)
{
  g_autoptr(BpTable) table = load_sample ("breast_cancer.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.scaling = BP_SCALING_NONE;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  const gsize d = dataset->n_features;

  for (gsize f = 0; f < dataset->n_feature_columns; f++)
    {
      const BpFeature *feature = &dataset->features[f];
      const BpColumn *column = &table->columns[feature->column];
      g_assert_cmpfloat (feature->center, ==, 0.0);
      g_assert_cmpfloat (feature->scale, ==, 1.0);
      for (gsize i = 0; i < dataset->n_rows; i++)
        g_assert_cmpfloat (dataset->x[i * d + feature->offset], ==,
                           (float) bp_column_value (column, dataset->source_rows[i]));
    }
}

static void
check_constant_column (BpScaling scaling)
{
  g_autoptr(GString) csv = g_string_new ("reading,flat_sensor,output\n");
  for (int i = 0; i < 12; i++)
    g_string_append_printf (csv, "%d.5,3.5,%d.75\n", (i * 5) % 7, (i * 3) % 11);
  g_autoptr(BpTable) table = load_text (csv->str);
  int flat = column_index (table, "flat_sensor");
  g_assert_cmpint (table->columns[flat].type, ==, BP_COLUMN_NUMERIC);

  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.scaling = scaling;
  options.scale_target = TRUE;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  const BpFeature *feature = require_feature (dataset, flat);
  g_assert_cmpfloat (feature->scale, !=, 0.0);
  for (gsize i = 0; i < dataset->n_rows; i++)
    g_assert_cmpfloat (dataset->x[i * dataset->n_features + feature->offset], ==, 0.0f);
  assert_all_finite (dataset);
  g_assert_true (has_warning (dataset->warnings, "flat_sensor"));
  /* The column that varies is not named. */
  g_assert_false (has_warning (dataset->warnings, "reading"));
}

static void
test_scaling_constant_column (void)
{
  check_constant_column (BP_SCALING_STANDARDIZE);
  check_constant_column (BP_SCALING_MINMAX);
}

/* ---- encoding ----------------------------------------------------------- */

static void
test_one_hot (void)
{
  static const char *colors[] = { "red", "green", "blue", "green", "red", "red" };
  g_autoptr(GString) csv = g_string_new ("size,color,weight\n");
  for (int i = 0; i < 18; i++)
    g_string_append_printf (csv, "%d.5,%s,%d.25\n", (i * 7) % 10, colors[i % 6], (i * 3) % 13);
  g_autoptr(BpTable) table = load_text (csv->str);
  int color = column_index (table, "color");
  g_assert_cmpint (table->columns[color].type, ==, BP_COLUMN_CATEGORICAL);

  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_assert_cmpint (dataset->task, ==, BP_TASK_REGRESSION);
  g_assert_cmpuint (dataset->n_feature_columns, ==, 2);
  g_assert_cmpuint (dataset->n_features, ==, 4);
  const BpFeature *feature = require_feature (dataset, color);
  g_assert_cmpint (feature->encoding, ==, BP_ENCODING_ONE_HOT);
  g_assert_cmpuint (feature->width, ==, 3);
  g_assert_nonnull (feature->levels);
  g_assert_cmpstr (feature->levels[0], ==, "blue");
  g_assert_cmpstr (feature->levels[1], ==, "green");
  g_assert_cmpstr (feature->levels[2], ==, "red");
  g_assert_cmpstr (dataset->input_names[feature->offset + 0], ==, "color=blue");
  g_assert_cmpstr (dataset->input_names[feature->offset + 1], ==, "color=green");
  g_assert_cmpstr (dataset->input_names[feature->offset + 2], ==, "color=red");
  g_assert_cmpuint (g_strv_length (dataset->input_names), ==, 4);
  const BpFeature *size = require_feature (dataset, column_index (table, "size"));
  g_assert_cmpstr (dataset->input_names[size->offset], ==, "size");

  for (gsize i = 0; i < dataset->n_rows; i++)
    {
      const float *row = dataset->x + i * dataset->n_features + feature->offset;
      int ones = 0, hot = -1;
      for (int l = 0; l < 3; l++)
        {
          g_assert_true (row[l] == 0.0f || row[l] == 1.0f);
          if (row[l] == 1.0f)
            {
              ones++;
              hot = l;
            }
        }
      g_assert_cmpint (ones, ==, 1);
      g_assert_cmpstr (feature->levels[hot], ==, colors[dataset->source_rows[i] % 6]);
    }
}

/* ---- missing values ----------------------------------------------------- */

/* Lines 4 and 7 miss a feature, line 9 the target; header is line 1. */
static const char missing_csv[] =
  "size,color,price\n"     /* line 1 */
  "1.5,red,10.5\n"         /* 2: row 0 */
  "2.5,green,11.5\n"       /* 3: row 1 */
  "NA,blue,12.5\n"         /* 4: row 2, size missing */
  "4.5,green,13.5\n"       /* 5: row 3 */
  "5.5,red,14.5\n"         /* 6: row 4 */
  "6.5,,15.5\n"            /* 7: row 5, color missing */
  "7.5,blue,16.5\n"        /* 8: row 6 */
  "8.5,green,\n"           /* 9: row 7, price missing */
  "9.5,red,18.5\n"         /* 10: row 8 */
  "10.5,blue,19.5\n"       /* 11: row 9 */
  "11.5,green,20.5\n"      /* 12: row 10 */
  "12.5,red,21.5\n";       /* 13: row 11 */

static void
test_missing_drop (void)
{
  g_autoptr(BpTable) table = load_text (missing_csv);
  g_assert_cmpuint (table->n_rows, ==, 12);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  g_assert_cmpint (options.missing, ==, BP_MISSING_DROP);
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);

  g_assert_cmpuint (dataset->n_dropped, ==, 3);
  g_assert_cmpuint (dataset->n_rows, ==, 9);
  const guint32 kept[] = { 0, 1, 3, 4, 6, 8, 9, 10, 11 };
  for (gsize i = 0; i < G_N_ELEMENTS (kept); i++)
    g_assert_cmpuint (dataset->source_rows[i], ==, kept[i]);
  g_assert_true (has_warning (dataset->warnings, "line 4"));
  g_assert_true (has_warning (dataset->warnings, "3 rows"));
  assert_partition (dataset);
  assert_all_finite (dataset);
  /* y follows the kept rows. */
  g_assert_cmpfloat_with_epsilon (bp_dataset_target_in_units (dataset, dataset->y[2]), 13.5, 1e-5);
}

static void
test_missing_impute (void)
{
  /* Half the rows validate: training is rows 0..4. There the mean size
   * is 2.5 and the most frequent color green; over all rows the mean is
   * far larger and red is the most frequent. */
  static const char csv[] =
    "size,color,price\n"
    "1,green,0.5\n"
    "2,green,1.5\n"
    "NA,blue,2.5\n"        /* row 2: size missing (train) */
    "3,green,3.5\n"
    "4,,4.5\n"             /* row 4: color missing (train) */
    "100,red,5.5\n"
    "200,red,6.5\n"
    "NA,red,7.5\n"         /* row 7: size missing (validation) */
    "300,,8.5\n"           /* row 8: color missing (validation) */
    "400,red,9.5\n";
  g_autoptr(BpTable) table = load_text (csv);
  g_assert_cmpuint (table->n_rows, ==, 10);
  int size_col = column_index (table, "size");
  int color_col = column_index (table, "color");
  g_assert_cmpint (table->columns[color_col].type, ==, BP_COLUMN_CATEGORICAL);

  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.missing = BP_MISSING_IMPUTE;
  options.validation_fraction = 0.5;
  options.scaling = BP_SCALING_NONE;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);

  g_assert_cmpuint (dataset->n_dropped, ==, 0);
  g_assert_cmpuint (dataset->n_rows, ==, 10);
  g_assert_cmpuint (dataset->n_train, ==, 5);
  assert_all_finite (dataset);

  const BpFeature *size = require_feature (dataset, size_col);
  const BpFeature *color = require_feature (dataset, color_col);
  g_assert_cmpfloat (size->fill, ==, 2.5);
  const gsize d = dataset->n_features;
  g_assert_cmpfloat (dataset->x[2 * d + size->offset], ==, 2.5f);
  g_assert_cmpfloat (dataset->x[7 * d + size->offset], ==, 2.5f);
  g_assert_cmpfloat (dataset->x[5 * d + size->offset], ==, 100.0f);

  g_assert_cmpstr (color->levels[1], ==, "green");
  g_assert_cmpfloat (color->fill, ==, 1.0);
  const guint32 filled_rows[] = { 4, 8 };
  for (gsize r = 0; r < G_N_ELEMENTS (filled_rows); r++)
    {
      const float *hot = dataset->x + filled_rows[r] * d + color->offset;
      g_assert_cmpfloat (hot[0], ==, 0.0f);
      g_assert_cmpfloat (hot[1], ==, 1.0f);
      g_assert_cmpfloat (hot[2], ==, 0.0f);
    }

  /* Standardized, the filled value is the training mean: 0. */
  options.scaling = BP_SCALING_STANDARDIZE;
  g_autoptr(BpDataset) scaled = make_dataset (table, &options);
  size = require_feature (scaled, size_col);
  g_assert_cmpfloat (size->center, ==, 2.5);
  g_assert_cmpfloat (scaled->x[2 * scaled->n_features + size->offset], ==, 0.0f);
  g_assert_cmpfloat (scaled->x[7 * scaled->n_features + size->offset], ==, 0.0f);
}

static void
test_missing_impute_keeps_target_rule (void)
{
  /* Filling in features never invents a target: the row whose price is
   * missing is still left out. */
  g_autoptr(BpTable) table = load_text (missing_csv);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.missing = BP_MISSING_IMPUTE;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpuint (dataset->n_dropped, ==, 1);
  g_assert_cmpuint (dataset->n_rows, ==, 11);
  for (gsize i = 0; i < dataset->n_rows; i++)
    g_assert_cmpuint (dataset->source_rows[i], !=, 7);
  g_assert_true (has_warning (dataset->warnings, "line 9"));
  assert_all_finite (dataset);
}

/* ---- regression targets ------------------------------------------------- */

static void
check_scaled_target (BpSplit split)
{
  g_autoptr(BpTable) table = load_sample ("diabetes.csv");
  const BpColumn *target = &table->columns[column_index (table, "progression")];
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.scale_target = TRUE;
  options.split = split;
  options.seed = 4;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->task, ==, BP_TASK_REGRESSION);

  double mean = train_mean (dataset, target);
  double std = train_population_std (dataset, target, mean);
  assert_close (dataset->target_center, mean, 1e-9);
  assert_close (dataset->target_scale, std, 1e-9);
  /* Not the mean over every row, nor the sample std. */
  g_assert_cmpfloat (fabs (dataset->target_center - all_rows_mean (table, target)), >, 1e-6);
  double sample_std = std * sqrt ((double) dataset->n_train / (double) (dataset->n_train - 1));
  g_assert_cmpfloat (fabs (dataset->target_scale - sample_std), >, 1e-6);

  double sum = 0.0;
  for (gsize i = 0; i < dataset->n_rows; i++)
    {
      double raw = bp_column_value (target, dataset->source_rows[i]);
      g_assert_cmpfloat_with_epsilon (dataset->y[i], (raw - mean) / std, 1e-5);
    }
  for (gsize i = 0; i < dataset->n_train; i++)
    sum += dataset->y[dataset->train[i]];
  g_assert_cmpfloat (fabs (sum / (double) dataset->n_train), <, 1e-4);
}

static void
test_regression_scale_target (void)
{
  check_scaled_target (BP_SPLIT_KERAS);
  check_scaled_target (BP_SPLIT_SHUFFLE);
}

static void
test_regression_unscaled (void)
{
  g_autoptr(BpTable) table = load_sample ("diabetes.csv");
  const BpColumn *target = &table->columns[column_index (table, "progression")];
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  g_assert_true (options.scale_target);   /* the default; this test turns it off */
  options.scale_target = FALSE;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpfloat (dataset->target_center, ==, 0.0);
  g_assert_cmpfloat (dataset->target_scale, ==, 1.0);
  for (gsize i = 0; i < dataset->n_rows; i++)
    g_assert_cmpfloat (dataset->y[i], ==, (float) bp_column_value (target, dataset->source_rows[i]));
  /* The first row's progression in the file is 151. */
  g_assert_cmpfloat (dataset->y[0], ==, 151.0f);
}

/* ---- errors ------------------------------------------------------------- */

static BpTable *
table_with_id_and_text (void)
{
  g_autoptr(GString) csv = g_string_new ("id,comment,amount,label\n");
  for (int i = 0; i < 16; i++)
    g_string_append_printf (csv, "%d,\"note number %d about item %d\",%d.5,%s\n",
                            i + 1, i, i * 3, (i * 7) % 5, i % 3 ? "a" : "b");
  return load_text (csv->str);
}

static void
test_error_unusable_target (void)
{
  g_autoptr(BpTable) table = table_with_id_and_text ();
  int id = column_index (table, "id");
  int comment = column_index (table, "comment");
  g_assert_cmpint (table->columns[id].type, ==, BP_COLUMN_ID);
  g_assert_cmpint (table->columns[comment].type, ==, BP_COLUMN_TEXT);
  g_assert_cmpint (bp_dataset_detect_task (table, id), ==, BP_TASK_AUTO);
  g_assert_cmpint (bp_dataset_detect_task (table, comment), ==, BP_TASK_AUTO);

  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.target = id;
  assert_dataset_fails (table, &options, BP_ENGINE_ERROR_INVALID);
  options.target = comment;
  assert_dataset_fails (table, &options, BP_ENGINE_ERROR_INVALID);
  /* Forcing a task does not make them usable. */
  options.task = BP_TASK_REGRESSION;
  assert_dataset_fails (table, &options, BP_ENGINE_ERROR_INVALID);
  options.target = id;
  assert_dataset_fails (table, &options, BP_ENGINE_ERROR_INVALID);

  /* The default target is the last usable column, and the id and text
   * columns are left out of the features. */
  bp_dataset_options_init (&options);
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpstr (dataset->target_name, ==, "label");
  g_assert_cmpuint (dataset->n_feature_columns, ==, 1);
  g_assert_cmpint (dataset->features[0].column, ==, column_index (table, "amount"));
}

static void
test_error_stratified_regression (void)
{
  g_autoptr(BpTable) table = load_sample ("diabetes.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = BP_SPLIT_STRATIFIED;
  assert_dataset_fails (table, &options, BP_ENGINE_ERROR_INVALID);
}

static void
test_error_fractions (void)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  static const double bad[][2] = {
    { 0.6, 0.4 }, { 0.5, 0.6 }, { 1.0, 0.0 }, { 0.0, 1.0 }, { -0.1, 0.0 }, { 0.2, -0.1 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      BpDatasetOptions options;
      bp_dataset_options_init (&options);
      options.validation_fraction = bad[i][0];
      options.test_fraction = bad[i][1];
      assert_dataset_fails (table, &options, BP_ENGINE_ERROR_INVALID);
    }
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.validation_fraction = NAN;
  assert_dataset_fails (table, &options, BP_ENGINE_ERROR_INVALID);

  /* Just below 1 is allowed. */
  options.validation_fraction = 0.5;
  options.test_fraction = 0.4;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpuint (dataset->n_train, ==, 150 - 75 - 60);
}

/* Fractions each below 1 and adding up to less than 1 whose rounded-up
 * shares still take more than every row: the training count must not wrap
 * around (it once asked GLib for 2^64 bytes and aborted). */
static void
test_error_fractions_overlap (void)
{
  static const struct { const char *csv; double validation, test; } cases[] = {
    { "a,b\n1,2\n3,4\n5,6\n", 0.4, 0.4 },      /* 2 + 2 of 3 rows */
    { "a,b\n1,2\n3,4\n5,6\n", 0.34, 0.34 },    /* 2 + 2 of 3 rows */
    { NULL, 0.501, 0.495 },                         /* iris: 76 + 75 of 150 */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    for (BpSplit split = BP_SPLIT_KERAS; split <= BP_SPLIT_STRATIFIED; split++)
      {
        g_autoptr(BpTable) table = cases[i].csv ? load_text (cases[i].csv) : load_sample ("iris.csv");
        BpDatasetOptions options;
        bp_dataset_options_init (&options);
        options.validation_fraction = cases[i].validation;
        options.test_fraction = cases[i].test;
        options.split = split;
        if (cases[i].csv)
          options.task = BP_TASK_MULTICLASS;
        g_autoptr(GError) error = NULL;
        g_autoptr(BpDataset) dataset = bp_dataset_new (table, &options, &error);
        g_assert_null (dataset);
        g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_EMPTY);
        g_assert_nonnull (strstr (error->message, "No training rows are left"));
      }
}

static void
test_error_no_features (void)
{
  /* Besides the target, only an identifier and free text. */
  g_autoptr(GString) csv = g_string_new ("id,comment,amount\n");
  for (int i = 0; i < 12; i++)
    g_string_append_printf (csv, "%d,\"remark %d for row %d\",%d.5\n", i + 1, i, i, (i * 7) % 5);
  g_autoptr(BpTable) table = load_text (csv->str);
  assert_dataset_fails (table, NULL, BP_ENGINE_ERROR_INVALID);

  /* Every feature of iris ignored. */
  g_autoptr(BpTable) iris = load_sample ("iris.csv");
  BpColumnRole roles[5] = { BP_ROLE_IGNORED, BP_ROLE_IGNORED, BP_ROLE_IGNORED, BP_ROLE_IGNORED,
                            BP_ROLE_AUTO };
  g_assert_cmpuint (iris->n_columns, ==, G_N_ELEMENTS (roles));
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.roles = roles;
  assert_dataset_fails (iris, &options, BP_ENGINE_ERROR_INVALID);
}

/* An empty column made categorical has no level: as an automatic feature it
 * is left out (a one-hot feature zero inputs wide cannot be saved), asked
 * for as a feature it is an error. The fuzzer found the first. */
static void
test_empty_categorical_column (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = load_text ("a,b,y\n1,,0\n2,,1\n3,,0\n4,,1\n5,,0\n6,,1\n");
  g_assert_true (bp_table_set_column_type (table, 1, BP_COLUMN_CATEGORICAL, &error));
  g_assert_no_error (error);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.missing = BP_MISSING_IMPUTE;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpuint (dataset->n_feature_columns, ==, 1);
  g_assert_cmpuint (dataset->n_features, ==, 1);
  g_autoptr(BpTransform) transform = bp_transform_new_from_dataset (dataset);
  g_assert_true (bp_transform_validate (transform, &error));
  g_assert_no_error (error);

  BpColumnRole roles[3] = { BP_ROLE_AUTO, BP_ROLE_FEATURE, BP_ROLE_TARGET };
  options.roles = roles;
  assert_dataset_fails (table, &options, BP_ENGINE_ERROR_INVALID);
}

/* The two-class check counts the rows actually used: after rows with missing
 * values are left out only “yes” may remain, and a yes/no column whose two
 * spellings mean the same is one class. The fuzzer found both. */
static void
test_error_one_class_after_drop (void)
{
  g_autoptr(BpTable) table = load_text ("a,b,y\n1,3.5,yes\n2,4,yes\n3,,no\n4,5,yes\n");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.validation_fraction = 0.0;
  for (BpTask task = BP_TASK_AUTO; task <= BP_TASK_MULTICLASS; task++)
    {
      options.task = task;
      g_autoptr(GError) error = NULL;
      g_autoptr(BpDataset) dataset = bp_dataset_new (table, &options, &error);
      g_assert_null (dataset);
      g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "“y”"));
      g_assert_nonnull (strstr (error->message, "“yes”"));
      g_assert_nonnull (strstr (error->message, "1 row with missing values"));
    }

  /* Filled in, the row stays and so does its class. */
  options.task = BP_TASK_AUTO;
  options.missing = BP_MISSING_IMPUTE;
  g_autoptr(BpDataset) imputed = make_dataset (table, &options);
  g_assert_cmpuint (imputed->n_rows, ==, 4);
  g_assert_cmpuint (imputed->n_classes, ==, 2);

  /* “yeS” and “yes” are both true: one class, nothing left out. */
  g_autoptr(BpTable) same = load_text ("a,y\n1,yeS\n2,yes\n3,yes\n");
  g_assert_cmpint (same->columns[1].type, ==, BP_COLUMN_BOOLEAN);
  options.missing = BP_MISSING_DROP;
  options.task = BP_TASK_MULTICLASS;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpDataset) dataset = bp_dataset_new (same, &options, &error);
  g_assert_null (dataset);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“y”"));
  g_assert_null (strstr (error->message, "missing"));
}

static void
test_error_two_targets (void)
{
  g_autoptr(BpTable) iris = load_sample ("iris.csv");
  BpColumnRole roles[5] = { BP_ROLE_TARGET, BP_ROLE_AUTO, BP_ROLE_AUTO, BP_ROLE_AUTO, BP_ROLE_TARGET };
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.roles = roles;
  assert_dataset_fails (iris, &options, BP_ENGINE_ERROR_INVALID);

  /* A target index and a different TARGET role also disagree. */
  BpColumnRole one[5] = { BP_ROLE_AUTO, BP_ROLE_AUTO, BP_ROLE_AUTO, BP_ROLE_AUTO, BP_ROLE_TARGET };
  options.roles = one;
  options.target = 0;
  assert_dataset_fails (iris, &options, BP_ENGINE_ERROR_INVALID);

  /* ... while agreeing ones are fine. */
  options.target = 4;
  g_autoptr(BpDataset) dataset = make_dataset (iris, &options);
  g_assert_cmpint (dataset->target_column, ==, 4);
}

static void
test_error_target_out_of_range (void)
{
  /* Run apart: reading past the table's columns must not take the other
   * tests down with it. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      if (!g_test_trap_has_passed ())
        g_test_fail_printf ("bp_dataset_new() with an out-of-range target crashed or failed "
                            "instead of returning BP_ENGINE_ERROR_INVALID (see the child's stderr above)");
      return;
    }

  g_autoptr(BpTable) iris = load_sample ("iris.csv");
  const int bad[] = { 5, 99, 100000 };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      BpDatasetOptions options;
      bp_dataset_options_init (&options);
      options.target = bad[i];
      assert_dataset_fails (iris, &options, BP_ENGINE_ERROR_INVALID);

      /* With a TARGET role as well: still an error, and a readable one. */
      BpColumnRole roles[5] = { BP_ROLE_AUTO, BP_ROLE_AUTO, BP_ROLE_AUTO, BP_ROLE_AUTO, BP_ROLE_TARGET };
      options.roles = roles;
      g_autoptr(GError) error = NULL;
      g_autoptr(BpDataset) dataset = bp_dataset_new (iris, &options, &error);
      g_assert_null (dataset);
      g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_error_feature_role_on_text (void)
{
  g_autoptr(BpTable) table = table_with_id_and_text ();
  int comment = column_index (table, "comment");
  g_autofree BpColumnRole *roles = g_new0 (BpColumnRole, table->n_columns);
  roles[comment] = BP_ROLE_FEATURE;
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.roles = roles;
  assert_dataset_fails (table, &options, BP_ENGINE_ERROR_INVALID);

  roles[comment] = BP_ROLE_AUTO;
  roles[column_index (table, "id")] = BP_ROLE_FEATURE;
  assert_dataset_fails (table, &options, BP_ENGINE_ERROR_INVALID);
}

static void
test_error_wrong_task (void)
{
  g_autoptr(BpTable) iris = load_sample ("iris.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.task = BP_TASK_BINARY;   /* three species */
  assert_dataset_fails (iris, &options, BP_ENGINE_ERROR_INVALID);
  options.task = BP_TASK_REGRESSION;   /* words, not numbers */
  assert_dataset_fails (iris, &options, BP_ENGINE_ERROR_INVALID);
}

/* ---- roles -------------------------------------------------------------- */

static void
test_roles_ignored (void)
{
  g_autoptr(BpTable) iris = load_sample ("iris.csv");
  BpColumnRole roles[5] = { BP_ROLE_IGNORED, BP_ROLE_AUTO, BP_ROLE_AUTO, BP_ROLE_AUTO, BP_ROLE_AUTO };
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.roles = roles;
  g_autoptr(BpDataset) dataset = make_dataset (iris, &options);
  g_assert_cmpuint (dataset->n_feature_columns, ==, 3);
  g_assert_cmpuint (dataset->n_features, ==, 3);
  g_assert_null (feature_for_column (dataset, 0));
  for (gsize i = 0; i < dataset->n_features; i++)
    g_assert_cmpstr (dataset->input_names[i], !=, "sepal_length_cm");
  g_assert_cmpstr (dataset->input_names[0], ==, "sepal_width_cm");
  /* x holds the remaining columns: the first input is sepal width. */
  const BpColumn *width = &iris->columns[1];
  g_assert_cmpfloat_with_epsilon (dataset->x[0],
                                  (bp_column_value (width, 0) - dataset->features[0].center) / dataset->features[0].scale,
                                  1e-5);
}

static void
test_roles_target (void)
{
  /* A numeric column as target by role: regression, and species becomes a
   * one-hot feature. */
  g_autoptr(BpTable) iris = load_sample ("iris.csv");
  BpColumnRole roles[5] = { BP_ROLE_TARGET, BP_ROLE_AUTO, BP_ROLE_AUTO, BP_ROLE_AUTO, BP_ROLE_AUTO };
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.roles = roles;
  g_autoptr(BpDataset) dataset = make_dataset (iris, &options);
  g_assert_cmpint (dataset->target_column, ==, 0);
  g_assert_cmpint (dataset->task, ==, BP_TASK_REGRESSION);
  g_assert_cmpuint (dataset->n_features, ==, 6);
  const BpFeature *species = require_feature (dataset, 4);
  g_assert_cmpint (species->encoding, ==, BP_ENCODING_ONE_HOT);
  g_assert_cmpstr (dataset->input_names[species->offset + 2], ==, "species=virginica");
}

/* ---- determinism -------------------------------------------------------- */

static void
assert_bitwise_equal (const BpDataset *a, const BpDataset *b)
{
  g_assert_cmpuint (a->n_rows, ==, b->n_rows);
  g_assert_cmpuint (a->n_features, ==, b->n_features);
  g_assert_cmpuint (a->n_outputs, ==, b->n_outputs);
  g_assert_cmpint (memcmp (a->x, b->x, a->n_rows * a->n_features * sizeof (float)), ==, 0);
  g_assert_cmpint (memcmp (a->y, b->y, a->n_rows * a->n_outputs * sizeof (float)), ==, 0);
  g_assert_true (same_indices (a, b));
}

static void
test_determinism (void)
{
  /* Two loads of the file, two datasets each way. */
  g_autoptr(BpTable) t1 = load_sample ("breast_cancer.csv");
  g_autoptr(BpTable) t2 = load_sample ("breast_cancer.csv");
  g_autoptr(BpDataset) a = shuffled (t1, BP_SPLIT_SHUFFLE, 12345, 0.2, 0.1);
  g_autoptr(BpDataset) b = shuffled (t2, BP_SPLIT_SHUFFLE, 12345, 0.2, 0.1);
  assert_bitwise_equal (a, b);

  g_autoptr(BpTable) w1 = load_sample ("wine.csv");
  g_autoptr(BpTable) w2 = load_sample ("wine.csv");
  g_autoptr(BpDataset) c = shuffled (w1, BP_SPLIT_STRATIFIED, 99, 0.25, 0.0);
  g_autoptr(BpDataset) d = shuffled (w2, BP_SPLIT_STRATIFIED, 99, 0.25, 0.0);
  assert_bitwise_equal (c, d);

  /* Another seed scales with other training rows: x changes. */
  g_autoptr(BpDataset) e = shuffled (t1, BP_SPLIT_SHUFFLE, 54321, 0.2, 0.1);
  g_assert_cmpint (memcmp (a->x, e->x, a->n_rows * a->n_features * sizeof (float)), !=, 0);
}

/* ---- rng ---------------------------------------------------------------- */

static void
test_rng_reference (void)
{
  /* pcg32-demo: pcg32_srandom_r(&rng, 42u, 54u). */
  static const guint32 expected[] = {
    0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e,
  };
  BpRng rng;
  bp_rng_init (&rng, 42, 54);
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmphex (bp_rng_next_u32 (&rng), ==, expected[i]);

  /* The state alone decides the stream. */
  BpRng a, b;
  bp_rng_init (&a, 7, 1);
  bp_rng_init (&b, 7, 1);
  for (int i = 0; i < 100; i++)
    g_assert_cmphex (bp_rng_next_u32 (&a), ==, bp_rng_next_u32 (&b));
  bp_rng_init (&b, 7, 2);
  bp_rng_init (&a, 7, 1);
  gboolean differ = FALSE;
  for (int i = 0; i < 8; i++)
    differ |= bp_rng_next_u32 (&a) != bp_rng_next_u32 (&b);
  g_assert_true (differ);
}

static void
test_rng_below (void)
{
  BpRng rng;
  bp_rng_init (&rng, 2024, 3);
  static const guint32 bounds[] = { 1, 2, 3, 7, 10, 1000, 0x80000001u, G_MAXUINT32 };
  for (gsize b = 0; b < G_N_ELEMENTS (bounds); b++)
    for (int i = 0; i < 2000; i++)
      g_assert_cmpuint (bp_rng_below (&rng, bounds[b]), <, bounds[b]);

  /* Every value of a small bound turns up, roughly evenly. */
  gsize counts[6] = { 0 };
  for (int i = 0; i < 60000; i++)
    counts[bp_rng_below (&rng, 6)]++;
  for (int k = 0; k < 6; k++)
    {
      g_assert_cmpuint (counts[k], >, 9000);
      g_assert_cmpuint (counts[k], <, 11000);
    }

  for (int i = 0; i < 1000; i++)
    {
      double u = bp_rng_uniform (&rng);
      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);
    }
}

static void
test_rng_shuffle (void)
{
  enum { N = 257 };
  guint32 items[N];
  for (guint32 i = 0; i < N; i++)
    items[i] = i;
  BpRng rng;
  bp_rng_init (&rng, 5, 0);
  bp_rng_shuffle_u32 (&rng, items, N);

  gboolean seen[N] = { FALSE };
  gsize moved = 0;
  for (guint32 i = 0; i < N; i++)
    {
      g_assert_cmpuint (items[i], <, N);
      g_assert_false (seen[items[i]]);
      seen[items[i]] = TRUE;
      moved += items[i] != i;
    }
  g_assert_cmpuint (moved, >, N / 2);

  /* Same seed, same order. */
  guint32 again[N];
  for (guint32 i = 0; i < N; i++)
    again[i] = i;
  bp_rng_init (&rng, 5, 0);
  bp_rng_shuffle_u32 (&rng, again, N);
  g_assert_cmpmem (items, sizeof items, again, sizeof again);

  /* Nothing and one item are fine. */
  guint32 one = 42;
  bp_rng_shuffle_u32 (&rng, &one, 1);
  g_assert_cmpuint (one, ==, 42);
  bp_rng_shuffle_u32 (&rng, NULL, 0);
}

/* ---- names -------------------------------------------------------------- */

static void
test_names_round_trip (void)
{
  for (BpTask t = BP_TASK_BINARY; t <= BP_TASK_REGRESSION; t++)
    {
      BpTask back = BP_TASK_AUTO;
      g_assert_true (bp_task_from_string (bp_task_to_string (t), &back));
      g_assert_cmpint (back, ==, t);
    }
  for (BpSplit s = BP_SPLIT_KERAS; s <= BP_SPLIT_STRATIFIED; s++)
    {
      BpSplit back = (BpSplit) -1;
      g_assert_true (bp_split_from_string (bp_split_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  BpTask task;
  BpSplit split;
  g_assert_false (bp_task_from_string ("bogus", &task));
  g_assert_false (bp_split_from_string ("bogus", &split));
}

/* The consuming build gives the same dataset as bp_dataset_new(), over
 * enough rows for the table to be given back in several steps, with
 * categories and filled-in values; the table is left with its columns and
 * no rows, and untouched when the build fails. */
static void
test_consuming (void)
{
  g_autoptr(GString) csv = g_string_new ("x,colour,y\n");
  for (int i = 0; i < 3000; i++)
    {
      if (i % 97 == 5)
        g_string_append_printf (csv, ",%s,%d\n", i % 3 ? "red" : "blue", i % 2);
      else
        g_string_append_printf (csv, "%g,%s,%d\n", i * 0.37 - 50.0, i % 7 == 3 ? "" : i % 3 ? "red" : "blue",
                                (i / 3) % 2);
    }
  g_autoptr(BpTable) kept = load_text (csv->str);
  g_autoptr(BpTable) used = load_text (csv->str);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.missing = BP_MISSING_IMPUTE;
  options.split = BP_SPLIT_SHUFFLE;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpDataset) a = bp_dataset_new (kept, &options, &error);
  g_assert_no_error (error);
  g_autoptr(BpDataset) b = bp_dataset_new_consuming (used, &options, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (a->n_rows, ==, 3000);
  g_assert_cmpuint (b->n_rows, ==, a->n_rows);
  g_assert_cmpuint (b->n_features, ==, a->n_features);
  g_assert_cmpint (memcmp (a->x, b->x, a->n_rows * a->n_features * sizeof (float)), ==, 0);
  g_assert_cmpint (memcmp (a->y, b->y, a->n_rows * a->n_outputs * sizeof (float)), ==, 0);
  g_assert_cmpint (memcmp (a->source_rows, b->source_rows, a->n_rows * sizeof (guint32)), ==, 0);
  g_assert_cmpint (memcmp (a->train, b->train, a->n_train * sizeof (guint32)), ==, 0);
  g_assert_cmpuint (b->warnings->len, ==, a->warnings->len);
  g_assert_cmpuint (a->warnings->len, >, 0);   /* the filled-in values */
  for (guint i = 0; i < a->warnings->len; i++)
    g_assert_cmpstr (b->warnings->pdata[i], ==, a->warnings->pdata[i]);

  g_assert_cmpuint (kept->n_rows, ==, 3000);
  g_assert_cmpuint (used->n_rows, ==, 0);
  g_assert_cmpuint (used->n_columns, ==, 3);
  g_assert_cmpstr (used->columns[1].name, ==, "colour");
  g_assert_cmpint (used->columns[1].type, ==, BP_COLUMN_CATEGORICAL);
  g_assert_null (used->columns[0].cells);

  g_autoptr(BpTable) failing = load_text (csv->str);
  options.validation_fraction = 1.5;
  g_autoptr(BpDataset) none = bp_dataset_new_consuming (failing, &options, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
  g_assert_cmpuint (failing->n_rows, ==, 3000);
  g_assert_cmpfloat (bp_column_value (&failing->columns[0], 2999), ==, bp_column_value (&kept->columns[0], 2999));
}


/* Issue 13: which columns made rows go, counted per column (a row that
 * misses two values counts in both), and said in the warning. */
static void
test_missing_by_column (void)
{
  static const char csv[] =
    "damage,speed,phase,cost\n"
    "None,120,Climb,0\n"
    "Minor,,Approach,10\n"
    "None,,Climb,0\n"
    "None,140,Landing,0\n"
    "Substantial,160,Landing,500\n"
    "None,150,,0\n"
    "Minor,130,Climb,20\n"
    "Minor,110,Climb,30\n"
    "Substantial,100,Approach,400\n"
    "Minor,120,Landing,15\n";
  g_autoptr(BpTable) table = load_text (csv);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  /* Rows 0, 2, 3, 5 miss the damage; 1 and 2 the speed; 5 the phase. */
  g_assert_cmpuint (dataset->n_dropped, ==, 5);
  g_assert_cmpuint (dataset->n_source_columns, ==, 4);
  g_assert_nonnull (dataset->dropped_by_column);
  g_assert_cmpuint (dataset->dropped_by_column[0], ==, 4);
  g_assert_cmpuint (dataset->dropped_by_column[1], ==, 2);
  g_assert_cmpuint (dataset->dropped_by_column[2], ==, 1);
  g_assert_cmpuint (dataset->dropped_by_column[3], ==, 0);
  g_assert_true (has_warning (dataset->warnings, "5 rows with missing values were left out (the first on line 2). "
                              "By column: 4 in “damage”, 2 in “speed”, 1 in “phase”."));

  /* With "None" as a value the damage drops no row. */
  static const char * const markers[] = { "NA", NULL };
  BpTableOptions read;
  bp_table_options_init (&read);
  read.missing_markers = markers;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) none_kept = bp_table_load_data ("strikes.csv", csv, strlen (csv), &read, &error);
  g_assert_no_error (error);
  g_autoptr(BpDataset) kept = make_dataset (none_kept, &options);
  g_assert_cmpuint (kept->n_dropped, ==, 3);
  g_assert_cmpuint (kept->dropped_by_column[0], ==, 0);
  g_assert_true (has_warning (kept->warnings, "By column: 2 in “speed”, 1 in “phase”."));

  /* Nothing dropped, nothing counted. */
  options.missing = BP_MISSING_IMPUTE;
  g_autoptr(BpDataset) filled = make_dataset (table, &options);
  g_assert_cmpuint (filled->n_dropped, ==, 0);
  g_assert_null (filled->dropped_by_column);
}

/* Issue 13: a date column is a feature by default, scaled like a number
 * (its years), and never the default target. */
static void
test_date_feature (void)
{
  g_autoptr(GString) csv = g_string_new ("mpg,Year\n");
  for (int i = 0; i < 40; i++)
    g_string_append_printf (csv, "%d.5,%d-01-01\n", 10 + (i * 7) % 31, 1970 + i % 13);
  g_autoptr(BpTable) table = load_text (csv->str);
  g_assert_cmpint (table->columns[1].type, ==, BP_COLUMN_DATETIME);
  g_assert_cmpint (bp_dataset_default_target (table), ==, 0);

  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.scaling = BP_SCALING_NONE;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->target_column, ==, 0);
  g_assert_cmpuint (dataset->n_features, ==, 1);
  const BpFeature *year = require_feature (dataset, 1);
  g_assert_cmpint (year->type, ==, BP_COLUMN_DATETIME);
  g_assert_cmpint (year->encoding, ==, BP_ENCODING_SCALED);
  g_assert_cmpfloat (dataset->x[0], ==, 1970.0f);
  g_assert_cmpfloat (dataset->x[5], ==, 1975.0f);

  /* A date is no target. */
  options.target = 1;
  assert_dataset_fails (table, &options, BP_ENGINE_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* GLib stops at the first failing test: the generator first, as
   * everything else depends on it. */
  g_test_add_func ("/engine/rng/pcg32-reference", test_rng_reference);
  g_test_add_func ("/engine/dataset/errors/empty-categorical", test_empty_categorical_column);
  g_test_add_func ("/engine/rng/below", test_rng_below);
  g_test_add_func ("/engine/rng/shuffle", test_rng_shuffle);

  g_test_add_func ("/engine/dataset/task/breast-cancer", test_task_breast_cancer);
  g_test_add_func ("/engine/dataset/task/iris", test_task_iris);
  g_test_add_func ("/engine/dataset/task/wine", test_task_wine);
  g_test_add_func ("/engine/dataset/task/diabetes", test_task_diabetes);
  g_test_add_func ("/engine/dataset/task/binary-01", test_task_synthetic_binary_01);
  g_test_add_func ("/engine/dataset/task/integer-multiclass", test_task_synthetic_integer_multiclass);
  g_test_add_func ("/engine/dataset/task/yes-no", test_task_synthetic_yes_no);
  g_test_add_func ("/engine/dataset/task/float-regression", test_task_synthetic_float);

  g_test_add_func ("/engine/dataset/split/keras", test_split_keras);
  g_test_add_func ("/engine/dataset/split/keras-iris", test_split_keras_iris);
  g_test_add_func ("/engine/dataset/split/keras-test-fraction", test_split_keras_test_fraction);
  g_test_add_func ("/engine/dataset/split/auto-sorted", test_split_auto_sorted);
  g_test_add_func ("/engine/dataset/split/auto-one-odd-row", test_split_auto_one_odd_row);
  g_test_add_func ("/engine/dataset/split/shuffle", test_split_shuffle);
  g_test_add_func ("/engine/dataset/split/stratified", test_split_stratified);
  g_test_add_func ("/engine/dataset/split/stratified-test", test_split_stratified_test);
  g_test_add_func ("/engine/dataset/split/stratified-uneven", test_split_stratified_uneven);

  g_test_add_func ("/engine/dataset/scaling/standardize-train-only", test_scaling_standardize_train_only);
  g_test_add_func ("/engine/dataset/scaling/standardize-shuffled", test_scaling_standardize_shuffled);
  g_test_add_func ("/engine/dataset/scaling/minmax", test_scaling_minmax);
  g_test_add_func ("/engine/dataset/scaling/none", test_scaling_none);
  g_test_add_func ("/engine/dataset/scaling/constant-column", test_scaling_constant_column);

  g_test_add_func ("/engine/dataset/encoding/one-hot", test_one_hot);

  g_test_add_func ("/engine/dataset/missing/drop", test_missing_drop);
  g_test_add_func ("/engine/dataset/missing/impute", test_missing_impute);
  g_test_add_func ("/engine/dataset/missing/impute-target", test_missing_impute_keeps_target_rule);

  g_test_add_func ("/engine/dataset/regression/scale-target", test_regression_scale_target);
  g_test_add_func ("/engine/dataset/regression/unscaled", test_regression_unscaled);

  g_test_add_func ("/engine/dataset/error/unusable-target", test_error_unusable_target);
  g_test_add_func ("/engine/dataset/error/stratified-regression", test_error_stratified_regression);
  g_test_add_func ("/engine/dataset/error/fractions", test_error_fractions);
  g_test_add_func ("/engine/dataset/error/no-features", test_error_no_features);
  g_test_add_func ("/engine/dataset/error/two-targets", test_error_two_targets);
  g_test_add_func ("/engine/dataset/error/feature-role-on-text", test_error_feature_role_on_text);
  g_test_add_func ("/engine/dataset/error/wrong-task", test_error_wrong_task);
  g_test_add_func ("/engine/dataset/error/one-class-after-drop", test_error_one_class_after_drop);

  g_test_add_func ("/engine/dataset/roles/ignored", test_roles_ignored);
  g_test_add_func ("/engine/dataset/roles/target", test_roles_target);

  g_test_add_func ("/engine/dataset/determinism", test_determinism);
  g_test_add_func ("/engine/dataset/names", test_names_round_trip);
  g_test_add_func ("/engine/dataset/consuming", test_consuming);
  g_test_add_func ("/engine/dataset/missing/by-column", test_missing_by_column);
  g_test_add_func ("/engine/dataset/date-feature", test_date_feature);

  /* Last: a bad target index must be an error, not a crash. Run in a
   * child process. */
  g_test_add_func ("/engine/dataset/robustness/target-out-of-range", test_error_target_out_of_range);
  g_test_add_func ("/engine/dataset/errors/fractions-overlap", test_error_fractions_overlap);

  return g_test_run ();
}
