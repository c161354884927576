/* bp-dataset.h: a table turned into numbers a network can learn from.
 *
 * Chooses the target and feature columns, detects the task, drops or fills
 * missing values, splits the rows (Keras's validation_split by default: the
 * last fraction of the rows, before any shuffling), fits the scaler on the
 * training rows only, and encodes everything into float32 matrices:
 *
 *   x: n_rows × n_features, row-major, scaled, categories one-hot
 *   y: n_rows × n_outputs   (binary: 0/1; multiclass: one-hot; regression:
 *                            the value, standardized when asked)
 *
 * The fitted transform is kept (BpFeature per encoded column group) so new
 * rows can be encoded the same way (bp-transform.h) and values shown in
 * original units.
 */
#pragma once

#include <glib.h>

#include "bp-table.h"
#include "bp-task.h"

G_BEGIN_DECLS

typedef enum {
  BP_ROLE_AUTO = 0,   /* feature when usable, else ignored */
  BP_ROLE_FEATURE,
  BP_ROLE_TARGET,
  BP_ROLE_IGNORED,
} BpColumnRole;

typedef enum {
  BP_MISSING_DROP = 0,  /* drop rows with a missing feature or target */
  BP_MISSING_IMPUTE,    /* numbers: training mean; categories: most frequent */
} BpMissingPolicy;

typedef enum {
  BP_SCALING_STANDARDIZE = 0,
  BP_SCALING_MINMAX,
  BP_SCALING_NONE,
} BpScaling;

typedef enum {
  BP_SPLIT_KERAS = 0,   /* last fraction of the rows, in file order */
  BP_SPLIT_SHUFFLE,
  BP_SPLIT_STRATIFIED,
  BP_SPLIT_AUTO,        /* the default: Keras, or stratified where Keras would
                         * leave a class out (bp_dataset_keras_leaves_out_class) */
} BpSplit;

/* A class with fewer rows than this is too few to learn: its absence
 * from the training or validation rows is no reason to change the split. */
#define BP_DATASET_FEW_ROWS 5

typedef struct {
  int                  target;          /* column index; -1: the last usable column */
  const BpColumnRole  *roles;           /* n_columns entries, or NULL for all AUTO */
  BpTask               task;
  BpMissingPolicy      missing;
  BpScaling            scaling;
  gboolean             scale_target;    /* regression: standardize y (the default) */
  BpSplit              split;           /* BP_SPLIT_AUTO by default */
  double               validation_fraction;
  double               test_fraction;
  guint64              seed;
} BpDatasetOptions;

typedef enum {
  BP_ENCODING_SCALED,   /* one input: (value - center) / scale */
  BP_ENCODING_ONE_HOT,  /* n_levels inputs */
} BpEncoding;

typedef struct {
  int          column;      /* index in the source table */
  char        *name;
  BpColumnType type;
  BpEncoding   encoding;
  gsize        offset;      /* first input in x */
  gsize        width;       /* inputs it takes */
  double       center;      /* scaled: subtracted ... */
  double       scale;       /* ... then divided by; never 0 */
  double       fill;        /* imputed value (scaled: raw units; one-hot: level index) */
  char       **levels;      /* one-hot: the category names */
} BpFeature;

typedef struct {
  BpTask       task;
  int          target_column;
  char        *target_name;

  gsize        n_rows;
  gsize        n_features;  /* inputs per row */
  gsize        n_outputs;   /* 1, or n_classes for multiclass */
  float       *x;
  float       *y;
  guint32     *labels;      /* class index per row (classification), else NULL */
  guint32     *source_rows; /* table row of each dataset row */

  guint32     *train, *validation, *test;   /* row indices into x */
  gsize        n_train, n_validation, n_test;
  BpSplit      split;       /* the split made: never BP_SPLIT_AUTO */
  char        *split_note;  /* why BP_SPLIT_AUTO made a stratified split, for
                             * people; NULL when it did not */

  BpFeature   *features;
  gsize        n_feature_columns;
  char       **input_names; /* n_features, e.g. "species=setosa" */

  char       **class_names; /* n_classes, or NULL for regression */
  gsize        n_classes;
  double       target_center, target_scale;  /* y = (value - center) / scale */

  gsize        n_dropped;   /* rows dropped for missing values */
  /* Per column of the table (n_source_columns): the dropped rows that miss
   * a value in it (a row that misses two counts in both); NULL when no
   * row was dropped. */
  gsize       *dropped_by_column;
  gsize        n_source_columns;
  GPtrArray   *warnings;    /* char* */
} BpDataset;

void         bp_dataset_options_init (BpDatasetOptions       *options);
/* The column a dataset would use as target by default, or -1. */
int          bp_dataset_default_target (const BpTable        *table);
/* The task a target column suggests; BP_TASK_AUTO when it cannot be a target. */
BpTask       bp_dataset_detect_task  (const BpTable          *table,
                                      int                     target);
/* Whether Keras's split (the last rows for validation, in file order) of
 * the rows a dataset made with @options keeps would leave a class of at
 * least BP_DATASET_FEW_ROWS rows out of the training or the validation
 * rows: then BP_SPLIT_AUTO makes a stratified split. FALSE for regression,
 * without validation rows, or when @options make no dataset of @table
 * (options->split itself is not looked at). @note (nullable) gets the
 * sentence a front end shows when TRUE, else NULL. */
gboolean     bp_dataset_keras_leaves_out_class (const BpTable          *table,
                                                const BpDatasetOptions *options,
                                                char                  **note);
BpDataset   *bp_dataset_new          (const BpTable          *table,
                                      const BpDatasetOptions *options,
                                      GError                **error);
/* bp_dataset_new(), giving the table's cells back as they are encoded,
 * for a caller that needs only the dataset afterwards: on success @table
 * keeps its columns' names, types and statistics, and no rows. On failure
 * it is left as it was. */
BpDataset   *bp_dataset_new_consuming (BpTable               *table,
                                       const BpDatasetOptions *options,
                                       GError                **error);
void         bp_dataset_free         (BpDataset              *dataset);

/* A regression output back in the target's own units. */
static inline double
bp_dataset_target_in_units (const BpDataset *dataset, double y)
{
  return y * dataset->target_scale + dataset->target_center;
}

/* A number feature's value on a row back in its own units (the dataset
 * keeps (value - center) / scale). */
static inline double
bp_dataset_feature_in_units (const BpDataset *dataset, gsize feature, gsize row)
{
  const BpFeature *f = &dataset->features[feature];
  return (double) dataset->x[row * dataset->n_features + f->offset] * f->scale + f->center;
}

const char  *bp_split_to_string      (BpSplit                 split);
gboolean     bp_split_from_string    (const char             *text,
                                      BpSplit                *split);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpDataset, bp_dataset_free)

G_END_DECLS
