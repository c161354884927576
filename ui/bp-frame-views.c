/* bp-frame-views.c: a probe frame handed to the views. */
#define G_LOG_DOMAIN "bp-frame-views"

#include "bp-frame-views.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

struct _BpFramePoints {
  const BpDataset *dataset;     /* what they were taken from (compared, not read) */
  gsize            feature_x, feature_y;
  gsize            n;
  float           *xy;          /* in the features' units */
  guint32         *labels;
  float           *values;      /* regression: the target in its units */
  guint8          *validation;
};

BpFramePoints *
bp_frame_points_new (void)
{
  return g_new0 (BpFramePoints, 1);
}

static void
points_clear (BpFramePoints *points)
{
  g_clear_pointer (&points->xy, g_free);
  g_clear_pointer (&points->labels, g_free);
  g_clear_pointer (&points->values, g_free);
  g_clear_pointer (&points->validation, g_free);
  points->dataset = NULL;
  points->n = 0;
}

void
bp_frame_points_free (BpFramePoints *points)
{
  if (points == NULL)
    return;
  points_clear (points);
  g_free (points);
}

static void
points_update (BpFramePoints *points, const BpDataset *d, gsize fx, gsize fy)
{
  if (points->dataset == d && points->feature_x == fx && points->feature_y == fy && points->xy)
    return;
  points_clear (points);
  points->dataset = d;
  points->feature_x = fx;
  points->feature_y = fy;
  points->n = d->n_train + d->n_validation;
  const gsize n = MAX (points->n, 1);
  points->xy = g_new (float, 2 * n);
  points->labels = g_new0 (guint32, n);
  points->values = g_new0 (float, n);
  points->validation = g_new0 (guint8, n);
  for (gsize i = 0; i < points->n; i++)
    {
      const gboolean validation = i >= d->n_train;
      const guint32 row = validation ? d->validation[i - d->n_train] : d->train[i];
      points->xy[2 * i] = (float) bp_dataset_feature_in_units (d, fx, row);
      points->xy[2 * i + 1] = (float) bp_dataset_feature_in_units (d, fy, row);
      if (d->labels)
        points->labels[i] = d->labels[row];
      if (d->task == BP_TASK_REGRESSION && d->y)
        points->values[i] = (float) bp_dataset_target_in_units (d, d->y[row]);
      points->validation[i] = validation;
    }
}

void
bp_frame_views_set_features (BpBoundaryView *view, const BpDataset *d, const BpProbePlane *plane)
{
  g_return_if_fail (BP_IS_BOUNDARY_VIEW (view));
  if (d == NULL || plane == NULL || d->n_feature_columns < 2)
    {
      bp_boundary_view_set_features (view, NULL, 0, 0, 0);
      return;
    }
  g_autofree BpBoundaryFeature *features = g_new0 (BpBoundaryFeature, d->n_feature_columns);
  for (gsize f = 0; f < d->n_feature_columns; f++)
    {
      const BpFeature *feature = &d->features[f];
      features[f].name = feature->name;
      features[f].axis = bp_probe_feature_is_axis (d, f);
      features[f].value = plane->held[f];
      if (feature->encoding == BP_ENCODING_ONE_HOT)
        features[f].levels = (const char * const *) feature->levels;
      else
        bp_probe_axis_bounds (d, f, 0.0, &features[f].lower, &features[f].upper);
    }
  bp_boundary_view_set_features (view, features, d->n_feature_columns, (guint) plane->feature_x,
                                 (guint) plane->feature_y);
}

void
bp_frame_views_show_boundary (BpBoundaryView     *view,
                              const BpProbeFrame *frame,
                              const BpDataset    *d,
                              BpFramePoints      *points,
                              const char         *no_plane)
{
  g_return_if_fail (BP_IS_BOUNDARY_VIEW (view));
  if (frame == NULL || d == NULL || !(frame->parts & BP_PROBE_GRID) || !frame->has_plane)
    {
      bp_boundary_view_set_boundary (view, NULL);
      if (no_plane)
        bp_boundary_view_set_placeholder (view, no_plane);
      return;
    }
  const BpProbePlane *plane = &frame->plane;
  points_update (points, d, plane->feature_x, plane->feature_y);
  BpBoundary b = {
    .grid = frame->value, .width = frame->width, .height = frame->height,
    .winner = frame->n_classes > 2 ? frame->winner : NULL,
    .confidence = frame->n_classes > 2 ? frame->confidence : NULL,
    .x_min = plane->x_min, .x_max = plane->x_max, .y_min = plane->y_min, .y_max = plane->y_max,
    .points_xy = points->xy, .labels = points->labels, .validation = points->validation,
    .values = d->task == BP_TASK_REGRESSION ? points->values : NULL,
    .n_points = points->n,
    .n_classes = d->task == BP_TASK_REGRESSION ? 0 : frame->n_classes,
    .class_names = (const char * const *) d->class_names,
    .x_name = d->features[plane->feature_x].name, .y_name = d->features[plane->feature_y].name,
    .value_min = frame->value_min, .value_max = frame->value_max,
    .value_name = d->target_name,
  };
  bp_boundary_view_set_boundary (view, &b);
}

