/* bp-style.h: the colours our Cairo-drawn widgets take from the style.
 *
 * Not a GObject: a helper our drawn widgets share, so they follow light
 * and dark the same way and draw from one palette.
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

/* Okabe & Ito (2008), "Color Universal Design": distinguishable with the
 * common colour-vision deficiencies. In the chart's series order, so the
 * first few differ most. */
typedef enum {
  BP_PALETTE_BLUE,
  BP_PALETTE_VERMILLION,
  BP_PALETTE_BLUISH_GREEN,
  BP_PALETTE_REDDISH_PURPLE,
  BP_PALETTE_ORANGE,
  BP_PALETTE_SKY_BLUE,
  BP_PALETTE_YELLOW,
  BP_PALETTE_BLACK,
  BP_PALETTE_N_COLORS
} BpPaletteColor;

/* Palette colour @index (modulo BP_PALETTE_N_COLORS) as published, 0..1. */
void bp_style_palette_rgb (guint index, double rgb[3]);

/* Palette colour @index kept in contrast with the background of a @dark or
 * light style: black becomes @fg, dark colours are lightened on dark and
 * light ones darkened on light. For series and legends. */
void bp_style_palette_color (guint index, gboolean dark, const GdkRGBA *fg, GdkRGBA *out);

/* The two ends of a diverging scale (negative blue, positive orange):
 * darker on a light background and lighter on a dark one, so both stand
 * out equally from a neutral zero. */
void bp_style_diverging_colors (gboolean dark, GdkRGBA *negative, GdkRGBA *positive);

G_END_DECLS
