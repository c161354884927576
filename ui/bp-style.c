/* bp-style.c: foreground, background and dark-or-light for drawn widgets. */
#include "bp-style.h"

#include <adwaita.h>

void
bp_style_get_colors (GtkWidget *widget, BpStyleColors *colors)
{
  if (gtk_widget_get_root (widget) == NULL)
    {
      /* Outside a window no style cascades (the colour is the CSS
       * default, white): use libadwaita's foreground for the scheme. */
      if (adw_is_initialized () && adw_style_manager_get_dark (adw_style_manager_get_default ()))
        colors->fg = (GdkRGBA) { 1.0, 1.0, 1.0, 1.0 };
      else
        colors->fg = (GdkRGBA) { 0.0, 0.0, 0.0, 0.8 };
    }
  else
    {
#if GTK_CHECK_VERSION (4, 10, 0)
      gtk_widget_get_color (widget, &colors->fg);
#else
      gtk_style_context_get_color (gtk_widget_get_style_context (widget), &colors->fg);
#endif
    }
  colors->dark = 0.2126 * colors->fg.red + 0.7152 * colors->fg.green + 0.0722 * colors->fg.blue > 0.5;
  /* libadwaita's view_bg_color */
  if (colors->dark)
    colors->bg = (GdkRGBA) { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0, 1.0 };
  else
    colors->bg = (GdkRGBA) { 1.0, 1.0, 1.0, 1.0 };
}
