/* bp-tooltip.h: tooltips as wide as their text in every script.
 *
 * Not a GObject. GTK 4.8 limits a tooltip's line to as many average
 * Latin character widths as the text has characters, so Chinese and
 * Japanese tooltips (each character about two such widths) wrap after
 * every character or two. These functions show tooltips in a label of
 * our own that wraps at 50 characters' width like GTK's, but otherwise
 * keeps the text's natural width.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Once per process, after GTK is initialized: every widget mapped from
 * then on shows its tooltip-text or tooltip-markup in our label. A link
 * in a label keeps its own tooltip, and so do widgets whose class has its
 * own query-tooltip (entries with icon tooltips). */
void bp_tooltip_install (void);

/* For query-tooltip handlers: show @text (plain, not markup) as @widget's
 * tooltip. */
void bp_tooltip_set_text (GtkTooltip *tooltip, GtkWidget *widget, const char *text);

/* The label @widget's tooltip was last shown in, or NULL. For tests. */
GtkLabel *bp_tooltip_get_label (GtkWidget *widget);

G_END_DECLS
