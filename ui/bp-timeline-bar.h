/* bp-timeline-bar.h: the strip under the charts that moves through a
 * run's snapshots (bp-timeline.h).
 *
 * A scale over the snapshots with arrows to step between them (the arrow
 * keys do the same on the scale), where the chosen one is in the run, a
 * word when the timeline was thinned, and "Fork from Here". It shows the
 * list it is given and keeps no engine object; its owner reads the chosen
 * snapshot on "moment-changed" and forks on "fork". While the latest
 * snapshot is chosen the bar follows the run (new ones move it along
 * without "moment-changed"); choosing an earlier one holds it there, by
 * the snapshot's number, through thinning.
 */
#pragma once

#include <gtk/gtk.h>

#include "bp-engine.h"

G_BEGIN_DECLS

#define BP_TYPE_TIMELINE_BAR (bp_timeline_bar_get_type ())
G_DECLARE_FINAL_TYPE (BpTimelineBar, bp_timeline_bar, BP, TIMELINE_BAR, GtkWidget)

GtkWidget *bp_timeline_bar_new           (void);
/* The run's snapshots, oldest first (BpSnapshotInfo; NULL or empty: no
 * run), whether some were dropped, and the memory budget they were
 * thinned to fit (bytes), which the strip then names. */
void       bp_timeline_bar_set_snapshots (BpTimelineBar *self,
                                          const GArray  *snapshots,
                                          gboolean       thinned,
                                          gsize          budget);
guint      bp_timeline_bar_get_n_snapshots (BpTimelineBar *self);
/* The chosen snapshot's index; G_MAXUINT when there are none. */
guint      bp_timeline_bar_get_selected  (BpTimelineBar *self);
/* Choose one (emits "moment-changed" when that changes the choice). */
void       bp_timeline_bar_select        (BpTimelineBar *self,
                                          guint          index);
/* Step to the next (+1) or previous (-1) snapshot. */
void       bp_timeline_bar_step          (BpTimelineBar *self,
                                          int            direction);
/* Whether the latest is chosen and the bar follows the run. */
gboolean   bp_timeline_bar_get_following (BpTimelineBar *self);
/* Where the chosen one is, in epochs (BpSnapshotInfo.position); NaN
 * when there are none. */
double     bp_timeline_bar_get_position  (BpTimelineBar *self);
/* What the bar says about it ("Epoch 3, batch 4/57"). */
const char *bp_timeline_bar_get_text     (BpTimelineBar *self);
/* What the strip says about thinning ("Thinned to 64.0 MiB"); NULL
 * while nothing was dropped. */
const char *bp_timeline_bar_get_thinned_text (BpTimelineBar *self);
/* Whether Fork from Here can be pressed (its owner decides). */
void       bp_timeline_bar_set_can_fork  (BpTimelineBar *self,
                                          gboolean       can_fork);

G_END_DECLS
