/* bp-weights-view.c: weight matrices as heatmaps, drawn with Cairo.
 *
 * Each layer's matrix is turned into a small image with one pixel per
 * shown cell (at most one per screen pixel), which Cairo scales up
 * without smoothing. So a frame costs the same for 30 × 128 weights as
 * for 784 × 256, and the image is only made again when the size or the
 * style changes.
 */
#define G_LOG_DOMAIN "bp-weights-view"

#include "bp-weights-view.h"
#include "bp-style.h"
#include "bp-tooltip.h"

#include <glib/gi18n.h>
#include <math.h>

#define MAX_CELL        24.0   /* side of a cell in a small network */
#define MIN_BLOCK       120.0  /* a layer's column: room for its title and legend */
#define MAX_LABEL       140.0  /* input names are ellipsized to this */
#define LAYER_GAP       24.0
#define PAD             6.0
#define BIAS_GAP        4.0
#define LEGEND_BAR      8.0
#define LEGEND_WIDTH    140.0
#define MAX_MATRIX      400.0  /* height of the matrices at most */
#define MIN_MATRIX      24.0
#define MAX_CLASS_LABEL 90.0
#define MAX_LABELED     12     /* class names above at most this many columns */
#define SLACK           6.0    /* how far off a matrix the pointer still finds a cell */

typedef struct {
  gsize            n_in, n_out;
  float           *w;          /* n_in × n_out, row-major, as in BpModel */
  float           *b;          /* n_out */
  float            max_abs;    /* of w and b: the colour scale */
  cairo_surface_t *surface;    /* rows + 1 (bias) × cols pixels, one per shown cell */
  guint            surface_rows, surface_cols;
  gboolean         surface_dark;
} Layer;

typedef struct {
  double x;                    /* left of the matrix */
  double block;                /* the layer's column: the matrix, or MIN_BLOCK */
  double width, height;        /* the matrix, bias row not included */
  double bias_y;               /* the bias row, just under the matrix */
  guint  cols, rows;           /* shown cells: n_out × n_in, or fewer pixels */
} LayerGeometry;

typedef struct {
  double         title;        /* height of a layer's title */
  double         line;         /* of the smaller text */
  double         label_width;  /* input names and "bias", left of the matrices */
  double         top;          /* y of the matrices */
  double         band;         /* class names above the last matrix; 0 without */
  gboolean       rotated;      /* class names read upwards */
  double         bias_h;
  LayerGeometry *layers;
} Geometry;

typedef struct {
  GdkRGBA  fg, bg, negative, positive;
  gboolean dark;
} Colors;

struct _BpWeightsView {
  GtkWidget  parent_instance;

  Layer     *layers;
  gsize      n_layers;
  char     **feature_names;    /* the first layer's inputs, or NULL */
  char     **column_names;     /* the output layer's units, or NULL */

  Geometry   geometry;         /* for geometry_width × geometry_height */
  int        geometry_width, geometry_height;
  gboolean   geometry_valid;

  gboolean   hovering;
  double     hover_x, hover_y;
};

G_DEFINE_FINAL_TYPE (BpWeightsView, bp_weights_view, GTK_TYPE_WIDGET)

/* ---- colours ------------------------------------------------------------ */

/* The palette's diverging blue and orange (safe for the common colour
 * blindnesses), adjusted to the style by bp_style_diverging_colors(). */
static void
get_colors (BpWeightsView *self, Colors *c)
{
  BpStyleColors colors;
  bp_style_get_colors (GTK_WIDGET (self), &colors);
  c->fg = colors.fg;
  c->bg = colors.bg;
  c->dark = colors.dark;
  bp_style_diverging_colors (c->dark, &c->negative, &c->positive);
}

/* From the background at 0 to full blue or orange at ±max, in straight
 * proportion (the legend's gradient is the same line). */
static void
value_rgb (const Colors *c, float v, float max, double rgb[3])
{
  if (!isfinite (v))
    {
      rgb[0] = rgb[1] = rgb[2] = 0.5;
      return;
    }
  const double t = max > 0.0f ? MIN (fabs ((double) v) / max, 1.0) : 0.0;
  const GdkRGBA *end = v < 0.0f ? &c->negative : &c->positive;
  rgb[0] = c->bg.red + (end->red - c->bg.red) * t;
  rgb[1] = c->bg.green + (end->green - c->bg.green) * t;
  rgb[2] = c->bg.blue + (end->blue - c->bg.blue) * t;
}

/* ---- data --------------------------------------------------------------- */

