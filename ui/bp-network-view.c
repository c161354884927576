/* bp-network-view.c: nodes and weighted edges, drawn with Cairo. */
#define G_LOG_DOMAIN "bp-network-view"

#include "bp-network-view.h"
#include "bp-style.h"
#include "bp-tooltip.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RADIUS      6.0
#define MAX_SLOT    34.0    /* node spacing at most */
#define MIN_SLOT    15.0    /* and at least: fewer nodes are shown */
#define MAX_THUMB   34.0    /* a unit's map at most, and at least: */
#define MIN_THUMB   14.0
#define MAX_LABEL   110.0   /* input and output names are ellipsized */
#define PAD         6.0
#define EDGE_SLACK  3.0     /* how far off an edge the pointer still finds it */
#define DEAD_SHARE  0.999   /* inactive on (nearly) every row: a dead ReLU */
#define MAP_LARGE   220

typedef struct {
  gsize         n_in, n_out;
  float        *w, *b;
  BpActivation  activation;
  float         max_abs;
  float        *mean, *inactive;        /* n_out, or NULL */
  float        *maps;                   /* n_maps × map_size², or NULL */
  gsize         n_maps;                 /* the first n_maps units have one */
  guint         map_size;
  cairo_surface_t **thumbs;             /* per unit, made on first draw */
} Layer;

struct _BpNetworkView {
  GtkWidget    parent_instance;

  char       **node_names;     /* the input nodes */
  gsize        n_nodes;
  guint       *input_node;     /* per input: its node */
  char       **input_names;    /* per input, or NULL */
  gsize        n_inputs;
  char       **output_names;
  gsize        n_outputs;
  Layer       *layers;
  gsize        n_layers;
  float      **scores;         /* per column, per node: its strongest weight's size */
  char        *placeholder;

  GtkWidget   *popover;
  GtkWidget   *popover_title;
  GtkWidget   *popover_area;
  gsize        popover_layer, popover_unit;
  guint64      n_drawn;
};

G_DEFINE_FINAL_TYPE (BpNetworkView, bp_network_view, GTK_TYPE_WIDGET)

/* ---- what is shown ------------------------------------------------------ */

static gsize
n_columns (BpNetworkView *self)
{
  return self->n_layers ? self->n_layers + 1 : 0;
}

static gsize
column_size (BpNetworkView *self, gsize c)
{
  return c == 0 ? self->n_nodes : self->layers[c - 1].n_out;
}

/* A column's units are drawn as maps: a hidden layer that has them. */
static gboolean
column_has_maps (BpNetworkView *self, gsize c)
{
  return c > 0 && self->layers[c - 1].maps != NULL;
}

typedef struct {
  gsize    n_shown;
  guint   *shown;        /* unit indices, ascending */
  double   x, slot, top, node;   /* node: radius, or a map's half side */
  gsize    hidden;       /* "+N more" */
} Column;

typedef struct {
  double   line;
  double   left, right, top, bottom;
  gsize    n_columns;
  Column  *columns;
} Geometry;

static void
geometry_clear (Geometry *g)
{
  for (gsize c = 0; c < g->n_columns; c++)
    g_free (g->columns[c].shown);
  g_free (g->columns);
  memset (g, 0, sizeof *g);
}

typedef struct { float score; guint index; } Ranked;