void
bp_frame_views_set_network_names (BpNetworkView *view, const BpDataset *d)
{
  g_return_if_fail (BP_IS_NETWORK_VIEW (view));
  if (d == NULL)
    return;
  g_autofree const char **nodes = g_new0 (const char *, d->n_feature_columns + 1);
  g_autofree guint *input_node = g_new0 (guint, MAX (d->n_features, 1));
  for (gsize f = 0; f < d->n_feature_columns; f++)
    {
      nodes[f] = d->features[f].name;
      for (gsize i = 0; i < d->features[f].width; i++)
        input_node[d->features[f].offset + i] = (guint) f;
    }
  bp_network_view_set_inputs (view, nodes, d->n_feature_columns, input_node,
                              (const char * const *) d->input_names, d->n_features);
  if (d->task == BP_TASK_REGRESSION)
    bp_network_view_set_outputs (view, (const char * const *) &d->target_name, 1);
  else if (d->n_classes == 2)
    {
      /* One sigmoid unit: the probability of the second class. */
      g_autofree char *p = g_strdup_printf ("P(%s)", d->class_names[1]);
      const char *names[] = { p };
      bp_network_view_set_outputs (view, names, 1);
    }
  else
    bp_network_view_set_outputs (view, (const char * const *) d->class_names, d->n_classes);
}

void
bp_frame_views_show_network (BpNetworkView *view, const BpProbeFrame *frame, const BpModelSpec *spec)
{
  g_return_if_fail (BP_IS_NETWORK_VIEW (view));
  if (frame == NULL)
    {
      bp_network_view_set_layers (view, NULL, 0);
      return;
    }
  if ((frame->parts & BP_PROBE_WEIGHTS) && spec != NULL)
    {
      /* The parameter block as bp-model.h lays it out: W then b, a layer
       * after the other. */
      const gsize n_layers = spec->layers->len;
      g_autofree BpNetworkLayer *layers = g_new0 (BpNetworkLayer, MAX (n_layers, 1));
      gsize offset = 0, n_in = spec->n_inputs;
      for (gsize l = 0; l < n_layers; l++)
        {
          const BpLayerSpec *ls = &g_array_index (spec->layers, BpLayerSpec, l);
          layers[l] = (BpNetworkLayer) { n_in, ls->units, frame->params + offset,
                                         frame->params + offset + n_in * ls->units, ls->activation };
          offset += n_in * ls->units + ls->units;
          n_in = ls->units;
        }
      g_return_if_fail (offset <= frame->n_params);
      bp_network_view_set_layers (view, layers, n_layers);
    }
  for (gsize l = 0; l < frame->n_hidden; l++)
    {
      if (frame->parts & BP_PROBE_STATS)
        bp_network_view_set_unit_stats (view, l, frame->mean_activation[l], frame->inactive[l], frame->units[l]);
      if ((frame->parts & BP_PROBE_MAPS) && frame->has_plane && frame->width == frame->height
          && frame->map_units[l] > 0)
        bp_network_view_set_unit_maps (view, l, frame->maps[l], frame->width, frame->map_units[l]);
      else
        bp_network_view_set_unit_maps (view, l, NULL, 0, 0);
    }
}

char *
bp_frame_views_outcome_title (const BpProbeFrame *frame)
{
  if (frame == NULL || !(frame->parts & BP_PROBE_EVAL))
    return NULL;
  const gsize n = frame->n_eval_rows, total = frame->n_eval_total;
  g_autofree char *rows = NULL;
  if (frame->eval_on_validation)
    rows = n < total
      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'zu of %'zu validation row", "%'zu of %'zu validation rows", total),
                         n, total)
      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'zu validation row", "%'zu validation rows", n), n);
  else
    rows = n < total
      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'zu of %'zu training row", "%'zu of %'zu training rows", total),
                         n, total)
      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'zu training row", "%'zu training rows", n), n);
  if (frame->confusion)
    return g_strdup_printf (_("Confusion matrix · %s"), rows);
  /* Translators: the heading over the regression plots, e.g. "Predictions · 89 validation rows". */
  return g_strdup_printf (_("Predictions · %s"), rows);
}
