/* test-probe.c: tests for bp-probe.
 *
 * - on a table with numbers, a category and a yes/no column, for each
 *   task: the grid equals bp_model_predict on the plane's points written
 *   as a CSV and encoded by the dataset's own transform, and the neuron
 *   maps equal the hidden outputs of that forward pass; on two planes,
 *   and on a coarser grid set on the same probe;
 * - the held values are the training rows' median and most frequent
 *   value, worked out here from the table;
 * - unit statistics of a hand-made model, worked out here in double;
 * - confusion and regression points agree with bp_evaluation on the
 *   validation rows; a large validation set is thinned;
 * - a run probed after every batch trains bit-identically to one that is
 *   not, and a probe leaves the weights as they were;
 * - errors: a grid of 0 cells, a model of another shape, bad planes.
 *
 * OpenBLAS runs on one thread, so seeded runs are bit-identical.
 */
#include <math.h>
#include <string.h>

#include "bp-engine.h"
#include "test-util.h"

/* Columns: a, b, c numbers, colour a category, flag yes/no, then the
 * targets t3 (3 classes), t2 (2) and treg (a number). */
enum { COL_A, COL_B, COL_C, COL_COLOUR, COL_FLAG, COL_T3, COL_T2, COL_TREG, N_COLS };

static char *
mixed_csv (gsize n_rows)
{
  static const char * const colours[] = { "blue", "green", "red" };
  BpRng rng;
  bp_rng_init (&rng, 7, 0);
  GString *s = g_string_new ("a,b,c,colour,flag,t3,t2,treg\n");
  for (gsize i = 0; i < n_rows; i++)
    {
      double a = -3.0 + 8.0 * bp_rng_uniform (&rng);
      double b = 100.0 + 100.0 * bp_rng_uniform (&rng);
      int c = 1 + (int) bp_rng_below (&rng, 9);
      /* Green most often, then red. */
      guint32 u = bp_rng_below (&rng, 10);
      const char *colour = colours[u < 2 ? 0 : u < 7 ? 1 : 2];
      int flag = bp_rng_below (&rng, 3) == 0;
      int t3 = a < 0 ? 0 : b < 150 ? 1 : 2;
      int t2 = a + (b - 150) / 20 > 1;
      double treg = 2.0 * a - 0.1 * b + c + (flag ? 3 : 0);
      char na[G_ASCII_DTOSTR_BUF_SIZE], nb[G_ASCII_DTOSTR_BUF_SIZE], nr[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append_printf (s, "%s,%s,%d,%s,%d,k%d,%s,%s\n",
                              g_ascii_formatd (na, sizeof na, "%.4f", a),
                              g_ascii_formatd (nb, sizeof nb, "%.3f", b), c, colour, flag, t3,
                              t2 ? "yes" : "no", g_ascii_formatd (nr, sizeof nr, "%.3f", treg));
    }
  return g_string_free (s, FALSE);
}

static BpDataset *
mixed_dataset (const BpTable *table, int target)
{
  BpColumnRole roles[N_COLS] = { 0 };
  roles[COL_T3] = roles[COL_T2] = roles[COL_TREG] = BP_ROLE_IGNORED;
  roles[target] = BP_ROLE_TARGET;
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.target = target;
  options.roles = roles;
  return make_dataset (table, &options);
}

static BpModel *
make_model (const BpDataset *dataset, const char *layers, guint64 seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelSpec) spec = bp_model_spec_new (dataset->n_features);
  if (layers)
    g_assert_true (bp_model_spec_parse_layers (spec, layers, &error));
  g_assert_no_error (error);
  bp_model_spec_add_output (spec, dataset->task, dataset->n_outputs);
  BpModel *model = bp_model_new (spec, &error);
  g_assert_no_error (error);
  BpRng rng;
  bp_rng_init (&rng, seed, 0);
  bp_model_init_params (model, &rng);
  return model;
}

static BpProbe *
make_probe (const BpModel *model, const BpDataset *dataset, guint width, guint height)
{
  g_autoptr(GError) error = NULL;
  BpProbe *probe = bp_probe_new (model->spec, dataset, width, height, &error);
  g_assert_no_error (error);
  g_assert_nonnull (probe);
  return probe;
}

