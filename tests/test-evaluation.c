/* test-evaluation.c: tests for bp-evaluation.
 *
 * - a one-layer model with weights set by hand, on a few rows whose
 *   outputs, loss, confusion and ROC are worked out here in double;
 * - trained models on the samples: iris (confusion and accuracy agree
 *   with each other and with the trainer), breast cancer (ROC), diabetes
 *   (regression scores in the target's units);
 * - the decision grid of a model trained on XOR, and its errors.
 *
 * OpenBLAS runs on one thread, so seeded runs are bit-identical.
 */
#include <math.h>
#include <string.h>

#include "bp-engine.h"
#include "test-util.h"

/* ---- helpers ------------------------------------------------------------ */

static BpModel *
make_model (const BpDataset *dataset, const char *layers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelSpec) spec = bp_model_spec_new (dataset->n_features);
  if (layers)
    g_assert_true (bp_model_spec_parse_layers (spec, layers, &error));
  g_assert_no_error (error);
  bp_model_spec_add_output (spec, dataset->task, dataset->n_outputs);
  BpModel *model = bp_model_new (spec, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

/* Trains in place and returns the trainer, for its own validation figures. */
static BpTrainer *
train (BpModel *model, const BpDataset *dataset, guint epochs, float learning_rate)
{
  g_autoptr(GError) error = NULL;
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = epochs;
  config.batch_size = 16;
  if (learning_rate > 0.0f)
    config.optimizer.learning_rate = learning_rate;
  BpTrainer *trainer = bp_trainer_new (model, dataset, &config, &error);
  g_assert_no_error (error);
  g_assert_true (bp_trainer_run (trainer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return trainer;
}

/* Trains in place, when only the model is looked at afterwards. */
static void
train_model (BpModel *model, const BpDataset *dataset, guint epochs, float learning_rate)
{
  bp_trainer_free (train (model, dataset, epochs, learning_rate));
}

static BpDataset *
sample_dataset (const char *name, BpSplit split)
{
  g_autoptr(BpTable) table = load_sample (name);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = split;
  return make_dataset (table, &options);
}

static double
sigmoid (double z)
{
  return 1.0 / (1.0 + exp (-z));
}

/* ---- worked by hand ----------------------------------------------------- */

/* Logistic regression p = σ(a − b) on unscaled inputs. The rows, in the
 * order asked (5, 0, 2, 3, 1, 4):
 *
 *   row  a  b  label  z   p      predicted
 *   5    0  2  1     −2  0.119  0   (a miss)
 *   0    2  0  1      2  0.881  1
 *   2    1  0  1      1  0.731  1
 *   3    0  1  0     −1  0.269  0
 *   1    3  2  0      1  0.731  1   (a false alarm)
 *   4    0  3  0     −3  0.047  0
 *
 * Confusion [[2, 1], [1, 2]], accuracy 4/6. ROC AUC: of the 9
 * positive/negative pairs, the positive scores higher in 6 and ties in 1
 * (0.731 both), so (6 + 0.5) / 9. */
static const char hand_csv[] =
  "a,b,label\n"
  "2,0,yes\n"
  "3,2,no\n"
  "1,0,yes\n"
  "0,1,no\n"
  "0,3,no\n"
  "0,2,yes\n";

static void
test_hand_binary (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = load_text_named ("hand.csv", hand_csv);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.scaling = BP_SCALING_NONE;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->task, ==, BP_TASK_BINARY);
  g_assert_cmpuint (dataset->n_features, ==, 2);
  g_assert_cmpuint (dataset->n_classes, ==, 2);
  /* Classes are sorted: "no" is 0, "yes" is 1. */
  g_assert_cmpstr (dataset->class_names[1], ==, "yes");

  g_autoptr(BpModel) model = make_model (dataset, NULL);
  g_assert_cmpuint (model->n_params, ==, 3);
  model->layers[0].w[0] = 1.0f;
  model->layers[0].w[1] = -1.0f;
  model->layers[0].b[0] = 0.0f;

  const guint32 rows[] = { 5, 0, 2, 3, 1, 4 };
  const double z[] = { -2, 2, 1, -1, 1, -3 };
  const guint32 labels[] = { 1, 1, 1, 0, 0, 0 };
  const guint32 predicted[] = { 0, 1, 1, 0, 1, 0 };
  g_autoptr(BpEvaluation) ev = bp_evaluation_new (model, dataset, rows, G_N_ELEMENTS (rows), &error);
  g_assert_no_error (error);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->task, ==, BP_TASK_BINARY);
  g_assert_cmpuint (ev->n_rows, ==, 6);
  g_assert_cmpuint (ev->n_outputs, ==, 1);

  double loss = 0.0;
  for (gsize i = 0; i < 6; i++)
    {
      double p = sigmoid (z[i]);
      g_assert_cmpfloat_with_epsilon (ev->outputs[i], p, 1e-6);
      g_assert_cmpuint (ev->predicted[i], ==, predicted[i]);
      loss -= labels[i] ? log (p) : log (1.0 - p);
    }
  g_assert_cmpfloat_with_epsilon (ev->loss, loss / 6.0, 1e-6);

  g_assert_nonnull (ev->confusion);
  g_assert_cmpuint (ev->confusion->n_classes, ==, 2);
  const guint64 counts[] = { 2, 1, 1, 2 };
  for (gsize i = 0; i < 4; i++)
    g_assert_cmpuint (ev->confusion->counts[i], ==, counts[i]);
  g_assert_cmpfloat (ev->accuracy, ==, 4.0 / 6.0);

  /* Each class: 2 right of 3 true, 2 right of 3 predicted. */
  for (gsize c = 0; c < 2; c++)
    {
      g_assert_cmpfloat_with_epsilon (ev->class_scores[c].precision, 2.0 / 3.0, 1e-12);
      g_assert_cmpfloat_with_epsilon (ev->class_scores[c].recall, 2.0 / 3.0, 1e-12);
      g_assert_cmpfloat_with_epsilon (ev->class_scores[c].f1, 2.0 / 3.0, 1e-12);
      g_assert_cmpuint (ev->class_scores[c].support, ==, 3);
    }
  g_assert_cmpfloat_with_epsilon (ev->macro.f1, 2.0 / 3.0, 1e-12);
  g_assert_cmpuint (ev->weighted.support, ==, 6);

  g_assert_nonnull (ev->roc);
  g_assert_cmpuint (ev->roc->n_positive, ==, 3);
  g_assert_cmpuint (ev->roc->n_negative, ==, 3);
  g_assert_cmpfloat_with_epsilon (ev->roc->auc, 6.5 / 9.0, 1e-12);
  g_assert_true (isnan (ev->regression.mae));
  g_assert_true (isnan (ev->regression.r2));

  /* Only one class among the rows: scores, but no curve. */
  const guint32 positives[] = { 0, 2, 5 };
  g_autoptr(BpEvaluation) one = bp_evaluation_new (model, dataset, positives, 3, &error);
  g_assert_no_error (error);
  g_assert_null (one->roc);
  g_assert_cmpfloat (one->accuracy, ==, 2.0 / 3.0);

  /* No rows: an empty matrix, a NaN loss. */
  g_autoptr(BpEvaluation) none = bp_evaluation_new (model, dataset, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bp_confusion_total (none->confusion), ==, 0);
  g_assert_true (isnan (none->loss));
  g_assert_null (none->roc);

  /* The loss training would report: class weights and a penalty. */
  const float weights[] = { 1.0f, 3.0f };
  BpLossConfig config = { .loss = BP_LOSS_BINARY_CROSSENTROPY, .class_weights = weights, .label_smoothing = 0.5f };
  g_autoptr(BpEvaluation) weighted = bp_evaluation_new_full (model, dataset, rows, 6, &config, 0.25, &error);
  g_assert_no_error (error);
  double weighted_loss = 0.0;
  for (gsize i = 0; i < 6; i++)
    weighted_loss -= labels[i] ? 3.0 * log (sigmoid (z[i])) : log (1.0 - sigmoid (z[i]));
  g_assert_cmpfloat_with_epsilon (weighted->loss, weighted_loss / 6.0 + 0.25, 1e-6);

  /* A row past the end is refused, not read. */
  const guint32 bad[] = { 0, 6 };
  g_autoptr(BpEvaluation) refused = bp_evaluation_new (model, dataset, bad, 2, &error);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_null (refused);
}

/* y = 2x + 1 on x = 0..4 against targets 1, 3, 6, 7, 9: errors 0, 0, 1,
 * 0, 0 → MAE 0.2, RMSE sqrt(0.2). With the target standardized, the
 * outputs still come back in the target's units. */
static void
test_hand_regression (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = load_text_named ("line.csv", "x,y\n0,1\n1,3\n2,6\n3,7\n4,9\n");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.scaling = BP_SCALING_NONE;
  options.task = BP_TASK_REGRESSION;
  options.scale_target = TRUE;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->task, ==, BP_TASK_REGRESSION);
  g_assert_cmpfloat (dataset->target_scale, !=, 1.0);

  /* Weights in standardized units: y' = (2x + 1 − center) / scale. */
  g_autoptr(BpModel) model = make_model (dataset, NULL);
  model->layers[0].w[0] = (float) (2.0 / dataset->target_scale);
  model->layers[0].b[0] = (float) ((1.0 - dataset->target_center) / dataset->target_scale);

  const guint32 rows[] = { 0, 1, 2, 3, 4 };
  g_autoptr(BpEvaluation) ev = bp_evaluation_new (model, dataset, rows, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ev->task, ==, BP_TASK_REGRESSION);
  for (gsize i = 0; i < 5; i++)
    g_assert_cmpfloat_with_epsilon (ev->outputs[i], 2.0 * i + 1.0, 1e-5);
  g_assert_cmpfloat_with_epsilon (ev->regression.mae, 0.2, 1e-5);
  g_assert_cmpfloat_with_epsilon (ev->regression.rmse, sqrt (0.2), 1e-5);
  g_assert_cmpfloat (ev->regression.r2, >, 0.9);
  g_assert_cmpfloat (ev->regression.r2, <, 1.0);
  g_assert_null (ev->predicted);
  g_assert_null (ev->confusion);
  g_assert_null (ev->class_scores);
  g_assert_null (ev->roc);
  g_assert_true (isnan (ev->accuracy));
  /* MSE in standardized units: one error of 1 in five rows. */
  g_assert_cmpfloat_with_epsilon (ev->loss, 0.2 / (dataset->target_scale * dataset->target_scale), 1e-5);
}