static void
clear_surfaces (BpWeightsView *self)
{
  for (gsize l = 0; l < self->n_layers; l++)
    g_clear_pointer (&self->layers[l].surface, cairo_surface_destroy);
}

static void
clear_layers (BpWeightsView *self)
{
  for (gsize l = 0; l < self->n_layers; l++)
    {
      g_free (self->layers[l].w);
      g_free (self->layers[l].b);
      g_clear_pointer (&self->layers[l].surface, cairo_surface_destroy);
    }
  g_clear_pointer (&self->layers, g_free);
  self->n_layers = 0;
  g_clear_pointer (&self->feature_names, g_strfreev);
  g_clear_pointer (&self->column_names, g_strfreev);
}

static void
invalidate (BpWeightsView *self)
{
  self->geometry_valid = FALSE;
  g_clear_pointer (&self->geometry.layers, g_free);
}

/* Index i of n shown in k ≤ n places goes to place i·k/n (rounded
 * down), so place p holds [⌈p·n/k⌉, ⌈(p+1)·n/k⌉): never empty. */
static gsize
block_start (gsize p, gsize n, gsize k)
{
  return (p * n + k - 1) / k;
}

/* The shown cell (r, c) of a matrix shown as rows × cols stands for a
 * block of inputs and units: the one of largest magnitude is shown. With
 * r == rows, the bias row. */
static float
block_pick (const Layer *layer, guint rows, guint cols, guint r, guint c, gsize *input, gsize *unit)
{
  const gsize u0 = block_start (c, layer->n_out, cols), u1 = block_start (c + 1, layer->n_out, cols);
  gsize i0, i1;
  if (r >= rows)
    i0 = layer->n_in, i1 = layer->n_in + 1;
  else
    i0 = block_start (r, layer->n_in, rows), i1 = block_start (r + 1, layer->n_in, rows);

  gsize best_i = i0, best_u = u0;
  float best = 0.0f, best_abs = -1.0f;
  for (gsize i = i0; i < i1; i++)
    {
      const float *row = i < layer->n_in ? layer->w + i * layer->n_out : layer->b;
      for (gsize u = u0; u < u1; u++)
        {
          /* NaN (a run gone wrong) shows rather than hides. */
          const float a = isnan (row[u]) ? INFINITY : fabsf (row[u]);
          if (a > best_abs)
            {
              best_abs = a;
              best = row[u];
              best_i = i, best_u = u;
            }
        }
    }
  if (input)
    *input = best_i;
  if (unit)
    *unit = best_u;
  return best;
}

static void
ensure_surface (BpWeightsView *self, Layer *layer, const LayerGeometry *lg, const Colors *colors)
{
  if (layer->surface && layer->surface_rows == lg->rows && layer->surface_cols == lg->cols &&
      layer->surface_dark == colors->dark)
    return;
  g_clear_pointer (&layer->surface, cairo_surface_destroy);

  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) lg->cols, (int) lg->rows + 1);
  const int stride = cairo_image_surface_get_stride (surface);
  guchar *data = cairo_image_surface_get_data (surface);
  for (guint r = 0; r <= lg->rows; r++)
    {
      guint32 *row = (guint32 *) (void *) (data + (gsize) r * stride);
      for (guint c = 0; c < lg->cols; c++)
        {
          double rgb[3];
          value_rgb (colors, block_pick (layer, lg->rows, lg->cols, r, c, NULL, NULL), layer->max_abs, rgb);
          row[c] = 0xff000000u | ((guint32) (rgb[0] * 255 + 0.5) << 16) | ((guint32) (rgb[1] * 255 + 0.5) << 8) |
                   (guint32) (rgb[2] * 255 + 0.5);
        }
    }
  cairo_surface_mark_dirty (surface);
  layer->surface = surface;
  layer->surface_rows = lg->rows;
  layer->surface_cols = lg->cols;
  layer->surface_dark = colors->dark;
}

/* ---- geometry ----------------------------------------------------------- */

/* Titles in bold; everything else a little smaller, so a row name fits
 * a row of a 30-input layer. */
static PangoLayout *
make_layout (BpWeightsView *self, const char *text, gboolean bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  else
    pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static double
text_width (BpWeightsView *self, const char *text)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, FALSE);
  int w;
  pango_layout_get_pixel_size (layout, &w, NULL);
  return w;
}

static double
line_height (BpWeightsView *self, gboolean bold)
{
  g_autoptr(PangoLayout) probe = make_layout (self, "Mg", bold);
  int h;
  pango_layout_get_pixel_size (probe, NULL, &h);
  return h;
}

