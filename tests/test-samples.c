/* test-samples.c: tests for bp-samples, the generated 2-D teaching sets.
 *
 * The CSV text is read back here line by line (not through bp-table), so
 * the checks on shapes, balance and order hold for the bytes a user would
 * save; bp_sample_generate() is then checked to give the table a file
 * would. The learnability tests train the engine's own models: a small
 * tanh network must learn circles and XOR, and a linear model must not
 * learn XOR, which is what makes XOR worth showing.
 */
#include <math.h>
#include <string.h>

#include "bp-engine.h"
#include "test-util.h"

static const BpSampleKind all_kinds[] = {
  BP_SAMPLE_CIRCLES, BP_SAMPLE_XOR, BP_SAMPLE_GAUSSIANS, BP_SAMPLE_SPIRAL,
};

typedef struct {
  gsize    n;
  double  *x, *y;
  guint   *label;
} Points;

static void
points_free (Points *p)
{
  g_free (p->x);
  g_free (p->y);
  g_free (p->label);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Points, points_free)

/* Parse generated text strictly: the header, then "X,Y,L\n" rows with
 * finite numbers and L 0 or 1. */
static Points *
parse (const char *csv, gsize length)
{
  g_assert_cmpuint (strlen (csv), ==, length);
  g_assert_true (g_str_has_prefix (csv, "x1,x2,label\n"));
  g_assert_true (g_str_has_suffix (csv, "\n"));
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  const gsize n_lines = g_strv_length (lines);
  g_assert_cmpuint (n_lines, >=, 2);
  g_assert_cmpstr (lines[n_lines - 1], ==, "");   /* after the last "\n" */

  Points *p = g_new0 (Points, 1);
  p->n = n_lines - 2;
  p->x = g_new (double, p->n);
  p->y = g_new (double, p->n);
  p->label = g_new (guint, p->n);
  for (gsize i = 0; i < p->n; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i + 1], ",", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      char *end;
      p->x[i] = g_ascii_strtod (fields[0], &end);
      g_assert_true (*end == '\0' && end != fields[0]);
      p->y[i] = g_ascii_strtod (fields[1], &end);
      g_assert_true (*end == '\0' && end != fields[1]);
      g_assert_true (isfinite (p->x[i]) && isfinite (p->y[i]));
      g_assert_true (g_str_equal (fields[2], "0") || g_str_equal (fields[2], "1"));
      p->label[i] = fields[2][0] == '1';
    }
  return p;
}

static Points *
generate (BpSampleKind kind, gsize rows, double noise, guint64 seed)
{
  gsize length = 0;
  g_autofree char *csv = bp_sample_generate_csv (kind, rows, noise, seed, &length);
  g_assert_nonnull (csv);
  return parse (csv, length);
}

/* ---- names --------------------------------------------------------------- */

static void
test_names (void)
{
  static const char * const expected[] = { "circles", "xor", "gaussians", "spiral" };
  for (gsize k = 0; k < G_N_ELEMENTS (all_kinds); k++)
    {
      g_assert_cmpstr (bp_sample_kind_to_string (all_kinds[k]), ==, expected[k]);
      BpSampleKind kind = (BpSampleKind) 99;
      g_assert_true (bp_sample_kind_from_string (expected[k], &kind));
      g_assert_cmpint (kind, ==, all_kinds[k]);
      g_autofree char *upper = g_ascii_strup (expected[k], -1);
      g_assert_true (bp_sample_kind_from_string (upper, &kind));
      g_assert_cmpint (kind, ==, all_kinds[k]);
      g_autofree char *file = bp_sample_file_name (all_kinds[k]);
      g_autofree char *want = g_strconcat (expected[k], ".csv", NULL);
      g_assert_cmpstr (file, ==, want);
    }
  BpSampleKind kind = BP_SAMPLE_SPIRAL;
  g_assert_false (bp_sample_kind_from_string ("moons", &kind));
  g_assert_false (bp_sample_kind_from_string ("", &kind));
  g_assert_cmpint (kind, ==, BP_SAMPLE_SPIRAL);
  g_assert_cmpstr (bp_sample_kind_to_string ((BpSampleKind) 4), ==, "unknown");
}

