/* bp-table-row.h: one row of a BpTable, as an item of a list model.
 *
 * It holds only the row's index: the cells are read from the table when a
 * widget shows them, so an item costs a few bytes whatever the row holds.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BP_TYPE_TABLE_ROW (bp_table_row_get_type ())
G_DECLARE_FINAL_TYPE (BpTableRow, bp_table_row, BP, TABLE_ROW, GObject)

BpTableRow *bp_table_row_new       (guint       index);
guint       bp_table_row_get_index (BpTableRow *self);

G_END_DECLS
