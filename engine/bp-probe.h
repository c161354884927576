/* bp-probe.h: what a model does inside, on arrays a view only draws.
 *
 * A BpProbe is made once for a dataset and a network shape; it owns its
 * workspaces and the rows it looks at, so bp_probe_run() allocates
 * nothing, and it only reads the model: a run probed between any two
 * batches trains bit-identically to one that is not (test-probe).
 *
 * It computes, into a BpProbeFrame made with bp_probe_frame_new():
 * - the plane: two feature columns as axes (numbers, dates or yes/no:
 *   BP_ENCODING_SCALED; a one-hot group cannot be an axis), every other
 *   feature held at a value (by default the training rows' median of a
 *   number, the most frequent value of a category or yes/no), all in the
 *   data's own units; a width × height grid of cell centres over the
 *   plane's bounds, row-major from the top (y_max) row, as
 *   bp_decision_grid. Per cell the model's output: the winning class and
 *   its probability (classification; binary also gives P(class 1)), or
 *   the value in the target's units (regression);
 * - the neuron maps: each hidden unit's output over the same grid
 *   (Playground's thumbnails), for up to BP_PROBE_MAX_MAP_UNITS units;
 * - unit statistics on a fixed batch of training rows (up to
 *   BP_PROBE_STATS_ROWS, evenly spread, the same every time so frames
 *   compare): each hidden unit's mean output and the share of rows on
 *   which its output is exactly 0 (a ReLU that is off there; a dead ReLU
 *   has share 1);
 * - on the validation rows (the training rows when there are none),
 *   evenly thinned to at most BP_PROBE_EVAL_ROWS: the confusion matrix
 *   (classification) or each row's predicted and actual value in the
 *   target's units (regression), for a scatter and a residual plot;
 * - a copy of the weights, in the model's layout (bp-model.h), for the
 *   network diagram.
 *
 * A feature vector of the plane is encoded as bp-dataset.c encodes a
 * table's row: (value − center) / scale in double, then float; a one-hot
 * group gets 1 at its level. Not thread-aware: one thread at a time uses a
 * probe and writes a frame.
 */
#pragma once

#include <glib.h>

#include "bp-dataset.h"
#include "bp-metrics.h"
#include "bp-model.h"

G_BEGIN_DECLS

#define BP_PROBE_STATS_ROWS    256
#define BP_PROBE_EVAL_ROWS     4096
#define BP_PROBE_MAX_MAP_UNITS 256
#define BP_PROBE_MARGIN        0.1    /* of the data's extent, on each side of the plane */

/* Which parts a run computes; the frame says which it holds. */
typedef enum {
  BP_PROBE_GRID    = 1 << 0,   /* the outputs over the plane */
  BP_PROBE_MAPS    = 1 << 1,   /* the hidden units over the plane */
  BP_PROBE_STATS   = 1 << 2,   /* the hidden units on the statistics rows */
  BP_PROBE_EVAL    = 1 << 3,   /* confusion, or predicted against actual */
  BP_PROBE_WEIGHTS = 1 << 4,   /* a copy of the parameters */
  BP_PROBE_ALL     = 0x1f,
} BpProbeParts;

/* The plane's axes, bounds and held values. */
typedef struct {
  gsize        feature_x, feature_y;  /* indices into dataset->features */
  double       x_min, x_max;          /* in feature_x's units */
  double       y_min, y_max;
  /* n_feature_columns values: a number's value in its units (yes/no: 0 or
   * 1), or a one-hot group's level index. The axes' own entries are not
   * used. */
  double      *held;
} BpProbePlane;

typedef struct {
  /* What the frame is of; bp_probe_run() leaves these to the caller. */
  guint64      run_id;
  guint64      step;          /* batches trained when it was taken */
  guint        epoch;         /* 1-based epoch it was taken in; 0: before any */
  guint        batch;         /* batch within the epoch */
  double       seconds;       /* training time when it was taken */

  BpProbeParts parts;         /* what the last run filled in */
  BpTask       task;
  gsize        n_classes;     /* 0 for regression */

  /* BP_PROBE_GRID. has_plane is FALSE when the data has fewer than two
   * features that can be axes: then the grid and maps are not filled. */
  gboolean     has_plane;
  BpProbePlane plane;         /* as it was for this frame (held: the frame's own array) */
  guint        width, height; /* the probe's grid when it ran (see bp_probe_set_grid) */
  gsize        max_cells;     /* what the arrays below hold: the grid the probe was made with */
  float       *value;         /* width × height: P(class 1) (binary), the winner's
                               * probability (multiclass), the value in the target's
                               * units (regression) */
  guint32     *winner;        /* width × height: the class (classification), else NULL */
  float       *confidence;    /* width × height: the winner's probability, else NULL */
  float        value_min, value_max;  /* of value over the grid */

  /* Hidden layers: the model's layers but the output layer. */
  gsize        n_hidden;
  gsize       *units;         /* n_hidden */
  /* BP_PROBE_MAPS: maps[l] holds map_units[l] maps of width × height,
   * unit after unit; map_units[l] ≤ units[l] (the first units of the first
   * layers, up to BP_PROBE_MAX_MAP_UNITS in all). */
  gsize       *map_units;
  float      **maps;
  /* BP_PROBE_STATS: per hidden layer, units[l] values each. */
  gsize        n_stats_rows;
  float      **mean_activation;
  float      **inactive;      /* share of the rows with output exactly 0 */

  /* BP_PROBE_EVAL. */
  gsize        n_eval_rows;   /* rows looked at ... */
  gsize        n_eval_total;  /* ... of these validation (or training) rows */
  gboolean     eval_on_validation;
  BpConfusion *confusion;     /* classification, else NULL */
  float       *predicted;     /* regression: n_eval_rows, target units; else NULL */
  float       *actual;

  /* BP_PROBE_WEIGHTS: the parameter block, layout as BpModel's. */
  gsize        n_params;
  float       *params;
} BpProbeFrame;

