/* bp-run-list.h: the runs a document keeps, in the order they started.
 *
 * The list gives each run added to it an id (from 1, never reused while
 * the list lives; a saved run keeps its own) and, unless it has one, the
 * automatic name from what changed since the run before it. It accounts
 * for the memory its runs hold and keeps their weights within a budget:
 * bp_run_list_apply_budget drops the weights of the oldest runs that are
 * not pinned first (each says so: weights_dropped), the histories stay.
 * A run removed is unreferenced: its memory goes when no one else holds
 * it.
 *
 * Exports (UTF-8 CSV, numbers as the shortest text that reads back, an
 * unmeasured value an empty cell):
 * - histories: one row per run, epoch and metric: "run,name,epoch,metric,value",
 *   metric one of loss, accuracy|mae, val_loss, val_accuracy|val_mae,
 *   learning_rate, seconds;
 * - the table: one row per run with its id, name, parent, status, epochs,
 *   final and best validation metric, best epoch, seconds, seed, pinned,
 *   the main settings and what changed since the run before.
 *
 * Reference-counted, one thread at a time.
 */
#pragma once

#include <glib.h>

#include "bp-run.h"

G_BEGIN_DECLS

/* Weights kept in memory by default: 32 MiB (the seed recipe on 30
 * inputs has 12 k parameters, 49 KiB; on 784 inputs 109 k, 427 KiB). */
#define BP_RUN_LIST_WEIGHTS_BUDGET (32 * 1024 * 1024)

typedef struct _BpRunList BpRunList;

BpRunList  *bp_run_list_new            (void);
BpRunList  *bp_run_list_ref            (BpRunList     *list);
void        bp_run_list_unref          (BpRunList     *list);

guint       bp_run_list_get_length     (const BpRunList *list);
/* Borrowed; index from 0 in the order added. */
BpRun      *bp_run_list_get            (const BpRunList *list,
                                        guint            index);
BpRun      *bp_run_list_find           (const BpRunList *list,
                                        guint64          id);
/* The index of the run with @id, or -1. */
int         bp_run_list_index_of       (const BpRunList *list,
                                        guint64          id);
/* The most recent run, or NULL. */
BpRun      *bp_run_list_get_last       (const BpRunList *list);

/* Appends @run (a reference is taken): gives it the next id when it has
 * none (id 0) and the automatic name when it has none (NULL), then
 * applies the budget. Returns @run. */
BpRun      *bp_run_list_add            (BpRunList     *list,
                                        BpRun         *run);
/* FALSE when no run has @id. */
gboolean    bp_run_list_remove         (BpRunList     *list,
                                        guint64        id);
void        bp_run_list_clear          (BpRunList     *list);

/* Bytes held by the list and its runs. */
gsize       bp_run_list_get_memory_size (const BpRunList *list);
void        bp_run_list_set_weights_budget (BpRunList  *list,
                                            gsize       bytes);
gsize       bp_run_list_get_weights_budget (const BpRunList *list);
/* Drops weights, oldest unpinned run first, until the weights kept fit
 * the budget (pinned runs keep theirs even over it). Returns how many
 * runs lost their weights now. */
guint       bp_run_list_apply_budget   (BpRunList     *list);

char       *bp_run_list_histories_to_csv (const BpRunList *list,
                                          gsize           *length);
char       *bp_run_list_table_to_csv     (const BpRunList *list,
                                          gsize           *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpRunList, bp_run_list_unref)

G_END_DECLS
