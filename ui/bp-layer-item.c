#define G_LOG_DOMAIN "bp-layer-item"

#include "bp-layer-item.h"

struct _BpLayerItem
{
  GObject      parent_instance;

  guint        units;
  BpActivation activation;
  double       dropout;
};

G_DEFINE_FINAL_TYPE (BpLayerItem, bp_layer_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UNITS,
  PROP_ACTIVATION,
  PROP_DROPOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bp_layer_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BpLayerItem *self = BP_LAYER_ITEM (object);

  switch (prop_id)
    {
    case PROP_UNITS:
      g_value_set_uint (value, self->units);
      break;
    case PROP_ACTIVATION:
      g_value_set_uint (value, self->activation);
      break;
    case PROP_DROPOUT:
      g_value_set_double (value, self->dropout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bp_layer_item_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BpLayerItem *self = BP_LAYER_ITEM (object);

  switch (prop_id)
    {
    case PROP_UNITS:
      bp_layer_item_set_units (self, g_value_get_uint (value));
      break;
    case PROP_ACTIVATION:
      bp_layer_item_set_activation (self, (BpActivation) g_value_get_uint (value));
      break;
    case PROP_DROPOUT:
      bp_layer_item_set_dropout (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bp_layer_item_class_init (BpLayerItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bp_layer_item_get_property;
  object_class->set_property = bp_layer_item_set_property;

  properties[PROP_UNITS] =
    g_param_spec_uint ("units", NULL, NULL, 1, BP_MAX_UNITS, BP_LAYER_ITEM_DEFAULT_UNITS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A BpActivation; the engine's enums have no GType. */
  properties[PROP_ACTIVATION] =
    g_param_spec_uint ("activation", NULL, NULL, 0, BP_ACTIVATION_SIGMOID, BP_ACTIVATION_RELU,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DROPOUT] =
    g_param_spec_double ("dropout", NULL, NULL, 0.0, BP_MAX_DROPOUT, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bp_layer_item_init (BpLayerItem *self)
{
  self->units = BP_LAYER_ITEM_DEFAULT_UNITS;
  self->activation = BP_ACTIVATION_RELU;
}

BpLayerItem *
bp_layer_item_new (guint units, BpActivation activation, double dropout)
{
  BpLayerItem *self = g_object_new (BP_TYPE_LAYER_ITEM, NULL);
  bp_layer_item_set_units (self, units);
  bp_layer_item_set_activation (self, activation);
  bp_layer_item_set_dropout (self, dropout);
  return self;
}

BpLayerItem *
bp_layer_item_copy (BpLayerItem *self)
{
  g_return_val_if_fail (BP_IS_LAYER_ITEM (self), NULL);
  return bp_layer_item_new (self->units, self->activation, self->dropout);
}

guint
bp_layer_item_get_units (BpLayerItem *self)
{
  g_return_val_if_fail (BP_IS_LAYER_ITEM (self), 0);
  return self->units;
}

void
bp_layer_item_set_units (BpLayerItem *self, guint units)
{
  g_return_if_fail (BP_IS_LAYER_ITEM (self));
  units = CLAMP (units, 1, BP_MAX_UNITS);
  if (units == self->units)
    return;
  self->units = units;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNITS]);
}

BpActivation
bp_layer_item_get_activation (BpLayerItem *self)
{
  g_return_val_if_fail (BP_IS_LAYER_ITEM (self), BP_ACTIVATION_RELU);
  return self->activation;
}

void
bp_layer_item_set_activation (BpLayerItem *self, BpActivation activation)
{
  g_return_if_fail (BP_IS_LAYER_ITEM (self));
  g_return_if_fail ((guint) activation <= BP_ACTIVATION_SIGMOID);
  if (activation == self->activation)
    return;
  self->activation = activation;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVATION]);
}

double
bp_layer_item_get_dropout (BpLayerItem *self)
{
  g_return_val_if_fail (BP_IS_LAYER_ITEM (self), 0.0);
  return self->dropout;
}

void
bp_layer_item_set_dropout (BpLayerItem *self, double dropout)
{
  g_return_if_fail (BP_IS_LAYER_ITEM (self));
  if (!(dropout >= 0.0))   /* NaN too */
    dropout = 0.0;
  dropout = MIN (dropout, (double) BP_MAX_DROPOUT);
  if (dropout == self->dropout)
    return;
  self->dropout = dropout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROPOUT]);
}
