#define G_LOG_DOMAIN "bp-table-model"

#include "bp-table-model.h"

struct _BpTableModel {
  GObject        parent_instance;
  const BpTable *table;   /* borrowed */
  guint          n_items;
};

static void bp_table_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BpTableModel, bp_table_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, bp_table_model_list_model_init))

static GType
bp_table_model_get_item_type (GListModel *model)
{
  return BP_TYPE_TABLE_ROW;
}

static guint
bp_table_model_get_n_items (GListModel *model)
{
  return BP_TABLE_MODEL (model)->n_items;
}

static gpointer
bp_table_model_get_item (GListModel *model, guint position)
{
  BpTableModel *self = BP_TABLE_MODEL (model);

  if (position >= self->n_items)
    return NULL;
  return bp_table_row_new (position);
}

static void
bp_table_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bp_table_model_get_item_type;
  iface->get_n_items = bp_table_model_get_n_items;
  iface->get_item = bp_table_model_get_item;
}

static void
bp_table_model_class_init (BpTableModelClass *klass)
{
}

static void
bp_table_model_init (BpTableModel *self)
{
}

BpTableModel *
bp_table_model_new (const BpTable *table)
{
  BpTableModel *self = g_object_new (BP_TYPE_TABLE_MODEL, NULL);
  bp_table_model_set_table (self, table);
  return self;
}

void
bp_table_model_set_table (BpTableModel *self, const BpTable *table)
{
  g_return_if_fail (BP_IS_TABLE_MODEL (self));

  guint removed = self->n_items;
  self->table = table;
  /* GListModel counts in guint; no table that fits in memory comes near. */
  self->n_items = table ? (guint) MIN (table->n_rows, (gsize) G_MAXUINT) : 0;
  if (removed > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_items);
}

const BpTable *
bp_table_model_get_table (BpTableModel *self)
{
  g_return_val_if_fail (BP_IS_TABLE_MODEL (self), NULL);
  return self->table;
}
