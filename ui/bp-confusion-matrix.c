/* bp-confusion-matrix.c: cells, counts and class names, drawn with Cairo. */
#define G_LOG_DOMAIN "bp-confusion-matrix"

#include "bp-confusion-matrix.h"
#include "bp-style.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#define MAX_CELL     96.0
#define MIN_CELL     32.0
#define NATURAL_CELL 72.0
#define MAX_LABEL    220.0  /* longer class names are ellipsized */
#define GAP          2.0
#define PAD          6.0

struct _BpConfusionMatrix {
  GtkWidget  parent_instance;

  gsize      n_classes;
  guint64   *counts;
  char     **names;
};

G_DEFINE_FINAL_TYPE (BpConfusionMatrix, bp_confusion_matrix, GTK_TYPE_WIDGET)

typedef struct {
  double x0, y0;        /* top-left of cell (0, 0) */
  double cell;          /* side of a cell, gaps included */
  double label_width;   /* row names, right-aligned left of the cells */
  double header;        /* column names: their line, or their rotated length */
  gboolean rotated;     /* column names read upwards: wider than a cell */
  double line;          /* text line height */
  double title_width;   /* "Predicted class" */
} Geometry;

typedef struct {
  GdkRGBA fg, bg, accent;
  gboolean dark;
} Colors;

/* libadwaita's accent_bg_color (blue 3), the same in light and dark. */
static const GdkRGBA accent_blue = { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0, 1.0 };

static void
get_colors (BpConfusionMatrix *self, Colors *c)
{
  BpStyleColors colors;
  bp_style_get_colors (GTK_WIDGET (self), &colors);
  c->fg = colors.fg;
  c->bg = colors.bg;
  c->dark = colors.dark;
  c->accent = accent_blue;
}

/* WCAG relative luminance. */
static double
channel (double v)
{
  return v <= 0.04045 ? v / 12.92 : pow ((v + 0.055) / 1.055, 2.4);
}

static double
luminance (double r, double g, double b)
{
  return 0.2126 * channel (r) + 0.7152 * channel (g) + 0.0722 * channel (b);
}

static PangoLayout *
make_layout_full (BpConfusionMatrix *self, const char *text, gboolean bold, gboolean digits)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  /* Digits of equal width, like the numeric style class. */
  if (digits)
    pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static PangoLayout *
make_layout (BpConfusionMatrix *self, const char *text, gboolean bold)
{
  return make_layout_full (self, text, bold, FALSE);
}

static const char *
class_name (BpConfusionMatrix *self, gsize k, char buffer[32])
{
  if (self->names && self->names[k])
    return self->names[k];
  g_snprintf (buffer, 32, "%" G_GSIZE_FORMAT, k);
  return buffer;
}

/* What the text needs, whatever the size: line height, the widest class
 * name and count, the titles. */
typedef struct {
  double line, widest, count_width, title_width, side_title_width;
} Needs;

static void
get_needs (BpConfusionMatrix *self, Needs *needs)
{
  int w, h;
  g_autoptr(PangoLayout) probe = make_layout (self, "Mg", FALSE);
  pango_layout_get_pixel_size (probe, NULL, &h);
  needs->line = h;
  needs->widest = 0;
  guint64 most = 0;
  for (gsize k = 0; k < self->n_classes; k++)
    {
      char buffer[32];
      g_autoptr(PangoLayout) layout = make_layout (self, class_name (self, k, buffer), FALSE);
      pango_layout_get_pixel_size (layout, &w, NULL);
      needs->widest = MAX (needs->widest, w);
    }
  for (gsize k = 0; k < self->n_classes * self->n_classes; k++)
    most = MAX (most, self->counts[k]);
  g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT, most);
  g_autoptr(PangoLayout) digits = make_layout_full (self, count, TRUE, TRUE);
  pango_layout_get_pixel_size (digits, &w, NULL);
  needs->count_width = w;
  g_autoptr(PangoLayout) title = make_layout (self, _("Predicted class"), TRUE);
  pango_layout_get_pixel_size (title, &w, NULL);
  needs->title_width = w;
  g_autoptr(PangoLayout) side = make_layout (self, _("True class"), TRUE);
  pango_layout_get_pixel_size (side, &w, NULL);
  needs->side_title_width = w;
}

/* The smallest cell that shows its count whole. */
static double
min_cell (const Needs *needs)
{
  return MAX (MIN_CELL, ceil (needs->count_width + 2 * PAD + GAP));
}

