/* bp-evaluation.h: everything a front end shows about how well a model
 * does on a set of rows, computed once.
 *
 * The CLI's evaluate command and the app's evaluation page read the same
 * struct, so their figures agree. The definitions are bp-metrics's
 * (scikit-learn's); this file only runs the model and fills them in.
 */
#pragma once

#include <glib.h>

#include "bp-dataset.h"
#include "bp-loss.h"
#include "bp-metrics.h"
#include "bp-model.h"

G_BEGIN_DECLS

/* What always giving the same answer scores on some rows: the floor a
 * trained model has to clear. The answer is learnt from the training rows
 * alone, as the model's are: their most common class (the first of a
 * tie), or their mean target. */
typedef struct {
  guint32             majority;    /* classification: the class always answered */
  double              accuracy;    /* its accuracy on the rows; NaN for regression or no rows */
  double              mean;        /* regression: the mean always answered, in the target's units; else NaN */
  BpRegressionScores  regression;  /* regression: the mean's scores on the rows; else NaN */
} BpBaseline;

void          bp_baseline_compute    (BpBaseline          *baseline,
                                      const BpDataset     *dataset,
                                      const guint32       *rows,
                                      gsize                n_rows);

typedef struct {
  BpTask              task;
  gsize               n_rows;
  gsize               n_outputs;
  float              *outputs;     /* n_rows × n_outputs: probabilities (classification) or values (regression, in the target's units) */
  guint32            *predicted;   /* class per row (classification), else NULL */
  BpConfusion        *confusion;   /* classification, else NULL */
  BpClassScores      *class_scores;/* n_classes, classification, else NULL */
  BpClassScores       macro, weighted;  /* all 0 for regression */
  double              accuracy;    /* NaN for regression */
  BpRoc              *roc;         /* binary with both classes present, else NULL */
  BpRegressionScores  regression;  /* NaN for classification */
  double              loss;        /* mean over the rows (NaN for none), plus the penalty given */
  BpBaseline          baseline;    /* always answering the same, on the same rows */
} BpEvaluation;

/* Evaluate on the given dataset rows (e.g. dataset->validation, or train
 * when there is no validation). The loss is the model's own loss on the
 * true labels, without class weights or a weight penalty. Fails with
 * BP_ENGINE_ERROR_SHAPE when the model does not fit the dataset, and
 * BP_ENGINE_ERROR_INVALID for a row index out of range. */
BpEvaluation *bp_evaluation_new      (const BpModel       *model,
                                      const BpDataset     *dataset,
                                      const guint32       *rows,
                                      gsize                n_rows,
                                      GError             **error);
/* The same with the loss as training reports it: loss_config (NULL: as
 * above; label smoothing is ignored) and a weight penalty added to the
 * mean (bp_optimizer_penalty, or 0). */
BpEvaluation *bp_evaluation_new_full (const BpModel       *model,
                                      const BpDataset     *dataset,
                                      const guint32       *rows,
                                      gsize                n_rows,
                                      const BpLossConfig  *loss_config,
                                      double               penalty,
                                      GError             **error);
void          bp_evaluation_free     (BpEvaluation        *evaluation);

/* Decision boundary for datasets with exactly 2 inputs: the model's output
 * (probability of class 1 for binary; index of the argmax class for
 * multiclass as float; the value, in encoded units, for regression) on a
 * width×height grid spanning [x_min,x_max]×[y_min,y_max] in encoded input
 * units, cell centres, row-major from the top (y_max) row; out has
 * width×height floats. Fails with BP_ENGINE_ERROR_SHAPE for a model
 * without exactly 2 inputs, BP_ENGINE_ERROR_INVALID for an empty grid or
 * a bad range. */
gboolean      bp_decision_grid       (const BpModel       *model,
                                      double               x_min,
                                      double               x_max,
                                      double               y_min,
                                      double               y_max,
                                      guint                width,
                                      guint                height,
                                      float               *out,
                                      GError             **error);

/* The box a grid should span for a dataset with 2 inputs: every row's
 * encoded inputs, widened on each side by `margin` times the extent (at
 * least 1e-3). FALSE for other datasets or no rows. */
gboolean      bp_decision_grid_bounds (const BpDataset    *dataset,
                                       double              margin,
                                       double              lo[2],
                                       double              hi[2]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpEvaluation, bp_evaluation_free)

G_END_DECLS
