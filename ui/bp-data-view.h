/* bp-data-view.h: the loaded table and the user's choices about it.
 *
 * Shows every row of a BpTable (virtualized), one column per table column,
 * and a side panel where the user picks each column's role and type, the
 * target, the task, the split, the validation fraction, scaling and what
 * to do with missing values. It never builds a dataset itself: the owner
 * reads the choices with bp_data_view_get_options() whenever
 * "options-changed" is emitted, and passes back what the engine said with
 * bp_data_view_set_messages().
 */
#pragma once

#include <gtk/gtk.h>

#include "bp-engine.h"

G_BEGIN_DECLS

#define BP_TYPE_DATA_VIEW (bp_data_view_get_type ())
G_DECLARE_FINAL_TYPE (BpDataView, bp_data_view, BP, DATA_VIEW, GtkWidget)

GtkWidget *bp_data_view_new          (void);

/* Show a table (borrowed: the caller keeps it alive until set_table(NULL)
 * or another table). Resets the choices to the defaults for this table
 * (target = bp_dataset_default_target, roles AUTO, task AUTO shown as the
 * detected task, automatic split, validation 0.2, standardize, drop missing)
 * and clears the messages. Does not emit "options-changed". */
void       bp_data_view_set_table    (BpDataView             *self,
                                      BpTable                *table);
BpTable   *bp_data_view_get_table    (BpDataView             *self);

/* The user's choices. options->roles points into the view (valid until the
 * next change or set_table), or is NULL when no table is shown. The target
 * is given only by options->target: no role is ever BP_ROLE_TARGET. */
void       bp_data_view_get_options  (BpDataView             *self,
                                      BpDatasetOptions       *options);
/* Restore choices (e.g. from the command line); roles may be NULL (all
 * AUTO), else it has one entry per column of the current table. A
 * BP_ROLE_TARGET in roles is taken as the target when options->target is
 * -1. The validation fraction is clamped to what the view offers
 * (0.05–0.5). Does not emit "options-changed". */
void       bp_data_view_set_options  (BpDataView             *self,
                                      const BpDatasetOptions *options);

/* What a BP_SPLIT_AUTO choice made (the dataset's split): the split
 * drop-down shows it while the choice is AUTO; picking one there makes the
 * choice explicit. Does not emit "options-changed". */
void       bp_data_view_set_split_made (BpDataView           *self,
                                        BpSplit               split);

/* The missing-value markers the user gave (as a table's missing_markers:
 * free with g_strfreev) and whether empty cells are to be values. The
 * view shows the table's own until the user applies others
 * ("markers-changed"); the owner then reads the data again. */
char     **bp_data_view_dup_missing_markers (BpDataView    *self,
                                             gboolean      *keep_empty);

/* Messages to show above the table, as given: warnings (char*, nullable)
 * and one error (nullable). NULL for both clears them. */
void       bp_data_view_set_messages (BpDataView             *self,
                                      const GPtrArray        *warnings,
                                      const char             *error);

/* Locked while a model exists: the choices are insensitive and a hint says
 * how to change them. The table stays scrollable. */
void       bp_data_view_set_locked   (BpDataView             *self,
                                      gboolean                locked);
gboolean   bp_data_view_get_locked   (BpDataView             *self);

/* A cell's text as the table shows it (numbers with the locale's decimal
 * separator); NULL for a missing value or no such cell. */
char      *bp_data_view_dup_cell_text (BpDataView            *self,
                                       gsize                  row,
                                       gsize                  column);

G_END_DECLS