/* ---- the text ------------------------------------------------------------ */

static void
test_deterministic (void)
{
  for (gsize k = 0; k < G_N_ELEMENTS (all_kinds); k++)
    {
      gsize la, lb, lc, ld;
      g_autofree char *a = bp_sample_generate_csv (all_kinds[k], 300, 0.1, 7, &la);
      g_autofree char *b = bp_sample_generate_csv (all_kinds[k], 300, 0.1, 7, &lb);
      g_autofree char *c = bp_sample_generate_csv (all_kinds[k], 300, 0.1, 8, &lc);
      g_autofree char *d = bp_sample_generate_csv (all_kinds[k], 300, 0.2, 7, &ld);
      g_assert_cmpuint (la, ==, lb);
      g_assert_cmpmem (a, la, b, lb);
      g_assert_false (la == lc && memcmp (a, c, la) == 0);
      g_assert_false (la == ld && memcmp (a, d, la) == 0);
      /* length is optional. */
      g_autofree char *e = bp_sample_generate_csv (all_kinds[k], 300, 0.1, 7, NULL);
      g_assert_cmpstr (e, ==, a);
    }
  /* Different kinds with one seed are different sets. */
  g_autofree char *circles = bp_sample_generate_csv (BP_SAMPLE_CIRCLES, 100, 0.1, 1, NULL);
  g_autofree char *spiral = bp_sample_generate_csv (BP_SAMPLE_SPIRAL, 100, 0.1, 1, NULL);
  g_assert_cmpstr (circles, !=, spiral);
}

/* Requested rows, balance within one row, both classes in the last 20%
 * when that is two rows or more (and in every pair of rows), and points
 * in −1..1 without noise. */
static void
test_shape_and_balance (void)
{
  static const gsize sizes[] = { 4, 5, 7, 10, 101, 500, 2001 };
  for (gsize k = 0; k < G_N_ELEMENTS (all_kinds); k++)
    for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (guint64 seed = 0; seed < 3; seed++)
        {
          const gsize n = sizes[s];
          g_autoptr(Points) p = generate (all_kinds[k], n, seed == 0 ? 0.0 : 0.1, seed);
          g_assert_cmpuint (p->n, ==, n);
          gsize ones = 0;
          for (gsize i = 0; i < n; i++)
            ones += p->label[i];
          g_assert_cmpint (labs ((long) (2 * ones) - (long) n), <=, 1);

          for (gsize i = 0; i + 1 < n; i += 2)
            g_assert_cmpuint (p->label[i], !=, p->label[i + 1]);
          const gsize tail = n - (gsize) floor (0.8 * (double) n);
          gsize tail_ones = 0;
          for (gsize i = n - tail; i < n; i++)
            tail_ones += p->label[i];
          if (tail >= 2)
            {
              g_assert_cmpuint (tail_ones, >, 0);
              g_assert_cmpuint (tail_ones, <, tail);
            }

          if (seed == 0 && all_kinds[k] != BP_SAMPLE_GAUSSIANS)
            for (gsize i = 0; i < n; i++)
              g_assert_true (fabs (p->x[i]) <= 1.0 && fabs (p->y[i]) <= 1.0);
        }
}

/* The classes are not in blocks: over 500 rows, label changes between
 * consecutive rows happen about half the time, not once or every time. */
static void
test_interleaved (void)
{
  g_autoptr(Points) p = generate (BP_SAMPLE_SPIRAL, 500, 0.1, 3);
  gsize changes = 0;
  for (gsize i = 1; i < p->n; i++)
    changes += p->label[i] != p->label[i - 1];
  g_test_message ("spiral: %" G_GSIZE_FORMAT " label changes in %" G_GSIZE_FORMAT " rows", changes, p->n);
  g_assert_cmpuint (changes, >, 300);
  g_assert_cmpuint (changes, <, 450);
}

/* Noise 0: every inner point is nearer the centre than every outer one,
 * with the gap the header promises; the angles go all the way round. */