/* Left of the cells: the rotated "True class" title, then the row names. */
static double
left_of_cells (const Needs *needs)
{
  return needs->line + PAD + MIN (needs->widest, MAX_LABEL) + PAD;
}

/* Above the cells: the title, then the column names, which stand upright
 * (read upwards) when they are wider than a cell. */
static double
top_of_cells (const Needs *needs, gboolean rotated)
{
  double header = rotated ? MIN (needs->widest, MAX_LABEL) : needs->line;
  return needs->line + PAD + header + PAD;
}

static gboolean
get_geometry (BpConfusionMatrix *self, int width, int height, Geometry *g)
{
  if (self->n_classes == 0)
    return FALSE;
  Needs needs;
  get_needs (self, &needs);
  g->line = needs.line;
  g->title_width = needs.title_width;
  g->label_width = MIN (needs.widest, MAX_LABEL);
  const double n = (double) self->n_classes;
  const double left = left_of_cells (&needs);

  /* Names across the top while they fit their cells, else upright. */
  g->rotated = FALSE;
  double top = top_of_cells (&needs, FALSE);
  g->cell = floor (MIN (MIN ((width - left) / n, (height - top) / n), MAX_CELL));
  if (needs.widest > g->cell - GAP - 2)
    {
      g->rotated = TRUE;
      top = top_of_cells (&needs, TRUE);
      g->cell = floor (MIN (MIN ((width - left) / n, (height - top) / n), MAX_CELL));
    }
  g->header = top - 2 * PAD - needs.line;
  if (g->cell < 12)
    return FALSE;
  /* Flush left, under the section's heading. */
  g->x0 = left;
  g->y0 = top;
  return TRUE;
}

gboolean
bp_confusion_matrix_get_labels_whole (BpConfusionMatrix *self, int width, int height)
{
  Geometry g;
  Needs needs;
  g_return_val_if_fail (BP_IS_CONFUSION_MATRIX (self), FALSE);
  if (!get_geometry (self, width, height, &g))
    return FALSE;
  get_needs (self, &needs);
  const double n = (double) self->n_classes;
  gboolean rows = needs.widest <= g.label_width;
  gboolean columns = g.rotated ? needs.widest <= g.header : needs.widest <= g.cell - GAP;
  gboolean titles = needs.title_width <= width - g.x0 && needs.side_title_width <= g.y0 + n * g.cell;
  return rows && columns && titles;
}