static int
by_score_desc (const void *a, const void *b)
{
  const Ranked *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static int
by_index (const void *a, const void *b)
{
  const guint *x = a, *y = b;
  return *x < *y ? -1 : *x > *y;
}

/* The k units with the strongest connections, in their own order. */
static void
choose_shown (BpNetworkView *self, gsize c, gsize k, Column *col)
{
  const gsize n = column_size (self, c);
  col->shown = g_new (guint, MAX (k, 1));
  col->n_shown = k;
  col->hidden = n - k;
  if (k == n)
    {
      for (gsize i = 0; i < n; i++)
        col->shown[i] = (guint) i;
      return;
    }
  g_autofree Ranked *ranked = g_new (Ranked, n);
  for (gsize i = 0; i < n; i++)
    ranked[i] = (Ranked) { self->scores[c][i], (guint) i };
  qsort (ranked, n, sizeof *ranked, by_score_desc);
  for (gsize i = 0; i < k; i++)
    col->shown[i] = ranked[i].index;
  qsort (col->shown, k, sizeof *col->shown, by_index);
}

static double
text_width (BpNetworkView *self, const char *text, gboolean small, double *height)
{
  int w, h;
  bp_style_text_size (GTK_WIDGET (self), text, small ? BP_TEXT_SMALL : BP_TEXT_PLAIN, &w, &h);
  if (height)
    *height = h;
  return w;
}

static char *
output_name (BpNetworkView *self, gsize k)
{
  if (self->output_names && k < self->n_outputs && self->output_names[k])
    return g_strdup (self->output_names[k]);
  /* Translators: an output unit of the network without a name, e.g. "output 2". */
  return g_strdup_printf (_("output %zu"), k + 1);
}

static char *
column_title (BpNetworkView *self, gsize c)
{
  if (c == 0)
    return g_strdup (_("Inputs"));
  if (c == n_columns (self) - 1)
    return g_strdup (_("Output"));
  /* Translators: a hidden layer's title over its column in the network diagram. */
  return g_strdup_printf (_("Layer %zu"), c);
}

static gboolean
get_geometry (BpNetworkView *self, int width, int height, Geometry *g)
{
  memset (g, 0, sizeof *g);
  if (self->n_layers == 0)
    return FALSE;
  double line;
  text_width (self, "Mg", TRUE, &line);
  g->line = line;
  double left = 0, right = 0;
  for (gsize i = 0; i < self->n_nodes; i++)
    left = MAX (left, text_width (self, self->node_names[i], TRUE, NULL));
  for (gsize k = 0; k < self->layers[self->n_layers - 1].n_out; k++)
    {
      g_autofree char *name = output_name (self, k);
      right = MAX (right, text_width (self, name, TRUE, NULL));
    }
  /* Names take at most a fifth of the width each. */
  g->left = MIN (MIN (left, MAX_LABEL), width / 5.0) + PAD;
  g->right = MIN (MIN (right, MAX_LABEL), width / 5.0) + PAD;
  g->top = line + PAD;
  g->bottom = line + 2;
  const double avail = height - g->top - g->bottom;
  if (avail < 30 || width - g->left - g->right < 60)
    return FALSE;

  g->n_columns = n_columns (self);
  g->columns = g_new0 (Column, g->n_columns);
  const double x0 = g->left + MAX_THUMB / 2, x1 = width - g->right - MAX_THUMB / 2;
  for (gsize c = 0; c < g->n_columns; c++)
    {
      Column *col = &g->columns[c];
      const gsize n = column_size (self, c);
      const gboolean maps = column_has_maps (self, c);
      col->x = round (x0 + (x1 - x0) * (double) c / (double) (g->n_columns - 1));
      /* As many as fit at the least spacing; one slot is kept for "+N more". */
      gsize fit = (gsize) floor (avail / (maps ? MIN_THUMB + 4 : MIN_SLOT));
      gsize k = n <= fit ? n : MAX (fit, 2) - 1;
      k = MIN (k, n);
      choose_shown (self, c, k, col);
      col->slot = MIN (maps ? MAX_THUMB + 4 : MAX_SLOT, avail / MAX (k, 1));
      col->node = maps ? floor ((col->slot - 4) / 2) : MIN (RADIUS, floor (col->slot / 2 - 1));
      col->top = g->top + (avail - col->slot * k) / 2;
    }
  return TRUE;
}

static double
node_y (const Column *col, gsize i)
{
  return round (col->top + col->slot * (i + 0.5));
}

/* The weight drawn from input node @node to unit @unit of the first
 * layer: for a group, its strongest member's. *input gets which one. */
static float
node_weight (BpNetworkView *self, gsize node, gsize unit, gsize *input)
{
  const Layer *l = &self->layers[0];
  float best = 0;
  gsize best_input = node;
  if (self->input_node == NULL)
    {
      if (input)
        *input = node;
      return l->w[node * l->n_out + unit];
    }
  gboolean any = FALSE;
  for (gsize i = 0; i < self->n_inputs; i++)
    if (self->input_node[i] == node)
      {
        float w = l->w[i * l->n_out + unit];
        if (!any || fabsf (w) > fabsf (best))
          best = w, best_input = i, any = TRUE;
      }
  if (input)
    *input = best_input;
  return best;
}

static float
edge_weight (BpNetworkView *self, gsize c, gsize from, gsize to, gsize *input)
{
  if (c == 0)
    return node_weight (self, from, to, input);
  const Layer *l = &self->layers[c];
  if (input)
    *input = from;
  return l->w[from * l->n_out + to];
}

/* ---- drawing ------------------------------------------------------------ */

typedef struct {
  double x0, y0, x1, y1;
  float  w;
  gsize  layer;
} Edge;

static int
by_size (const void *a, const void *b)
{
  const Edge *x = a, *y = b;
  const float p = fabsf (x->w), q = fabsf (y->w);
  return p < q ? -1 : p > q;
}

static void
diverging_rgb (double v, gboolean dark, double rgb[3])
{
  GdkRGBA neg, pos;
  bp_style_diverging_colors (dark, &neg, &pos);
  const GdkRGBA *c = v >= 0 ? &pos : &neg;
  rgb[0] = c->red, rgb[1] = c->green, rgb[2] = c->blue;
}

static cairo_surface_t *
make_map_surface (const float *map, guint size, gboolean dark)
{
  float max_abs = 0;
  for (gsize i = 0; i < (gsize) size * size; i++)
    if (isfinite (map[i]))
      max_abs = MAX (max_abs, fabsf (map[i]));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  const int stride = cairo_image_surface_get_stride (surface);
  guchar *data = cairo_image_surface_get_data (surface);
  const double bg = dark ? 0x1e / 255.0 : 1.0;
  for (guint j = 0; j < size; j++)
    {
      guint32 *row = (guint32 *) (void *) (data + (gsize) j * stride);
      for (guint i = 0; i < size; i++)
        {
          const float v = map[(gsize) j * size + i];
          double rgb[3];
          diverging_rgb (v, dark, rgb);
          const double t = isfinite (v) && max_abs > 0 ? fabs (v) / max_abs : 0;
          /* Opaque: the colour mixed into the background by the value's size. */
          guint32 px = 0xff000000u;
          for (int k = 0; k < 3; k++)
            px |= (guint32) ((bg + (rgb[k] - bg) * t * 0.9) * 255 + 0.5) << (16 - 8 * k);
          row[i] = px;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
clear_thumbs (Layer *l)
{
  if (l->thumbs == NULL)
    return;
  for (gsize u = 0; u < l->n_out; u++)
    g_clear_pointer (&l->thumbs[u], cairo_surface_destroy);
  g_clear_pointer (&l->thumbs, g_free);
}

static cairo_surface_t *
thumb (BpNetworkView *self, gsize layer, gsize unit, gboolean dark)
{
  Layer *l = &self->layers[layer];
  if (l->thumbs == NULL)
    l->thumbs = g_new0 (cairo_surface_t *, l->n_out);
  if (l->thumbs[unit] == NULL)
    l->thumbs[unit] = make_map_surface (l->maps + unit * (gsize) l->map_size * l->map_size, l->map_size, dark);
  return l->thumbs[unit];
}

static gboolean
unit_dead (const Layer *l, gsize u)
{
  return l->inactive && l->activation == BP_ACTIVATION_RELU && l->inactive[u] >= DEAD_SHARE;
}

static void
show_text (cairo_t *cr, PangoLayout *layout, double x, double y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_label (BpNetworkView *self, cairo_t *cr, const char *text, double x, double y, double width,
            PangoAlignment align)
{
  g_autoptr(PangoLayout) layout = bp_style_text_layout (GTK_WIDGET (self), text, BP_TEXT_SMALL);
  pango_layout_set_width (layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, align);
  int h;
  pango_layout_get_pixel_size (layout, NULL, &h);
  show_text (cr, layout, x, round (y - h / 2.0));
}

static void
draw_edges (BpNetworkView *self, cairo_t *cr, const Geometry *g, const BpStyleColors *colors)
{
  /* Edges, the weak under the strong. */
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  for (gsize c = 0; c + 1 < g->n_columns; c++)
    {
      const Column *a = &g->columns[c], *b = &g->columns[c + 1];
      for (gsize i = 0; i < a->n_shown; i++)
        for (gsize j = 0; j < b->n_shown; j++)
          {
            Edge e = { a->x, node_y (a, i), b->x, node_y (b, j),
                       edge_weight (self, c, a->shown[i], b->shown[j], NULL), c };
            if (isfinite (e.w))
              g_array_append_val (edges, e);
          }
    }
  qsort (edges->data, edges->len, sizeof (Edge), by_size);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint k = 0; k < edges->len; k++)
    {
      const Edge *e = &g_array_index (edges, Edge, k);
      const float max_abs = self->layers[e->layer].max_abs;
      const double t = max_abs > 0 ? fabsf (e->w) / max_abs : 0;
      double rgb[3];
      diverging_rgb (e->w, colors->dark, rgb);
      cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.15 + 0.75 * t);
      cairo_set_line_width (cr, 0.5 + 3.5 * t);
      cairo_move_to (cr, e->x0, e->y0);
      cairo_line_to (cr, e->x1, e->y1);
      cairo_stroke (cr);
    }

}

static void
draw_nodes (BpNetworkView *self, cairo_t *cr, const Geometry *g, const BpStyleColors *colors, int width, int height)
{
  const GdkRGBA *fg = &colors->fg;
  /* Nodes, their titles, names and "+N more". */
  for (gsize c = 0; c < g->n_columns; c++)
    {
      const Column *col = &g->columns[c];
      const gboolean maps = column_has_maps (self, c);
      const Layer *layer = c > 0 ? &self->layers[c - 1] : NULL;
      for (gsize i = 0; i < col->n_shown; i++)
        {
          const double y = node_y (col, i), r = col->node;
          const gsize u = col->shown[i];
          const gboolean dead = layer && unit_dead (layer, u);
          if (maps && u < layer->n_maps)
            {
              cairo_surface_t *surface = thumb (self, c - 1, u, colors->dark);
              cairo_save (cr);
              cairo_rectangle (cr, col->x - r, y - r, 2 * r, 2 * r);
              cairo_clip (cr);
              cairo_translate (cr, col->x - r, y - r);
              cairo_scale (cr, 2 * r / layer->map_size, 2 * r / layer->map_size);
              cairo_set_source_surface (cr, surface, 0, 0);
              cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
              cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
              cairo_paint (cr);
              cairo_restore (cr);
              cairo_rectangle (cr, col->x - r + 0.5, y - r + 0.5, 2 * r - 1, 2 * r - 1);
            }
          else
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, col->x, y, r, 0, 2 * G_PI);
              gdk_cairo_set_source_rgba (cr, &colors->bg);
              cairo_fill_preserve (cr);
            }
          cairo_set_line_width (cr, 1.2);
          if (dead)
            {
              /* Dashed and faint: it no longer answers to anything-> */
              const double dash[] = { 2.0, 2.0 };
              cairo_set_dash (cr, dash, 2, 0);
              cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.4);
            }
          else
            cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.7);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          if (dead)
            {
              cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.5);
              const double d = MAX (2.0, r * 0.5);
              cairo_move_to (cr, col->x - d, y - d);
              cairo_line_to (cr, col->x + d, y + d);
              cairo_move_to (cr, col->x + d, y - d);
              cairo_line_to (cr, col->x - d, y + d);
              cairo_stroke (cr);
            }

          cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.85);
          if (c == 0)
            draw_label (self, cr, self->node_names[u], col->x - r - PAD - g->left + PAD, y, g->left - PAD,
                        PANGO_ALIGN_RIGHT);
          else if (c == g->n_columns - 1)
            {
              g_autofree char *name = output_name (self, u);
              draw_label (self, cr, name, col->x + r + PAD, y, g->right - PAD, PANGO_ALIGN_LEFT);
            }
        }
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.75);
      g_autofree char *title = column_title (self, c);
      const double span = g->n_columns > 1 ? MAX ((g->columns[1].x - g->columns[0].x) - 4, 30) : width;
      draw_label (self, cr, title, col->x - span / 2, g->line / 2, span, PANGO_ALIGN_CENTER);
      if (col->hidden > 0)
        {
          /* Translators: under a column of the network diagram: units not drawn. */
          g_autofree char *more = g_strdup_printf (_("+%zu more"), col->hidden);
          cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.6);
          draw_label (self, cr, more, col->x - span / 2, height - g->bottom / 2 - 1, span, PANGO_ALIGN_CENTER);
        }
    }
}