static void
test_circles_exact (void)
{
  g_autoptr(Points) p = generate (BP_SAMPLE_CIRCLES, 1000, 0.0, 11);
  double inner_max = 0.0, outer_min = INFINITY, outer_max = 0.0;
  guint quadrants[2][4] = { { 0 } };
  for (gsize i = 0; i < p->n; i++)
    {
      double r = hypot (p->x[i], p->y[i]);
      if (p->label[i])
        {
          outer_min = MIN (outer_min, r);
          outer_max = MAX (outer_max, r);
        }
      else
        inner_max = MAX (inner_max, r);
      quadrants[p->label[i]][(p->x[i] >= 0) * 2 + (p->y[i] >= 0)]++;
    }
  g_test_message ("circles: inner up to %.4f, outer %.4f to %.4f", inner_max, outer_min, outer_max);
  g_assert_cmpfloat (inner_max, <, outer_min);
  g_assert_cmpfloat (inner_max, <=, 0.5 + 1e-4);
  g_assert_cmpfloat (outer_min, >=, 0.7 - 1e-4);
  g_assert_cmpfloat (outer_max, <=, 1.0 + 1e-4);
  for (int c = 0; c < 2; c++)
    for (int q = 0; q < 4; q++)
      g_assert_cmpuint (quadrants[c][q], >, 50);

  /* Noise blurs the gap: some points cross it. */
  g_autoptr(Points) noisy = generate (BP_SAMPLE_CIRCLES, 1000, 0.2, 11);
  inner_max = 0.0, outer_min = INFINITY;
  for (gsize i = 0; i < noisy->n; i++)
    {
      double r = hypot (noisy->x[i], noisy->y[i]);
      if (noisy->label[i])
        outer_min = MIN (outer_min, r);
      else
        inner_max = MAX (inner_max, r);
    }
  g_assert_cmpfloat (inner_max, >, outer_min);
}

/* Noise 0: label 1 exactly where x1 and x2 have the same sign, no point on
 * an axis, and all four quadrants used. */
static void
test_xor_exact (void)
{
  g_autoptr(Points) p = generate (BP_SAMPLE_XOR, 1000, 0.0, 5);
  guint quadrants[4] = { 0 };
  for (gsize i = 0; i < p->n; i++)
    {
      g_assert_cmpfloat (fabs (p->x[i]), >=, 0.05 - 1e-4);
      g_assert_cmpfloat (fabs (p->y[i]), >=, 0.05 - 1e-4);
      const guint same = (p->x[i] > 0) == (p->y[i] > 0);
      g_assert_cmpuint (p->label[i], ==, same);
      quadrants[(p->x[i] > 0) * 2 + (p->y[i] > 0)]++;
    }
  for (int q = 0; q < 4; q++)
    g_assert_cmpuint (quadrants[q], >, 180);
}

/* Gaussians: each class's mean is near its centre and its spread near
 * √(0.2² + noise²). */
static void
test_gaussians (void)
{
  static const double noises[] = { 0.0, 0.3 };
  for (gsize k = 0; k < G_N_ELEMENTS (noises); k++)
    {
      g_autoptr(Points) p = generate (BP_SAMPLE_GAUSSIANS, 4000, noises[k], 2);
      double sum[2] = { 0 }, sum_sq[2] = { 0 };
      for (gsize i = 0; i < p->n; i++)
        {
          sum[p->label[i]] += p->x[i] + p->y[i];
          sum_sq[p->label[i]] += p->x[i] * p->x[i] + p->y[i] * p->y[i];
        }
      const double half = (double) p->n / 2.0;
      const double want = sqrt (0.04 + noises[k] * noises[k]);
      for (int c = 0; c < 2; c++)
        {
          double mean = sum[c] / (2.0 * half);            /* of x and y together */
          double var = sum_sq[c] / (2.0 * half) - mean * mean;
          g_assert_cmpfloat (fabs (mean - (c ? 0.5 : -0.5)), <, 0.03);
          g_assert_cmpfloat (fabs (sqrt (var) - want), <, 0.05 * want);
        }
    }
}

/* Spiral, noise 0: radii from 0.1 to 1; the arms are each other turned by
 * π, so a point of one arm turned by π lies on the other arm (near some
 * point of it), and never on its own arm's neighbour turn. */