/* The captions of the label column. */
static const char *
rows_caption (void)
{
  return _("Rows: inputs");
}

static const char *
columns_caption (void)
{
  return _("Columns: units");
}

static double
label_column_width (BpWeightsView *self)
{
  double widest = MAX (text_width (self, rows_caption ()), text_width (self, columns_caption ()));
  widest = MAX (widest, text_width (self, _("bias")));
  if (self->feature_names && self->n_layers > 0)
    for (gsize i = 0; i < self->layers[0].n_in && self->feature_names[i]; i++)
      widest = MAX (widest, text_width (self, self->feature_names[i]));
  return MIN (widest, MAX_LABEL);
}

static double
widest_column_name (BpWeightsView *self)
{
  double widest = 0;
  for (gsize k = 0; self->column_names && self->column_names[k]; k++)
    widest = MAX (widest, text_width (self, self->column_names[k]));
  return widest;
}

static double
legend_height (double line)
{
  return 2 * PAD + LEGEND_BAR + 2 + line;
}

static double
header_height (double title, double line)
{
  return title + line + PAD;
}

static gboolean
compute_geometry (BpWeightsView *self, int width, int height, Geometry *g)
{
  const gsize n = self->n_layers;
  if (n == 0)
    return FALSE;

  g->title = line_height (self, TRUE);
  g->line = line_height (self, FALSE);
  g->label_width = label_column_width (self);

  /* Across: one width per cell for all layers, so a wide layer looks
   * wide; a narrow layer still gets a column its title and legend fit. */
  const double x0 = g->label_width + PAD;
  const double avail = width - x0 - LAYER_GAP * (n - 1);
  const double min_block = MIN (MIN_BLOCK, avail / n);
  if (min_block < 8)
    return FALSE;
  g_autofree gboolean *narrow = g_new0 (gboolean, n);
  double cell_w = MAX_CELL;
  for (gsize pass = 0; pass <= n; pass++)
    {
      double fixed = 0, cols = 0;
      for (gsize l = 0; l < n; l++)
        if (narrow[l])
          fixed += min_block;
        else
          cols += self->layers[l].n_out;
      cell_w = cols > 0 ? MIN ((avail - fixed) / cols, MAX_CELL) : MAX_CELL;
      gboolean changed = FALSE;
      for (gsize l = 0; l < n; l++)
        if (!narrow[l] && self->layers[l].n_out * cell_w < min_block)
          narrow[l] = changed = TRUE;
      if (!changed)
        break;
    }
  if (cell_w >= 1.0)
    cell_w = floor (cell_w);
  if (cell_w <= 0)
    return FALSE;

  g->layers = g_new0 (LayerGeometry, n);
  double x = x0;
  for (gsize l = 0; l < n; l++)
    {
      LayerGeometry *lg = &g->layers[l];
      const gsize n_out = self->layers[l].n_out;
      lg->x = x;
      if (narrow[l])
        {
          /* Wider cells where there is room: a single output unit is a
           * column one can point at. */
          lg->cols = (guint) n_out;
          lg->width = n_out * MAX (cell_w, MIN (MAX_CELL, floor (min_block / n_out)));
          /* Still more units than pixels: blocks, as below, or columns
           * sharing a pixel would be dropped when drawn. */
          if (n_out > floor (lg->width))
            {
              lg->width = MAX (1.0, floor (lg->width));
              lg->cols = (guint) lg->width;
            }
        }
      else if (cell_w >= 1.0)
        {
          lg->cols = (guint) n_out;
          lg->width = n_out * cell_w;
        }
      else
        {
          /* More units than pixels: one pixel per block of them. */
          lg->width = MAX (1.0, floor (n_out * cell_w));
          lg->cols = (guint) lg->width;
        }
      lg->block = MAX (lg->width, min_block);
      x += lg->block + LAYER_GAP;
    }

  /* Class names over the output layer's columns: across when they fit
   * (or there is one column), else reading upwards. */
  g->band = 0;
  g->rotated = FALSE;
  if (self->column_names)
    {
      const LayerGeometry *last = &g->layers[n - 1];
      const double widest = widest_column_name (self);
      g->rotated = last->cols > 1 && widest + 4 > last->width / last->cols;
      g->band = (g->rotated ? MIN (widest, MAX_CLASS_LABEL) : g->line) + 4;
    }
  g->top = header_height (g->title, g->line) + g->band;

  /* Down: the matrices share one height, each split into its inputs. */
  g->bias_h = 12;
  double hm = height - g->top - BIAS_GAP - g->bias_h - legend_height (g->line);
  hm = floor (MIN (hm, MAX_MATRIX));
  if (hm < MIN_MATRIX)
    {
      g_clear_pointer (&g->layers, g_free);
      return FALSE;
    }
  for (gsize l = 0; l < n; l++)
    {
      LayerGeometry *lg = &g->layers[l];
      const gsize n_in = self->layers[l].n_in;
      const double row_h = MIN (floor (hm / n_in), MAX_CELL);
      if (row_h >= 1.0)
        {
          lg->rows = (guint) n_in;
          lg->height = n_in * row_h;
        }
      else
        {
          lg->rows = (guint) hm;
          lg->height = hm;
        }
      lg->bias_y = g->top + lg->height + BIAS_GAP;
    }
  return TRUE;
}

