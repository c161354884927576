/* bp-probe.c: the model's outputs and hidden units over a plane and on rows.
 *
 * Shapes: D inputs, K outputs, C cells of the grid (width × height), H
 * hidden layers. Everything is sized in bp_probe_new(): rows go through
 * the model in chunks of at most CHUNK_ROWS (fewer for very wide
 * networks, so the workspace stays near WORKSPACE_FLOATS), and the
 * statistics add up in double.
 */
#include "bp-probe.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bp-error.h"

#define CHUNK_ROWS 1024
#define WORKSPACE_FLOATS (4u << 20)
#define MAX_GRID_SIDE 1024

struct _BpProbe {
  const BpDataset *dataset;
  BpModelSpec     *spec;
  gsize            n_layers;
  gsize           *units;         /* per layer, the output layer last */
  gsize            n_hidden_units;
  gsize           *map_units;     /* per hidden layer */
  gsize            n_params;
  guint            width, height;  /* the grid in use ... */
  gsize            max_cells;      /* ... within the one it was made with */
  BpProbeParts     parts;

  gboolean         has_plane;
  BpProbePlane     plane;         /* held: n_feature_columns */
  float           *base;          /* D: the held values encoded */

  gsize            chunk;
  BpWorkspace     *ws;
  float           *x;             /* chunk × D */
  float           *out;           /* chunk × K */
  guint32         *classes;       /* chunk */
  double          *sum;           /* n_hidden_units */
  double          *zeros;         /* n_hidden_units */

  guint32         *stats_rows;
  gsize            n_stats_rows;
  guint32         *eval_rows;
  gsize            n_eval_rows, n_eval_total;
  gboolean         eval_on_validation;
  guint32         *eval_labels;   /* classification: n_eval_rows */
  guint32         *eval_predicted;
};

/* ---- features ----------------------------------------------------------- */


static inline float
encode_value (const BpFeature *feature, double value)
{
  return (float) ((value - feature->center) / feature->scale);
}

