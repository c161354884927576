/* bp-evaluation.c: run a model over dataset rows and score it.
 *
 * Shapes: N rows evaluated, I inputs, K outputs. Rows are gathered into
 * chunks of CHUNK_ROWS so any row order (a shuffled validation split) costs
 * one copy per row and a fixed amount of memory besides the outputs.
 */
#include "bp-evaluation.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bp-error.h"

#define CHUNK_ROWS 1024

void
bp_evaluation_free (BpEvaluation *evaluation)
{
  if (evaluation == NULL)
    return;
  g_free (evaluation->outputs);
  g_free (evaluation->predicted);
  bp_confusion_free (evaluation->confusion);
  g_free (evaluation->class_scores);
  bp_roc_free (evaluation->roc);
  g_free (evaluation);
}

static gboolean
check_fit (const BpModel *model, const BpDataset *dataset, const guint32 *rows, gsize n_rows, GError **error)
{
  if (model->spec->n_inputs != dataset->n_features || bp_model_n_outputs (model) != dataset->n_outputs)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                   _("the model takes %zu inputs and gives %zu"
                   " outputs, but the data has %zu inputs and %zu outputs"),
                   model->spec->n_inputs, bp_model_n_outputs (model), dataset->n_features, dataset->n_outputs);
      return FALSE;
    }
  if (dataset->task != BP_TASK_REGRESSION && (dataset->labels == NULL || dataset->n_classes == 0))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, _("the data has no class labels to compare with"));
      return FALSE;
    }
  for (gsize i = 0; i < n_rows; i++)
    if (rows[i] >= dataset->n_rows)
      {
        g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                     _("row %u is out of range: the data has %zu rows"), rows[i], dataset->n_rows);
        return FALSE;
      }
  return TRUE;
}

/* Outputs for every row (as bp_model_predict gives them) and the mean
 * loss, chunk by chunk, summed as bp_trainer_evaluate() sums them (each
 * chunk's mean × its rows). */
static double
run_model (const BpModel *model, const BpDataset *dataset, const guint32 *rows, gsize n_rows,
           const BpLossConfig *config, float *outputs)
{
  const gsize d = dataset->n_features, k = dataset->n_outputs;
  const gsize chunk = MIN (CHUNK_ROWS, MAX (n_rows, 1));
  const gsize last = model->n_layers - 1;
  g_autoptr(BpWorkspace) ws = bp_workspace_new (model, chunk, FALSE);
  g_autofree float *x = g_new (float, chunk * d);
  g_autofree float *y = g_new (float, chunk * k);
  g_autofree float *scratch = g_new (float, chunk * k);
  double total = 0.0;

  for (gsize start = 0; start < n_rows; start += chunk)
    {
      const gsize n = MIN (chunk, n_rows - start);
      for (gsize r = 0; r < n; r++)
        {
          const gsize row = rows[start + r];
          memcpy (x + r * d, dataset->x + row * d, d * sizeof (float));
          memcpy (y + r * k, dataset->y + row * k, k * sizeof (float));
        }
      /* One forward pass per chunk: predict leaves its logits in ws. */
      bp_model_predict (model, ws, outputs + start * k, x, n);
      total += bp_loss_compute (config, scratch, NULL, ws->z[last], y, n, k) * (double) n;
    }
  return n_rows ? total / (double) n_rows : NAN;
}