static void
test_spiral_exact (void)
{
  g_autoptr(Points) p = generate (BP_SAMPLE_SPIRAL, 2000, 0.0, 9);
  for (gsize i = 0; i < p->n; i++)
    {
      double r = hypot (p->x[i], p->y[i]);
      g_assert_cmpfloat (r, >=, 0.1 - 1e-3);
      g_assert_cmpfloat (r, <=, 1.0 + 1e-3);
    }
  /* Nearest neighbours of turned points: mostly the other class. */
  gsize other = 0, checked = 0;
  for (gsize i = 0; i < p->n; i += 10, checked++)
    {
      double tx = -p->x[i], ty = -p->y[i], best = INFINITY;
      guint best_label = 0;
      for (gsize j = 0; j < p->n; j++)
        {
          double d = hypot (p->x[j] - tx, p->y[j] - ty);
          if (d < best)
            {
              best = d;
              best_label = p->label[j];
            }
        }
      other += best_label != p->label[i];
    }
  g_test_message ("spiral: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " turned points land on the other arm",
                  other, checked);
  g_assert_cmpuint (other, >=, checked * 95 / 100);
}

/* Rows, noise and kinds out of range are clamped by the text function. */
static void
test_clamped (void)
{
  g_autoptr(Points) small = generate (BP_SAMPLE_XOR, 0, 0.1, 1);
  g_assert_cmpuint (small->n, ==, BP_SAMPLE_MIN_ROWS);
  g_autoptr(Points) one = generate (BP_SAMPLE_XOR, 1, 0.1, 1);
  g_assert_cmpuint (one->n, ==, BP_SAMPLE_MIN_ROWS);

  g_autofree char *negative = bp_sample_generate_csv (BP_SAMPLE_CIRCLES, 50, -3.0, 4, NULL);
  g_autofree char *nan_noise = bp_sample_generate_csv (BP_SAMPLE_CIRCLES, 50, NAN, 4, NULL);
  g_autofree char *zero = bp_sample_generate_csv (BP_SAMPLE_CIRCLES, 50, 0.0, 4, NULL);
  g_assert_cmpstr (negative, ==, zero);
  g_assert_cmpstr (nan_noise, ==, zero);
  g_autofree char *huge = bp_sample_generate_csv (BP_SAMPLE_CIRCLES, 50, 1e300, 4, NULL);
  g_autofree char *max = bp_sample_generate_csv (BP_SAMPLE_CIRCLES, 50, BP_SAMPLE_MAX_NOISE, 4, NULL);
  g_assert_cmpstr (huge, ==, max);
  g_autofree char *unknown = bp_sample_generate_csv ((BpSampleKind) 9, 50, 0.0, 4, NULL);
  g_assert_cmpstr (unknown, ==, zero);
}

/* The largest set: the right size, and the last row is whole. */
static void
test_largest (void)
{
  if (!g_test_slow ())
    {
      g_test_skip ("a million rows: run with -m slow");
      return;
    }
  gsize length;
  g_autofree char *csv = bp_sample_generate_csv (BP_SAMPLE_SPIRAL, BP_SAMPLE_MAX_ROWS + 10, 0.1, 1, &length);
  g_assert_cmpuint (strlen (csv), ==, length);
  gsize lines = 0;
  for (const char *c = csv; *c; c++)
    lines += *c == '\n';
  g_assert_cmpuint (lines, ==, BP_SAMPLE_MAX_ROWS + 1);
  /* The last row, whole. */
  const char *last = g_strrstr_len (csv, (gssize) length - 1, "\n") + 1;
  g_autofree char *text = g_strconcat ("x1,x2,label\n", last, NULL);
  g_autoptr(Points) p = parse (text, strlen (text));
  g_assert_cmpuint (p->n, ==, 1);
}

/* ---- as a table ---------------------------------------------------------- */