gboolean
bp_probe_feature_is_axis (const BpDataset *dataset, gsize feature)
{
  g_return_val_if_fail (dataset != NULL, FALSE);
  return feature < dataset->n_feature_columns &&
         dataset->features[feature].encoding == BP_ENCODING_SCALED;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  const double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* The training rows, or every row when there are none. */
static const guint32 *
reference_rows (const BpDataset *dataset, gsize *n)
{
  if (dataset->n_train > 0)
    {
      *n = dataset->n_train;
      return dataset->train;
    }
  *n = 0;
  return NULL;
}

double
bp_probe_default_held (const BpDataset *dataset, gsize feature)
{
  g_return_val_if_fail (dataset != NULL, 0.0);
  g_return_val_if_fail (feature < dataset->n_feature_columns, 0.0);

  const BpFeature *f = &dataset->features[feature];
  gsize n;
  const guint32 *rows = reference_rows (dataset, &n);
  const gsize n_rows = rows ? n : dataset->n_rows;
  if (n_rows == 0)
    return f->encoding == BP_ENCODING_SCALED ? f->center : 0.0;
#define ROW(i) (rows ? rows[i] : (guint32) (i))

  if (f->encoding == BP_ENCODING_ONE_HOT || f->type == BP_COLUMN_BOOLEAN)
    {
      /* The most frequent level; the first of a tie. */
      const gsize width = f->encoding == BP_ENCODING_ONE_HOT ? f->width : 2;
      g_autofree gsize *count = g_new0 (gsize, width);
      for (gsize i = 0; i < n_rows; i++)
        {
          const float *x = dataset->x + (gsize) ROW (i) * dataset->n_features + f->offset;
          gsize level = 0;
          if (f->encoding == BP_ENCODING_ONE_HOT)
            {
              for (gsize j = 1; j < width; j++)
                if (x[j] > x[level])
                  level = j;
            }
          else
            level = bp_dataset_feature_in_units (dataset, feature, ROW (i)) >= 0.5;
          count[level]++;
        }
      gsize best = 0;
      for (gsize j = 1; j < width; j++)
        if (count[j] > count[best])
          best = j;
      return (double) best;
    }

  g_autofree double *values = g_new (double, n_rows);
  for (gsize i = 0; i < n_rows; i++)
    values[i] = bp_dataset_feature_in_units (dataset, feature, ROW (i));
#undef ROW
  qsort (values, n_rows, sizeof (double), compare_doubles);
  if (n_rows % 2)
    return values[n_rows / 2];
  return (values[n_rows / 2 - 1] + values[n_rows / 2]) / 2.0;
}

void
bp_probe_axis_bounds (const BpDataset *dataset, gsize feature, double margin, double *lo, double *hi)
{
  g_return_if_fail (bp_probe_feature_is_axis (dataset, feature));
  const BpFeature *f = &dataset->features[feature];
  double min = INFINITY, max = -INFINITY;
  for (gsize r = 0; r < dataset->n_rows; r++)
    {
      const double v = bp_dataset_feature_in_units (dataset, feature, r);
      min = MIN (min, v);
      max = MAX (max, v);
    }
  if (!(min <= max))
    min = max = f->center;
  const double widen = max > min ? margin * (max - min) : MAX (0.1 * fabs (min), 1.0);
  *lo = min - widen;
  *hi = max + widen;
}

/* ---- construction ------------------------------------------------------- */

/* Evenly spread: n of the total rows, first row first. */
static guint32 *
thin_rows (const guint32 *rows, gsize total, gsize n)
{
  guint32 *out = g_new (guint32, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    out[i] = rows[(guint64) i * total / n];
  return out;
}

static void
encode_base (BpProbe *probe)
{
  const BpDataset *d = probe->dataset;
  memset (probe->base, 0, d->n_features * sizeof (float));
  for (gsize f = 0; f < d->n_feature_columns; f++)
    {
      const BpFeature *feature = &d->features[f];
      if (feature->encoding == BP_ENCODING_SCALED)
        probe->base[feature->offset] = encode_value (feature, probe->plane.held[f]);
      else
        probe->base[feature->offset + (gsize) probe->plane.held[f]] = 1.0f;
    }
}

void
bp_probe_free (BpProbe *probe)
{
  if (probe == NULL)
    return;
  bp_model_spec_free (probe->spec);
  g_free (probe->units);
  g_free (probe->map_units);
  g_free (probe->plane.held);
  g_free (probe->base);
  bp_workspace_free (probe->ws);
  g_free (probe->x);
  g_free (probe->out);
  g_free (probe->classes);
  g_free (probe->sum);
  g_free (probe->zeros);
  g_free (probe->stats_rows);
  g_free (probe->eval_rows);
  g_free (probe->eval_labels);
  g_free (probe->eval_predicted);
  g_free (probe);
}

BpProbe *
bp_probe_new (const BpModelSpec *spec,
              const BpDataset   *dataset,
              guint              width,
              guint              height,
              GError           **error)
{
  g_return_val_if_fail (spec != NULL && dataset != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!bp_model_spec_validate (spec, error))
    return NULL;
  const gsize n_layers = spec->layers->len;
  const BpLayerSpec *last = &g_array_index (spec->layers, BpLayerSpec, n_layers - 1);
  if (spec->n_inputs != dataset->n_features || last->units != dataset->n_outputs)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                   _("the model takes %zu inputs and gives %zu"
                   " outputs, but the data has %zu inputs and %zu outputs"),
                   spec->n_inputs, (gsize) last->units, dataset->n_features, dataset->n_outputs);
      return NULL;
    }
  if (width == 0 || height == 0 || width > MAX_GRID_SIDE || height > MAX_GRID_SIDE)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("a probe's grid needs 1 to %d cells on each side, not %u × %u"),
                   MAX_GRID_SIDE, width, height);
      return NULL;
    }

  g_autoptr(BpProbe) probe = g_new0 (BpProbe, 1);
  probe->dataset = dataset;
  probe->spec = bp_model_spec_copy (spec);
  probe->n_layers = n_layers;
  probe->width = width;
  probe->height = height;
  probe->max_cells = (gsize) width * height;
  probe->parts = BP_PROBE_ALL;
  probe->n_params = bp_model_spec_count_params (spec);

  /* The layers' widths, and which hidden units get a map. */
  probe->units = g_new (gsize, n_layers);
  probe->map_units = g_new0 (gsize, MAX (n_layers - 1, 1));
  gsize per_row = 2 * spec->n_inputs, widest = spec->n_inputs, maps_left = BP_PROBE_MAX_MAP_UNITS;
  for (gsize l = 0; l < n_layers; l++)
    {
      const gsize units = g_array_index (spec->layers, BpLayerSpec, l).units;
      probe->units[l] = units;
      per_row += 2 * units;
      widest = MAX (widest, units);
      if (l + 1 < n_layers)
        {
          probe->n_hidden_units += units;
          probe->map_units[l] = MIN (units, maps_left);
          maps_left -= probe->map_units[l];
        }
    }
  per_row += 2 * widest;

  /* The rows it looks at. */
  gsize n_train;
  const guint32 *train = reference_rows (dataset, &n_train);
  if (train)
    {
      probe->n_stats_rows = MIN (n_train, BP_PROBE_STATS_ROWS);
      probe->stats_rows = thin_rows (train, n_train, probe->n_stats_rows);
    }
  probe->eval_on_validation = dataset->n_validation > 0;
  const guint32 *eval = probe->eval_on_validation ? dataset->validation : train;
  probe->n_eval_total = probe->eval_on_validation ? dataset->n_validation : n_train;
  probe->n_eval_rows = MIN (probe->n_eval_total, BP_PROBE_EVAL_ROWS);
  if (eval)
    probe->eval_rows = thin_rows (eval, probe->n_eval_total, probe->n_eval_rows);
  if (dataset->task != BP_TASK_REGRESSION && dataset->labels)
    {
      probe->eval_labels = g_new (guint32, MAX (probe->n_eval_rows, 1));
      for (gsize i = 0; i < probe->n_eval_rows; i++)
        probe->eval_labels[i] = dataset->labels[probe->eval_rows[i]];
      probe->eval_predicted = g_new (guint32, MAX (probe->n_eval_rows, 1));
    }

  /* The workspace: a shape-only model tells bp_workspace_new the widths. */
  const gsize cells = (gsize) width * height;
  gsize need = MAX (cells, MAX (probe->n_stats_rows, probe->n_eval_rows));
  probe->chunk = CLAMP (WORKSPACE_FLOATS / per_row, 16, CHUNK_ROWS);
  probe->chunk = MAX (MIN (probe->chunk, need), 1);
  {
    g_autofree BpLayer *layers = g_new0 (BpLayer, n_layers);
    for (gsize l = 0; l < n_layers; l++)
      layers[l].n_out = probe->units[l];
    BpModel shape = { .spec = probe->spec, .n_layers = n_layers, .layers = layers };
    probe->ws = bp_workspace_new (&shape, probe->chunk, FALSE);
  }
  probe->x = g_new (float, probe->chunk * dataset->n_features);
  probe->out = g_new (float, probe->chunk * dataset->n_outputs);
  probe->classes = g_new (guint32, probe->chunk);
  probe->sum = g_new (double, MAX (probe->n_hidden_units, 1));
  probe->zeros = g_new (double, MAX (probe->n_hidden_units, 1));

  /* The plane: the first two features that can be axes. */
  probe->plane.held = g_new0 (double, MAX (dataset->n_feature_columns, 1));
  probe->base = g_new0 (float, MAX (dataset->n_features, 1));
  for (gsize f = 0; f < dataset->n_feature_columns; f++)
    probe->plane.held[f] = bp_probe_default_held (dataset, f);
  gsize found = 0, axes[2] = { 0, 0 };
  for (gsize f = 0; f < dataset->n_feature_columns && found < 2; f++)
    if (bp_probe_feature_is_axis (dataset, f))
      axes[found++] = f;
  probe->has_plane = found == 2;
  if (probe->has_plane)
    {
      probe->plane.feature_x = axes[0];
      probe->plane.feature_y = axes[1];
      bp_probe_axis_bounds (dataset, axes[0], BP_PROBE_MARGIN, &probe->plane.x_min, &probe->plane.x_max);
      bp_probe_axis_bounds (dataset, axes[1], BP_PROBE_MARGIN, &probe->plane.y_min, &probe->plane.y_max);
    }
  encode_base (probe);
  return g_steal_pointer (&probe);
}