/* Always answering the same: the training rows' most common class, or
 * their mean, scored on other rows; worked out here from the cells. */
static void
test_baseline (void)
{
  /* Training (the first 8 rows, Keras): sun ×4, rain ×3, fog ×1 → "sun".
   * Validation (the last 2): rain, sun → 50%. */
  g_autoptr(BpTable) weather = load_text_named ("weather.csv", "t,sky\n"
                                                "1.5,sun\n2.5,rain\n3.5,sun\n4.5,rain\n5.5,fog\n"
                                                "6.5,sun\n7.5,rain\n8.5,sun\n9.5,rain\n10.5,sun\n");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = BP_SPLIT_KERAS;
  g_autoptr(BpDataset) dataset = make_dataset (weather, &options);
  g_assert_cmpuint (dataset->n_train, ==, 8);
  BpBaseline baseline;
  bp_baseline_compute (&baseline, dataset, dataset->validation, dataset->n_validation);
  g_assert_cmpstr (dataset->class_names[baseline.majority], ==, "sun");
  g_assert_cmpfloat (baseline.accuracy, ==, 0.5);
  g_assert_true (isnan (baseline.mean) && isnan (baseline.regression.mae));
  bp_baseline_compute (&baseline, dataset, dataset->train, dataset->n_train);
  g_assert_cmpfloat (baseline.accuracy, ==, 0.5);   /* 4 of 8 */
  bp_baseline_compute (&baseline, dataset, NULL, 0);
  g_assert_true (isnan (baseline.accuracy));

  /* The evaluation of a model carries the same figures. */
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModel) model = make_model (dataset, NULL);
  g_autoptr(BpEvaluation) ev = bp_evaluation_new (model, dataset, dataset->validation, dataset->n_validation, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ev->baseline.majority, ==, baseline.majority);
  g_assert_cmpfloat (ev->baseline.accuracy, ==, 0.5);

  /* Regression, target standardized (the default): the mean of the
   * training targets 1, 3, 6, 7 (4.25), in the target's units, against the
   * validation targets 9 and 20: errors 4.75 and 15.75. */
  g_autoptr(BpTable) line = load_text_named ("line.csv", "x,y\n0.5,1\n1.5,3\n2.5,6\n3.5,7\n4.5,9\n5.5,20\n");
  bp_dataset_options_init (&options);
  options.task = BP_TASK_REGRESSION;
  options.validation_fraction = 1.0 / 3.0;
  g_autoptr(BpDataset) regression = make_dataset (line, &options);
  g_assert_cmpuint (regression->n_train, ==, 4);
  g_assert_cmpfloat (regression->target_scale, !=, 1.0);
  bp_baseline_compute (&baseline, regression, regression->validation, regression->n_validation);
  g_assert_cmpfloat_with_epsilon (baseline.mean, 4.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (baseline.regression.mae, (4.75 + 15.75) / 2.0, 1e-4);
  g_assert_cmpfloat_with_epsilon (baseline.regression.rmse, sqrt ((4.75 * 4.75 + 15.75 * 15.75) / 2.0), 1e-4);
  g_assert_cmpfloat (baseline.regression.r2, <, 0.0);
  g_assert_true (isnan (baseline.accuracy));
  /* On the training rows, the mean scores R² 0. */
  bp_baseline_compute (&baseline, regression, regression->train, regression->n_train);
  g_assert_cmpfloat_with_epsilon (baseline.regression.r2, 0.0, 1e-6);
}

