/* bp-tooltip.c: tooltips in a label of our own, so their width follows
 * the text (see bp-tooltip.h for GTK 4.8's per-character limit). */
#include "bp-tooltip.h"

/* Same limit as GTK's own tooltips: longer texts wrap at this width. */
#define MAX_WIDTH_CHARS 50

static gboolean (*default_query_tooltip) (GtkWidget *, int, int, gboolean, GtkTooltip *);

static GQuark
label_quark (void)
{
  return g_quark_from_static_string ("bp-tooltip-label");
}

static GtkLabel *
ensure_label (GtkWidget *widget)
{
  GtkLabel *label = g_object_get_qdata (G_OBJECT (widget), label_quark ());
  if (label == NULL)
    {
      label = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_max_width_chars (label, MAX_WIDTH_CHARS);
      g_object_ref_sink (label);
      g_object_set_qdata_full (G_OBJECT (widget), label_quark (), label, g_object_unref);
    }
  return label;
}

static void
show_in_label (GtkTooltip *tooltip, GtkWidget *widget, const char *text, gboolean markup)
{
  GtkLabel *label = ensure_label (widget);
  /* Queried again on every pointer motion: leave an unchanged label be. */
  if (gtk_label_get_use_markup (label) != markup || g_strcmp0 (gtk_label_get_label (label), text) != 0)
    {
      if (markup)
        gtk_label_set_markup (label, text);
      else
        gtk_label_set_text (label, text);
    }
  gtk_tooltip_set_custom (tooltip, GTK_WIDGET (label));
}

void
bp_tooltip_set_text (GtkTooltip *tooltip, GtkWidget *widget, const char *text)
{
  g_return_if_fail (GTK_IS_TOOLTIP (tooltip));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);
  show_in_label (tooltip, widget, text, FALSE);
}

GtkLabel *
bp_tooltip_get_label (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  return g_object_get_qdata (G_OBJECT (widget), label_quark ());
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  /* A label's links show their own tooltips. */
  if (GTK_IS_LABEL (widget) && gtk_label_get_current_uri (GTK_LABEL (widget)) != NULL)
    return FALSE;
  /* GTK keeps tooltip-text as escaped markup too. */
  const char *markup = gtk_widget_get_tooltip_markup (widget);
  if (markup == NULL)
    return FALSE;
  show_in_label (tooltip, widget, markup, TRUE);
  return TRUE;
}

/* Every widget, whether it has a tooltip yet or not: many get theirs after
 * they are shown (a file's path, a column's name). The handler costs
 * nothing until GTK asks a widget with a tooltip. Classes with their own
 * query-tooltip (entries' icon tooltips) keep it, but for labels, whose
 * own only adds the links' tooltips. */
static GQuark handled_quark;

static gboolean
on_map (GSignalInvocationHint *hint,
        guint                  n_params,
        const GValue          *params,
        gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&params[0]);
  if (g_object_get_qdata (G_OBJECT (widget), handled_quark) == NULL)
    {
      g_object_set_qdata (G_OBJECT (widget), handled_quark, GINT_TO_POINTER (1));
      if (GTK_WIDGET_GET_CLASS (widget)->query_tooltip == default_query_tooltip || GTK_IS_LABEL (widget))
        g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
    }
  return TRUE;
}

void
bp_tooltip_install (void)
{
  static gsize installed = 0;
  if (g_once_init_enter (&installed))
    {
      handled_quark = g_quark_from_static_string ("bp-tooltip-handled");
      GtkWidgetClass *base = g_type_class_ref (GTK_TYPE_WIDGET);
      default_query_tooltip = base->query_tooltip;
      g_type_class_unref (base);
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, on_map, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