/* ---- the plane ---------------------------------------------------------- */

gboolean
bp_probe_has_plane (const BpProbe *probe)
{
  g_return_val_if_fail (probe != NULL, FALSE);
  return probe->has_plane;
}

const BpProbePlane *
bp_probe_get_plane (const BpProbe *probe)
{
  g_return_val_if_fail (probe != NULL, NULL);
  return &probe->plane;
}

gboolean
bp_probe_plane_validate (const BpDataset *d, const BpProbePlane *plane, GError **error)
{
  g_return_val_if_fail (d != NULL && plane != NULL, FALSE);

  if (!bp_probe_feature_is_axis (d, plane->feature_x) || !bp_probe_feature_is_axis (d, plane->feature_y))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("the axes of a plane must be two features with numbers"));
      return FALSE;
    }
  if (plane->feature_x == plane->feature_y)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("the axes of a plane must be two different features"));
      return FALSE;
    }
  if (!isfinite (plane->x_min) || !isfinite (plane->x_max) || !(plane->x_min < plane->x_max) ||
      !isfinite (plane->y_min) || !isfinite (plane->y_max) || !(plane->y_min < plane->y_max))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("a plane needs finite bounds with the minimum below the maximum"));
      return FALSE;
    }
  for (gsize f = 0; plane->held && f < d->n_feature_columns; f++)
    {
      const BpFeature *feature = &d->features[f];
      const double v = plane->held[f];
      gboolean ok = feature->encoding == BP_ENCODING_SCALED
                    ? isfinite (v)
                    : v >= 0.0 && v < (double) feature->width && v == floor (v);
      if (!ok && f != plane->feature_x && f != plane->feature_y)
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                       _("the feature “%s” cannot be held at %g"), feature->name, v);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
bp_probe_set_plane (BpProbe *probe, const BpProbePlane *plane, GError **error)
{
  g_return_val_if_fail (probe != NULL && plane != NULL, FALSE);
  const BpDataset *d = probe->dataset;
  if (!bp_probe_plane_validate (d, plane, error))
    return FALSE;

  double *held = probe->plane.held;
  probe->plane = *plane;
  probe->plane.held = held;
  if (plane->held)
    for (gsize f = 0; f < d->n_feature_columns; f++)
      if (f != plane->feature_x && f != plane->feature_y)
        held[f] = plane->held[f];
  probe->has_plane = TRUE;
  encode_base (probe);
  return TRUE;
}