typedef struct _BpProbe BpProbe;

/* Whether a feature column can be a plane's axis. */
gboolean      bp_probe_feature_is_axis   (const BpDataset     *dataset,
                                          gsize                feature);
/* The value a feature is held at by default: the training rows' median
 * of a number or date, the most frequent value of a yes/no or one-hot
 * group (its level index; the first of a tie). */
double        bp_probe_default_held      (const BpDataset     *dataset,
                                          gsize                feature);

/* A probe for models of @spec on @dataset (borrowed; it must outlive the
 * probe), with a width × height grid. Its plane starts on the first two
 * features that can be axes, over their rows' range widened by
 * BP_PROBE_MARGIN, the others held at their defaults. Fails with
 * BP_ENGINE_ERROR_SHAPE when the spec does not fit the dataset, and
 * BP_ENGINE_ERROR_INVALID for an empty grid or one over 1024 × 1024. */
BpProbe      *bp_probe_new               (const BpModelSpec   *spec,
                                          const BpDataset     *dataset,
                                          guint                width,
                                          guint                height,
                                          GError             **error);
void          bp_probe_free              (BpProbe             *probe);

/* Whether the data has two features that can be axes: else no grid. */
gboolean      bp_probe_has_plane         (const BpProbe       *probe);
/* The plane in use (held: the probe's own array). */
const BpProbePlane *bp_probe_get_plane   (const BpProbe       *probe);
/* Whether a plane fits a dataset; fails with BP_ENGINE_ERROR_INVALID
 * naming the problem (see bp_probe_set_plane). held may be NULL. */
gboolean      bp_probe_plane_validate    (const BpDataset     *dataset,
                                          const BpProbePlane  *plane,
                                          GError             **error);
/* Another plane (held copied; NULL: the held values stay). Fails with BP_ENGINE_ERROR_INVALID naming
 * the problem: an axis that is no feature or cannot be an axis, both axes
 * the same, bounds not finite or empty, a held level out of range. */
gboolean      bp_probe_set_plane         (BpProbe             *probe,
                                          const BpProbePlane  *plane,
                                          GError             **error);
/* Axes by feature index, over their data's range with the margin; held
 * values stay. */
gboolean      bp_probe_set_axes          (BpProbe             *probe,
                                          gsize                feature_x,
                                          gsize                feature_y,
                                          GError             **error);
/* The box of two features' values on every row, in their units, widened
 * by @margin of the extent (a constant feature: by 10 % of its value, at
 * least 1). */
void          bp_probe_axis_bounds       (const BpDataset     *dataset,
                                          gsize                feature,
                                          double               margin,
                                          double              *lo,
                                          double              *hi);

/* A coarser grid for the next runs, at most as many cells as the probe
 * was made with (its frames are sized for those): a caller short of time
 * trades detail for rate, and goes back to the full grid when it can. */
void          bp_probe_set_grid          (BpProbe             *probe,
                                          guint                width,
                                          guint                height);
void          bp_probe_get_grid          (const BpProbe       *probe,
                                          guint               *width,
                                          guint               *height);

BpProbeParts  bp_probe_get_parts         (const BpProbe       *probe);
void          bp_probe_set_parts         (BpProbe             *probe,
                                          BpProbeParts         parts);

/* How many rows one run puts through the model with the parts chosen now,
 * for a caller that estimates its cost before the first. */
gsize         bp_probe_count_rows        (const BpProbe       *probe);

/* The encoded input row (n_features floats) for a point of the plane. */
void          bp_probe_encode_point      (const BpProbe       *probe,
                                          double               x,
                                          double               y,
                                          float               *out);

/* A frame sized for this probe (all parts, the grid it was made with). */
BpProbeFrame *bp_probe_frame_new         (const BpProbe       *probe);
void          bp_probe_frame_free        (BpProbeFrame        *frame);

/* Fill @frame (made for this probe) with the probe's parts for @model,
 * which must have the probe's spec. Allocates nothing; reads the model
 * only. */
void          bp_probe_run               (BpProbe             *probe,
                                          const BpModel       *model,
                                          BpProbeFrame        *frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpProbe, bp_probe_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpProbeFrame, bp_probe_frame_free)

G_END_DECLS