static const Geometry *
get_geometry (BpWeightsView *self, int width, int height)
{
  if (self->geometry_valid && self->geometry_width == width && self->geometry_height == height)
    return &self->geometry;
  invalidate (self);
  if (!compute_geometry (self, width, height, &self->geometry))
    return NULL;
  self->geometry_valid = TRUE;
  self->geometry_width = width;
  self->geometry_height = height;
  return &self->geometry;
}

static void
get_cell_box (const Geometry *g, const LayerGeometry *lg, guint r, guint c, graphene_rect_t *rect)
{
  const double cw = lg->width / lg->cols;
  if (r >= lg->rows)
    graphene_rect_init (rect, lg->x + c * cw, lg->bias_y, cw, g->bias_h);
  else
    {
      const double rh = lg->height / lg->rows;
      graphene_rect_init (rect, lg->x + c * cw, g->top + r * rh, cw, rh);
    }
}

/* The shown cell nearest (x, y): layer, row (rows: the bias row), column. */
static gboolean
find_cell (BpWeightsView *self, const Geometry *g, double x, double y, gsize *layer, guint *r, guint *c)
{
  for (gsize l = 0; l < self->n_layers; l++)
    {
      const LayerGeometry *lg = &g->layers[l];
      if (x < lg->x - SLACK || x >= lg->x + lg->width + SLACK)
        continue;
      const double matrix_bottom = g->top + lg->height, bias_bottom = lg->bias_y + g->bias_h;
      if (y < g->top - SLACK || y >= bias_bottom + SLACK)
        return FALSE;
      *layer = l;
      *c = (guint) CLAMP (floor ((x - lg->x) / (lg->width / lg->cols)), 0, lg->cols - 1);
      /* Between the matrix and its bias row: whichever is nearer. */
      if (y >= lg->bias_y || (y > matrix_bottom && y - matrix_bottom > lg->bias_y - y))
        *r = lg->rows;
      else
        *r = (guint) CLAMP (floor ((y - g->top) / (lg->height / lg->rows)), 0, lg->rows - 1);
      return TRUE;
    }
  return FALSE;
}

/* ---- drawing ------------------------------------------------------------ */

