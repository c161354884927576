/* bp-message-list.c: the rows in a box, the box in a scrolled window that
 * is measured here: the box's height for the width given, capped. */
#include "bp-message-list.h"

#include <glib/gi18n.h>

struct _BpMessageList {
  GtkWidget  parent_instance;

  GtkWidget *scroller;
  GtkWidget *box;
  int        max_height;
};

G_DEFINE_FINAL_TYPE (BpMessageList, bp_message_list, GTK_TYPE_WIDGET)

static void
bp_message_list_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                         int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  BpMessageList *self = BP_MESSAGE_LIST (widget);
  /* For no width in particular: as tall as at the narrowest. */
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size < 0)
    gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &for_size, NULL, NULL, NULL);
  gtk_widget_measure (self->scroller, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      /* The rows' height at this width (the scroller would ask for none),
       * all of it up to the cap: a sentence is never cut, only scrolled. */
      int box_min, box_nat;
      gtk_widget_measure (self->box, GTK_ORIENTATION_VERTICAL, for_size, &box_min, &box_nat, NULL, NULL);
      int height = MAX (*minimum, MIN (box_nat, self->max_height));
      *minimum = *natural = height;
    }
}

/* Its height depends on its width: parents must ask for it at a width. */
static GtkSizeRequestMode
bp_message_list_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
bp_message_list_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  gtk_widget_allocate (BP_MESSAGE_LIST (widget)->scroller, width, height, baseline, NULL);
}

static void
bp_message_list_dispose (GObject *object)
{
  BpMessageList *self = BP_MESSAGE_LIST (object);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  self->box = NULL;
  G_OBJECT_CLASS (bp_message_list_parent_class)->dispose (object);
}

static void
bp_message_list_class_init (BpMessageListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bp_message_list_dispose;
  widget_class->get_request_mode = bp_message_list_get_request_mode;
  widget_class->measure = bp_message_list_measure;
  widget_class->size_allocate = bp_message_list_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "bp-message-list");
}

static void
bp_message_list_init (BpMessageList *self)
{
  self->max_height = 180;
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_name (self->box, "messages");
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->box);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
bp_message_list_new (void)
{
  return g_object_new (BP_TYPE_MESSAGE_LIST, NULL);
}

void
bp_message_list_clear (BpMessageList *self)
{
  g_return_if_fail (BP_IS_MESSAGE_LIST (self));
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

void
bp_message_list_add (BpMessageList *self, gboolean error, const char *text)
{
  g_return_if_fail (BP_IS_MESSAGE_LIST (self));
  g_return_if_fail (text != NULL);
  const char *style = error ? "error" : "warning";
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *icon = gtk_image_new_from_icon_name (error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, style);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  error ? _("Error") : _("Warning"), -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  /* An error reads in its colour; a warning's icon says enough. */
  if (error)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (self->box), row);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

void
bp_message_list_set_max_height (BpMessageList *self, int height)
{
  g_return_if_fail (BP_IS_MESSAGE_LIST (self));
  self->max_height = MAX (height, 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

GtkWidget *
bp_message_list_get_box (BpMessageList *self)
{
  g_return_val_if_fail (BP_IS_MESSAGE_LIST (self), NULL);
  return self->box;
}