void
bp_network_view_draw (BpNetworkView *self, cairo_t *cr, int width, int height)
{
  g_return_if_fail (BP_IS_NETWORK_VIEW (self));
  BpStyleColors colors;
  bp_style_get_colors (GTK_WIDGET (self), &colors);
  const GdkRGBA *fg = &colors.fg;
  Geometry g;

  if (!get_geometry (self, width, height, &g))
    {
      if (self->n_layers == 0 && self->placeholder)
        {
          g_autoptr(PangoLayout) layout = bp_style_text_layout (GTK_WIDGET (self), self->placeholder, BP_TEXT_PLAIN);
          pango_layout_set_width (layout, (int) (MAX (width - 24, 10) * PANGO_SCALE));
          pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
          pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
          int th;
          pango_layout_get_pixel_size (layout, NULL, &th);
          cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.55);
          show_text (cr, layout, 12, floor ((height - th) / 2.0));
        }
      return;
    }
  self->n_drawn++;
  cairo_save (cr);

  draw_edges (self, cr, &g, &colors);
  draw_nodes (self, cr, &g, &colors, width, height);
  cairo_restore (cr);
  geometry_clear (&g);
}

/* ---- hover and click ---------------------------------------------------- */

static double
segment_distance (double px, double py, double x0, double y0, double x1, double y1)
{
  const double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0;
  t = CLAMP (t, 0, 1);
  const double ex = x0 + t * dx - px, ey = y0 + t * dy - py;
  return sqrt (ex * ex + ey * ey);
}

