#include "bp-metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bp-error.h"

/* Classification ------------------------------------------------------ */

BpConfusion *
bp_confusion_new (gsize n_classes)
{
  gsize cells;

  g_return_val_if_fail (n_classes > 0, NULL);
  g_return_val_if_fail (n_classes <= G_MAXUINT32, NULL);
  g_return_val_if_fail (g_size_checked_mul (&cells, n_classes, n_classes), NULL);

  BpConfusion *c = g_new0 (BpConfusion, 1);
  c->n_classes = n_classes;
  c->counts = g_new0 (guint64, cells);
  return c;
}

void
bp_confusion_add (BpConfusion *c, guint32 truth, guint32 predicted)
{
  g_return_if_fail (c != NULL);
  g_return_if_fail (truth < c->n_classes && predicted < c->n_classes);

  c->counts[(gsize) truth * c->n_classes + predicted]++;
}

void
bp_confusion_add_many (BpConfusion   *c,
                       const guint32 *truth,
                       const guint32 *predicted,
                       gsize          n)
{
  g_return_if_fail (c != NULL);
  g_return_if_fail (n == 0 || (truth != NULL && predicted != NULL));

  for (gsize i = 0; i < n; i++)
    bp_confusion_add (c, truth[i], predicted[i]);
}

void
bp_confusion_clear (BpConfusion *c)
{
  g_return_if_fail (c != NULL);

  memset (c->counts, 0, c->n_classes * c->n_classes * sizeof *c->counts);
}

void
bp_confusion_free (BpConfusion *c)
{
  if (c == NULL)
    return;
  g_free (c->counts);
  g_free (c);
}

guint64
bp_confusion_total (const BpConfusion *c)
{
  guint64 total = 0;

  g_return_val_if_fail (c != NULL, 0);

  for (gsize i = 0; i < c->n_classes * c->n_classes; i++)
    total += c->counts[i];
  return total;
}

double
bp_confusion_accuracy (const BpConfusion *c)
{
  guint64 right = 0;

  g_return_val_if_fail (c != NULL, 0.0);

  guint64 total = bp_confusion_total (c);
  if (total == 0)
    return 0.0;
  for (gsize k = 0; k < c->n_classes; k++)
    right += c->counts[k * c->n_classes + k];
  return (double) right / (double) total;
}

static double
ratio (guint64 numerator, guint64 denominator)
{
  return denominator == 0 ? 0.0 : (double) numerator / (double) denominator;
}

/* Column k's sum: how often k was predicted. */
static guint64
predicted_count (const BpConfusion *c, gsize k)
{
  guint64 n = 0;

  for (gsize t = 0; t < c->n_classes; t++)
    n += c->counts[t * c->n_classes + k];
  return n;
}

void
bp_confusion_class_scores (const BpConfusion *c, gsize k, BpClassScores *out)
{
  g_return_if_fail (c != NULL && out != NULL);
  g_return_if_fail (k < c->n_classes);

  const guint64 *row = c->counts + k * c->n_classes;
  guint64 tp = row[k];
  guint64 support = 0;
  for (gsize p = 0; p < c->n_classes; p++)
    support += row[p];
  guint64 predicted = predicted_count (c, k);
  guint64 fp = predicted - tp;
  guint64 fn = support - tp;

  out->precision = ratio (tp, predicted);
  out->recall = ratio (tp, support);
  /* The counts form equals 2PR/(P+R) but needs no special case when
   * precision alone is undefined. */
  out->f1 = ratio (2 * tp, 2 * tp + fp + fn);
  out->support = support;
}

void
bp_confusion_average_scores (const BpConfusion *c,
                             BpAverage          average,
                             BpClassScores     *out)
{
  double precision = 0.0, recall = 0.0, f1 = 0.0, weight_sum = 0.0;

  g_return_if_fail (c != NULL && out != NULL);
  g_return_if_fail (average == BP_AVERAGE_MACRO || average == BP_AVERAGE_WEIGHTED);

  guint64 total = 0;
  for (gsize k = 0; k < c->n_classes; k++)
    {
      BpClassScores s;
      bp_confusion_class_scores (c, k, &s);
      total += s.support;
      if (s.support == 0 && predicted_count (c, k) == 0)
        continue;
      double weight = average == BP_AVERAGE_MACRO ? 1.0 : (double) s.support;
      precision += weight * s.precision;
      recall += weight * s.recall;
      f1 += weight * s.f1;
      weight_sum += weight;
    }

  out->precision = weight_sum > 0 ? precision / weight_sum : 0.0;
  out->recall = weight_sum > 0 ? recall / weight_sum : 0.0;
  out->f1 = weight_sum > 0 ? f1 / weight_sum : 0.0;
  out->support = total;
}

static guint32
row_class (const float *row, gsize n_outputs)
{
  if (n_outputs == 1)
    return row[0] >= 0.5f ? 1 : 0;

  gsize best = 0;
  gboolean found = FALSE;
  for (gsize j = 0; j < n_outputs; j++)
    if (!isnan (row[j]) && (!found || row[j] > row[best]))
      {
        best = j;
        found = TRUE;
      }
  return (guint32) best;
}

void
bp_predict_classes (guint32     *out,
                    const float *outputs,
                    gsize        n_rows,
                    gsize        n_outputs)
{
  g_return_if_fail (n_outputs > 0);
  g_return_if_fail (n_rows == 0 || (out != NULL && outputs != NULL));

  for (gsize i = 0; i < n_rows; i++)
    out[i] = row_class (outputs + i * n_outputs, n_outputs);
}

