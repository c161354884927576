/* bp-frame-views.h: one probe frame into the views that draw it.
 *
 * Not a GObject: the glue the training page (live frames) and the
 * Evaluate page (a frame of the moment chosen) share, so both show the
 * same thing one way. It hands the frame's arrays to the boundary, the
 * network diagram and the confusion matrix or regression plot, with the
 * dataset's names, and keeps the rows' places on the plane's axes
 * between frames (they only move when the axes do).
 */
#pragma once

#include <gtk/gtk.h>

#include "bp-boundary-view.h"
#include "bp-engine.h"
#include "bp-network-view.h"

G_BEGIN_DECLS

typedef struct _BpFramePoints BpFramePoints;

BpFramePoints *bp_frame_points_new  (void);
void           bp_frame_points_free (BpFramePoints *points);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpFramePoints, bp_frame_points_free)

/* The features the boundary's axes can be picked from and the values the
 * others are held at, from @plane (NULL: the pickers go). */
void bp_frame_views_set_features     (BpBoundaryView     *view,
                                      const BpDataset    *dataset,
                                      const BpProbePlane *plane);
/* The frame's grid and the dataset's rows over it; no plane (or no grid
 * in the frame): the boundary goes and @no_plane is its placeholder. */
void bp_frame_views_show_boundary    (BpBoundaryView     *view,
                                      const BpProbeFrame *frame,
                                      const BpDataset    *dataset,
                                      BpFramePoints      *points,
                                      const char         *no_plane);
/* The nodes named after the dataset's features (one-hot groups as one)
 * and its classes or target. */
void bp_frame_views_set_network_names (BpNetworkView     *view,
                                       const BpDataset   *dataset);
/* The frame's weights (laid out as @spec says; NULL: the weights drawn
 * stay), unit statistics and neuron maps, whichever it holds. */
void bp_frame_views_show_network     (BpNetworkView      *view,
                                      const BpProbeFrame *frame,
                                      const BpModelSpec  *spec);
/* "Confusion matrix · 100 validation rows" and the like, for the
 * frame's evaluation part; NULL when it has none. */
char *bp_frame_views_outcome_title   (const BpProbeFrame *frame);

G_END_DECLS
