#define G_LOG_DOMAIN "bp-table-row"

#include "bp-table-row.h"

struct _BpTableRow {
  GObject parent_instance;
  guint   index;
};

G_DEFINE_FINAL_TYPE (BpTableRow, bp_table_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bp_table_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BpTableRow *self = BP_TABLE_ROW (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bp_table_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BpTableRow *self = BP_TABLE_ROW (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      self->index = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bp_table_row_class_init (BpTableRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bp_table_row_get_property;
  object_class->set_property = bp_table_row_set_property;

  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bp_table_row_init (BpTableRow *self)
{
}

BpTableRow *
bp_table_row_new (guint index)
{
  /* Set directly: a scrolling view asks for rows by the thousand, and the
   * property machinery would be most of their cost. */
  BpTableRow *self = g_object_new (BP_TYPE_TABLE_ROW, NULL);
  self->index = index;
  return self;
}

guint
bp_table_row_get_index (BpTableRow *self)
{
  g_return_val_if_fail (BP_IS_TABLE_ROW (self), 0);
  return self->index;
}