double
bp_accuracy (const float *outputs,
             const float *targets,
             gsize        n_rows,
             gsize        n_outputs)
{
  gsize right = 0;

  g_return_val_if_fail (n_outputs > 0, 0.0);
  g_return_val_if_fail (n_rows == 0 || (outputs != NULL && targets != NULL), 0.0);

  if (n_rows == 0)
    return 0.0;
  for (gsize i = 0; i < n_rows; i++)
    right += row_class (outputs + i * n_outputs, n_outputs)
             == row_class (targets + i * n_outputs, n_outputs);
  return (double) right / (double) n_rows;
}

/* ROC ----------------------------------------------------------------- */

typedef struct {
  float   score;
  guint32 label;
} Scored;

static int
compare_score_descending (const void *a, const void *b)
{
  float x = ((const Scored *) a)->score;
  float y = ((const Scored *) b)->score;
  return (x < y) - (x > y);
}

BpRoc *
bp_roc_new (const float   *scores,
            const guint32 *labels,
            gsize          n,
            GError       **error)
{
  gsize n_positive = 0;

  g_return_val_if_fail (n == 0 || (scores != NULL && labels != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (gsize i = 0; i < n; i++)
    {
      if (labels[i] > 1)
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("ROC needs labels 0 and 1, but row %zu has %u"),
                       i + 1, labels[i]);
          return NULL;
        }
      if (isnan (scores[i]))
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("ROC needs scores, but row %zu has NaN"),
                       i + 1);
          return NULL;
        }
      n_positive += labels[i];
    }
  gsize n_negative = n - n_positive;
  if (n_positive == 0 || n_negative == 0)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   n_positive == 0 ? _("ROC needs both classes, but all %zu rows are negative (0)")
                                   : _("ROC needs both classes, but all %zu rows are positive (1)"), n);
      return NULL;
    }

  g_autofree Scored *sorted = g_new (Scored, n);
  for (gsize i = 0; i < n; i++)
    sorted[i] = (Scored) { scores[i], labels[i] };
  qsort (sorted, n, sizeof *sorted, compare_score_descending);

  /* At most one point per row, plus the start. */
  BpRoc *roc = g_new0 (BpRoc, 1);
  roc->fpr = g_new (double, n + 1);
  roc->tpr = g_new (double, n + 1);
  roc->thresholds = g_new (double, n + 1);
  roc->n_positive = n_positive;
  roc->n_negative = n_negative;
  roc->fpr[0] = roc->tpr[0] = 0.0;
  roc->thresholds[0] = INFINITY;
  roc->n_points = 1;

  /* Twice the area under the curve in units of one positive by one
   * negative: whole counts, so exact while they stay below 2^53. */
  double twice_area = 0.0;
  gsize tp = 0, fp = 0;
  for (gsize i = 0; i < n; )
    {
      gsize last_tp = tp, last_fp = fp;
      float score = sorted[i].score;
      /* A group of equal scores moves the curve in one step: its diagonal
       * is what counts ties as half a win. */
      for (; i < n && sorted[i].score == score; i++)
        {
          tp += sorted[i].label;
          fp += 1 - sorted[i].label;
        }
      twice_area += (double) (fp - last_fp) * (double) (tp + last_tp);
      roc->fpr[roc->n_points] = (double) fp / (double) n_negative;
      roc->tpr[roc->n_points] = (double) tp / (double) n_positive;
      roc->thresholds[roc->n_points] = score;
      roc->n_points++;
    }
  roc->auc = twice_area / (2.0 * (double) n_positive * (double) n_negative);
  return roc;
}

void
bp_roc_free (BpRoc *roc)
{
  if (roc == NULL)
    return;
  g_free (roc->fpr);
  g_free (roc->tpr);
  g_free (roc->thresholds);
  g_free (roc);
}

/* Regression ---------------------------------------------------------- */

void
bp_regression_scores (BpRegressionScores *out,
                      const float        *predicted,
                      const float        *truth,
                      gsize               n_rows,
                      gsize               n_outputs)
{
  double abs_sum = 0.0, square_sum = 0.0, r2_sum = 0.0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (n_outputs > 0);
  g_return_if_fail (n_rows == 0 || (predicted != NULL && truth != NULL));

  if (n_rows == 0)
    {
      out->mae = out->rmse = out->r2 = NAN;
      return;
    }

  /* One output at a time, two passes: the mean first, so the spread is
   * summed around it and does not cancel. Nothing to allocate. */
  for (gsize j = 0; j < n_outputs; j++)
    {
      double mean = 0.0;
      for (gsize i = 0; i < n_rows; i++)
        mean += truth[i * n_outputs + j];
      mean /= (double) n_rows;

      double ss_res = 0.0, ss_tot = 0.0;
      for (gsize i = 0; i < n_rows; i++)
        {
          double y = truth[i * n_outputs + j];
          double e = y - (double) predicted[i * n_outputs + j];
          abs_sum += fabs (e);
          ss_res += e * e;
          ss_tot += (y - mean) * (y - mean);
        }
      square_sum += ss_res;
      if (ss_tot > 0.0)
        r2_sum += 1.0 - ss_res / ss_tot;
      else
        r2_sum += ss_res == 0.0 ? 1.0 : 0.0;
    }

  double n_values = (double) n_rows * (double) n_outputs;
  out->mae = abs_sum / n_values;
  out->rmse = sqrt (square_sum / n_values);
  out->r2 = r2_sum / (double) n_outputs;
}
