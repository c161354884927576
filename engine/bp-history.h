/* bp-history.h: a run's epochs as text, the same from every front end.
 *
 * The CLI's `--json` lines, the app's BACKPROP_TRACE lines and the history
 * CSV both front ends export come from here, so a script reading one reads
 * the others. Numbers are the shortest text that reads back exactly,
 * without the locale; a value not measured (no validation rows) is null in
 * JSON and an empty cell in CSV.
 */
#pragma once

#include <glib.h>

#include "bp-dataset.h"
#include "bp-trainer.h"

G_BEGIN_DECLS

/* One line of JSON (no newline) for a finished epoch: epoch, epochs, loss,
 * the task's metric, val_loss, val_<metric>, learning_rate, seconds,
 * samples_per_second. */
char *bp_epoch_to_json   (const BpProgress *progress,
                          BpTask            task,
                          gboolean          has_validation);

/* The history (BpEpochRecord) as CSV with a header row. */
char *bp_history_to_csv  (const GArray     *history,
                          BpTask            task,
                          gsize            *length);

G_END_DECLS