static void
show_text (cairo_t *cr, PangoLayout *layout, double x, double y, double w, PangoAlignment align)
{
  pango_layout_set_width (layout, (int) (MAX (w, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, align);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
set_fg (cairo_t *cr, const Colors *c, double alpha)
{
  cairo_set_source_rgba (cr, c->fg.red, c->fg.green, c->fg.blue, c->fg.alpha * alpha);
}

static char *
format_limit (float max, const char *sign)
{
  g_autofree char *number = g_strdup_printf ("%.2g", (double) max);
  return g_strconcat (sign, number, NULL);
}

static void
draw_legend (BpWeightsView *self, cairo_t *cr, const Geometry *g, const LayerGeometry *lg, const Layer *layer,
             const Colors *c)
{
  /* Under the layer's own bias row. */
  const double w = MIN (lg->block, LEGEND_WIDTH), x = lg->x, y = lg->bias_y + g->bias_h + 2 * PAD;
  cairo_pattern_t *gradient = cairo_pattern_create_linear (x, 0, x + w, 0);
  cairo_pattern_add_color_stop_rgb (gradient, 0.0, c->negative.red, c->negative.green, c->negative.blue);
  cairo_pattern_add_color_stop_rgb (gradient, 0.5, c->bg.red, c->bg.green, c->bg.blue);
  cairo_pattern_add_color_stop_rgb (gradient, 1.0, c->positive.red, c->positive.green, c->positive.blue);
  cairo_set_source (cr, gradient);
  cairo_rectangle (cr, x, y, w, LEGEND_BAR);
  cairo_fill (cr);
  cairo_pattern_destroy (gradient);
  set_fg (cr, c, 0.2);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, x + 0.5, y + 0.5, w - 1, LEGEND_BAR - 1);
  cairo_stroke (cr);

  g_autofree char *low = format_limit (layer->max_abs, "−");
  g_autofree char *high = format_limit (layer->max_abs, "+");
  const double ty = y + LEGEND_BAR + 2;
  set_fg (cr, c, 0.7);
  g_autoptr(PangoLayout) left = make_layout (self, low, FALSE);
  show_text (cr, left, x, ty, w / 2, PANGO_ALIGN_LEFT);
  g_autoptr(PangoLayout) zero = make_layout (self, "0", FALSE);
  show_text (cr, zero, x, ty, w, PANGO_ALIGN_CENTER);
  g_autoptr(PangoLayout) right = make_layout (self, high, FALSE);
  show_text (cr, right, x + w / 2, ty, w / 2, PANGO_ALIGN_RIGHT);
}

static void
draw_column_names (BpWeightsView *self, cairo_t *cr, const Geometry *g, const Colors *c)
{
  const LayerGeometry *lg = &g->layers[self->n_layers - 1];
  const double cw = lg->width / lg->cols, y = g->top - g->band;

  set_fg (cr, c, 0.85);
  for (guint k = 0; k < lg->cols && self->column_names[k]; k++)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, self->column_names[k], FALSE);
      if (lg->cols == 1)
        show_text (cr, layout, lg->x, y, lg->block, PANGO_ALIGN_LEFT);
      else if (!g->rotated)
        show_text (cr, layout, lg->x + k * cw - 2, y, cw + 4, PANGO_ALIGN_CENTER);
      else
        {
          /* Upwards, ending just above the column. */
          cairo_save (cr);
          cairo_translate (cr, lg->x + k * cw + (cw - g->line) / 2, g->top - 4);
          cairo_rotate (cr, -G_PI / 2);
          show_text (cr, layout, 0, 0, g->band - 4, PANGO_ALIGN_LEFT);
          cairo_restore (cr);
        }
    }
}

static void
draw_input_names (BpWeightsView *self, cairo_t *cr, const Geometry *g, const Colors *c)
{
  const LayerGeometry *lg = &g->layers[0];
  const double row_h = lg->height / lg->rows;

  set_fg (cr, c, 0.85);
  if (self->feature_names && lg->rows == self->layers[0].n_in)
    {
      /* Every row when the text fits, else every step-th. */
      const guint step = (guint) MAX (1.0, ceil (g->line * 0.85 / row_h));
      for (guint r = 0; r < lg->rows && self->feature_names[r]; r += step)
        {
          g_autoptr(PangoLayout) layout = make_layout (self, self->feature_names[r], FALSE);
          show_text (cr, layout, 0, g->top + r * row_h + (row_h - g->line) / 2, g->label_width, PANGO_ALIGN_RIGHT);
        }
    }
  set_fg (cr, c, 0.6);
  g_autoptr(PangoLayout) bias = make_layout (self, _("bias"), FALSE);
  show_text (cr, bias, 0, lg->bias_y + (g->bias_h - g->line) / 2, g->label_width, PANGO_ALIGN_RIGHT);
  g_autoptr(PangoLayout) rows = make_layout (self, rows_caption (), FALSE);
  show_text (cr, rows, 0, g->title - g->line, g->label_width, PANGO_ALIGN_RIGHT);
  g_autoptr(PangoLayout) cols = make_layout (self, columns_caption (), FALSE);
  show_text (cr, cols, 0, g->title, g->label_width, PANGO_ALIGN_RIGHT);
}

/* Lines of the background between cells big enough to tell apart. */
static void
draw_cell_lines (cairo_t *cr, const Geometry *g, const LayerGeometry *lg, const Colors *c)
{
  const double cw = lg->width / lg->cols, rh = lg->height / lg->rows;
  gdk_cairo_set_source_rgba (cr, &c->bg);
  if (cw >= 6 && rh >= 6)
    {
      for (guint k = 1; k < lg->cols; k++)
        {
          cairo_rectangle (cr, lg->x + k * cw - 0.5, g->top, 1, lg->height);
          cairo_rectangle (cr, lg->x + k * cw - 0.5, lg->bias_y, 1, g->bias_h);
        }
      for (guint k = 1; k < lg->rows; k++)
        cairo_rectangle (cr, lg->x, g->top + k * rh - 0.5, lg->width, 1);
      cairo_fill (cr);
    }
}


