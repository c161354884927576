/* bp-notice.c: a card with a sentence and one button (see bp-notice.h). */
#include "bp-notice.h"

struct _BpNotice {
  GtkWidget  parent_instance;
  GtkWidget *icon;
  GtkWidget *label;
  GtkWidget *button;
};

G_DEFINE_FINAL_TYPE (BpNotice, bp_notice, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_COMPACT, N_PROPS };
static GParamSpec *props[N_PROPS];

/* Compact: the button under the sentence, for a narrow pane, where a
 * button beside it would squeeze the sentence to a few words a line. */
static void
set_compact (BpNotice *self, gboolean compact)
{
  GtkBoxLayout *layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), compact ? GTK_ORIENTATION_VERTICAL
                                                                   : GTK_ORIENTATION_HORIZONTAL);
  gtk_box_layout_set_spacing (layout, compact ? 0 : 12);
  gtk_widget_set_visible (self->icon, !compact);
  gtk_widget_set_margin_start (self->label, compact ? 12 : 0);
  gtk_widget_set_margin_end (self->label, compact ? 12 : 0);
  gtk_widget_set_halign (self->button, compact ? GTK_ALIGN_END : GTK_ALIGN_FILL);
  gtk_widget_set_margin_top (self->button, compact ? 0 : 6);
  gtk_widget_set_margin_start (self->button, compact ? 6 : 0);
}

static void
bp_notice_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_COMPACT:
      set_compact (BP_NOTICE (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bp_notice_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BpNotice *self = BP_NOTICE (object);
  switch (prop_id)
    {
    case PROP_COMPACT:
      g_value_set_boolean (value, !gtk_widget_get_visible (self->icon));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bp_notice_dispose (GObject *object)
{
  BpNotice *self = BP_NOTICE (object);
  g_clear_pointer (&self->icon, gtk_widget_unparent);
  g_clear_pointer (&self->label, gtk_widget_unparent);
  g_clear_pointer (&self->button, gtk_widget_unparent);
  G_OBJECT_CLASS (bp_notice_parent_class)->dispose (object);
}

static void
bp_notice_class_init (BpNoticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bp_notice_dispose;
  object_class->set_property = bp_notice_set_property;
  object_class->get_property = bp_notice_get_property;
  props[PROP_COMPACT] = g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "bp-notice");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bp_notice_init (BpNotice *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkBoxLayout *layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget));
  gtk_box_layout_set_spacing (layout, 12);
  gtk_widget_add_css_class (widget, "card");
  gtk_widget_set_visible (widget, FALSE);

  self->icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
  gtk_widget_set_margin_start (self->icon, 12);
  gtk_widget_set_valign (self->icon, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_set_parent (self->icon, widget);

  self->label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0.0f);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_widget_set_margin_top (self->label, 9);
  gtk_widget_set_margin_bottom (self->label, 9);
  gtk_widget_set_parent (self->label, widget);

  self->button = gtk_button_new ();
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->button, 6);
  gtk_widget_set_margin_bottom (self->button, 6);
  gtk_widget_set_margin_end (self->button, 6);
  gtk_widget_set_parent (self->button, widget);
}

GtkWidget *
bp_notice_new (void)
{
  return g_object_new (BP_TYPE_NOTICE, NULL);
}

void
bp_notice_set (BpNotice *self, const char *text, const char *button_label, const char *action_name)
{
  g_return_if_fail (BP_IS_NOTICE (self));

  gtk_widget_set_visible (GTK_WIDGET (self), text != NULL);
  gtk_label_set_text (GTK_LABEL (self->label), text ? text : "");
  gtk_button_set_label (GTK_BUTTON (self->button), button_label ? button_label : "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), action_name);
  gtk_widget_set_visible (self->button, button_label != NULL && action_name != NULL);
}

const char *
bp_notice_get_text (BpNotice *self)
{
  g_return_val_if_fail (BP_IS_NOTICE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self)) ? gtk_label_get_text (GTK_LABEL (self->label)) : NULL;
}
