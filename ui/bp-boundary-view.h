/* bp-boundary-view.h: what the model answers over the plane of two inputs.
 *
 * The output over a grid of two inputs (class colour with the model's
 * confidence as its strength, or a colour scale for regression), the rows
 * over it (training rows as rings, validation rows as dots, which a toggle
 * hides), axes with ticks in the data's units and a legend. With more than
 * two features, pickers for the two on the axes and the values the others
 * are held at, beside the plot; the choices are signalled, not acted on.
 * One widget for the training page (live) and the Evaluate page. It draws
 * the arrays it is given and computes nothing (see bp-evaluation.h).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The boundary with what it needs to read right. */
typedef struct {
  /* width × height cells, top row first: the probability of class 1 when
   * n_classes is 2, a class index when more (unless winner is given), a
   * predicted value when 0 (regression). */
  const float         *grid;
  guint                width, height;
  /* More than two classes: per cell the predicted class (NULL: grid holds
   * it) and its probability (NULL: every cell at one strength). */
  const guint32       *winner;
  const float         *confidence;
  double               x_min, x_max, y_min, y_max;   /* in the features' own units */
  const float         *points_xy;     /* x,y pairs in the same units */
  const guint32       *labels;        /* class per point (classification) */
  const float         *values;        /* target per point (regression), in the data's units */
  const guint8        *validation;    /* per point, nonzero: a validation row; NULL: none is */
  gsize                n_points;
  gsize                n_classes;     /* 0: regression */
  const char * const  *class_names;   /* n_classes, or NULL: "0", "1", … */
  const char          *x_name, *y_name;  /* the inputs' names, or NULL */
  /* Regression: the ends of the colour scale in the target's units (grid
   * and points are coloured on it), and the target's name. */
  double               value_min, value_max;
  const char          *value_name;
} BpBoundary;

/* A feature the axes can show, or that is held at a value meanwhile. */
typedef struct {
  const char          *name;
  gboolean             axis;          /* it can be on an axis */
  const char * const  *levels;        /* a category's values (NULL-terminated), or NULL: a number */
  double               value;         /* held at: a number in the data's units, or a level's index */
  double               lower, upper;  /* a number's range in the data */
} BpBoundaryFeature;

#define BP_TYPE_BOUNDARY_VIEW (bp_boundary_view_get_type ())
G_DECLARE_FINAL_TYPE (BpBoundaryView, bp_boundary_view, BP, BOUNDARY_VIEW, GtkWidget)

GtkWidget  *bp_boundary_view_new          (void);
/* Shows @boundary (copied), or the placeholder when it is NULL or has no
 * grid. Validation points are all kept (up to 2000), training points
 * fill the rest (one from each equal slice); the caption says which rows
 * are shown. */
void        bp_boundary_view_set_boundary (BpBoundaryView          *self,
                                           const BpBoundary        *boundary);
gboolean    bp_boundary_view_has_boundary (BpBoundaryView          *self);
/* The features to pick the axes from (copied); more than two show the
 * pickers and held values beside the plot. @x and @y: the features on
 * the axes now. n_features 0 hides them. Setting them emits nothing. */
void        bp_boundary_view_set_features (BpBoundaryView          *self,
                                           const BpBoundaryFeature *features,
                                           gsize                    n_features,
                                           guint                    x,
                                           guint                    y);
void        bp_boundary_view_get_axes     (BpBoundaryView          *self,
                                           guint                   *x,
                                           guint                   *y);
/* What feature @feature is held at (data units or a level's index). */
double      bp_boundary_view_get_held     (BpBoundaryView          *self,
                                           guint                    feature);
/* As if the user changed it: the signals follow. For tests. */
void        bp_boundary_view_choose_axes  (BpBoundaryView          *self,
                                           guint                    x,
                                           guint                    y);
void        bp_boundary_view_choose_held  (BpBoundaryView          *self,
                                           guint                    feature,
                                           double                   value);
/* The "show validation" toggle (also the property "show-validation"). */
void        bp_boundary_view_set_show_validation (BpBoundaryView *self,
                                                  gboolean        show);
gboolean    bp_boundary_view_get_show_validation (BpBoundaryView *self);
/* What the empty plot says (e.g. why there is no boundary). */
void        bp_boundary_view_set_placeholder (BpBoundaryView     *self,
                                              const char         *text);

/* The plot's drawing routine (the area and tests). */
void        bp_boundary_view_draw         (BpBoundaryView          *self,
                                           cairo_t                 *cr,
                                           int                      width,
                                           int                      height);

/* For tests and the views that hold it. */
const char *bp_boundary_view_get_caption  (BpBoundaryView          *self);
GtkWidget  *bp_boundary_view_get_area     (BpBoundaryView          *self);
GtkWidget  *bp_boundary_view_get_pickers  (BpBoundaryView          *self);
/* Where the plot goes in the area at this size (inside the axes and the
 * legend); FALSE when there is none or it is too small. */
gboolean    bp_boundary_view_get_plot     (BpBoundaryView          *self,
                                           int                      width,
                                           int                      height,
                                           graphene_rect_t         *plot);
/* The labels of the points kept; how many. */
gsize       bp_boundary_view_get_labels   (BpBoundaryView          *self,
                                           const guint32          **labels);
/* Frames drawn with a boundary (the trace counts them). */
guint64     bp_boundary_view_get_n_drawn  (BpBoundaryView          *self);
/* What a tooltip says at (x, y) of the area; NULL off the plot. */
char       *bp_boundary_view_describe_at  (BpBoundaryView          *self,
                                           int                      width,
                                           int                      height,
                                           double                   x,
                                           double                   y);

G_END_DECLS