/* The unit under (x, y): its column and index. */
static gboolean
find_unit (const Geometry *g, double x, double y, gsize *column, gsize *unit)
{
  for (gsize c = 0; c < g->n_columns; c++)
    {
      const Column *col = &g->columns[c];
      if (fabs (x - col->x) > col->node + 2)
        continue;
      for (gsize i = 0; i < col->n_shown; i++)
        if (fabs (y - node_y (col, i)) <= col->node + 2)
          {
            *column = c;
            *unit = col->shown[i];
            return TRUE;
          }
    }
  return FALSE;
}

static char *
unit_name (BpNetworkView *self, gsize c, gsize u)
{
  if (c == 0)
    return g_strdup (self->node_names[u]);
  if (c == n_columns (self) - 1)
    return output_name (self, u);
  /* Translators: a hidden unit, e.g. "layer 1, unit 3". */
  return g_strdup_printf (_("layer %zu, unit %zu"), c, u + 1);
}

static char *
describe_unit (BpNetworkView *self, gsize c, gsize u)
{
  g_autofree char *name = unit_name (self, c, u);
  if (c == 0)
    {
      gsize levels = 0;
      for (gsize i = 0; self->input_node && i < self->n_inputs; i++)
        levels += self->input_node[i] == u;
      if (levels > 1)
        /* Translators: an input node that stands for a category's one-hot inputs. */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: a category, %zu input", "%s: a category, %zu inputs",
                                             levels), name, levels);
      return g_steal_pointer (&name);
    }
  const Layer *l = &self->layers[c - 1];
  g_autoptr(GString) text = g_string_new (name);
  g_string_append_printf (text, " · %s", bp_activation_to_string (l->activation));
  if (l->mean && isfinite (l->mean[u]))
    {
      g_string_append_c (text, '\n');
      /* Translators: a unit's mean output over the rows of the last batch. */
      g_string_append_printf (text, _("mean activation %.3g on the last batch"), l->mean[u]);
    }
  if (l->inactive && isfinite (l->inactive[u]))
    {
      g_string_append_c (text, '\n');
      /* Translators: the share of the last batch's rows on which the unit output nothing. */
      g_string_append_printf (text, _("inactive on %.0f%% of its rows"), l->inactive[u] * 100.0);
    }
  if (unit_dead (l, u))
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("A dead ReLU: it outputs 0 for every row, so it no longer learns."));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
bp_network_view_describe_at (BpNetworkView *self, int width, int height, double x, double y)
{
  g_return_val_if_fail (BP_IS_NETWORK_VIEW (self), NULL);
  Geometry g;
  if (!get_geometry (self, width, height, &g))
    return NULL;
  char *text = NULL;
  gsize c, u;
  if (find_unit (&g, x, y, &c, &u))
    text = describe_unit (self, c, u);
  else
    {
      /* The nearest edge within reach. */
      double best = EDGE_SLACK;
      gsize best_c = 0, best_from = 0, best_to = 0;
      gboolean found = FALSE;
      for (c = 0; c + 1 < g.n_columns; c++)
        {
          const Column *a = &g.columns[c], *b = &g.columns[c + 1];
          if (x < a->x || x > b->x)
            continue;
          for (gsize i = 0; i < a->n_shown; i++)
            for (gsize j = 0; j < b->n_shown; j++)
              {
                double d = segment_distance (x, y, a->x, node_y (a, i), b->x, node_y (b, j));
                if (d <= best)
                  best = d, best_c = c, best_from = a->shown[i], best_to = b->shown[j], found = TRUE;
              }
        }
      if (found)
        {
          gsize input;
          const float w = edge_weight (self, best_c, best_from, best_to, &input);
          g_autofree char *from = best_c == 0 && self->input_names && input < self->n_inputs
                                  ? g_strdup (self->input_names[input]) : unit_name (self, best_c, best_from);
          g_autofree char *to = unit_name (self, best_c + 1, best_to);
          /* Translators: an edge of the network diagram: from, to, and its weight. */
          text = g_strdup_printf (_("%s → %s\nweight %.4f"), from, to, w);
        }
    }
  geometry_clear (&g);
  return text;
}