/* A layer's name as the model page shows it: "Dense 1", …, "Output". */
static char *
layer_title (BpWeightsView *self, gsize l)
{
  if (l + 1 == self->n_layers)
    return g_strdup (_("Output"));
  return g_strdup_printf (_("Dense %u"), (guint) (l + 1));
}
static void
draw_frame (cairo_t *cr, double x, double y, double w, double h, const Colors *c)
{
  set_fg (cr, c, 0.18);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, x - 0.5, y - 0.5, w + 1, h + 1);
  cairo_stroke (cr);
}

void
bp_weights_view_draw (BpWeightsView *self, cairo_t *cr, int width, int height)
{
  g_return_if_fail (BP_IS_WEIGHTS_VIEW (self));

  const Geometry *g = get_geometry (self, width, height);
  if (g == NULL)
    return;
  Colors c;
  get_colors (self, &c);

  cairo_save (cr);
  draw_input_names (self, cr, g, &c);
  if (self->column_names)
    draw_column_names (self, cr, g, &c);

  for (gsize l = 0; l < self->n_layers; l++)
    {
      Layer *layer = &self->layers[l];
      const LayerGeometry *lg = &g->layers[l];

      /* Title and shape. */
      g_autofree char *title = layer_title (self, l);
      g_autoptr(PangoLayout) title_layout = make_layout (self, title, TRUE);
      set_fg (cr, &c, 1.0);
      show_text (cr, title_layout, lg->x, 0, lg->block, PANGO_ALIGN_LEFT);
      g_autofree char *shape = g_strdup_printf ("%" G_GSIZE_FORMAT " → %" G_GSIZE_FORMAT, layer->n_in, layer->n_out);
      g_autoptr(PangoLayout) shape_layout = make_layout (self, shape, FALSE);
      set_fg (cr, &c, 0.6);
      show_text (cr, shape_layout, lg->x, g->title, lg->block, PANGO_ALIGN_LEFT);

      /* The cells: the image scaled up, pixel for pixel. */
      ensure_surface (self, layer, lg, &c);
      cairo_save (cr);
      cairo_rectangle (cr, lg->x, g->top, lg->width, lg->height);
      cairo_clip (cr);
      cairo_translate (cr, lg->x, g->top);
      cairo_scale (cr, lg->width / lg->cols, lg->height / lg->rows);
      cairo_set_source_surface (cr, layer->surface, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_paint (cr);
      cairo_restore (cr);

      cairo_save (cr);
      cairo_rectangle (cr, lg->x, lg->bias_y, lg->width, g->bias_h);
      cairo_clip (cr);
      cairo_translate (cr, lg->x, lg->bias_y);
      cairo_scale (cr, lg->width / lg->cols, g->bias_h);
      cairo_set_source_surface (cr, layer->surface, 0, -(double) lg->rows);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_paint (cr);
      cairo_restore (cr);

      draw_cell_lines (cr, g, lg, &c);
      draw_frame (cr, lg->x, g->top, lg->width, lg->height, &c);
      draw_frame (cr, lg->x, lg->bias_y, lg->width, g->bias_h, &c);
      draw_legend (self, cr, g, lg, layer, &c);
    }

  if (self->hovering)
    {
      gsize l;
      guint r, col;
      if (find_cell (self, g, self->hover_x, self->hover_y, &l, &r, &col))
        {
          graphene_rect_t box;
          get_cell_box (g, &g->layers[l], r, col, &box);
          set_fg (cr, &c, 1.0);
          cairo_set_line_width (cr, 2.0);
          cairo_rectangle (cr, box.origin.x - 1, box.origin.y - 1, box.size.width + 2, box.size.height + 2);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

gboolean
bp_weights_view_get_cell_rect (BpWeightsView   *self,
                               int              width,
                               int              height,
                               gsize            layer,
                               gsize            input,
                               gsize            unit,
                               graphene_rect_t *rect)
{
  g_return_val_if_fail (BP_IS_WEIGHTS_VIEW (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (layer >= self->n_layers || input > self->layers[layer].n_in || unit >= self->layers[layer].n_out)
    return FALSE;
  const Geometry *g = get_geometry (self, width, height);
  if (g == NULL)
    return FALSE;
  const LayerGeometry *lg = &g->layers[layer];
  const Layer *data = &self->layers[layer];
  const guint r = input == data->n_in ? lg->rows : (guint) (input * lg->rows / data->n_in);
  const guint c = (guint) (unit * lg->cols / data->n_out);
  get_cell_box (g, lg, r, c, rect);
  return TRUE;
}

char *
bp_weights_view_describe_at (BpWeightsView *self, int width, int height, double x, double y)
{
  g_return_val_if_fail (BP_IS_WEIGHTS_VIEW (self), NULL);

  const Geometry *g = get_geometry (self, width, height);
  gsize l, input, unit;
  guint r, c;
  if (g == NULL || !find_cell (self, g, x, y, &l, &r, &c))
    return NULL;
  const Layer *layer = &self->layers[l];
  const LayerGeometry *lg = &g->layers[l];
  const float value = block_pick (layer, lg->rows, lg->cols, r, c, &input, &unit);

  g_autofree char *name = layer_title (self, l);
  g_autofree char *from = NULL;
  if (input == layer->n_in)
    from = g_strdup (_("bias"));
  else if (l == 0 && self->feature_names && input < g_strv_length (self->feature_names))
    /* Translators: where a weight of the first layer comes from: an input column. */
    from = g_strdup_printf (_("input “%s”"), self->feature_names[input]);
  else if (l == 0)
    from = g_strdup_printf (_("input %u"), (guint) (input + 1));
  else
    {
      g_autofree char *below = g_strdup_printf (_("Dense %u"), (guint) l);
      /* Translators: where a weight comes from: a unit of the layer below, e.g. "unit 5 of Dense 1". */
      from = g_strdup_printf (_("unit %u of %s"), (guint) (input + 1), below);
    }
  g_autofree char *to = NULL;
  if (l == self->n_layers - 1 && self->column_names && unit < g_strv_length (self->column_names))
    /* Translators: the output unit a weight feeds, named after its class. */
    to = g_strdup_printf (_("output “%s”"), self->column_names[unit]);
  else
    to = g_strdup_printf (_("unit %u"), (guint) (unit + 1));
  g_autofree char *number = g_strdup_printf ("%.3g", (double) value);
  /* Translators: the weight under the pointer: the layer ("Dense 1"),
   * where the weight comes from ("input “mean_radius”", "bias"), the unit
   * it feeds ("unit 17") and its value. */
  g_autofree char *text = g_strdup_printf (_("%s: %s → %s: %s"), name, from, to, number);

  /* The bias row is never squeezed down, only across. */
  if ((r < lg->rows && lg->rows < layer->n_in) || lg->cols < layer->n_out)
    {
      const gsize n_rows = r == lg->rows ? 1 : (layer->n_in + lg->rows - 1) / lg->rows;
      const gsize n_cols = (layer->n_out + lg->cols - 1) / lg->cols;
      /* Translators: added when one pixel stands for a block of weights
       * (too many to draw one by one): the read-out, then the block's
       * size, inputs × units. */
      return g_strdup_printf (_("%s (the largest of up to %u × %u weights in this pixel)"), text,
                              (guint) n_rows, (guint) n_cols);
    }
  return g_steal_pointer (&text);
}

/* ---- the widget --------------------------------------------------------- */

static void
bp_weights_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  BpWeightsView *self = BP_WEIGHTS_VIEW (widget);
  const int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (self->n_layers == 0 || width <= 0 || height <= 0)
    return;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  bp_weights_view_draw (self, cr, width, height);
  cairo_destroy (cr);
}

static void
bp_weights_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  BpWeightsView *self = BP_WEIGHTS_VIEW (widget);

  *minimum = *natural = 0;
  if (self->n_layers == 0)
    return;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 320;
      *natural = 640;
      return;
    }
  /* Enough height for the tallest matrix at 16 pixels a row, within
   * limits, and the text around it. */
  const double title = line_height (self, TRUE), line = line_height (self, FALSE);
  gsize tallest = 0;
  for (gsize l = 0; l < self->n_layers; l++)
    tallest = MAX (tallest, self->layers[l].n_in);
  double band = 0;
  if (self->column_names)
    {
      const double widest = widest_column_name (self);
      band = (widest + 4 > MAX_CELL ? MIN (widest, MAX_CLASS_LABEL) : line) + 4;
    }
  const double matrix = CLAMP (tallest * 16.0, 4 * MAX_CELL, MAX_MATRIX);
  *minimum = *natural = (int) ceil (header_height (title, line) + band + matrix + BIAS_GAP + 12 + legend_height (line));
}

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, BpWeightsView *self)
{
  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *motion, BpWeightsView *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  BpWeightsView *self = BP_WEIGHTS_VIEW (widget);
  if (keyboard)
    return FALSE;
  g_autofree char *text = bp_weights_view_describe_at (self, gtk_widget_get_width (widget),
                                                       gtk_widget_get_height (widget), x, y);
  if (text == NULL)
    return FALSE;
  bp_tooltip_set_text (tooltip, widget, text);
  return TRUE;
}

static void
bp_weights_view_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  BpWeightsView *self = BP_WEIGHTS_VIEW (widget);

  GTK_WIDGET_CLASS (bp_weights_view_parent_class)->css_changed (widget, change);
  /* Dark or light, and font changes. */
  invalidate (self);
  clear_surfaces (self);
  gtk_widget_queue_resize (widget);
}

static void
bp_weights_view_finalize (GObject *object)
{
  BpWeightsView *self = BP_WEIGHTS_VIEW (object);

  clear_layers (self);
  invalidate (self);
  G_OBJECT_CLASS (bp_weights_view_parent_class)->finalize (object);
}

static void
bp_weights_view_class_init (BpWeightsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bp_weights_view_finalize;
  widget_class->snapshot = bp_weights_view_snapshot;
  widget_class->measure = bp_weights_view_measure;
  widget_class->css_changed = bp_weights_view_css_changed;
  gtk_widget_class_set_css_name (widget_class, "weights-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bp_weights_view_init (BpWeightsView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Network weights: one coloured square per weight of each layer"), -1);
}