static void
test_table (void)
{
  for (gsize k = 0; k < G_N_ELEMENTS (all_kinds); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BpTable) table = bp_sample_generate (all_kinds[k], BP_SAMPLE_DEFAULT_ROWS,
                                                     BP_SAMPLE_DEFAULT_NOISE, 1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (table);
      g_autofree char *name = bp_sample_file_name (all_kinds[k]);
      g_assert_cmpstr (table->display_name, ==, name);
      g_assert_cmpuint (table->n_rows, ==, BP_SAMPLE_DEFAULT_ROWS);
      g_assert_cmpuint (table->n_columns, ==, 3);
      g_assert_cmpstr (table->columns[0].name, ==, "x1");
      g_assert_cmpstr (table->columns[1].name, ==, "x2");
      g_assert_cmpstr (table->columns[2].name, ==, "label");
      g_assert_cmpint (table->columns[0].type, ==, BP_COLUMN_NUMERIC);
      g_assert_cmpint (table->columns[1].type, ==, BP_COLUMN_NUMERIC);
      g_assert_cmpuint (table->columns[0].n_missing + table->columns[1].n_missing, ==, 0);
      g_assert_cmpint (bp_dataset_default_target (table), ==, 2);
      g_assert_cmpint (bp_dataset_detect_task (table, 2), ==, BP_TASK_BINARY);
      g_assert_cmpuint (table->warnings->len, ==, 0);

      /* The same values as the text. */
      gsize length;
      g_autofree char *csv = bp_sample_generate_csv (all_kinds[k], BP_SAMPLE_DEFAULT_ROWS,
                                                     BP_SAMPLE_DEFAULT_NOISE, 1, &length);
      g_autoptr(Points) p = parse (csv, length);
      for (gsize i = 0; i < p->n; i++)
        {
          g_assert_cmpfloat (bp_column_value (&table->columns[0], i), ==, p->x[i]);
          g_assert_cmpfloat (bp_column_value (&table->columns[1], i), ==, p->y[i]);
          g_assert_cmpfloat (bp_column_value (&table->columns[2], i), ==, (double) p->label[i]);
        }

      /* A dataset with the defaults: binary, 2 inputs, both classes in
       * the Keras validation rows. */
      BpDatasetOptions options;
      bp_dataset_options_init (&options);
      g_autoptr(BpDataset) dataset = make_dataset (table, &options);
      g_assert_cmpint (dataset->task, ==, BP_TASK_BINARY);
      g_assert_cmpuint (dataset->n_features, ==, 2);
      g_assert_cmpuint (dataset->n_classes, ==, 2);
      gsize ones = 0;
      for (gsize i = 0; i < dataset->n_validation; i++)
        ones += dataset->labels[dataset->validation[i]];
      g_assert_cmpuint (ones, >, 0);
      g_assert_cmpuint (ones, <, dataset->n_validation);
    }
}

static void
test_table_errors (void)
{
  static const struct { BpSampleKind kind; gsize rows; double noise; const char *says; } bad[] = {
    { BP_SAMPLE_CIRCLES, 3, 0.1, "from 4 to 1000000 rows, not 3" },
    { BP_SAMPLE_CIRCLES, 0, 0.1, "not 0" },
    { BP_SAMPLE_XOR, BP_SAMPLE_MAX_ROWS + 1, 0.1, "not 1000001" },
    { BP_SAMPLE_SPIRAL, 100, -0.1, "not -0.1" },
    { BP_SAMPLE_SPIRAL, 100, 2.5, "from 0 to 2 " },
    { BP_SAMPLE_SPIRAL, 100, NAN, "noise" },
    { BP_SAMPLE_SPIRAL, 100, INFINITY, "noise" },
    { (BpSampleKind) 4, 100, 0.1, "circles, xor, gaussians or spiral" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BpTable) table = bp_sample_generate (bad[i].kind, bad[i].rows, bad[i].noise, 1, &error);
      g_assert_null (table);
      g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("case %" G_GSIZE_FORMAT ": “%s” does not say “%s”", i, error->message, bad[i].says);
    }
  /* The edges themselves are fine. */
  g_autoptr(BpTable) smallest = bp_sample_generate (BP_SAMPLE_XOR, BP_SAMPLE_MIN_ROWS, 0.0, 1, NULL);
  g_assert_nonnull (smallest);
  g_assert_cmpuint (smallest->n_rows, ==, 4);
  g_assert_cmpint (bp_dataset_detect_task (smallest, 2), ==, BP_TASK_BINARY);
  g_autoptr(BpTable) noisiest = bp_sample_generate (BP_SAMPLE_XOR, 10, BP_SAMPLE_MAX_NOISE, 1, NULL);
  g_assert_nonnull (noisiest);
}

