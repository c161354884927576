/* Tests for evaluation metrics: small cases worked by hand, and reference
 * values from scikit-learn 1.2.1 (the calls are named next to them). */
#include <math.h>
#include <string.h>

#include "bp-error.h"
#include "bp-metrics.h"
#include "bp-rng.h"

static void
assert_scores (const BpClassScores *s,
               double precision, double recall, double f1, guint64 support)
{
  g_assert_cmpfloat_with_epsilon (s->precision, precision, 1e-15);
  g_assert_cmpfloat_with_epsilon (s->recall, recall, 1e-15);
  g_assert_cmpfloat_with_epsilon (s->f1, f1, 1e-15);
  g_assert_cmpuint (s->support, ==, support);
}

static void
test_confusion_basic (void)
{
  g_autoptr(BpConfusion) c = bp_confusion_new (2);
  g_assert_cmpuint (c->n_classes, ==, 2);
  g_assert_cmpuint (bp_confusion_total (c), ==, 0);
  g_assert_cmpfloat (bp_confusion_accuracy (c), ==, 0.0);

  /* Row = truth, column = prediction. */
  bp_confusion_add (c, 0, 1);
  bp_confusion_add (c, 1, 1);
  bp_confusion_add (c, 1, 1);
  bp_confusion_add (c, 1, 0);
  bp_confusion_add (c, 0, 0);
  g_assert_cmpuint (c->counts[0 * 2 + 0], ==, 1);
  g_assert_cmpuint (c->counts[0 * 2 + 1], ==, 1);
  g_assert_cmpuint (c->counts[1 * 2 + 0], ==, 1);
  g_assert_cmpuint (c->counts[1 * 2 + 1], ==, 2);
  g_assert_cmpuint (bp_confusion_total (c), ==, 5);
  g_assert_cmpfloat (bp_confusion_accuracy (c), ==, 3.0 / 5.0);

  /* Class 1: tp 2, fp 1, fn 1. */
  BpClassScores s;
  bp_confusion_class_scores (c, 1, &s);
  assert_scores (&s, 2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0, 3);
  /* Class 0: tp 1, fp 1, fn 1. */
  bp_confusion_class_scores (c, 0, &s);
  assert_scores (&s, 0.5, 0.5, 0.5, 2);

  bp_confusion_clear (c);
  g_assert_cmpuint (bp_confusion_total (c), ==, 0);
  for (gsize i = 0; i < 4; i++)
    g_assert_cmpuint (c->counts[i], ==, 0);

  static const guint32 truth[] = { 1, 1, 0, 0 };
  static const guint32 predicted[] = { 1, 0, 0, 0 };
  bp_confusion_add_many (c, truth, predicted, G_N_ELEMENTS (truth));
  g_assert_cmpuint (c->counts[0], ==, 2);
  g_assert_cmpuint (c->counts[2], ==, 1);
  g_assert_cmpuint (c->counts[3], ==, 1);
  g_assert_cmpfloat (bp_confusion_accuracy (c), ==, 0.75);
}

/* Class 2 occurs three times and is never predicted. */
static const guint32 three_truth[]     = { 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 0, 1 };
static const guint32 three_predicted[] = { 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1 };