gboolean
bp_probe_set_axes (BpProbe *probe, gsize feature_x, gsize feature_y, GError **error)
{
  g_return_val_if_fail (probe != NULL, FALSE);
  BpProbePlane plane = { .feature_x = feature_x, .feature_y = feature_y, .held = NULL };
  if (bp_probe_feature_is_axis (probe->dataset, feature_x))
    bp_probe_axis_bounds (probe->dataset, feature_x, BP_PROBE_MARGIN, &plane.x_min, &plane.x_max);
  if (bp_probe_feature_is_axis (probe->dataset, feature_y))
    bp_probe_axis_bounds (probe->dataset, feature_y, BP_PROBE_MARGIN, &plane.y_min, &plane.y_max);
  return bp_probe_set_plane (probe, &plane, error);
}

void
bp_probe_set_grid (BpProbe *probe, guint width, guint height)
{
  g_return_if_fail (probe != NULL);
  g_return_if_fail (width > 0 && height > 0 && (gsize) width * height <= probe->max_cells);
  probe->width = width;
  probe->height = height;
}

void
bp_probe_get_grid (const BpProbe *probe, guint *width, guint *height)
{
  g_return_if_fail (probe != NULL);
  if (width)
    *width = probe->width;
  if (height)
    *height = probe->height;
}

