/* bp-style.h: the colours our Cairo-drawn widgets take from the style.
 *
 * Not a GObject: a helper the chart and the confusion matrix share, so
 * both follow light and dark the same way.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct {
  GdkRGBA  fg;     /* the widget's text colour */
  GdkRGBA  bg;     /* libadwaita's view background for that style */
  gboolean dark;   /* light text: a dark style */
} BpStyleColors;

void bp_style_get_colors (GtkWidget *widget, BpStyleColors *colors);

G_END_DECLS