gboolean
bp_confusion_matrix_get_cell_rect (BpConfusionMatrix *self,
                                   int                width,
                                   int                height,
                                   gsize              truth,
                                   gsize              predicted,
                                   graphene_rect_t   *rect)
{
  Geometry g;

  g_return_val_if_fail (BP_IS_CONFUSION_MATRIX (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (truth >= self->n_classes || predicted >= self->n_classes || !get_geometry (self, width, height, &g))
    return FALSE;
  graphene_rect_init (rect, g.x0 + predicted * g.cell, g.y0 + truth * g.cell, g.cell - GAP, g.cell - GAP);
  return TRUE;
}

/* Text centred in a box, ellipsized to its width. */
static void
show_centered (cairo_t *cr, PangoLayout *layout, double x, double y, double w, double h)
{
  int tw, th;
  pango_layout_set_width (layout, (int) (MAX (w, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_move_to (cr, x, y + floor ((h - th) / 2));
  pango_cairo_show_layout (cr, layout);
}

void
bp_confusion_matrix_draw (BpConfusionMatrix *self,
                          cairo_t           *cr,
                          int                width,
                          int                height)
{
  Geometry g;
  Colors c;

  g_return_if_fail (BP_IS_CONFUSION_MATRIX (self));

  if (!get_geometry (self, width, height, &g))
    return;
  get_colors (self, &c);
  const gsize n = self->n_classes;

  cairo_save (cr);

  /* Titles: predicted across the top, true down the left; centred on
   * the cells, or from their start when longer than the cells. */
  gdk_cairo_set_source_rgba (cr, &c.fg);
  {
    g_autoptr(PangoLayout) top = make_layout (self, _("Predicted class"), TRUE);
    double span = MAX (n * g.cell, g.title_width);
    show_centered (cr, top, g.x0, 0, MIN (span, width - g.x0), g.line);
    g_autoptr(PangoLayout) side = make_layout (self, _("True class"), TRUE);
    cairo_save (cr);
    cairo_translate (cr, g.x0 - g.label_width - 2 * PAD - g.line, g.y0 + n * g.cell);
    cairo_rotate (cr, -G_PI / 2);
    int side_w;
    pango_layout_get_pixel_size (side, &side_w, NULL);
    show_centered (cr, side, 0, 0, side_w > n * g.cell ? g.y0 + n * g.cell : n * g.cell, g.line);
    cairo_restore (cr);
  }

  /* Class names: rows right-aligned; columns across, or upright. */
  for (gsize k = 0; k < n; k++)
    {
      char buffer[32];
      const char *name = class_name (self, k, buffer);
      g_autoptr(PangoLayout) col = make_layout (self, name, FALSE);
      if (g.rotated)
        {
          pango_layout_set_width (col, (int) (g.header * PANGO_SCALE));
          pango_layout_set_ellipsize (col, PANGO_ELLIPSIZE_END);
          int th;
          pango_layout_get_pixel_size (col, NULL, &th);
          cairo_save (cr);
          cairo_translate (cr, g.x0 + k * g.cell + floor ((g.cell - GAP - th) / 2), g.y0 - PAD);
          cairo_rotate (cr, -G_PI / 2);
          cairo_move_to (cr, 0, 0);
          pango_cairo_update_layout (cr, col);
          pango_cairo_show_layout (cr, col);
          cairo_restore (cr);
        }
      else
        show_centered (cr, col, g.x0 + k * g.cell, g.line + PAD, g.cell - GAP, g.line);
      g_autoptr(PangoLayout) row = make_layout (self, name, FALSE);
      pango_layout_set_width (row, (int) (g.label_width * PANGO_SCALE));
      pango_layout_set_ellipsize (row, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (row, PANGO_ALIGN_RIGHT);
      int th;
      pango_layout_get_pixel_size (row, NULL, &th);
      cairo_move_to (cr, g.x0 - PAD - g.label_width, g.y0 + k * g.cell + floor ((g.cell - GAP - th) / 2));
      pango_cairo_show_layout (cr, row);
    }

  /* Cells: the view background, then the accent at the row share. */
  for (gsize r = 0; r < n; r++)
    {
      guint64 row_total = 0;
      for (gsize k = 0; k < n; k++)
        row_total += self->counts[r * n + k];
      for (gsize k = 0; k < n; k++)
        {
          const guint64 count = self->counts[r * n + k];
          const double x = g.x0 + k * g.cell, y = g.y0 + r * g.cell, side = g.cell - GAP;
          const double share = row_total ? (double) count / (double) row_total : 0.0;
          /* Any count at all stays visible against an empty cell. */
          const double alpha = count ? 0.1 + 0.9 * share : 0.0;

          gdk_cairo_set_source_rgba (cr, &c.bg);
          cairo_rectangle (cr, x, y, side, side);
          cairo_fill (cr);
          cairo_set_source_rgba (cr, c.accent.red, c.accent.green, c.accent.blue, alpha);
          cairo_rectangle (cr, x, y, side, side);
          cairo_fill (cr);
          /* A faint outline so empty cells still read as cells. */
          cairo_set_source_rgba (cr, c.fg.red, c.fg.green, c.fg.blue, 0.12);
          cairo_set_line_width (cr, 1.0);
          cairo_rectangle (cr, x + 0.5, y + 0.5, side - 1, side - 1);
          cairo_stroke (cr);

          /* The count in whichever of white or the foreground contrasts
           * more with the cell's blended colour. */
          const double br = c.bg.red + (c.accent.red - c.bg.red) * alpha;
          const double bg_ = c.bg.green + (c.accent.green - c.bg.green) * alpha;
          const double bb = c.bg.blue + (c.accent.blue - c.bg.blue) * alpha;
          const double cell_l = luminance (br, bg_, bb);
          const double fg_l = luminance (c.fg.red, c.fg.green, c.fg.blue);
          const double white_contrast = 1.05 / (cell_l + 0.05);
          const double fg_contrast = (MAX (cell_l, fg_l) + 0.05) / (MIN (cell_l, fg_l) + 0.05);
          if (white_contrast > fg_contrast)
            cairo_set_source_rgb (cr, 1, 1, 1);
          else
            cairo_set_source_rgba (cr, c.fg.red, c.fg.green, c.fg.blue, count ? 1.0 : 0.55);

          g_autofree char *text = g_strdup_printf ("%'" G_GUINT64_FORMAT, count);
          g_autoptr(PangoLayout) layout = make_layout_full (self, text, count > 0, TRUE);
          show_centered (cr, layout, x, y, side, side);
        }
    }

  cairo_restore (cr);
}

static void
bp_confusion_matrix_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  BpConfusionMatrix *self = BP_CONFUSION_MATRIX (widget);
  const int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (self->n_classes == 0 || width <= 0 || height <= 0)
    return;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  bp_confusion_matrix_draw (self, cr, width, height);
  cairo_destroy (cr);
}

static void
bp_confusion_matrix_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  BpConfusionMatrix *self = BP_CONFUSION_MATRIX (widget);
  *minimum = *natural = 0;
  if (self->n_classes == 0)
    return;
  Needs needs;
  get_needs (self, &needs);
  const double n = (double) self->n_classes;
  /* Cells as large as their counts need at the least, 72 pixels if there
   * is room (up to 560 in all); every name and title whole. */
  const double small = min_cell (&needs);
  const double large = MAX (small, MIN (NATURAL_CELL, 560 / n));
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      const double left = left_of_cells (&needs);
      *minimum = (int) ceil (left + MAX (n * small, needs.title_width));
      *natural = (int) ceil (left + MAX (n * large, needs.title_width));
    }
  else
    {
      /* For a width, the cells it gives room for (the page scrolls, so the
       * height asked for is the one to draw at); upright names when they
       * are wider than a cell. */
      double cell = large;
      if (for_size >= 0)
        cell = CLAMP (floor ((for_size - left_of_cells (&needs)) / n), small, large);
      const double top = top_of_cells (&needs, needs.widest > cell - GAP - 2);
      *natural = (int) ceil (MAX (top + n * cell, needs.side_title_width + PAD));
      /* Less height makes smaller cells (a crowded page): the least that
       * still shows every count whole. */
      const double small_top = top_of_cells (&needs, needs.widest > small - GAP - 2);
      *minimum = (int) ceil (MAX (small_top + n * small, needs.side_title_width + PAD));
    }
  *natural = MAX (*natural, *minimum);
}

static GtkSizeRequestMode
bp_confusion_matrix_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
bp_confusion_matrix_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bp_confusion_matrix_parent_class)->css_changed (widget, change);
  /* Dark or light, and font changes. */
  gtk_widget_queue_resize (widget);
}

static void
bp_confusion_matrix_finalize (GObject *object)
{
  BpConfusionMatrix *self = BP_CONFUSION_MATRIX (object);

  g_free (self->counts);
  g_strfreev (self->names);
  G_OBJECT_CLASS (bp_confusion_matrix_parent_class)->finalize (object);
}

static void
bp_confusion_matrix_class_init (BpConfusionMatrixClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bp_confusion_matrix_finalize;
  widget_class->snapshot = bp_confusion_matrix_snapshot;
  widget_class->measure = bp_confusion_matrix_measure;
  widget_class->get_request_mode = bp_confusion_matrix_get_request_mode;
  widget_class->css_changed = bp_confusion_matrix_css_changed;
  gtk_widget_class_set_css_name (widget_class, "confusion-matrix");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bp_confusion_matrix_init (BpConfusionMatrix *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Confusion matrix"), -1);
}

GtkWidget *
bp_confusion_matrix_new (void)
{
  return g_object_new (BP_TYPE_CONFUSION_MATRIX, NULL);
}

void
bp_confusion_matrix_set_counts (BpConfusionMatrix  *self,
                                const guint64      *counts,
                                gsize               n_classes,
                                const char * const *class_names)
{
  g_return_if_fail (BP_IS_CONFUSION_MATRIX (self));
  g_return_if_fail (n_classes == 0 || counts != NULL);

  g_clear_pointer (&self->counts, g_free);
  g_clear_pointer (&self->names, g_strfreev);
  self->n_classes = n_classes;
  if (n_classes > 0)
    {
      self->counts = g_memdup2 (counts, n_classes * n_classes * sizeof *counts);
      if (class_names)
        {
          self->names = g_new0 (char *, n_classes + 1);
          for (gsize k = 0; k < n_classes; k++)
            self->names[k] = g_strdup (class_names[k]);
        }
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gsize
bp_confusion_matrix_get_n_classes (BpConfusionMatrix *self)
{
  g_return_val_if_fail (BP_IS_CONFUSION_MATRIX (self), 0);
  return self->n_classes;
}

guint64
bp_confusion_matrix_get_count (BpConfusionMatrix *self, gsize truth, gsize predicted)
{
  g_return_val_if_fail (BP_IS_CONFUSION_MATRIX (self), 0);
  g_return_val_if_fail (truth < self->n_classes && predicted < self->n_classes, 0);
  return self->counts[truth * self->n_classes + predicted];
}