BpProbeParts
bp_probe_get_parts (const BpProbe *probe)
{
  g_return_val_if_fail (probe != NULL, 0);
  return probe->parts;
}

void
bp_probe_set_parts (BpProbe *probe, BpProbeParts parts)
{
  g_return_if_fail (probe != NULL);
  probe->parts = parts & BP_PROBE_ALL;
}

gsize
bp_probe_count_rows (const BpProbe *probe)
{
  g_return_val_if_fail (probe != NULL, 0);
  gsize rows = 0;
  if (probe->has_plane && (probe->parts & (BP_PROBE_GRID | BP_PROBE_MAPS)))
    rows += (gsize) probe->width * probe->height;
  if (probe->parts & BP_PROBE_STATS)
    rows += probe->n_stats_rows;
  if (probe->parts & BP_PROBE_EVAL)
    rows += probe->n_eval_rows;
  return rows;
}

void
bp_probe_encode_point (const BpProbe *probe, double x, double y, float *out)
{
  g_return_if_fail (probe != NULL && out != NULL);
  const BpDataset *d = probe->dataset;
  memcpy (out, probe->base, d->n_features * sizeof (float));
  if (!probe->has_plane)
    return;
  const BpFeature *fx = &d->features[probe->plane.feature_x];
  const BpFeature *fy = &d->features[probe->plane.feature_y];
  out[fx->offset] = encode_value (fx, x);
  out[fy->offset] = encode_value (fy, y);
}

/* ---- frames ------------------------------------------------------------- */

void
bp_probe_frame_free (BpProbeFrame *frame)
{
  if (frame == NULL)
    return;
  g_free (frame->plane.held);
  g_free (frame->value);
  g_free (frame->winner);
  g_free (frame->confidence);
  for (gsize l = 0; l < frame->n_hidden; l++)
    {
      g_free (frame->maps[l]);
      g_free (frame->mean_activation[l]);
      g_free (frame->inactive[l]);
    }
  g_free (frame->maps);
  g_free (frame->mean_activation);
  g_free (frame->inactive);
  g_free (frame->units);
  g_free (frame->map_units);
  bp_confusion_free (frame->confusion);
  g_free (frame->predicted);
  g_free (frame->actual);
  g_free (frame->params);
  g_free (frame);
}

BpProbeFrame *
bp_probe_frame_new (const BpProbe *probe)
{
  g_return_val_if_fail (probe != NULL, NULL);
  const BpDataset *d = probe->dataset;
  const gsize cells = probe->max_cells;
  BpProbeFrame *frame = g_new0 (BpProbeFrame, 1);

  frame->task = d->task;
  frame->n_classes = d->task == BP_TASK_REGRESSION ? 0 : d->n_classes;
  frame->width = probe->width;
  frame->height = probe->height;
  frame->max_cells = cells;
  frame->plane.held = g_new0 (double, MAX (d->n_feature_columns, 1));
  frame->value = g_new0 (float, cells);
  if (d->task != BP_TASK_REGRESSION)
    {
      frame->winner = g_new0 (guint32, cells);
      frame->confidence = g_new0 (float, cells);
      frame->confusion = bp_confusion_new (MAX (d->n_classes, 1));
    }
  else
    {
      frame->predicted = g_new0 (float, MAX (probe->n_eval_rows, 1));
      frame->actual = g_new0 (float, MAX (probe->n_eval_rows, 1));
    }

  frame->n_hidden = probe->n_layers - 1;
  frame->units = g_new0 (gsize, MAX (frame->n_hidden, 1));
  frame->map_units = g_new0 (gsize, MAX (frame->n_hidden, 1));
  frame->maps = g_new0 (float *, MAX (frame->n_hidden, 1));
  frame->mean_activation = g_new0 (float *, MAX (frame->n_hidden, 1));
  frame->inactive = g_new0 (float *, MAX (frame->n_hidden, 1));
  for (gsize l = 0; l < frame->n_hidden; l++)
    {
      frame->units[l] = probe->units[l];
      frame->map_units[l] = probe->map_units[l];
      frame->maps[l] = g_new0 (float, MAX (probe->map_units[l] * cells, 1));
      frame->mean_activation[l] = g_new0 (float, probe->units[l]);
      frame->inactive[l] = g_new0 (float, probe->units[l]);
    }
  frame->n_params = probe->n_params;
  frame->params = g_new0 (float, MAX (probe->n_params, 1));
  return frame;
}

