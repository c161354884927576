/* bp-metrics.h: how good a model's outputs are.
 *
 * Pure functions over arrays the caller owns: nothing here prints, and
 * only the constructors allocate. The definitions follow scikit-learn so
 * numbers can be checked against it: a ratio with a zero denominator is 0
 * (zero_division=0), ROC keeps one point per distinct score, and R² of a
 * constant truth is 1 for a perfect fit, else 0.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Classification ------------------------------------------------------ */

typedef struct {
  gsize    n_classes;
  guint64 *counts;      /* n_classes × n_classes; row = true, column = predicted */
} BpConfusion;

typedef struct {
  double  precision;    /* tp / (tp + fp), 0 when nothing was predicted */
  double  recall;       /* tp / (tp + fn), 0 when the class never occurs */
  double  f1;           /* 2tp / (2tp + fp + fn), 0 when both are 0 */
  guint64 support;      /* rows whose true class it is (averages: all rows) */
} BpClassScores;

typedef enum {
  BP_AVERAGE_MACRO,     /* plain mean over the classes present */
  BP_AVERAGE_WEIGHTED,  /* mean weighted by support */
} BpAverage;

BpConfusion *bp_confusion_new            (gsize               n_classes);
void         bp_confusion_add            (BpConfusion        *c,
                                          guint32             truth,
                                          guint32             predicted);
void         bp_confusion_add_many       (BpConfusion        *c,
                                          const guint32      *truth,
                                          const guint32      *predicted,
                                          gsize               n);
void         bp_confusion_clear          (BpConfusion        *c);
void         bp_confusion_free           (BpConfusion        *c);

guint64      bp_confusion_total          (const BpConfusion  *c);
/* Share of rows on the diagonal; 0 for an empty matrix. */
double       bp_confusion_accuracy       (const BpConfusion  *c);
void         bp_confusion_class_scores   (const BpConfusion  *c,
                                          gsize               k,
                                          BpClassScores      *out);
/* Averages the per-class scores (F1 is the mean of the F1s, not the F1 of
 * the means). "Present" means in the truth or in the predictions, like
 * scikit-learn without labels=: a class the data never mentions does not
 * drag the macro average down. */
void         bp_confusion_average_scores (const BpConfusion  *c,
                                          BpAverage           average,
                                          BpClassScores      *out);

/* One class per row: one output is a probability of class 1 (p >= 0.5);
 * several are scores, the first largest wins. NaN never wins. */
void         bp_predict_classes          (guint32            *out,
                                          const float        *outputs,
                                          gsize               n_rows,
                                          gsize               n_outputs);

/* Share of rows whose predicted class is the target's: targets are 0/1 for
 * one output, one-hot for several. 0 when there are no rows. */
double       bp_accuracy                 (const float        *outputs,
                                          const float        *targets,
                                          gsize               n_rows,
                                          gsize               n_outputs);

/* ROC for binary classification --------------------------------------- */

typedef struct {
  gsize   n_points;
  double *fpr;          /* rising from 0 to 1 */
  double *tpr;          /* rising from 0 to 1 */
  double *thresholds;   /* falling; [0] is +inf, then each distinct score */
  double  auc;          /* trapezoids; ties count half */
  gsize   n_positive;
  gsize   n_negative;
} BpRoc;

/* Labels must be 0 or 1 and scores must not be NaN; both classes must be
 * present. Point 0 is (0, 0); point i > 0 counts the rows with score >=
 * thresholds[i] as positive, and the last is (1, 1). */
BpRoc       *bp_roc_new                  (const float        *scores,
                                          const guint32      *labels,
                                          gsize               n,
                                          GError            **error);
void         bp_roc_free                 (BpRoc              *roc);

/* Regression ---------------------------------------------------------- */

typedef struct {
  double mae;           /* over all n_rows × n_outputs values */
  double rmse;          /* sqrt of the mean squared error over all values */
  double r2;            /* per output, then the plain mean over outputs */
} BpRegressionScores;

/* All NaN when there are no rows. */
void         bp_regression_scores        (BpRegressionScores *out,
                                          const float        *predicted,
                                          const float        *truth,
                                          gsize               n_rows,
                                          gsize               n_outputs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpConfusion, bp_confusion_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpRoc, bp_roc_free)

G_END_DECLS