static void
test_confusion_sklearn (void)
{
  g_autoptr(BpConfusion) c = bp_confusion_new (3);
  bp_confusion_add_many (c, three_truth, three_predicted, G_N_ELEMENTS (three_truth));

  /* confusion_matrix(y_true, y_pred) */
  static const guint64 expected[9] = { 3, 1, 0,  1, 4, 0,  1, 2, 0 };
  for (gsize i = 0; i < 9; i++)
    g_assert_cmpuint (c->counts[i], ==, expected[i]);
  /* accuracy_score(y_true, y_pred) */
  g_assert_cmpfloat_with_epsilon (bp_confusion_accuracy (c), 0.5833333333333334, 1e-15);

  /* precision_recall_fscore_support(y_true, y_pred, zero_division=0) */
  BpClassScores s;
  bp_confusion_class_scores (c, 0, &s);
  assert_scores (&s, 0.6, 0.75, 0.6666666666666665, 4);
  bp_confusion_class_scores (c, 1, &s);
  assert_scores (&s, 0.5714285714285714, 0.8, 0.6666666666666666, 5);
  bp_confusion_class_scores (c, 2, &s);
  assert_scores (&s, 0.0, 0.0, 0.0, 3);

  /* precision_recall_fscore_support(y_true, y_pred, average="macro", zero_division=0) */
  bp_confusion_average_scores (c, BP_AVERAGE_MACRO, &s);
  assert_scores (&s, 0.3904761904761904, 0.5166666666666667, 0.44444444444444436, 12);
  /* ... average="weighted" */
  bp_confusion_average_scores (c, BP_AVERAGE_WEIGHTED, &s);
  assert_scores (&s, 0.43809523809523804, 0.5833333333333334, 0.49999999999999994, 12);
}

static void
test_confusion_absent_class (void)
{
  /* A fourth class the data never mentions: all zeros on its own, and
   * left out of the macro average (as scikit-learn without labels=). */
  g_autoptr(BpConfusion) c = bp_confusion_new (4);
  bp_confusion_add_many (c, three_truth, three_predicted, G_N_ELEMENTS (three_truth));
  BpClassScores s;
  bp_confusion_class_scores (c, 3, &s);
  assert_scores (&s, 0.0, 0.0, 0.0, 0);
  bp_confusion_average_scores (c, BP_AVERAGE_MACRO, &s);
  assert_scores (&s, 0.3904761904761904, 0.5166666666666667, 0.44444444444444436, 12);
  bp_confusion_average_scores (c, BP_AVERAGE_WEIGHTED, &s);
  assert_scores (&s, 0.43809523809523804, 0.5833333333333334, 0.49999999999999994, 12);

  /* A class only ever predicted counts: precision 0, recall 0. Truth all
   * 0, predictions 0, 0, 1: class 0 has P 1, R 2/3, F1 0.8. */
  g_autoptr(BpConfusion) d = bp_confusion_new (3);
  bp_confusion_add (d, 0, 0);
  bp_confusion_add (d, 0, 0);
  bp_confusion_add (d, 0, 1);
  bp_confusion_average_scores (d, BP_AVERAGE_MACRO, &s);
  assert_scores (&s, 0.5, 1.0 / 3.0, 0.4, 3);
  bp_confusion_average_scores (d, BP_AVERAGE_WEIGHTED, &s);
  assert_scores (&s, 1.0, 2.0 / 3.0, 0.8, 3);

  /* Nothing at all: zeros, not NaN. */
  g_autoptr(BpConfusion) empty = bp_confusion_new (3);
  bp_confusion_average_scores (empty, BP_AVERAGE_MACRO, &s);
  assert_scores (&s, 0.0, 0.0, 0.0, 0);
  bp_confusion_average_scores (empty, BP_AVERAGE_WEIGHTED, &s);
  assert_scores (&s, 0.0, 0.0, 0.0, 0);
}

static void
test_predict_classes (void)
{
  /* One output: 1 from 0.5 up. */
  static const float binary[] = { 0.5f, 0.49999997f, 0.0f, 1.0f, 0.75f, NAN };
  static const guint32 binary_expected[] = { 1, 0, 0, 1, 1, 0 };
  guint32 out[6];
  memset (out, 0xff, sizeof out);
  bp_predict_classes (out, binary, 6, 1);
  for (gsize i = 0; i < 6; i++)
    g_assert_cmpuint (out[i], ==, binary_expected[i]);

  /* Several: argmax, the first of equal largest, NaN never wins. */
  static const float multi[] = {
    0.1f, 0.7f, 0.2f,
    0.4f, 0.2f, 0.4f,
    0.3f, 0.3f, 0.3f,
    -1.0f, -3.0f, -0.5f,
    NAN, 0.2f, 0.1f,
    0.2f, NAN, 0.9f,
  };
  static const guint32 multi_expected[] = { 1, 0, 0, 2, 1, 2 };
  memset (out, 0xff, sizeof out);
  bp_predict_classes (out, multi, 6, 3);
  for (gsize i = 0; i < 6; i++)
    g_assert_cmpuint (out[i], ==, multi_expected[i]);
}