static gsize
feature_of_column (const BpDataset *dataset, int column)
{
  for (gsize f = 0; f < dataset->n_feature_columns; f++)
    if (dataset->features[f].column == column)
      return f;
  g_assert_not_reached ();
}

static void
append_number (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

/* The plane's cell centres as a CSV of the feature columns, encoded by
 * the dataset's transform: the rows bp-dataset.c would make of them. */
static BpDataset *
plane_rows (const BpDataset *dataset, const BpProbePlane *plane, guint width, guint height)
{
  g_autoptr(GError) error = NULL;
  GString *s = g_string_new (NULL);
  for (gsize f = 0; f < dataset->n_feature_columns; f++)
    g_string_append_printf (s, "%s%s", f ? "," : "", dataset->features[f].name);
  g_string_append_c (s, '\n');
  const double dx = (plane->x_max - plane->x_min) / width, dy = (plane->y_max - plane->y_min) / height;
  for (guint j = 0; j < height; j++)
    for (guint i = 0; i < width; i++)
      {
        for (gsize f = 0; f < dataset->n_feature_columns; f++)
          {
            const BpFeature *feature = &dataset->features[f];
            if (f)
              g_string_append_c (s, ',');
            if (f == plane->feature_x)
              append_number (s, plane->x_min + (i + 0.5) * dx);
            else if (f == plane->feature_y)
              append_number (s, plane->y_max - (j + 0.5) * dy);
            else if (feature->encoding == BP_ENCODING_ONE_HOT)
              g_string_append (s, feature->levels[(gsize) plane->held[f]]);
            else if (feature->type == BP_COLUMN_BOOLEAN)
              g_string_append (s, plane->held[f] >= 0.5 ? "1" : "0");
            else
              append_number (s, plane->held[f]);
          }
        g_string_append_c (s, '\n');
      }
  g_autofree char *csv = g_string_free (s, FALSE);
  g_autoptr(BpTable) table = load_text_named ("plane.csv", csv);
  g_autoptr(BpTransform) transform = bp_transform_new_from_dataset (dataset);
  BpDataset *rows = bp_dataset_new_for_transform (table, transform, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->n_rows, ==, (gsize) width * height);
  return rows;
}

/* Grid and maps against the model's own forward pass on the same points. */
static void
check_plane (const BpModel *model, const BpDataset *dataset, BpProbe *probe, guint width, guint height)
{
  const gsize cells = (gsize) width * height, k = dataset->n_outputs;
  g_autoptr(BpProbeFrame) frame = bp_probe_frame_new (probe);
  bp_probe_run (probe, model, frame);
  g_assert_true (frame->has_plane);
  g_assert_cmpint (frame->parts, ==, BP_PROBE_ALL);
  g_assert_cmpuint (frame->width, ==, width);
  g_assert_cmpuint (frame->height, ==, height);

  g_autoptr(BpDataset) rows = plane_rows (dataset, &frame->plane, width, height);
  /* The probe's own encoding gives the same inputs. */
  g_autofree float *point = g_new (float, dataset->n_features);
  const BpProbePlane *p = &frame->plane;
  bp_probe_encode_point (probe, p->x_min + 0.5 * (p->x_max - p->x_min) / width,
                         p->y_max - 0.5 * (p->y_max - p->y_min) / height, point);
  g_assert_cmpmem (point, dataset->n_features * sizeof (float), rows->x, dataset->n_features * sizeof (float));

  g_autoptr(BpWorkspace) ws = bp_workspace_new (model, cells, FALSE);
  g_autofree float *out = g_new (float, cells * k);
  bp_model_predict (model, ws, out, rows->x, cells);
  g_autofree guint32 *classes = g_new (guint32, cells);
  bp_predict_classes (classes, out, cells, k);

  float lo = INFINITY, hi = -INFINITY;
  for (gsize c = 0; c < cells; c++)
    {
      switch (dataset->task)
        {
        case BP_TASK_REGRESSION:
          g_assert_cmpfloat (frame->value[c], ==, (float) bp_dataset_target_in_units (dataset, out[c]));
          break;
        case BP_TASK_BINARY:
          g_assert_cmpfloat (frame->value[c], ==, out[c]);
          g_assert_cmpuint (frame->winner[c], ==, classes[c]);
          g_assert_cmpfloat (frame->confidence[c], ==, classes[c] ? out[c] : 1.0f - out[c]);
          break;
        case BP_TASK_MULTICLASS:
        default:
          g_assert_cmpuint (frame->winner[c], ==, classes[c]);
          g_assert_cmpfloat (frame->confidence[c], ==, out[c * k + classes[c]]);
          g_assert_cmpfloat (frame->value[c], ==, frame->confidence[c]);
          break;
        }
      lo = MIN (lo, frame->value[c]);
      hi = MAX (hi, frame->value[c]);
    }
  g_assert_cmpfloat (frame->value_min, ==, lo);
  g_assert_cmpfloat (frame->value_max, ==, hi);

  /* predict left the last forward pass's hidden outputs in ws. */
  g_assert_cmpuint (frame->n_hidden, ==, model->n_layers - 1);
  for (gsize l = 0; l < frame->n_hidden; l++)
    {
      const gsize units = model->layers[l].n_out;
      g_assert_cmpuint (frame->units[l], ==, units);
      g_assert_cmpuint (frame->map_units[l], ==, units);
      for (gsize u = 0; u < units; u++)
        for (gsize c = 0; c < cells; c++)
          g_assert_cmpfloat (frame->maps[l][u * cells + c], ==, ws->a[l][c * units + u]);
    }
  g_assert_cmpmem (frame->params, frame->n_params * sizeof (float), model->params, model->n_params * sizeof (float));
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  const double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* ---- the plane ---------------------------------------------------------- */

static void
test_grid_equals_predict (gconstpointer data)
{
  const int target = GPOINTER_TO_INT (data);
  g_autofree char *csv = mixed_csv (200);
  g_autoptr(BpTable) table = load_text_named ("mixed.csv", csv);
  g_autoptr(BpDataset) dataset = mixed_dataset (table, target);
  g_assert_cmpint (dataset->task, ==, target == COL_T3 ? BP_TASK_MULTICLASS
                                      : target == COL_T2 ? BP_TASK_BINARY : BP_TASK_REGRESSION);
  const gsize fa = feature_of_column (dataset, COL_A), fb = feature_of_column (dataset, COL_B);
  const gsize fc = feature_of_column (dataset, COL_C), fcol = feature_of_column (dataset, COL_COLOUR);
  const gsize fflag = feature_of_column (dataset, COL_FLAG);
  g_assert_cmpint (dataset->features[fcol].encoding, ==, BP_ENCODING_ONE_HOT);
  g_assert_cmpint (dataset->features[fflag].type, ==, BP_COLUMN_BOOLEAN);

  g_autoptr(BpModel) model = make_model (dataset, "6:relu,5:tanh", 3);
  g_autoptr(BpProbe) probe = make_probe (model, dataset, 7, 5);

  /* The default plane: the first two numbers, over their range. */
  const BpProbePlane *plane = bp_probe_get_plane (probe);
  g_assert_cmpuint (plane->feature_x, ==, fa);
  g_assert_cmpuint (plane->feature_y, ==, fb);
  double lo, hi;
  bp_probe_axis_bounds (dataset, fa, 0.0, &lo, &hi);
  g_assert_cmpfloat (lo, >=, -3.0);
  g_assert_cmpfloat (hi, <=, 5.0);
  g_assert_cmpfloat (plane->x_min, <, lo);
  g_assert_cmpfloat (plane->x_max, >, hi);
  g_assert_cmpfloat_with_epsilon (plane->x_max - hi, BP_PROBE_MARGIN * (hi - lo), 1e-9);
  check_plane (model, dataset, probe, 7, 5);

  /* Another plane: c across, a up, colour and flag held elsewhere. */
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_probe_set_axes (probe, fc, fa, &error));
  g_assert_no_error (error);
  BpProbePlane other = *bp_probe_get_plane (probe);
  g_autofree double *held = g_memdup2 (other.held, dataset->n_feature_columns * sizeof (double));
  held[fb] = 123.25;
  held[fcol] = 2;
  held[fflag] = 1 - held[fflag];
  other.held = held;
  other.y_min = -1.5;
  g_assert_true (bp_probe_set_plane (probe, &other, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (bp_probe_get_plane (probe)->held[fb], ==, 123.25);
  check_plane (model, dataset, probe, 7, 5);

  /* A coarser grid on the same probe and frames: its cells too are the
   * model's predictions, and the full grid comes back. */
  bp_probe_set_grid (probe, 3, 4);
  guint w, h;
  bp_probe_get_grid (probe, &w, &h);
  g_assert_cmpuint (w, ==, 3);
  g_assert_cmpuint (h, ==, 4);
  g_assert_cmpuint (bp_probe_count_rows (probe), ==,
                    12 + MIN (dataset->n_train, BP_PROBE_STATS_ROWS) + dataset->n_validation);
  check_plane (model, dataset, probe, 3, 4);
  bp_probe_set_grid (probe, 7, 5);
  check_plane (model, dataset, probe, 7, 5);
}

static void
test_held_defaults (void)
{
  g_autofree char *csv = mixed_csv (301);
  g_autoptr(BpTable) table = load_text_named ("mixed.csv", csv);
  g_autoptr(BpDataset) dataset = mixed_dataset (table, COL_T3);
  g_autoptr(BpModel) model = make_model (dataset, "4:relu", 1);
  g_autoptr(BpProbe) probe = make_probe (model, dataset, 4, 4);
  const BpProbePlane *plane = bp_probe_get_plane (probe);

  /* Worked out from the table's cells on the training rows. */
  const gsize n = dataset->n_train;
  g_assert_cmpuint (n, >, 100);
  for (int column = COL_A; column <= COL_FLAG; column++)
    {
      const gsize f = feature_of_column (dataset, column);
      const BpColumn *col = &table->columns[column];
      if (column == COL_COLOUR || column == COL_FLAG)
        {
          g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          for (gsize i = 0; i < n; i++)
            {
              g_autofree char *cell = bp_table_cell_text (table, dataset->source_rows[dataset->train[i]], column);
              gpointer old = g_hash_table_lookup (counts, cell);
              g_hash_table_replace (counts, g_strdup (cell), GSIZE_TO_POINTER (GPOINTER_TO_SIZE (old) + 1));
            }
          /* The held level's count is the largest. */
          const char *level = column == COL_COLOUR ? dataset->features[f].levels[(gsize) plane->held[f]]
                                                   : plane->held[f] >= 0.5 ? "1" : "0";
          gsize held_count = GPOINTER_TO_SIZE (g_hash_table_lookup (counts, level));
          GHashTableIter iter;
          gpointer value;
          g_hash_table_iter_init (&iter, counts);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            g_assert_cmpuint (held_count, >=, GPOINTER_TO_SIZE (value));
          g_assert_cmpuint (held_count, >, n / 3);
          if (column == COL_COLOUR)
            g_assert_cmpstr (level, ==, "green");
        }
      else
        {
          g_autofree double *v = g_new (double, n);
          for (gsize i = 0; i < n; i++)
            v[i] = bp_column_value (col, dataset->source_rows[dataset->train[i]]);
          /* The median, from the file's numbers (the dataset keeps float). */
          qsort (v, n, sizeof (double), compare_doubles);
          const double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
          const double m = plane->held[f];
          g_assert_cmpfloat_with_epsilon (m, median, 1e-4 * (1.0 + fabs (median)));
          g_assert_cmpfloat (m, ==, bp_probe_default_held (dataset, f));
        }
    }
}

/* ---- units, confusion, regression -------------------------------------- */

static void
test_unit_stats_by_hand (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = bp_sample_generate (BP_SAMPLE_CIRCLES, 40, 0.1, 5, &error);
  g_assert_no_error (error);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.scaling = BP_SCALING_NONE;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_autoptr(BpModel) model = make_model (dataset, "3:relu", 1);

  /* W is inputs × units, row-major: unit 0 is relu(x1), unit 1 is dead,
   * unit 2 is relu(x1 + x2 + 0.5). */
  float *w = model->layers[0].w, *b = model->layers[0].b;
  const float weights[6] = { 1, 0, 1, 0, 0, 1 };
  memcpy (w, weights, sizeof weights);
  b[0] = 0.0f;
  b[1] = -1.0f;
  b[2] = 0.5f;

  g_autoptr(BpProbe) probe = make_probe (model, dataset, 3, 3);
  bp_probe_set_parts (probe, BP_PROBE_STATS);
  g_autoptr(BpProbeFrame) frame = bp_probe_frame_new (probe);
  bp_probe_run (probe, model, frame);
  g_assert_cmpint (frame->parts, ==, BP_PROBE_STATS);
  g_assert_cmpuint (frame->n_stats_rows, ==, dataset->n_train);

  double sum[3] = { 0 }, off[3] = { 0 };
  for (gsize i = 0; i < dataset->n_train; i++)
    {
      const float *x = dataset->x + dataset->train[i] * 2;
      const double a[3] = { MAX (x[0], 0.0), 0.0, MAX (x[0] + x[1] + 0.5, 0.0) };
      for (int u = 0; u < 3; u++)
        {
          sum[u] += a[u];
          off[u] += a[u] == 0.0;
        }
    }
  for (int u = 0; u < 3; u++)
    {
      g_assert_cmpfloat_with_epsilon (frame->mean_activation[0][u], sum[u] / dataset->n_train, 1e-5);
      g_assert_cmpfloat_with_epsilon (frame->inactive[0][u], off[u] / dataset->n_train, 1e-6);
    }
  g_assert_cmpfloat (frame->inactive[0][1], ==, 1.0f);
  g_assert_cmpfloat (frame->mean_activation[0][1], ==, 0.0f);
  g_assert_cmpfloat (frame->inactive[0][0], >, 0.2f);
  g_assert_cmpfloat (frame->inactive[0][0], <, 0.8f);
}

static void
test_eval_agrees (gconstpointer data)
{
  const int target = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = mixed_csv (500);
  g_autoptr(BpTable) table = load_text_named ("mixed.csv", csv);
  g_autoptr(BpDataset) dataset = mixed_dataset (table, target);
  g_autoptr(BpModel) model = make_model (dataset, "8:relu", 9);
  g_autoptr(BpProbe) probe = make_probe (model, dataset, 2, 2);
  g_autoptr(BpProbeFrame) frame = bp_probe_frame_new (probe);
  bp_probe_run (probe, model, frame);
  g_autoptr(BpEvaluation) ev = bp_evaluation_new (model, dataset, dataset->validation, dataset->n_validation, &error);
  g_assert_no_error (error);

  g_assert_true (frame->eval_on_validation);
  g_assert_cmpuint (frame->n_eval_rows, ==, dataset->n_validation);
  g_assert_cmpuint (frame->n_eval_total, ==, dataset->n_validation);
  if (dataset->task == BP_TASK_REGRESSION)
    {
      g_assert_null (frame->confusion);
      for (gsize i = 0; i < dataset->n_validation; i++)
        {
          g_assert_cmpfloat_with_epsilon (frame->predicted[i], ev->outputs[i], 1e-4 * (1 + fabs (ev->outputs[i])));
          const double truth = bp_dataset_target_in_units (dataset, dataset->y[dataset->validation[i]]);
          g_assert_cmpfloat (frame->actual[i], ==, (float) truth);
          /* The target as the file gave it (3 decimals). */
          const double raw = bp_column_value (&table->columns[COL_TREG],
                                              dataset->source_rows[dataset->validation[i]]);
          g_assert_cmpfloat_with_epsilon (frame->actual[i], raw, 1e-3);
        }
    }
  else
    {
      g_assert_cmpuint (frame->confusion->n_classes, ==, ev->confusion->n_classes);
      g_assert_cmpmem (frame->confusion->counts, ev->confusion->n_classes * ev->confusion->n_classes * sizeof (guint64),
                       ev->confusion->counts, ev->confusion->n_classes * ev->confusion->n_classes * sizeof (guint64));
      g_assert_cmpuint (bp_confusion_total (frame->confusion), ==, dataset->n_validation);
    }
}

static void
test_eval_thinned (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = bp_sample_generate (BP_SAMPLE_XOR, 25000, 0.1, 2, &error);
  g_assert_no_error (error);
  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_assert_cmpuint (dataset->n_validation, ==, 5000);
  g_autoptr(BpModel) model = make_model (dataset, "4:relu", 2);
  g_autoptr(BpProbe) probe = make_probe (model, dataset, 64, 64);
  g_autoptr(BpProbeFrame) frame = bp_probe_frame_new (probe);
  bp_probe_run (probe, model, frame);
  g_assert_cmpuint (frame->n_eval_rows, ==, BP_PROBE_EVAL_ROWS);
  g_assert_cmpuint (frame->n_eval_total, ==, 5000);
  g_assert_cmpuint (bp_confusion_total (frame->confusion), ==, BP_PROBE_EVAL_ROWS);
  g_assert_cmpuint (frame->n_stats_rows, ==, BP_PROBE_STATS_ROWS);
  /* Both classes are among the thinned rows, as among all of them. */
  g_assert_cmpuint (frame->confusion->counts[0] + frame->confusion->counts[1], >, 1000);
  g_assert_cmpuint (frame->confusion->counts[2] + frame->confusion->counts[3], >, 1000);
}

/* ---- training is not touched ------------------------------------------- */

typedef struct {
  BpProbe      *probe;
  BpProbeFrame *frame;
  const BpModel *model;
  guint         runs;
} Probing;

static void
probe_every_batch (const BpProgress *progress, gpointer user_data)
{
  Probing *p = user_data;
  bp_probe_run (p->probe, p->model, p->frame);
  p->frame->step = progress->step;
  p->runs++;
}

static void
train_run (const BpDataset *dataset, BpModel *model, Probing *probing, GArray **history)
{
  g_autoptr(GError) error = NULL;
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 3;
  config.batch_size = 16;
  config.seed = 42;
  config.optimizer.learning_rate = 0.01f;
  g_autoptr(BpTrainer) trainer = bp_trainer_new (model, dataset, &config, &error);
  g_assert_no_error (error);
  g_assert_true (bp_trainer_run (trainer, probing ? probe_every_batch : NULL, probing, NULL, &error));
  g_assert_no_error (error);
  *history = g_array_copy ((GArray *) bp_trainer_get_history (trainer));
}

static void
test_training_untouched (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) table = bp_sample_generate (BP_SAMPLE_CIRCLES, 300, 0.1, 3, &error);
  g_assert_no_error (error);
  g_autoptr(BpDataset) dataset = make_dataset (table, NULL);
  g_autoptr(BpModel) plain = make_model (dataset, "8:relu,6:tanh:0.2", 1);
  g_autoptr(BpModel) probed = make_model (dataset, "8:relu,6:tanh:0.2", 1);

  g_autoptr(BpProbe) probe = make_probe (probed, dataset, 16, 16);
  g_autoptr(BpProbeFrame) frame = bp_probe_frame_new (probe);
  Probing probing = { probe, frame, probed, 0 };
  g_autoptr(GArray) h1 = NULL;
  g_autoptr(GArray) h2 = NULL;
  train_run (dataset, plain, NULL, &h1);
  train_run (dataset, probed, &probing, &h2);
  g_assert_cmpuint (probing.runs, >=, 3 * 15);

  g_assert_cmpmem (plain->params, plain->n_params * sizeof (float), probed->params, probed->n_params * sizeof (float));
  g_assert_cmpuint (h1->len, ==, 3);
  g_assert_cmpuint (h2->len, ==, 3);
  for (guint i = 0; i < h1->len; i++)
    {
      const BpEpochRecord *a = &g_array_index (h1, BpEpochRecord, i), *b = &g_array_index (h2, BpEpochRecord, i);
      g_assert_cmpfloat (a->loss, ==, b->loss);
      g_assert_cmpfloat (a->val_loss, ==, b->val_loss);
      g_assert_cmpfloat (a->val_metric, ==, b->val_metric);
    }

  /* A probe reads the weights only; the last frame holds them. */
  g_autofree float *before = g_memdup2 (probed->params, probed->n_params * sizeof (float));
  bp_probe_run (probe, probed, frame);
  g_assert_cmpmem (before, probed->n_params * sizeof (float), probed->params, probed->n_params * sizeof (float));
  g_assert_cmpmem (frame->params, frame->n_params * sizeof (float), before, probed->n_params * sizeof (float));
  /* Trained on circles, the centre is class 0 and the corner class 1. */
  g_assert_cmpuint (frame->winner[8 * 16 + 8], ==, 0);
  g_assert_cmpuint (frame->winner[0], ==, 1);
}

/* ---- errors ------------------------------------------------------------- */

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = mixed_csv (60);
  g_autoptr(BpTable) table = load_text_named ("mixed.csv", csv);
  g_autoptr(BpDataset) dataset = mixed_dataset (table, COL_T2);
  g_autoptr(BpModel) model = make_model (dataset, "4:relu", 1);

  g_assert_null (bp_probe_new (model->spec, dataset, 0, 8, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (bp_probe_new (model->spec, dataset, 8, 2000, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);

  g_autoptr(BpModelSpec) other = bp_model_spec_new (dataset->n_features + 1);
  bp_model_spec_add_output (other, dataset->task, dataset->n_outputs);
  g_assert_null (bp_probe_new (other, dataset, 8, 8, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE);
  g_clear_error (&error);

  g_autoptr(BpProbe) probe = make_probe (model, dataset, 8, 8);
  const gsize fa = feature_of_column (dataset, COL_A), fcol = feature_of_column (dataset, COL_COLOUR);
  g_assert_false (bp_probe_feature_is_axis (dataset, fcol));
  g_assert_true (bp_probe_feature_is_axis (dataset, fa));
  g_assert_false (bp_probe_feature_is_axis (dataset, dataset->n_feature_columns));
  g_assert_false (bp_probe_set_axes (probe, fa, fcol, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bp_probe_set_axes (probe, fa, fa, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);

  /* A refused plane changes nothing. */
  BpProbePlane bad = *bp_probe_get_plane (probe);
  const double x_min = bad.x_min;
  g_autofree double *held = g_memdup2 (bad.held, dataset->n_feature_columns * sizeof (double));
  held[fcol] = 3;   /* three levels: 0..2 */
  bad.held = held;
  bad.x_min = -100;
  g_assert_false (bp_probe_set_plane (probe, &bad, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpfloat (bp_probe_get_plane (probe)->x_min, ==, x_min);
  held[fcol] = 1;
  bad.x_max = NAN;
  g_assert_false (bp_probe_set_plane (probe, &bad, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);

  /* One number and a category: no plane, the rest still computed. */
  g_autoptr(BpTable) narrow = load_text_named ("narrow.csv", "a,colour,t\n1,red,0\n2,blue,1\n3,red,0\n4,blue,1\n5,red,1\n");
  g_autoptr(BpDataset) nd = make_dataset (narrow, NULL);
  g_autoptr(BpModel) nm = make_model (nd, "2:relu", 1);
  g_autoptr(BpProbe) np = make_probe (nm, nd, 4, 4);
  g_autoptr(BpProbeFrame) nf = bp_probe_frame_new (np);
  bp_probe_run (np, nm, nf);
  g_assert_false (nf->has_plane);
  g_assert_cmpint (nf->parts, ==, BP_PROBE_STATS | BP_PROBE_EVAL | BP_PROBE_WEIGHTS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bp_blas_set_threads (1);

  g_test_add_data_func ("/probe/grid/multiclass", GINT_TO_POINTER (COL_T3), test_grid_equals_predict);
  g_test_add_data_func ("/probe/grid/binary", GINT_TO_POINTER (COL_T2), test_grid_equals_predict);
  g_test_add_data_func ("/probe/grid/regression", GINT_TO_POINTER (COL_TREG), test_grid_equals_predict);
  g_test_add_func ("/probe/held-defaults", test_held_defaults);
  g_test_add_func ("/probe/unit-stats", test_unit_stats_by_hand);
  g_test_add_data_func ("/probe/eval/multiclass", GINT_TO_POINTER (COL_T3), test_eval_agrees);
  g_test_add_data_func ("/probe/eval/regression", GINT_TO_POINTER (COL_TREG), test_eval_agrees);
  g_test_add_func ("/probe/eval/thinned", test_eval_thinned);
  g_test_add_func ("/probe/training-untouched", test_training_untouched);
  g_test_add_func ("/probe/errors", test_errors);
  return g_test_run ();
}