GtkWidget *
bp_weights_view_new (void)
{
  return g_object_new (BP_TYPE_WEIGHTS_VIEW, NULL);
}

void
bp_weights_view_set_model (BpWeightsView      *self,
                           const BpModel      *model,
                           const char * const *feature_names,
                           const char * const *class_names)
{
  g_return_if_fail (BP_IS_WEIGHTS_VIEW (self));

  clear_layers (self);
  invalidate (self);
  if (model && model->n_layers > 0)
    {
      self->n_layers = model->n_layers;
      self->layers = g_new0 (Layer, model->n_layers);
      for (gsize l = 0; l < model->n_layers; l++)
        {
          const BpLayer *from = &model->layers[l];
          Layer *layer = &self->layers[l];
          layer->n_in = from->n_in;
          layer->n_out = from->n_out;
          layer->w = g_memdup2 (from->w, from->n_in * from->n_out * sizeof (float));
          layer->b = g_memdup2 (from->b, from->n_out * sizeof (float));
          for (gsize i = 0; i < from->n_in * from->n_out; i++)
            if (isfinite (from->w[i]))
              layer->max_abs = MAX (layer->max_abs, fabsf (from->w[i]));
          for (gsize u = 0; u < from->n_out; u++)
            if (isfinite (from->b[u]))
              layer->max_abs = MAX (layer->max_abs, fabsf (from->b[u]));
        }
      if (feature_names && g_strv_length ((char **) feature_names) >= model->layers[0].n_in)
        self->feature_names = g_strdupv ((char **) feature_names);

      /* Output columns named after classes: one per class, or for two
       * classes a single sigmoid unit, the probability of the second. */
      const gsize n_out = model->layers[model->n_layers - 1].n_out;
      const gsize n_classes = class_names ? g_strv_length ((char **) class_names) : 0;
      if (n_out <= MAX_LABELED && n_classes >= 2 && n_out == n_classes)
        self->column_names = g_strdupv ((char **) class_names);
      else if (n_out == 1 && n_classes == 2)
        {
          self->column_names = g_new0 (char *, 2);
          self->column_names[0] = g_strdup (class_names[1]);
        }
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gsize
bp_weights_view_get_n_layers (BpWeightsView *self)
{
  g_return_val_if_fail (BP_IS_WEIGHTS_VIEW (self), 0);
  return self->n_layers;
}

float
bp_weights_view_get_weight (BpWeightsView *self, gsize layer, gsize input, gsize unit)
{
  g_return_val_if_fail (BP_IS_WEIGHTS_VIEW (self), NAN);
  g_return_val_if_fail (layer < self->n_layers, NAN);
  const Layer *l = &self->layers[layer];
  g_return_val_if_fail (input <= l->n_in && unit < l->n_out, NAN);
  return input == l->n_in ? l->b[unit] : l->w[input * l->n_out + unit];
}
