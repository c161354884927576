/* bp-transform.h: what a trained model keeps of its dataset, to encode
 * new rows as its training rows were.
 *
 * A BpTransform is copied out of a dataset when a model is saved
 * (bp-model-file.c writes it, and reads it back checked by
 * bp_transform_validate); bp_dataset_new_for_transform encodes a new
 * table with it, for evaluate and predict and the app's evaluation of
 * new data.
 */
#pragma once

#include <glib.h>

#include "bp-dataset.h"
#include "bp-table.h"

G_BEGIN_DECLS

/* What a trained model needs to encode new rows exactly as its training
 * rows were: the fitted features (found again by column name), the target
 * and its classes. Copied out of a dataset, or read from a model file;
 * features[].column is the index in the training table, for reference. */
typedef struct {
  BpTask       task;
  char        *target_name;
  char       **class_names;   /* n_classes, or NULL for regression */
  gsize        n_classes;
  double       target_center, target_scale;
  BpFeature   *features;
  gsize        n_feature_columns;
  gsize        n_features;    /* inputs per row: the widths added up */
  char       **input_names;   /* n_features */
} BpTransform;

BpTransform *bp_transform_new_from_dataset (const BpDataset  *dataset);
void         bp_transform_free       (BpTransform            *transform);
/* Whether the parts of a transform fit together (offsets, widths, levels,
 * fills, classes, input names); a transform read from a file must pass
 * before it is used. */
gboolean     bp_transform_validate   (const BpTransform      *transform,
                                      GError                **error);

/* Encode a new table with a saved transform, for prediction (need_target
 * FALSE) or evaluation (TRUE).
 *
 * Columns are found by name; their order and any extra columns do not
 * matter, and the types the new table inferred are not used, only the
 * cells. Numbers are scaled with the saved center and scale; categories
 * are matched to the saved levels by their text. A missing feature cell is
 * filled with the saved fill value, so prediction keeps every row (each
 * fill is counted in the warnings); with need_target, rows whose target is
 * missing are left out and counted in n_dropped.
 *
 * Fails with BP_ENGINE_ERROR_INVALID naming the column, and the line and
 * value where there is one, when a column is not in the table, a category
 * or class was not seen in training, or a number column holds text.
 *
 * Every row is put in `test`; train and validation are empty. Without the
 * target, y and labels are NULL and target_column is -1. */
BpDataset   *bp_dataset_new_for_transform (const BpTable     *table,
                                      const BpTransform      *transform,
                                      gboolean                need_target,
                                      GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpTransform, bp_transform_free)

G_END_DECLS