gboolean
bp_network_view_get_unit_position (BpNetworkView *self, int width, int height, gsize column, gsize unit,
                                   graphene_point_t *center)
{
  g_return_val_if_fail (BP_IS_NETWORK_VIEW (self), FALSE);
  Geometry g;
  gboolean found = FALSE;
  if (!get_geometry (self, width, height, &g))
    return FALSE;
  if (column < g.n_columns)
    for (gsize i = 0; i < g.columns[column].n_shown; i++)
      if (g.columns[column].shown[i] == unit)
        {
          graphene_point_init (center, g.columns[column].x, node_y (&g.columns[column], i));
          found = TRUE;
        }
  geometry_clear (&g);
  return found;
}

gsize
bp_network_view_get_n_hidden_units (BpNetworkView *self, int width, int height, gsize column)
{
  g_return_val_if_fail (BP_IS_NETWORK_VIEW (self), 0);
  Geometry g;
  if (!get_geometry (self, width, height, &g))
    return 0;
  gsize hidden = column < g.n_columns ? g.columns[column].hidden : 0;
  geometry_clear (&g);
  return hidden;
}

static void
draw_large_map (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  BpNetworkView *self = user_data;
  if (self->popover_layer >= self->n_layers)
    return;
  const Layer *l = &self->layers[self->popover_layer];
  if (l->maps == NULL || self->popover_unit >= l->n_maps)
    return;
  BpStyleColors colors;
  bp_style_get_colors (GTK_WIDGET (area), &colors);
  cairo_surface_t *surface = make_map_surface (l->maps + self->popover_unit * (gsize) l->map_size * l->map_size,
                                               l->map_size, colors.dark);
  const double side = MIN (width, height);
  cairo_save (cr);
  cairo_scale (cr, side / l->map_size, side / l->map_size);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
}

