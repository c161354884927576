#define G_LOG_DOMAIN "bp-layer-row"

#include "bp-layer-row.h"

#include <glib/gi18n.h>

struct _BpLayerRow
{
  GtkListBoxRow  parent_instance;

  BpLayerItem   *item;
  GBinding      *bindings[3];

  GtkLabel      *title_label;
  GtkButton     *up_button;
  GtkButton     *down_button;
  GtkButton     *duplicate_button;
  GtkButton     *remove_button;
  GtkSpinButton *units_spin;
  GtkDropDown   *activation_dropdown;
  GtkSpinButton *dropout_spin;
};

G_DEFINE_FINAL_TYPE (BpLayerRow, bp_layer_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  SIGNAL_MOVE_UP,
  SIGNAL_MOVE_DOWN,
  SIGNAL_DUPLICATE,
  SIGNAL_REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const BpActivation bp_layer_row_activations[] = {
  BP_ACTIVATION_RELU,
  BP_ACTIVATION_LEAKY_RELU,
  BP_ACTIVATION_ELU,
  BP_ACTIVATION_GELU,
  BP_ACTIVATION_TANH,
  BP_ACTIVATION_SIGMOID,
  BP_ACTIVATION_LINEAR,
};
const guint bp_layer_row_n_activations = G_N_ELEMENTS (bp_layer_row_activations);

const char *
bp_layer_row_activation_label (BpActivation activation)
{
  /* The engine's words, readable: the summary and files use the same ones. */
  switch (activation)
    {
    case BP_ACTIVATION_RELU:
      return C_("activation", "relu");
    case BP_ACTIVATION_LEAKY_RELU:
      return C_("activation", "leaky relu");
    case BP_ACTIVATION_ELU:
      return C_("activation", "elu");
    case BP_ACTIVATION_GELU:
      return C_("activation", "gelu");
    case BP_ACTIVATION_TANH:
      return C_("activation", "tanh");
    case BP_ACTIVATION_SIGMOID:
      return C_("activation", "sigmoid");
    case BP_ACTIVATION_LINEAR:
      return C_("activation", "linear");
    case BP_ACTIVATION_SOFTMAX:
      return C_("activation", "softmax");
    default:
      return bp_activation_to_string (activation);
    }
}

static gboolean
activation_to_selected (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  for (guint i = 0; i < bp_layer_row_n_activations; i++)
    if (bp_layer_row_activations[i] == (BpActivation) g_value_get_uint (from))
      {
        g_value_set_uint (to, i);
        return TRUE;
      }
  return FALSE;
}

static gboolean
selected_to_activation (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  guint selected = g_value_get_uint (from);
  if (selected >= bp_layer_row_n_activations)
    return FALSE;
  g_value_set_uint (to, bp_layer_row_activations[selected]);
  return TRUE;
}

static void
setup_activation_item (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_activation_item (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkStringObject *name = gtk_list_item_get_item (list_item);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), gtk_string_object_get_string (name));
}

static void
on_up_clicked (BpLayerRow *self)
{
  g_signal_emit (self, signals[SIGNAL_MOVE_UP], 0);
}

static void
on_down_clicked (BpLayerRow *self)
{
  g_signal_emit (self, signals[SIGNAL_MOVE_DOWN], 0);
}

static void
on_duplicate_clicked (BpLayerRow *self)
{
  g_signal_emit (self, signals[SIGNAL_DUPLICATE], 0);
}