/* ---- trained models ----------------------------------------------------- */

static void
test_iris (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpDataset) dataset = sample_dataset ("iris.csv", BP_SPLIT_SHUFFLE);
  g_autoptr(BpModel) model = make_model (dataset, "16:relu");
  g_autoptr(BpTrainer) trainer = train (model, dataset, 60, 0.01f);

  g_autoptr(BpEvaluation) ev = bp_evaluation_new (model, dataset, dataset->validation, dataset->n_validation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ev->task, ==, BP_TASK_MULTICLASS);
  g_assert_cmpuint (ev->n_outputs, ==, 3);
  g_assert_cmpuint (ev->confusion->n_classes, ==, 3);
  g_assert_cmpuint (bp_confusion_total (ev->confusion), ==, dataset->n_validation);

  guint64 trace = 0, support = 0;
  for (gsize c = 0; c < 3; c++)
    {
      trace += ev->confusion->counts[c * 3 + c];
      support += ev->class_scores[c].support;
    }
  g_assert_cmpfloat (ev->accuracy, ==, (double) trace / (double) dataset->n_validation);
  g_assert_cmpuint (support, ==, dataset->n_validation);
  g_assert_cmpfloat (ev->accuracy, >=, 0.8);
  g_assert_null (ev->roc);
  g_assert_true (isnan (ev->regression.rmse));

  /* Probabilities per row, and the predicted class is the largest. */
  for (gsize r = 0; r < ev->n_rows; r++)
    {
      const float *p = ev->outputs + r * 3;
      g_assert_cmpfloat_with_epsilon (p[0] + p[1] + p[2], 1.0, 1e-5);
      for (gsize c = 0; c < 3; c++)
        g_assert_cmpfloat (p[ev->predicted[r]], >=, p[c]);
    }

  /* The trainer's own validation figures agree. */
  double loss, metric;
  bp_trainer_evaluate (trainer, dataset->validation, dataset->n_validation, &loss, &metric);
  g_assert_cmpfloat_with_epsilon (ev->loss, loss, 1e-6);
  g_assert_cmpfloat_with_epsilon (ev->accuracy, metric, 1e-12);

  /* A model for other data is refused. */
  g_autoptr(BpDataset) diabetes = sample_dataset ("diabetes.csv", BP_SPLIT_KERAS);
  g_autoptr(BpEvaluation) refused = bp_evaluation_new (model, diabetes, diabetes->validation,
                                                       diabetes->n_validation, &error);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE);
  g_assert_null (refused);
}