void
bp_baseline_compute (BpBaseline *baseline, const BpDataset *dataset, const guint32 *rows, gsize n_rows)
{
  g_return_if_fail (baseline != NULL && dataset != NULL);
  g_return_if_fail (n_rows == 0 || rows != NULL);

  baseline->majority = 0;
  baseline->accuracy = baseline->mean = NAN;
  baseline->regression.mae = baseline->regression.rmse = baseline->regression.r2 = NAN;
  if (dataset->task == BP_TASK_REGRESSION)
    {
      double sum = 0.0;
      for (gsize i = 0; i < dataset->n_train; i++)
        sum += bp_dataset_target_in_units (dataset, dataset->y[dataset->train[i]]);
      baseline->mean = dataset->n_train ? sum / (double) dataset->n_train : NAN;
      /* In float, as the model's scores are computed. */
      g_autofree float *answer = g_new (float, MAX (n_rows, 1));
      g_autofree float *truth = g_new (float, MAX (n_rows, 1));
      for (gsize r = 0; r < n_rows; r++)
        {
          answer[r] = (float) baseline->mean;
          truth[r] = (float) bp_dataset_target_in_units (dataset, dataset->y[rows[r]]);
        }
      bp_regression_scores (&baseline->regression, answer, truth, n_rows, 1);
      return;
    }

  g_autofree gsize *count = g_new0 (gsize, MAX (dataset->n_classes, 1));
  for (gsize i = 0; i < dataset->n_train; i++)
    count[dataset->labels[dataset->train[i]]]++;
  for (guint32 c = 1; c < dataset->n_classes; c++)
    if (count[c] > count[baseline->majority])
      baseline->majority = c;
  if (n_rows == 0)
    return;
  gsize right = 0;
  for (gsize r = 0; r < n_rows; r++)
    right += dataset->labels[rows[r]] == baseline->majority;
  baseline->accuracy = (double) right / (double) n_rows;
}

BpEvaluation *
bp_evaluation_new (const BpModel   *model,
                   const BpDataset *dataset,
                   const guint32   *rows,
                   gsize            n_rows,
                   GError         **error)
{
  return bp_evaluation_new_full (model, dataset, rows, n_rows, NULL, 0.0, error);
}

BpEvaluation *
bp_evaluation_new_full (const BpModel      *model,
                        const BpDataset    *dataset,
                        const guint32      *rows,
                        gsize               n_rows,
                        const BpLossConfig *loss_config,
                        double              penalty,
                        GError            **error)
{
  gsize n_values;

  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (n_rows == 0 || rows != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_fit (model, dataset, rows, n_rows, error))
    return NULL;

  const gsize k = dataset->n_outputs;
  if (!g_size_checked_mul (&n_values, MAX (n_rows, 1), k))
    n_values = G_MAXSIZE;
  float *outputs = g_try_new (float, n_values);
  if (outputs == NULL)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_NOMEM,
                   _("not enough memory for the outputs of %zu rows"), n_rows);
      return NULL;
    }

  BpEvaluation *ev = g_new0 (BpEvaluation, 1);
  ev->task = dataset->task;
  ev->n_rows = n_rows;
  ev->n_outputs = k;
  ev->outputs = outputs;
  ev->accuracy = NAN;
  ev->regression.mae = ev->regression.rmse = ev->regression.r2 = NAN;

  /* Label smoothing changes what training aims at, not what the model is
   * scored against: report the loss of the true labels, as Keras does. */
  BpLossConfig config = { .loss = model->spec->loss };
  if (loss_config)
    {
      config = *loss_config;
      config.label_smoothing = 0.0f;
    }
  ev->loss = run_model (model, dataset, rows, n_rows, &config, outputs) + penalty;
  bp_baseline_compute (&ev->baseline, dataset, rows, n_rows);

  if (dataset->task == BP_TASK_REGRESSION)
    {
      /* Scores in the target's own units, computed in float as shown. */
      g_autofree float *truth = g_new (float, n_values);
      for (gsize r = 0; r < n_rows; r++)
        for (gsize j = 0; j < k; j++)
          {
            outputs[r * k + j] = (float) bp_dataset_target_in_units (dataset, outputs[r * k + j]);
            truth[r * k + j] = (float) bp_dataset_target_in_units (dataset, dataset->y[(gsize) rows[r] * k + j]);
          }
      bp_regression_scores (&ev->regression, outputs, truth, n_rows, k);
      return ev;
    }

  const gsize n_classes = dataset->n_classes;
  g_autofree guint32 *labels = g_new (guint32, MAX (n_rows, 1));
  for (gsize r = 0; r < n_rows; r++)
    labels[r] = dataset->labels[rows[r]];
  ev->predicted = g_new (guint32, MAX (n_rows, 1));
  bp_predict_classes (ev->predicted, outputs, n_rows, k);
  ev->confusion = bp_confusion_new (n_classes);
  bp_confusion_add_many (ev->confusion, labels, ev->predicted, n_rows);
  ev->accuracy = bp_confusion_accuracy (ev->confusion);
  ev->class_scores = g_new (BpClassScores, n_classes);
  for (gsize c = 0; c < n_classes; c++)
    bp_confusion_class_scores (ev->confusion, c, &ev->class_scores[c]);
  bp_confusion_average_scores (ev->confusion, BP_AVERAGE_MACRO, &ev->macro);
  bp_confusion_average_scores (ev->confusion, BP_AVERAGE_WEIGHTED, &ev->weighted);

  /* ROC needs both classes among the rows (and no NaN score): without
   * them there is no curve to show, which is not an error. */
  if (dataset->task == BP_TASK_BINARY && k == 1)
    ev->roc = bp_roc_new (outputs, labels, n_rows, NULL);

  return ev;
}