static void
on_remove_clicked (BpLayerRow *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

static void
bp_layer_row_dispose (GObject *object)
{
  BpLayerRow *self = BP_LAYER_ROW (object);

  /* The item may outlive the row (it moves to a new row when reordered). */
  for (guint i = 0; i < G_N_ELEMENTS (self->bindings); i++)
    if (self->bindings[i] != NULL)
      {
        g_binding_unbind (self->bindings[i]);
        self->bindings[i] = NULL;
      }
  g_clear_object (&self->item);

  G_OBJECT_CLASS (bp_layer_row_parent_class)->dispose (object);
}

static void
bp_layer_row_class_init (BpLayerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bp_layer_row_dispose;

  signals[SIGNAL_MOVE_UP] =
    g_signal_new ("move-up", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_MOVE_DOWN] =
    g_signal_new ("move-down", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DUPLICATE] =
    g_signal_new ("duplicate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/backprop/Backprop/ui/bp-layer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BpLayerRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, BpLayerRow, up_button);
  gtk_widget_class_bind_template_child (widget_class, BpLayerRow, down_button);
  gtk_widget_class_bind_template_child (widget_class, BpLayerRow, duplicate_button);
  gtk_widget_class_bind_template_child (widget_class, BpLayerRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, BpLayerRow, units_spin);
  gtk_widget_class_bind_template_child (widget_class, BpLayerRow, activation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BpLayerRow, dropout_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_up_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_down_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_duplicate_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
}

static void
bp_layer_row_init (BpLayerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  for (guint i = 0; i < bp_layer_row_n_activations; i++)
    gtk_string_list_append (names, bp_layer_row_activation_label (bp_layer_row_activations[i]));
  gtk_drop_down_set_model (self->activation_dropdown, G_LIST_MODEL (names));

  /* Labels that may shorten to "leaky r…" keep the row within a narrow
   * column; the open list still shows whole names. */
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_activation_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_activation_item), NULL);
  gtk_drop_down_set_factory (self->activation_dropdown, factory);
}

GtkWidget *
bp_layer_row_new (BpLayerItem *item)
{
  g_return_val_if_fail (BP_IS_LAYER_ITEM (item), NULL);

  BpLayerRow *self = g_object_new (BP_TYPE_LAYER_ROW, NULL);
  self->item = g_object_ref (item);
  const GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;
  self->bindings[0] = g_object_bind_property (item, "units",
                                              gtk_spin_button_get_adjustment (self->units_spin), "value", flags);
  self->bindings[1] = g_object_bind_property_full (item, "activation", self->activation_dropdown, "selected", flags,
                                                   activation_to_selected, selected_to_activation, NULL, NULL);
  self->bindings[2] = g_object_bind_property (item, "dropout",
                                              gtk_spin_button_get_adjustment (self->dropout_spin), "value", flags);
  bp_layer_row_set_position (self, 0, 1);
  return GTK_WIDGET (self);
}

BpLayerItem *
bp_layer_row_get_item (BpLayerRow *self)
{
  g_return_val_if_fail (BP_IS_LAYER_ROW (self), NULL);
  return self->item;
}

static void
set_label (gpointer widget, const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void
bp_layer_row_set_position (BpLayerRow *self, guint position, guint n_layers)
{
  g_return_if_fail (BP_IS_LAYER_ROW (self));

  guint number = position + 1;
  g_autofree char *title = g_strdup_printf (_("Dense %u"), number);
  gtk_label_set_label (self->title_label, title);

  gtk_widget_set_sensitive (GTK_WIDGET (self->up_button), position > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->down_button), position + 1 < n_layers);

  /* Every row has the same captions, so the labels say which layer. */
  g_autofree char *units = g_strdup_printf (_("Units of hidden layer %u"), number);
  g_autofree char *activation = g_strdup_printf (_("Activation of hidden layer %u"), number);
  g_autofree char *dropout = g_strdup_printf (_("Dropout of hidden layer %u"), number);
  g_autofree char *up = g_strdup_printf (_("Move hidden layer %u up"), number);
  g_autofree char *down = g_strdup_printf (_("Move hidden layer %u down"), number);
  g_autofree char *duplicate = g_strdup_printf (_("Duplicate hidden layer %u"), number);
  g_autofree char *remove = g_strdup_printf (_("Remove hidden layer %u"), number);
  set_label (self->units_spin, units);
  set_label (self->activation_dropdown, activation);
  set_label (self->dropout_spin, dropout);
  set_label (self->up_button, up);
  set_label (self->down_button, down);
  set_label (self->duplicate_button, duplicate);
  set_label (self->remove_button, remove);
  set_label (self, title);
}