static void
test_accuracy (void)
{
  static const float binary_out[] = { 0.9f, 0.2f, 0.5f, 0.4f };
  static const float binary_y[]   = { 1.0f, 0.0f, 0.0f, 1.0f };
  g_assert_cmpfloat (bp_accuracy (binary_out, binary_y, 4, 1), ==, 0.5);
  g_assert_cmpfloat (bp_accuracy (binary_out, binary_y, 2, 1), ==, 1.0);

  static const float multi_out[] = {
    0.7f, 0.2f, 0.1f,
    0.1f, 0.1f, 0.8f,
    0.3f, 0.4f, 0.3f,
  };
  static const float multi_y[] = {
    1, 0, 0,
    0, 0, 1,
    0, 0, 1,
  };
  g_assert_cmpfloat_with_epsilon (bp_accuracy (multi_out, multi_y, 3, 3), 2.0 / 3.0, 1e-15);
  g_assert_cmpfloat (bp_accuracy (NULL, NULL, 0, 3), ==, 0.0);
}

static void
test_roc_hand (void)
{
  /* The roc_curve docstring's example: thresholds 0.8, 0.4, 0.35, 0.1;
   * one of the four positive-negative pairs is out of order. */
  static const float scores[] = { 0.1f, 0.4f, 0.35f, 0.8f };
  static const guint32 labels[] = { 0, 0, 1, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(BpRoc) roc = bp_roc_new (scores, labels, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roc->n_points, ==, 5);
  g_assert_cmpuint (roc->n_positive, ==, 2);
  g_assert_cmpuint (roc->n_negative, ==, 2);
  static const double fpr[] = { 0, 0, 0.5, 0.5, 1 };
  static const double tpr[] = { 0, 0.5, 0.5, 1, 1 };
  for (gsize i = 0; i < 5; i++)
    {
      g_assert_cmpfloat (roc->fpr[i], ==, fpr[i]);
      g_assert_cmpfloat (roc->tpr[i], ==, tpr[i]);
    }
  g_assert_true (isinf (roc->thresholds[0]) && roc->thresholds[0] > 0);
  g_assert_cmpfloat (roc->thresholds[1], ==, 0.8f);
  g_assert_cmpfloat (roc->thresholds[4], ==, 0.1f);
  g_assert_cmpfloat (roc->auc, ==, 0.75);

  /* All tied: one diagonal step, half the pairs won. */
  static const float tied[] = { 0.5f, 0.5f, 0.5f };
  static const guint32 tied_labels[] = { 1, 0, 0 };
  g_autoptr(BpRoc) flat = bp_roc_new (tied, tied_labels, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flat->n_points, ==, 2);
  g_assert_cmpfloat (flat->fpr[1], ==, 1.0);
  g_assert_cmpfloat (flat->tpr[1], ==, 1.0);
  g_assert_cmpfloat (flat->auc, ==, 0.5);

  /* Perfectly separated, and perfectly backwards. */
  static const float sep[] = { 0.2f, 0.9f, 0.1f, 0.8f };
  static const guint32 sep_labels[] = { 0, 1, 0, 1 };
  static const guint32 rev_labels[] = { 1, 0, 1, 0 };
  g_autoptr(BpRoc) good = bp_roc_new (sep, sep_labels, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (good->auc, ==, 1.0);
  g_autoptr(BpRoc) bad = bp_roc_new (sep, rev_labels, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (bad->auc, ==, 0.0);
}

static void
test_roc_ties (void)
{
  /* Twenty rows, ties within and across classes, not in score order. */
  static const float scores[20] = {
    0.9f, 0.8f, 0.8f, 0.7f, 0.6f, 0.6f, 0.6f, 0.5f, 0.45f, 0.4f,
    0.4f, 0.35f, 0.3f, 0.3f, 0.2f, 0.2f, 0.1f, 0.1f, 0.05f, 0.9f,
  };
  static const guint32 labels[20] = {
    1, 1, 0, 1, 1, 0, 1, 0, 1, 0,
    0, 1, 0, 1, 0, 0, 1, 0, 0, 0,
  };
  /* roc_curve(labels, scores.astype(np.float32), drop_intermediate=False);
   * sklearn 1.2 puts max + 1 where later versions (and we) put +inf. */
  static const double fpr[13] = {
    0.0, 0.09090909090909091, 0.18181818181818182, 0.18181818181818182,
    0.2727272727272727, 0.36363636363636365, 0.36363636363636365,
    0.5454545454545454, 0.5454545454545454, 0.6363636363636364,
    0.8181818181818182, 0.9090909090909091, 1.0,
  };
  static const double tpr[13] = {
    0.0, 0.1111111111111111, 0.2222222222222222, 0.3333333333333333,
    0.5555555555555556, 0.5555555555555556, 0.6666666666666666,
    0.6666666666666666, 0.7777777777777778, 0.8888888888888888,
    0.8888888888888888, 1.0, 1.0,
  };
  static const double thresholds[13] = {
    INFINITY, 0.8999999761581421, 0.800000011920929, 0.699999988079071,
    0.6000000238418579, 0.5, 0.44999998807907104, 0.4000000059604645,
    0.3499999940395355, 0.30000001192092896, 0.20000000298023224,
    0.10000000149011612, 0.05000000074505806,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(BpRoc) roc = bp_roc_new (scores, labels, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roc->n_points, ==, 13);
  g_assert_cmpuint (roc->n_positive, ==, 9);
  g_assert_cmpuint (roc->n_negative, ==, 11);
  for (gsize i = 0; i < 13; i++)
    {
      g_assert_cmpfloat (roc->fpr[i], ==, fpr[i]);
      g_assert_cmpfloat (roc->tpr[i], ==, tpr[i]);
      g_assert_cmpfloat (roc->thresholds[i], ==, thresholds[i]);
    }
  /* roc_auc_score(labels, scores) */
  g_assert_cmpfloat_with_epsilon (roc->auc, 0.6464646464646464, 1e-15);
  g_assert_cmpfloat_with_epsilon (roc->auc, 64.0 / 99.0, 1e-15);
}

static void
test_roc_mann_whitney (void)
{
  /* Random rows with heavy ties: the area must equal the share of
   * positive-negative pairs ranked right, ties counting half. */
  BpRng rng;
  bp_rng_init (&rng, 20240611, 3);
  for (int round = 0; round < 20; round++)
    {
      gsize n = 2 + bp_rng_below (&rng, 300);
      g_autofree float *scores = g_new (float, n);
      g_autofree guint32 *labels = g_new (guint32, n);
      for (gsize i = 0; i < n; i++)
        {
          labels[i] = bp_rng_below (&rng, 2);
          /* Few distinct values, leaning towards the label. */
          scores[i] = (float) (bp_rng_below (&rng, 8) + 3 * labels[i]) / 16.0f;
        }
      labels[0] = 0;
      labels[1] = 1;

      double pairs = 0, wins = 0;
      for (gsize i = 0; i < n; i++)
        for (gsize j = 0; j < n; j++)
          if (labels[i] == 1 && labels[j] == 0)
            {
              pairs++;
              wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
            }

      g_autoptr(GError) error = NULL;
      g_autoptr(BpRoc) roc = bp_roc_new (scores, labels, n, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (roc->auc, wins / pairs, 1e-12);
      g_assert_cmpfloat (roc->fpr[0], ==, 0.0);
      g_assert_cmpfloat (roc->tpr[0], ==, 0.0);
      g_assert_cmpfloat (roc->fpr[roc->n_points - 1], ==, 1.0);
      g_assert_cmpfloat (roc->tpr[roc->n_points - 1], ==, 1.0);
      for (gsize i = 1; i < roc->n_points; i++)
        {
          g_assert_cmpfloat (roc->fpr[i], >=, roc->fpr[i - 1]);
          g_assert_cmpfloat (roc->tpr[i], >=, roc->tpr[i - 1]);
          g_assert_cmpfloat (roc->thresholds[i], <, roc->thresholds[i - 1]);
        }
    }
}

static void
test_roc_invalid (void)
{
  static const float scores[] = { 0.2f, 0.7f, 0.4f };
  static const guint32 zeros[] = { 0, 0, 0 };
  static const guint32 ones[] = { 1, 1, 1 };
  static const guint32 twos[] = { 0, 2, 1, 0 };
  static const float with_nan[] = { 0.2f, NAN, 0.4f };
  static const guint32 mixed[] = { 0, 1, 1 };

  g_autoptr(GError) error = NULL;
  BpRoc *roc = bp_roc_new (scores, zeros, 3, &error);
  g_assert_null (roc);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "both classes"));
  g_clear_error (&error);

  roc = bp_roc_new (scores, ones, 3, &error);
  g_assert_null (roc);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "both classes"));
  g_clear_error (&error);

  roc = bp_roc_new (NULL, NULL, 0, &error);
  g_assert_null (roc);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);

  static const float four_scores[] = { 0.2f, 0.7f, 0.4f, 0.1f };
  roc = bp_roc_new (four_scores, twos, 4, &error);
  g_assert_null (roc);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "labels 0 and 1"));
  g_clear_error (&error);

  roc = bp_roc_new (with_nan, mixed, 3, &error);
  g_assert_null (roc);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "NaN"));
  g_clear_error (&error);

  /* A NULL error is fine too. */
  g_assert_null (bp_roc_new (scores, zeros, 3, NULL));
}