static void
test_breast_cancer_roc (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpDataset) dataset = sample_dataset ("breast_cancer.csv", BP_SPLIT_KERAS);
  g_autoptr(BpModel) model = make_model (dataset, "8:relu");
  train_model (model, dataset, 5, 0.0f);

  g_autoptr(BpEvaluation) ev = bp_evaluation_new (model, dataset, dataset->validation, dataset->n_validation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ev->task, ==, BP_TASK_BINARY);
  g_assert_nonnull (ev->roc);
  g_assert_cmpuint (ev->roc->n_positive + ev->roc->n_negative, ==, dataset->n_validation);
  g_assert_cmpfloat (ev->roc->auc, >=, 0.5);
  g_assert_cmpfloat (ev->roc->auc, <=, 1.0);
  g_assert_cmpfloat (ev->roc->fpr[0], ==, 0.0);
  g_assert_cmpfloat (ev->roc->tpr[ev->roc->n_points - 1], ==, 1.0);
  g_assert_cmpuint (bp_confusion_total (ev->confusion), ==, dataset->n_validation);
}

static void
test_diabetes_regression (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = load_sample ("diabetes.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.scale_target = TRUE;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->task, ==, BP_TASK_REGRESSION);
  g_assert_cmpfloat (dataset->target_scale, >, 10.0);
  g_autoptr(BpModel) model = make_model (dataset, "16:relu");
  train_model (model, dataset, 20, 0.0f);

  g_autoptr(BpEvaluation) ev = bp_evaluation_new (model, dataset, dataset->validation, dataset->n_validation, &error);
  g_assert_no_error (error);
  g_assert_true (isfinite (ev->regression.mae));
  g_assert_true (isfinite (ev->regression.rmse));
  g_assert_true (isfinite (ev->regression.r2));
  g_assert_cmpfloat (ev->regression.mae, >, 0.0);
  g_assert_cmpfloat (ev->regression.rmse, >=, ev->regression.mae);
  g_assert_cmpfloat (ev->regression.r2, <=, 1.0);
  g_assert_true (isnan (ev->accuracy));
  g_assert_true (isfinite (ev->loss));

  /* Outputs are in the target's units (disease progression, 25..346),
   * not standardized values around 0. */
  double mean = 0.0;
  for (gsize r = 0; r < ev->n_rows; r++)
    mean += ev->outputs[r];
  mean /= (double) ev->n_rows;
  g_assert_cmpfloat (mean, >, 50.0);
  g_assert_cmpfloat (mean, <, 300.0);
}

/* ---- decision grid ------------------------------------------------------ */

static void
test_decision_grid_xor (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = bp_sample_generate (BP_SAMPLE_XOR, 400, 0.03, 3, &error);
  g_assert_no_error (error);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpuint (dataset->n_features, ==, 2);
  g_autoptr(BpModel) model = make_model (dataset, "16:tanh,16:tanh");
  train_model (model, dataset, 60, 0.01f);

  /* The grid spans the encoded points. Standardizing keeps the signs
   * (both means are near 0), so the corners are XOR's four quadrants. */
  double lo[2], hi[2];
  g_assert_true (bp_decision_grid_bounds (dataset, 0.0, lo, hi));
  /* Every point inside, within the 1e-3 minimum widening of the edges. */
  gboolean touches[4] = { FALSE };
  for (gsize r = 0; r < dataset->n_rows; r++)
    for (gsize j = 0; j < 2; j++)
      {
        double v = dataset->x[r * 2 + j];
        g_assert_cmpfloat (v, >, lo[j]);
        g_assert_cmpfloat (v, <, hi[j]);
        touches[2 * j] |= fabs (v - (lo[j] + 1e-3)) < 1e-9;
        touches[2 * j + 1] |= fabs (v - (hi[j] - 1e-3)) < 1e-9;
      }
  for (int k = 0; k < 4; k++)
    g_assert_true (touches[k]);
  double wide_lo[2], wide_hi[2];
  g_assert_true (bp_decision_grid_bounds (dataset, 0.1, wide_lo, wide_hi));
  g_assert_cmpfloat (wide_lo[0], <, lo[0]);
  g_assert_cmpfloat (wide_hi[1], >, hi[1]);
  const guint w = 9, h = 7;
  float grid[9 * 7];
  g_assert_true (bp_decision_grid (model, lo[0], hi[0], lo[1], hi[1], w, h, grid, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < w * h; i++)
    g_assert_true (grid[i] >= 0.0f && grid[i] <= 1.0f);

  /* Label 1 where sign(x1) == sign(x2); the first row is the top (y_max). */
  g_assert_cmpfloat (grid[0], <, 0.5);                    /* x−, y+ */
  g_assert_cmpfloat (grid[w - 1], >, 0.5);                /* x+, y+ */
  g_assert_cmpfloat (grid[(h - 1) * w], >, 0.5);          /* x−, y− */
  g_assert_cmpfloat (grid[(h - 1) * w + w - 1], <, 0.5);  /* x+, y− */

  /* The grid is the model at the cell centres. */
  const float centre[2] = { (float) (lo[0] + 0.5 * (hi[0] - lo[0]) / w), (float) (hi[1] - 0.5 * (hi[1] - lo[1]) / h) };
  float p;
  g_autoptr(BpWorkspace) ws = bp_workspace_new (model, 1, FALSE);
  bp_model_predict (model, ws, &p, centre, 1);
  g_assert_cmpfloat_with_epsilon (grid[0], p, 1e-6);

  /* Bad ranges and sizes. */
  g_assert_false (bp_decision_grid (model, 1.0, -1.0, -1.0, 1.0, w, h, grid, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bp_decision_grid (model, -1.0, 1.0, -1.0, 1.0, 0, h, grid, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
}

static void
test_decision_grid_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpDataset) iris = sample_dataset ("iris.csv", BP_SPLIT_SHUFFLE);
  g_autoptr(BpModel) model = make_model (iris, "4:relu");
  float grid[4];
  g_assert_false (bp_decision_grid (model, -1.0, 1.0, -1.0, 1.0, 2, 2, grid, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE);
  /* Four inputs have no plane to draw. */
  double lo[2], hi[2];
  g_assert_false (bp_decision_grid_bounds (iris, 0.1, lo, hi));
}

/* Multiclass: the grid holds class indices. */
static void
test_decision_grid_multiclass (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelSpec) spec = bp_model_spec_new (2);
  bp_model_spec_add_layer (spec, 8, BP_ACTIVATION_TANH, 0.0f);
  bp_model_spec_add_output (spec, BP_TASK_MULTICLASS, 3);
  g_autoptr(BpModel) model = bp_model_new (spec, &error);
  g_assert_no_error (error);
  BpRng rng;
  bp_rng_init (&rng, 7, 0);
  bp_model_init_params (model, &rng);

  float grid[16 * 16];
  g_assert_true (bp_decision_grid (model, -3.0, 3.0, -3.0, 3.0, 16, 16, grid, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (grid); i++)
    {
      g_assert_cmpfloat (grid[i], ==, floorf (grid[i]));
      g_assert_cmpfloat (grid[i], >=, 0.0f);
      g_assert_cmpfloat (grid[i], <=, 2.0f);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bp_blas_set_threads (1);

  g_test_add_func ("/engine/evaluation/hand/binary", test_hand_binary);
  g_test_add_func ("/engine/evaluation/hand/regression", test_hand_regression);
  g_test_add_func ("/engine/evaluation/baseline", test_baseline);
  g_test_add_func ("/engine/evaluation/iris", test_iris);
  g_test_add_func ("/engine/evaluation/breast-cancer-roc", test_breast_cancer_roc);
  g_test_add_func ("/engine/evaluation/diabetes", test_diabetes_regression);
  g_test_add_func ("/engine/evaluation/grid/xor", test_decision_grid_xor);
  g_test_add_func ("/engine/evaluation/grid/errors", test_decision_grid_errors);
  g_test_add_func ("/engine/evaluation/grid/multiclass", test_decision_grid_multiclass);
  return g_test_run ();
}
