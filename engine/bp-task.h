/* bp-task.h: what a network is asked to do, and the metric it reports.
 *
 * The task follows from the target column (bp_dataset_detect_task) or is
 * chosen; it decides the output layer and loss (bp_model_spec_add_output),
 * the metric every epoch reports and the scores an evaluation gives. The
 * words are those of model files, projects and backprop-cli: changing one
 * breaks old files.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BP_TASK_AUTO = 0,
  BP_TASK_BINARY,
  BP_TASK_MULTICLASS,
  BP_TASK_REGRESSION,
} BpTask;

/* "auto", "binary", "multiclass", "regression". */
const char  *bp_task_to_string       (BpTask                  task);
/* ASCII case ignored; FALSE for any other word. */
gboolean     bp_task_from_string     (const char             *text,
                                      BpTask                 *task);
/* The metric a task's runs report besides the loss, as histories and
 * JSON name it: "accuracy" for classification, "mae" for regression
 * (validation's is "val_" and the same). */
const char  *bp_metric_name          (BpTask                  task);

G_END_DECLS