gboolean
bp_decision_grid (const BpModel *model,
                  double         x_min,
                  double         x_max,
                  double         y_min,
                  double         y_max,
                  guint          width,
                  guint          height,
                  float         *out,
                  GError       **error)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (model->spec->n_inputs != 2)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                   _("a decision boundary needs exactly 2 inputs, and this model has %zu"),
                   model->spec->n_inputs);
      return FALSE;
    }
  if (width == 0 || height == 0 || !(x_min < x_max) || !(y_min < y_max) ||
      !isfinite (x_min) || !isfinite (x_max) || !isfinite (y_min) || !isfinite (y_max))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("a decision boundary needs a non-empty grid over a finite range"));
      return FALSE;
    }
  g_return_val_if_fail (out != NULL, FALSE);

  /* One grid row at a time: width points, each the centre of its cell. */
  const gsize k = bp_model_n_outputs (model);
  const BpLoss loss = model->spec->loss;
  g_autoptr(BpWorkspace) ws = bp_workspace_new (model, MIN (width, CHUNK_ROWS), FALSE);
  g_autofree float *x = g_new (float, (gsize) width * 2);
  g_autofree float *y = g_new (float, (gsize) width * k);
  const double dx = (x_max - x_min) / width, dy = (y_max - y_min) / height;

  for (guint i = 0; i < width; i++)
    x[2 * i] = (float) (x_min + (i + 0.5) * dx);
  for (guint j = 0; j < height; j++)
    {
      const float yv = (float) (y_max - (j + 0.5) * dy);
      for (guint i = 0; i < width; i++)
        x[2 * i + 1] = yv;
      bp_model_predict (model, ws, y, x, width);
      float *row = out + (gsize) j * width;
      if (loss == BP_LOSS_CATEGORICAL_CROSSENTROPY)
        {
          g_autofree guint32 *classes = g_new (guint32, width);
          bp_predict_classes (classes, y, width, k);
          for (guint i = 0; i < width; i++)
            row[i] = (float) classes[i];
        }
      else
        for (guint i = 0; i < width; i++)
          row[i] = y[(gsize) i * k];
    }
  return TRUE;
}

gboolean
bp_decision_grid_bounds (const BpDataset *dataset, double margin, double lo[2], double hi[2])
{
  if (dataset->n_features != 2 || dataset->n_rows == 0)
    return FALSE;
  lo[0] = lo[1] = INFINITY;
  hi[0] = hi[1] = -INFINITY;
  for (gsize r = 0; r < dataset->n_rows; r++)
    for (gsize j = 0; j < 2; j++)
      {
        lo[j] = MIN (lo[j], dataset->x[r * 2 + j]);
        hi[j] = MAX (hi[j], dataset->x[r * 2 + j]);
      }
  for (gsize j = 0; j < 2; j++)
    {
      double widen = MAX (margin * (hi[j] - lo[j]), 1e-3);
      lo[j] -= widen;
      hi[j] += widen;
    }
  return TRUE;
}