gboolean
bp_network_view_show_map (BpNetworkView *self, gsize layer, gsize unit)
{
  g_return_val_if_fail (BP_IS_NETWORK_VIEW (self), FALSE);
  if (layer >= self->n_layers || self->layers[layer].maps == NULL || unit >= self->layers[layer].n_maps)
    return FALSE;
  self->popover_layer = layer;
  self->popover_unit = unit;
  g_autofree char *title = describe_unit (self, layer + 1, unit);
  gtk_label_set_text (GTK_LABEL (self->popover_title), title);
  graphene_point_t p;
  const int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  if (bp_network_view_get_unit_position (self, w, h, layer + 1, unit, &p))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                                 &(GdkRectangle) { (int) p.x - 4, (int) p.y - 4, 8, 8 });
  gtk_widget_queue_draw (self->popover_area);
  if (gtk_widget_get_root (GTK_WIDGET (self)))
    gtk_popover_popup (GTK_POPOVER (self->popover));
  return TRUE;
}

static void
on_click (GtkGestureClick *gesture, int n_press, double x, double y, BpNetworkView *self)
{
  Geometry g;
  gsize c, u;
  if (!get_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)), &g))
    return;
  gboolean hit = find_unit (&g, x, y, &c, &u);
  geometry_clear (&g);
  if (hit && c > 0)
    bp_network_view_show_map (self, c - 1, u);
}

static gboolean
on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, gpointer user_data)
{
  BpNetworkView *self = BP_NETWORK_VIEW (widget);
  if (keyboard)
    return FALSE;
  g_autofree char *text = bp_network_view_describe_at (self, gtk_widget_get_width (widget),
                                                       gtk_widget_get_height (widget), x, y);
  if (text == NULL)
    return FALSE;
  bp_tooltip_set_text (tooltip, widget, text);
  return TRUE;
}

/* ---- the data ----------------------------------------------------------- */

static void
clear_layers (BpNetworkView *self)
{
  for (gsize l = 0; l < self->n_layers; l++)
    {
      Layer *layer = &self->layers[l];
      g_free (layer->w);
      g_free (layer->b);
      g_free (layer->mean);
      g_free (layer->inactive);
      g_free (layer->maps);
      clear_thumbs (layer);
    }
  g_clear_pointer (&self->layers, g_free);
  for (gsize c = 0; self->scores && c < self->n_layers + 1; c++)
    g_free (self->scores[c]);
  g_clear_pointer (&self->scores, g_free);
  self->n_layers = 0;
}

/* Input nodes as given, or one per input of the first layer. */
static gsize
default_nodes (BpNetworkView *self, gsize n_inputs)
{
  if (self->node_names && (self->input_node ? self->n_inputs == n_inputs : self->n_nodes == n_inputs))
    return self->n_nodes;
  g_clear_pointer (&self->node_names, g_strfreev);
  g_clear_pointer (&self->input_node, g_free);
  g_clear_pointer (&self->input_names, g_strfreev);
  self->node_names = g_new0 (char *, n_inputs + 1);
  for (gsize i = 0; i < n_inputs; i++)
    self->node_names[i] = g_strdup_printf ("x%zu", i + 1);
  self->n_nodes = n_inputs;
  self->n_inputs = n_inputs;
  return n_inputs;
}

/* Each node's strongest connection: what decides which are shown. */
static void
compute_scores (BpNetworkView *self)
{
  const gsize n_cols = self->n_layers + 1;
  self->scores = g_new0 (float *, n_cols);
  for (gsize c = 0; c < n_cols; c++)
    self->scores[c] = g_new0 (float, MAX (column_size (self, c), 1));
  for (gsize l = 0; l < self->n_layers; l++)
    {
      const Layer *layer = &self->layers[l];
      for (gsize i = 0; i < layer->n_in; i++)
        for (gsize o = 0; o < layer->n_out; o++)
          {
            const float w = fabsf (layer->w[i * layer->n_out + o]);
            if (!isfinite (w))
              continue;
            const gsize from = l == 0 && self->input_node ? self->input_node[i] : i;
            if (from < column_size (self, l))
              self->scores[l][from] = MAX (self->scores[l][from], w);
            self->scores[l + 1][o] = MAX (self->scores[l + 1][o], w);
          }
    }
}

