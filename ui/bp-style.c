/* bp-style.c: foreground, background, dark-or-light and the palette for
 * drawn widgets. */
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

static const guint32 okabe_ito[BP_PALETTE_N_COLORS] = {
  [BP_PALETTE_BLUE] = 0x0072B2,
  [BP_PALETTE_VERMILLION] = 0xD55E00,
  [BP_PALETTE_BLUISH_GREEN] = 0x009E73,
  [BP_PALETTE_REDDISH_PURPLE] = 0xCC79A7,
  [BP_PALETTE_ORANGE] = 0xE69F00,
  [BP_PALETTE_SKY_BLUE] = 0x56B4E9,
  [BP_PALETTE_YELLOW] = 0xF0E442,
  [BP_PALETTE_BLACK] = 0x000000,
};

void
bp_style_palette_rgb (guint index, double rgb[3])
{
  guint32 hex = okabe_ito[index % BP_PALETTE_N_COLORS];
  rgb[0] = ((hex >> 16) & 0xff) / 255.0;
  rgb[1] = ((hex >> 8) & 0xff) / 255.0;
  rgb[2] = (hex & 0xff) / 255.0;
}

void
bp_style_palette_color (guint index, gboolean dark, const GdkRGBA *fg, GdkRGBA *out)
{
  if (index % BP_PALETTE_N_COLORS == BP_PALETTE_BLACK)
    {
      *out = *fg;
      out->alpha = 1.0;
      return;
    }
  double rgb[3];
  bp_style_palette_rgb (index, rgb);
  out->red = rgb[0];
  out->green = rgb[1];
  out->blue = rgb[2];
  out->alpha = 1.0;

  /* Keep contrast with the background: lighten everything a little on
   * dark, darken the yellow on light. */
  double lum = 0.2126 * out->red + 0.7152 * out->green + 0.0722 * out->blue;
  double mix = 0, toward = 0;
  if (dark && lum < 0.6)
    mix = 0.25, toward = 1.0;
  else if (!dark && lum > 0.6)
    mix = 0.3, toward = 0.0;
  out->red += (toward - out->red) * mix;
  out->green += (toward - out->green) * mix;
  out->blue += (toward - out->blue) * mix;
}

void
bp_style_diverging_colors (gboolean dark, GdkRGBA *negative, GdkRGBA *positive)
{
  double rgb[3];
  if (dark)
    {
      bp_style_palette_rgb (BP_PALETTE_SKY_BLUE, rgb);
      *negative = (GdkRGBA) { rgb[0], rgb[1], rgb[2], 1.0 };
      bp_style_palette_rgb (BP_PALETTE_ORANGE, rgb);
      *positive = (GdkRGBA) { rgb[0], rgb[1], rgb[2], 1.0 };
    }
  else
    {
      bp_style_palette_rgb (BP_PALETTE_BLUE, rgb);
      *negative = (GdkRGBA) { rgb[0], rgb[1], rgb[2], 1.0 };
      /* The orange darkened by hand: as published it is much lighter on
       * white than the blue. */
      *positive = (GdkRGBA) { 0xd5 / 255.0, 0x7a / 255.0, 0x00 / 255.0, 1.0 };
    }
}

PangoLayout *
bp_style_text_layout (GtkWidget *widget, const char *text, BpTextStyle style)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();
  if (style & BP_TEXT_SMALL)
    pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
  if (style & BP_TEXT_BOLD)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

void
bp_style_text_size (GtkWidget *widget, const char *text, BpTextStyle style, int *width, int *height)
{
  g_autoptr(PangoLayout) layout = bp_style_text_layout (widget, text, style);
  pango_layout_get_pixel_size (layout, width, height);
}
