/* bp-style.h: the colours and text our Cairo-drawn widgets take from the
 * style.
 *
 * Not a GObject: a helper our drawn widgets share, so they follow light
 * and dark the same way, draw from one palette and write one kind of text.
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

typedef enum {
  BP_TEXT_PLAIN  = 0,
  BP_TEXT_SMALL  = 1 << 0,   /* 0.85 of the widget's font: ticks, legends, names */
  BP_TEXT_BOLD   = 1 << 1,
} BpTextStyle;

/* A layout of @text in @widget's font, digits of equal width (like the
 * numeric style class), so numbers that change do not jitter. */
PangoLayout *bp_style_text_layout (GtkWidget *widget, const char *text, BpTextStyle style);
/* Its size in pixels; either pointer may be NULL. */
void         bp_style_text_size   (GtkWidget *widget, const char *text, BpTextStyle style,
                                   int *width, int *height);

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