/* ---- running ------------------------------------------------------------ */

static void
run_grid (BpProbe *probe, const BpModel *model, BpProbeFrame *frame, gboolean maps)
{
  const BpDataset *d = probe->dataset;
  const gsize dim = d->n_features, k = d->n_outputs;
  const gsize cells = (gsize) probe->width * probe->height;
  const BpProbePlane *p = &probe->plane;
  const BpFeature *fx = &d->features[p->feature_x], *fy = &d->features[p->feature_y];
  const double dx = (p->x_max - p->x_min) / probe->width, dy = (p->y_max - p->y_min) / probe->height;
  float lo = INFINITY, hi = -INFINITY;

  for (gsize start = 0; start < cells; start += probe->chunk)
    {
      const gsize n = MIN (probe->chunk, cells - start);
      for (gsize r = 0; r < n; r++)
        {
          const gsize cell = start + r;
          const guint i = cell % probe->width, j = cell / probe->width;
          float *x = probe->x + r * dim;
          memcpy (x, probe->base, dim * sizeof (float));
          x[fx->offset] = encode_value (fx, p->x_min + (i + 0.5) * dx);
          x[fy->offset] = encode_value (fy, p->y_max - (j + 0.5) * dy);
        }
      bp_model_predict (model, probe->ws, probe->out, probe->x, n);

      float *value = frame->value + start;
      if (d->task == BP_TASK_REGRESSION)
        for (gsize r = 0; r < n; r++)
          value[r] = (float) bp_dataset_target_in_units (d, probe->out[r * k]);
      else
        {
          guint32 *winner = frame->winner + start;
          float *confidence = frame->confidence + start;
          bp_predict_classes (winner, probe->out, n, k);
          for (gsize r = 0; r < n; r++)
            {
              if (k == 1)
                {
                  value[r] = probe->out[r];
                  confidence[r] = winner[r] ? probe->out[r] : 1.0f - probe->out[r];
                }
              else
                value[r] = confidence[r] = probe->out[r * k + winner[r]];
            }
        }
      for (gsize r = 0; r < n; r++)
        {
          lo = MIN (lo, value[r]);
          hi = MAX (hi, value[r]);
        }

      /* Unit after unit: each map is one image. */
      for (gsize l = 0; maps && l + 1 < probe->n_layers; l++)
        {
          const gsize units = probe->units[l];
          const float *a = probe->ws->a[l];
          for (gsize u = 0; u < probe->map_units[l]; u++)
            {
              float *map = frame->maps[l] + u * cells + start;
              for (gsize r = 0; r < n; r++)
                map[r] = a[r * units + u];
            }
        }
    }
  frame->value_min = lo;
  frame->value_max = hi;
}

static void
gather (BpProbe *probe, const guint32 *rows, gsize n)
{
  const gsize dim = probe->dataset->n_features;
  for (gsize r = 0; r < n; r++)
    memcpy (probe->x + r * dim, probe->dataset->x + (gsize) rows[r] * dim, dim * sizeof (float));
}

