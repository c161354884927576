/* bp-run-log.h: a run's log, read as it grows.
 *
 * A run log is the JSON lines `backprop-cli train --json` prints, or an
 * exported script writes with --log FILE: one object per epoch ("epoch",
 * "epochs", "loss", "accuracy" or "mae", "val_loss", "val_…",
 * "learning_rate", "seconds", "samples_per_second"), and at the end one
 * with "final". A BpRunLog turns them into epoch records (BpProgress of
 * kind EPOCH, as a local run publishes), so the window draws the same
 * charts.
 *
 * Reading. bp_run_log_feed() takes bytes as they come: complete lines are
 * parsed, a partial last line waits for the rest. A line that is not such
 * an object (cut short, or not JSON) is said with "line-error" and its
 * 1-based number, and reading goes on. Following (bp_run_log_start())
 * reads what the file holds, then what is appended, when a GFileMonitor
 * says it changed and on a timer (a shared folder may send no events). A
 * file that got shorter or was replaced (truncated, rotated) is read again
 * from its start: "reset", then its records anew.
 *
 * UI thread only; GLib/GIO only, tested without a display
 * (tests/test-run-log.c).
 */
#pragma once

#include <gio/gio.h>

#include "bp-engine.h"

G_BEGIN_DECLS

/* How often a followed log is looked at besides its monitor's events. */
#define BP_RUN_LOG_POLL_MS 500

#define BP_TYPE_RUN_LOG (bp_run_log_get_type ())
G_DECLARE_FINAL_TYPE (BpRunLog, bp_run_log, BP, RUN_LOG, GObject)

/* @file: the log to follow; NULL for one fed by hand. */
BpRunLog      *bp_run_log_new                (GFile        *file);
GFile         *bp_run_log_get_file           (BpRunLog     *self);

/* Parses @data appended to the log: "records-added" for the epochs of its
 * complete lines, "line-error" for each bad one. */
void           bp_run_log_feed               (BpRunLog     *self,
                                              const char   *data,
                                              gsize         length);
/* Forgets everything read ("reset"): the log starts again. */
void           bp_run_log_restart            (BpRunLog     *self);

/* The epochs read so far (BpProgress, kind EPOCH, in order). */
const GArray  *bp_run_log_get_records        (BpRunLog     *self);
/* Regression when the lines carry "mae", else classification (BINARY
 * stands for both: the charts differ only in the metric). */
BpTask         bp_run_log_get_task           (BpRunLog     *self);
gboolean       bp_run_log_get_has_validation (BpRunLog     *self);
/* Whether the "final" line has been read. */
gboolean       bp_run_log_get_finished       (BpRunLog     *self);
/* Complete lines read so far. */
guint          bp_run_log_get_n_lines        (BpRunLog     *self);

/* Reads the file as it is now, then follows it until bp_run_log_stop()
 * (or the last reference goes). Fails when the file cannot be read. */
gboolean       bp_run_log_start              (BpRunLog     *self,
                                              GError      **error);
/* Reads what was appended since the last read (restarting when the file
 * got shorter or was replaced). FALSE and @error when it cannot be read
 * now; following goes on. */
gboolean       bp_run_log_poll               (BpRunLog     *self,
                                              GError      **error);
void           bp_run_log_stop               (BpRunLog     *self);
gboolean       bp_run_log_is_following       (BpRunLog     *self);

G_END_DECLS