/* ---- learnability ---------------------------------------------------------- */

/* Validation accuracy (Keras split: the last 20%) after training `layers`
 * ("" for none: a linear model) on a generated set. */
static double
train_accuracy (BpSampleKind kind, double noise, const char *layers, guint epochs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = bp_sample_generate (kind, BP_SAMPLE_DEFAULT_ROWS, noise, 1, &error);
  g_assert_no_error (error);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);

  g_autoptr(BpModelSpec) spec = bp_model_spec_new (dataset->n_features);
  if (*layers)
    {
      g_assert_true (bp_model_spec_parse_layers (spec, layers, &error));
      g_assert_no_error (error);
    }
  bp_model_spec_add_output (spec, dataset->task, dataset->n_outputs);
  g_autoptr(BpModel) model = bp_model_new (spec, &error);
  g_assert_no_error (error);

  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = epochs;
  config.batch_size = 16;
  config.seed = 2;
  config.optimizer.learning_rate = 0.02f;
  g_autoptr(BpTrainer) trainer = bp_trainer_new (model, dataset, &config, &error);
  g_assert_no_error (error);
  g_assert_true (bp_trainer_run (trainer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  double loss, accuracy;
  bp_trainer_evaluate (trainer, dataset->validation, dataset->n_validation, &loss, &accuracy);
  g_test_message ("%s, noise %.2f, layers “%s”: validation accuracy %.3f of %" G_GSIZE_FORMAT " rows",
                  bp_sample_kind_to_string (kind), noise, layers, accuracy, dataset->n_validation);
  return accuracy;
}

static void
test_learn_circles (void)
{
  g_assert_cmpfloat (train_accuracy (BP_SAMPLE_CIRCLES, 0.1, "16:tanh,16:tanh", 40), >=, 0.9);
}

static void
test_learn_xor (void)
{
  g_assert_cmpfloat (train_accuracy (BP_SAMPLE_XOR, 0.1, "16:tanh,16:tanh", 40), >=, 0.9);
}

/* No hidden layer: a straight line cannot split the quadrants. */
static void
test_xor_not_linear (void)
{
  g_assert_cmpfloat (train_accuracy (BP_SAMPLE_XOR, 0.1, "", 40), <, 0.75);
}

/* Two blobs are the easy case: a line is enough. */
static void
test_gaussians_linear (void)
{
  g_assert_cmpfloat (train_accuracy (BP_SAMPLE_GAUSSIANS, 0.1, "", 20), >=, 0.95);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bp_blas_set_threads (1);

  g_test_add_func ("/engine/samples/names", test_names);
  g_test_add_func ("/engine/samples/deterministic", test_deterministic);
  g_test_add_func ("/engine/samples/shape-and-balance", test_shape_and_balance);
  g_test_add_func ("/engine/samples/interleaved", test_interleaved);
  g_test_add_func ("/engine/samples/circles-exact", test_circles_exact);
  g_test_add_func ("/engine/samples/xor-exact", test_xor_exact);
  g_test_add_func ("/engine/samples/gaussians", test_gaussians);
  g_test_add_func ("/engine/samples/spiral-exact", test_spiral_exact);
  g_test_add_func ("/engine/samples/clamped", test_clamped);
  g_test_add_func ("/engine/samples/largest", test_largest);
  g_test_add_func ("/engine/samples/table", test_table);
  g_test_add_func ("/engine/samples/table-errors", test_table_errors);
  g_test_add_func ("/engine/samples/learn/circles", test_learn_circles);
  g_test_add_func ("/engine/samples/learn/xor", test_learn_xor);
  g_test_add_func ("/engine/samples/learn/xor-not-linear", test_xor_not_linear);
  g_test_add_func ("/engine/samples/learn/gaussians-linear", test_gaussians_linear);

  return g_test_run ();
}