static void
test_regression_hand (void)
{
  /* Errors 0, 0, 2: MAE 2/3, MSE 4/3; SS_tot 2, so R² = 1 - 4/2. */
  static const float truth[] = { 1, 2, 3 };
  static const float predicted[] = { 1, 2, 5 };
  BpRegressionScores s;
  bp_regression_scores (&s, predicted, truth, 3, 1);
  g_assert_cmpfloat_with_epsilon (s.mae, 2.0 / 3.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (s.rmse, sqrt (4.0 / 3.0), 1e-15);
  g_assert_cmpfloat_with_epsilon (s.r2, -1.0, 1e-15);

  bp_regression_scores (&s, truth, truth, 3, 1);
  g_assert_cmpfloat (s.mae, ==, 0.0);
  g_assert_cmpfloat (s.rmse, ==, 0.0);
  g_assert_cmpfloat (s.r2, ==, 1.0);

  bp_regression_scores (&s, NULL, NULL, 0, 2);
  g_assert_true (isnan (s.mae) && isnan (s.rmse) && isnan (s.r2));
}

static void
test_regression_sklearn (void)
{
  static const float truth[] = {
    3.0f, -0.5f,
    -0.5f, 2.0f,
    2.0f, 7.0f,
    7.0f, 1.5f,
    4.25f, -2.0f,
    1.0f, 0.0f,
  };
  static const float predicted[] = {
    2.5f, 0.0f,
    0.0f, 2.0f,
    2.0f, 8.0f,
    8.0f, 1.0f,
    3.5f, -1.0f,
    1.5f, 0.75f,
  };
  BpRegressionScores s;
  bp_regression_scores (&s, predicted, truth, 6, 2);
  /* mean_absolute_error(t, p) */
  g_assert_cmpfloat_with_epsilon (s.mae, 0.5833333333333333, 1e-15);
  /* np.sqrt(mean_squared_error(t, p)) */
  g_assert_cmpfloat_with_epsilon (s.rmse, 0.6692657668420421, 1e-15);
  /* r2_score(t, p); per output (multioutput="raw_values") 0.933072053059994
   * and 0.9372866894197952, so it is not R² of the values pooled. */
  g_assert_cmpfloat_with_epsilon (s.r2, 0.9351793712398946, 1e-15);

  /* Output 0 alone, as one output. */
  static const float t0[] = { 3.0f, -0.5f, 2.0f, 7.0f, 4.25f, 1.0f };
  static const float p0[] = { 2.5f, 0.0f, 2.0f, 8.0f, 3.5f, 1.5f };
  bp_regression_scores (&s, p0, t0, 6, 1);
  g_assert_cmpfloat_with_epsilon (s.r2, 0.933072053059994, 1e-15);
}

static void
test_regression_constant_truth (void)
{
  static const float truth[] = {
    2, 1,
    2, 2,
    2, 3,
  };
  /* r2_score(t, p) with column 0 constant and predicted exactly: 1.0 for
   * it, 0.875 for column 1, 0.9375 in all. */
  static const float perfect[] = {
    2, 1,
    2, 2.5f,
    2, 3,
  };
  BpRegressionScores s;
  bp_regression_scores (&s, perfect, truth, 3, 2);
  g_assert_cmpfloat_with_epsilon (s.r2, 0.9375, 1e-15);

  /* ... and missed once: 0.0 for it, 1.0 for column 1, 0.5 in all. */
  static const float missed[] = {
    2.5f, 1,
    2, 2,
    2, 3,
  };
  bp_regression_scores (&s, missed, truth, 3, 2);
  g_assert_cmpfloat (s.r2, ==, 0.5);
  g_assert_true (isfinite (s.r2));
}

static void
test_regression_double_sums (void)
{
  /* A million values near 10 000: summed in float, the mean drifts by
   * far more than the spread of ±0.5 and R² comes out wrong. */
  const gsize n = 1 << 20;
  g_autofree float *truth = g_new (float, n);
  g_autofree float *predicted = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    {
      truth[i] = 10000.0f + (i % 2 ? 0.5f : -0.5f);
      predicted[i] = 10000.0f;
    }
  BpRegressionScores s;
  bp_regression_scores (&s, predicted, truth, n, 1);
  g_assert_cmpfloat (s.mae, ==, 0.5);
  g_assert_cmpfloat (s.rmse, ==, 0.5);
  g_assert_cmpfloat_with_epsilon (s.r2, 0.0, 1e-12);

  for (gsize i = 0; i < n; i++)
    predicted[i] = truth[i] + (i % 4 == 0 ? 0.25f : 0.0f);
  bp_regression_scores (&s, predicted, truth, n, 1);
  /* A quarter of the rows off by 0.25: SS_res / SS_tot = 0.0625/4 / 0.25. */
  g_assert_cmpfloat_with_epsilon (s.r2, 1.0 - 0.0625, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.mae, 0.0625, 1e-12);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/metrics/confusion/basic", test_confusion_basic);
  g_test_add_func ("/engine/metrics/confusion/sklearn", test_confusion_sklearn);
  g_test_add_func ("/engine/metrics/confusion/absent-class", test_confusion_absent_class);
  g_test_add_func ("/engine/metrics/predict-classes", test_predict_classes);
  g_test_add_func ("/engine/metrics/accuracy", test_accuracy);
  g_test_add_func ("/engine/metrics/roc/hand", test_roc_hand);
  g_test_add_func ("/engine/metrics/roc/ties", test_roc_ties);
  g_test_add_func ("/engine/metrics/roc/mann-whitney", test_roc_mann_whitney);
  g_test_add_func ("/engine/metrics/roc/invalid", test_roc_invalid);
  g_test_add_func ("/engine/metrics/regression/hand", test_regression_hand);
  g_test_add_func ("/engine/metrics/regression/sklearn", test_regression_sklearn);
  g_test_add_func ("/engine/metrics/regression/constant-truth", test_regression_constant_truth);
  g_test_add_func ("/engine/metrics/regression/double-sums", test_regression_double_sums);
  return g_test_run ();
}