void
bp_network_view_set_layers (BpNetworkView *self, const BpNetworkLayer *layers, gsize n_layers)
{
  g_return_if_fail (BP_IS_NETWORK_VIEW (self));
  g_return_if_fail (n_layers == 0 || layers != NULL);

  gboolean same_shape = n_layers == self->n_layers;
  for (gsize l = 0; same_shape && l < n_layers; l++)
    same_shape = layers[l].n_in == self->layers[l].n_in && layers[l].n_out == self->layers[l].n_out;
  if (!same_shape)
    {
      clear_layers (self);
      self->layers = g_new0 (Layer, MAX (n_layers, 1));
      self->n_layers = n_layers;
    }
  else
    for (gsize c = 0; self->scores && c < self->n_layers + 1; c++)
      g_clear_pointer (&self->scores[c], g_free);
  g_clear_pointer (&self->scores, g_free);

  for (gsize l = 0; l < n_layers; l++)
    {
      Layer *layer = &self->layers[l];
      layer->n_in = layers[l].n_in;
      layer->n_out = layers[l].n_out;
      layer->activation = layers[l].activation;
      if (layer->w == NULL)
        {
          layer->w = g_new (float, layer->n_in * layer->n_out);
          layer->b = g_new (float, layer->n_out);
        }
      memcpy (layer->w, layers[l].w, layer->n_in * layer->n_out * sizeof (float));
      if (layers[l].b)
        memcpy (layer->b, layers[l].b, layer->n_out * sizeof (float));
      else
        memset (layer->b, 0, layer->n_out * sizeof (float));
      layer->max_abs = 0;
      for (gsize i = 0; i < layer->n_in * layer->n_out; i++)
        if (isfinite (layer->w[i]))
          layer->max_abs = MAX (layer->max_abs, fabsf (layer->w[i]));
    }
  if (n_layers > 0)
    {
      default_nodes (self, layers[0].n_in);
      compute_scores (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bp_network_view_set_model (BpNetworkView *self, const BpModel *model)
{
  g_return_if_fail (BP_IS_NETWORK_VIEW (self));
  if (model == NULL)
    {
      bp_network_view_set_layers (self, NULL, 0);
      return;
    }
  g_autofree BpNetworkLayer *layers = g_new (BpNetworkLayer, MAX (model->n_layers, 1));
  for (gsize l = 0; l < model->n_layers; l++)
    layers[l] = (BpNetworkLayer) { model->layers[l].n_in, model->layers[l].n_out, model->layers[l].w,
                                   model->layers[l].b, model->layers[l].activation };
  bp_network_view_set_layers (self, layers, model->n_layers);
}

void
bp_network_view_set_inputs (BpNetworkView      *self,
                            const char * const *node_names,
                            gsize               n_nodes,
                            const guint        *input_node,
                            const char * const *input_names,
                            gsize               n_inputs)
{
  g_return_if_fail (BP_IS_NETWORK_VIEW (self));
  g_return_if_fail (n_nodes == 0 || node_names != NULL);
  g_clear_pointer (&self->node_names, g_strfreev);
  g_clear_pointer (&self->input_node, g_free);
  g_clear_pointer (&self->input_names, g_strfreev);
  self->n_nodes = n_nodes;
  self->n_inputs = input_node ? n_inputs : n_nodes;
  if (n_nodes > 0)
    {
      self->node_names = g_new0 (char *, n_nodes + 1);
      for (gsize i = 0; i < n_nodes; i++)
        self->node_names[i] = g_strdup (node_names[i] ? node_names[i] : "");
    }
  if (input_node)
    {
      for (gsize i = 0; i < n_inputs; i++)
        g_return_if_fail (input_node[i] < n_nodes);
      self->input_node = g_memdup2 (input_node, n_inputs * sizeof *input_node);
    }
  if (input_names)
    {
      self->input_names = g_new0 (char *, n_inputs + 1);
      for (gsize i = 0; i < n_inputs; i++)
        self->input_names[i] = g_strdup (input_names[i]);
    }
  /* The weights' first layer must fit the inputs; a mismatch is
   * mended by the next set_layers (one node per input). */
  if (self->n_layers > 0 && self->layers[0].n_in != self->n_inputs)
    clear_layers (self);
  else if (self->n_layers > 0)
    {
      for (gsize c = 0; c < self->n_layers + 1; c++)
        g_free (self->scores[c]);
      g_clear_pointer (&self->scores, g_free);
      compute_scores (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bp_network_view_set_outputs (BpNetworkView *self, const char * const *names, gsize n_outputs)
{
  g_return_if_fail (BP_IS_NETWORK_VIEW (self));
  g_clear_pointer (&self->output_names, g_strfreev);
  self->n_outputs = names ? n_outputs : 0;
  if (names)
    {
      self->output_names = g_new0 (char *, n_outputs + 1);
      for (gsize k = 0; k < n_outputs; k++)
        self->output_names[k] = g_strdup (names[k]);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bp_network_view_set_unit_stats (BpNetworkView *self, gsize layer, const float *mean, const float *inactive,
                                gsize n_units)
{
  g_return_if_fail (BP_IS_NETWORK_VIEW (self));
  if (layer >= self->n_layers)
    return;
  Layer *l = &self->layers[layer];
  g_return_if_fail (mean == NULL || n_units == l->n_out);
  g_clear_pointer (&l->mean, g_free);
  g_clear_pointer (&l->inactive, g_free);
  if (mean)
    l->mean = g_memdup2 (mean, n_units * sizeof (float));
  if (inactive)
    l->inactive = g_memdup2 (inactive, n_units * sizeof (float));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bp_network_view_set_unit_maps (BpNetworkView *self, gsize layer, const float *maps, guint size, gsize n_units)
{
  g_return_if_fail (BP_IS_NETWORK_VIEW (self));
  if (layer >= self->n_layers)
    return;
  Layer *l = &self->layers[layer];
  g_return_if_fail (maps == NULL || (n_units <= l->n_out && size > 0));
  clear_thumbs (l);
  if (maps && l->maps && l->map_size == size && l->n_maps == n_units)
    memcpy (l->maps, maps, n_units * (gsize) size * size * sizeof (float));
  else
    {
      g_clear_pointer (&l->maps, g_free);
      if (maps)
        l->maps = g_memdup2 (maps, n_units * (gsize) size * size * sizeof (float));
    }
  l->map_size = maps ? size : 0;
  l->n_maps = maps ? n_units : 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->popover_layer == layer)
    gtk_widget_queue_draw (self->popover_area);
}

void
bp_network_view_set_placeholder (BpNetworkView *self, const char *text)
{
  g_return_if_fail (BP_IS_NETWORK_VIEW (self));
  g_free (self->placeholder);
  self->placeholder = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GtkWidget *
bp_network_view_get_map_popover (BpNetworkView *self)
{
  g_return_val_if_fail (BP_IS_NETWORK_VIEW (self), NULL);
  return self->popover;
}

guint64
bp_network_view_get_n_drawn (BpNetworkView *self)
{
  g_return_val_if_fail (BP_IS_NETWORK_VIEW (self), 0);
  return self->n_drawn;
}

/* ---- the widget --------------------------------------------------------- */

static void
bp_network_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  BpNetworkView *self = BP_NETWORK_VIEW (widget);
  const int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  if (width <= 0 || height <= 0)
    return;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  bp_network_view_draw (self, cr, width, height);
  cairo_destroy (cr);
}

static void
bp_network_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum, int *natural,
                         int *minimum_baseline, int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = 200, *natural = 420;
  else
    *minimum = 120, *natural = 260;
}

static void
bp_network_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  BpNetworkView *self = BP_NETWORK_VIEW (widget);
  gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
bp_network_view_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  BpNetworkView *self = BP_NETWORK_VIEW (widget);
  GTK_WIDGET_CLASS (bp_network_view_parent_class)->css_changed (widget, change);
  /* Dark or light: the maps are made again. */
  for (gsize l = 0; l < self->n_layers; l++)
    clear_thumbs (&self->layers[l]);
  gtk_widget_queue_draw (widget);
}

static void
bp_network_view_dispose (GObject *object)
{
  BpNetworkView *self = BP_NETWORK_VIEW (object);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  G_OBJECT_CLASS (bp_network_view_parent_class)->dispose (object);
}

static void
bp_network_view_finalize (GObject *object)
{
  BpNetworkView *self = BP_NETWORK_VIEW (object);
  clear_layers (self);
  g_strfreev (self->node_names);
  g_free (self->input_node);
  g_strfreev (self->input_names);
  g_strfreev (self->output_names);
  g_free (self->placeholder);
  G_OBJECT_CLASS (bp_network_view_parent_class)->finalize (object);
}

static void
bp_network_view_class_init (BpNetworkViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bp_network_view_dispose;
  object_class->finalize = bp_network_view_finalize;
  widget_class->snapshot = bp_network_view_snapshot;
  widget_class->measure = bp_network_view_measure;
  widget_class->size_allocate = bp_network_view_size_allocate;
  widget_class->css_changed = bp_network_view_css_changed;
  gtk_widget_class_set_css_name (widget_class, "network-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bp_network_view_init (BpNetworkView *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Network diagram: inputs, hidden units and outputs, joined by their weights"), -1);

  /* The large map of one unit. */
  self->popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->popover_title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->popover_title), 0);
  gtk_label_set_wrap (GTK_LABEL (self->popover_title), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->popover_title), 36);
  gtk_widget_add_css_class (self->popover_title, "caption");
  self->popover_area = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->popover_area), MAP_LARGE);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->popover_area), MAP_LARGE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->popover_area), draw_large_map, self, NULL);
  gtk_box_append (GTK_BOX (box), self->popover_area);
  gtk_box_append (GTK_BOX (box), self->popover_title);
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  self->popover_layer = G_MAXSIZE;
}

GtkWidget *
bp_network_view_new (void)
{
  return g_object_new (BP_TYPE_NETWORK_VIEW, NULL);
}
