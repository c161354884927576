/* bp-table-model.h: the rows of a BpTable as a GListModel.
 *
 * n_items is the table's row count; each item is a BpTableRow made when it
 * is asked for, so a million-row table costs nothing until it is scrolled.
 * The table is borrowed: whoever sets it keeps it alive until it is
 * replaced or cleared.
 */
#pragma once

#include <gio/gio.h>

#include "bp-engine.h"
#include "bp-table-row.h"

G_BEGIN_DECLS

#define BP_TYPE_TABLE_MODEL (bp_table_model_get_type ())
G_DECLARE_FINAL_TYPE (BpTableModel, bp_table_model, BP, TABLE_MODEL, GObject)

BpTableModel *bp_table_model_new       (const BpTable *table);
/* Emits items-changed for all rows (old count removed, new count added). */
void          bp_table_model_set_table (BpTableModel  *self,
                                        const BpTable *table);
const BpTable *bp_table_model_get_table (BpTableModel *self);

G_END_DECLS
