/* test-pixels.h: reading back what a widget drew on an image surface. */
#pragma once

#include <cairo.h>
#include <glib.h>

/* The colour at (x, y) of an ARGB32/RGB24 surface, each channel 0–1. */
static inline void
pixel (cairo_surface_t *surface, double x, double y, double rgb[3])
{
  const int stride = cairo_image_surface_get_stride (surface);
  const guchar *data = cairo_image_surface_get_data (surface);
  guint32 p = *(const guint32 *) (const void *) (data + (int) y * stride + (int) x * 4);
  rgb[0] = ((p >> 16) & 0xff) / 255.0;
  rgb[1] = ((p >> 8) & 0xff) / 255.0;
  rgb[2] = (p & 0xff) / 255.0;
}