static void
run_stats (BpProbe *probe, const BpModel *model, BpProbeFrame *frame)
{
  memset (probe->sum, 0, probe->n_hidden_units * sizeof (double));
  memset (probe->zeros, 0, probe->n_hidden_units * sizeof (double));
  for (gsize start = 0; start < probe->n_stats_rows; start += probe->chunk)
    {
      const gsize n = MIN (probe->chunk, probe->n_stats_rows - start);
      gather (probe, probe->stats_rows + start, n);
      bp_model_forward (model, probe->ws, probe->x, n, NULL);
      gsize first = 0;
      for (gsize l = 0; l + 1 < probe->n_layers; l++)
        {
          const gsize units = probe->units[l];
          const float *a = probe->ws->a[l];
          double *sum = probe->sum + first, *zeros = probe->zeros + first;
          for (gsize r = 0; r < n; r++)
            for (gsize u = 0; u < units; u++)
              {
                const float v = a[r * units + u];
                sum[u] += v;
                zeros[u] += v == 0.0f;
              }
          first += units;
        }
    }

  const double rows = (double) probe->n_stats_rows;
  gsize first = 0;
  for (gsize l = 0; l + 1 < probe->n_layers; l++)
    {
      for (gsize u = 0; u < probe->units[l]; u++)
        {
          frame->mean_activation[l][u] = rows > 0 ? (float) (probe->sum[first + u] / rows) : NAN;
          frame->inactive[l][u] = rows > 0 ? (float) (probe->zeros[first + u] / rows) : NAN;
        }
      first += probe->units[l];
    }
  frame->n_stats_rows = probe->n_stats_rows;
}

static void
run_eval (BpProbe *probe, const BpModel *model, BpProbeFrame *frame)
{
  const BpDataset *d = probe->dataset;
  const gsize k = d->n_outputs;
  for (gsize start = 0; start < probe->n_eval_rows; start += probe->chunk)
    {
      const gsize n = MIN (probe->chunk, probe->n_eval_rows - start);
      gather (probe, probe->eval_rows + start, n);
      bp_model_predict (model, probe->ws, probe->out, probe->x, n);
      if (d->task == BP_TASK_REGRESSION)
        for (gsize r = 0; r < n; r++)
          {
            const gsize row = probe->eval_rows[start + r];
            frame->predicted[start + r] = (float) bp_dataset_target_in_units (d, probe->out[r * k]);
            frame->actual[start + r] = (float) bp_dataset_target_in_units (d, d->y[row * k]);
          }
      else if (probe->eval_predicted)
        bp_predict_classes (probe->eval_predicted + start, probe->out, n, k);
    }
  if (frame->confusion)
    {
      bp_confusion_clear (frame->confusion);
      if (probe->eval_predicted)
        bp_confusion_add_many (frame->confusion, probe->eval_labels, probe->eval_predicted, probe->n_eval_rows);
    }
  frame->n_eval_rows = probe->n_eval_rows;
  frame->n_eval_total = probe->n_eval_total;
  frame->eval_on_validation = probe->eval_on_validation;
}

void
bp_probe_run (BpProbe *probe, const BpModel *model, BpProbeFrame *frame)
{
  g_return_if_fail (probe != NULL && model != NULL && frame != NULL);
  g_return_if_fail (model->n_layers == probe->n_layers && model->n_params == probe->n_params);
  g_return_if_fail (frame->n_params == probe->n_params && frame->max_cells == probe->max_cells);

  BpProbeParts parts = probe->parts;
  if (!probe->has_plane)
    parts &= ~(BP_PROBE_GRID | BP_PROBE_MAPS);

  frame->has_plane = probe->has_plane;
  frame->width = probe->width;
  frame->height = probe->height;
  double *held = frame->plane.held;
  frame->plane = probe->plane;
  frame->plane.held = held;
  memcpy (held, probe->plane.held, probe->dataset->n_feature_columns * sizeof (double));

  /* The maps come out of the grid's forward passes. */
  if (parts & (BP_PROBE_GRID | BP_PROBE_MAPS))
    {
      parts |= BP_PROBE_GRID;
      run_grid (probe, model, frame, (parts & BP_PROBE_MAPS) != 0);
    }
  if (parts & BP_PROBE_STATS)
    run_stats (probe, model, frame);
  if (parts & BP_PROBE_EVAL)
    run_eval (probe, model, frame);
  if (parts & BP_PROBE_WEIGHTS)
    memcpy (frame->params, model->params, probe->n_params * sizeof (float));
  frame->parts = parts;
}
